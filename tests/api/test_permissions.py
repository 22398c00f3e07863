"""Who may do what in the API: the permission table, tenancy of school memberships, and how writes
that break a rule answer (400 in the error shape and the request's language, 409 on a duplicate)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from partnerships.api import views as partnerships_api_views
from partnerships.models import SchoolMembership, SchoolRole
from partnerships.services.memberships import membership_create
from tests.api.conftest import api_client, translated
from tests.conftest import STAFF_PERSONAS
from tests.factories import (
    AllianceFactory,
    InstitutionFactory,
    SchoolMembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "applicant", "school_a_contact", "school_b_contact", "lead_school_contact", *STAFF_PERSONAS]

# The public directory: read by everyone, written through the admin only (no write methods).
PUBLIC = ["education-region", "alliance", "institution", "school-board", "school", "training-school-partnership"]

# fmt: off
# Expected status per role, in the order of ROLES:
#   anonymous, applicant, school A contact, school B contact, lead-school leader,
#   intake officer, programme coordinator, placement coordinator, professionalisation coordinator,
#   researcher, administrator.
# Placement coordinators add and change memberships but may not delete them (partnerships/apps.py);
# administrators hold every permission. Non-staff get 403 on writes before the row is looked up.
TABLE = {
    # operation                                      anon appl A    B    lead int  prog plac prof res  adm
    ("GET", "{public}-list"):                        (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    ("GET", "{public}-detail"):                      (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    ("POST", "{public}-list"):                       (405, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    ("PUT", "{public}-detail"):                      (405, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    ("PATCH", "{public}-detail"):                    (405, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    ("DELETE", "{public}-detail"):                   (405, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    ("GET", "school-membership-list"):               (401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    ("GET", "school-membership-detail:a"):           (401, 404, 200, 404, 200, 200, 200, 200, 200, 200, 200),
    ("GET", "school-membership-detail:b"):           (401, 404, 404, 200, 404, 200, 200, 200, 200, 200, 200),
    ("POST", "school-membership-list"):              (401, 403, 403, 403, 403, 403, 403, 201, 403, 403, 201),
    ("PUT", "school-membership-detail:a"):           (401, 403, 403, 403, 403, 403, 403, 200, 403, 403, 200),
    ("PATCH", "school-membership-detail:a"):         (401, 403, 403, 403, 403, 403, 403, 200, 403, 403, 200),
    ("DELETE", "school-membership-detail:a"):        (401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 204),
    ("GET", "me"):                                   (401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    ("GET", "schema"):                               (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    ("GET", "docs"):                                 (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
}
# fmt: on


def _rows():
    for (method, operation), statuses in TABLE.items():
        for role, status in zip(ROLES, statuses, strict=True):
            yield pytest.param(role, method, operation, status, id=f"{role}-{method}-{operation}-{status}")


@pytest.fixture
def directory(school_a, school_b, partnership):
    """One row of every public endpoint, and a membership at school A and at school B."""
    alliance = AllianceFactory()
    alliance.regions.add(school_a.region)
    alliance.institutions.add(InstitutionFactory())
    return {
        "education-region": school_a.region.slug,
        "alliance": alliance.slug,
        "institution": alliance.institutions.get().slug,
        "school-board": school_a.board.number,
        "school": school_a.code,
        "training-school-partnership": partnership.slug,
        "a": SchoolMembershipFactory(school=school_a, role=SchoolRole.WORKPLACE_MENTOR).pk,
        "b": SchoolMembershipFactory(school=school_b, role=SchoolRole.WORKPLACE_MENTOR).pk,
    }


def _url(name: str, directory) -> str:
    if name in ("me", "schema", "docs"):
        return reverse(f"api:{name}")
    if name.endswith("-list"):
        return reverse(f"api:{name}")
    base, _, which = name.partition(":")
    key = which or base.removesuffix("-detail")
    return reverse(f"api:{base}", args=[directory[key]])


def _body(method: str, school_b) -> dict:
    if method == "POST":
        newcomer = UserFactory()
        return {"user_email": newcomer.email, "school": school_b.code, "role": SchoolRole.WORKPLACE_MENTOR}
    return {"role": SchoolRole.SCHOOL_LEADER}


def _request(client, method: str, url: str, school_b):
    if method in ("POST", "PUT", "PATCH"):
        return getattr(client, method.lower())(url, _body(method, school_b), format="json")
    return client.generic(method, url)


@pytest.mark.parametrize(("role", "method", "operation", "expected"), list(_rows()))
def test_permission_table(role, method, operation, expected, persona, directory, school_b):
    """One row of TABLE; a "{public}" row is asked of each of the six public endpoints."""
    client = api_client(persona(role))
    names = [operation.format(public=p) for p in PUBLIC] if "{public}" in operation else [operation]
    before = _memberships()
    responses = {name: _request(client, method, _url(name, directory), school_b) for name in names}
    assert {name: r.status_code for name, r in responses.items()} == dict.fromkeys(names, expected)
    if expected >= 400:
        for response in responses.values():
            assert set(response.json()) == {"detail"}, "every error has the one error shape"
        assert _memberships() == before, "a refused request changes nothing"


def _memberships() -> list[tuple]:
    with scopes_disabled():
        return list(SchoolMembership.objects.order_by("pk").values_list("pk", "user_id", "school_id", "role"))


def _listed_schools(client) -> set[str]:
    response = client.get(reverse("api:school-membership-list"), {"page_size": 100})
    assert response.status_code == 200
    return {row["school"] for row in response.json()["results"]}


def test_school_user_lists_only_the_memberships_of_their_own_school(school_a_contact, directory, school_a, school_b):
    assert _listed_schools(api_client(school_a_contact)) == {school_a.code}


def test_other_school_user_lists_only_the_memberships_of_their_school(school_b_contact, directory, school_a, school_b):
    assert _listed_schools(api_client(school_b_contact)) == {school_b.code}


def test_lead_school_leader_lists_the_memberships_of_every_school_of_the_partnership(
    lead_school_contact, directory, lead_school, school_a
):
    assert _listed_schools(api_client(lead_school_contact)) == {lead_school.code, school_a.code}


def test_applicant_lists_no_memberships(applicant, directory):
    response = api_client(applicant).get(reverse("api:school-membership-list"))
    assert response.json() == {"count": 0, "next": None, "previous": None, "results": []}


@pytest.mark.parametrize("role", STAFF_PERSONAS)
def test_staff_list_the_memberships_of_every_school(role, persona, directory, school_a, school_b):
    assert _listed_schools(api_client(persona(role))) == {school_a.code, school_b.code}


def test_ended_membership_no_longer_shows_its_school(school_a, directory):
    """The tenancy follows the membership's period: after active_until the school is out of sight."""
    ended = SchoolMembershipFactory(
        school=school_a,
        active_from=timezone.localdate() - datetime.timedelta(days=60),
        active_until=timezone.localdate() - datetime.timedelta(days=1),
    ).user
    response = api_client(ended).get(reverse("api:school-membership-detail", args=[directory["a"]]))
    assert response.status_code == 404


def test_created_membership_is_written_by_the_service_with_history(placement_coordinator, school_b, monkeypatch):
    created = []

    def spy(**kwargs):
        created.append(kwargs)
        return membership_create(**kwargs)

    # The view must call the service (a plain save would also write a history row).
    monkeypatch.setattr(partnerships_api_views, "membership_create", spy)
    newcomer = UserFactory(email="nieuw@school-b.example.org")
    response = api_client(placement_coordinator).post(
        reverse("api:school-membership-list"),
        {"user_email": "NIEUW@school-b.example.org", "school": school_b.code.lower(), "role": "workplace_mentor"},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["user_email"] == newcomer.email
    assert body["school"] == school_b.code
    assert body["active_from"] == timezone.localdate().isoformat()
    assert [(call["user"], call["school"], call["role"], call["actor"]) for call in created] == [
        (newcomer, school_b, SchoolRole.WORKPLACE_MENTOR, placement_coordinator)
    ]
    with scopes_disabled():
        membership = SchoolMembership.objects.get(pk=body["id"])
        assert (membership.user, membership.school, membership.role) == (
            newcomer,
            school_b,
            SchoolRole.WORKPLACE_MENTOR,
        )
        (row,) = membership.history.all()
        assert (row.history_type, row.history_user, row.user_id, row.role) == (
            "+",
            placement_coordinator,
            newcomer.pk,
            SchoolRole.WORKPLACE_MENTOR,
        )


def test_patch_changes_only_the_given_fields(administrator, directory):
    url = reverse("api:school-membership-detail", args=[directory["a"]])
    response = api_client(administrator).patch(url, {"active_until": "2099-07-31"}, format="json")
    assert response.status_code == 200
    assert response.json()["active_until"] == "2099-07-31"
    assert response.json()["role"] == SchoolRole.WORKPLACE_MENTOR


def test_delete_removes_the_membership(administrator, directory):
    url = reverse("api:school-membership-detail", args=[directory["a"]])
    assert api_client(administrator).delete(url).status_code == 204
    with scopes_disabled():
        assert not SchoolMembership.objects.filter(pk=directory["a"]).exists()


def test_write_of_a_membership_outside_the_staff_members_reach_is_not_possible_for_school_users(
    school_a_contact, directory
):
    """A school contact cannot even change their own school's memberships: that is staff work."""
    url = reverse("api:school-membership-detail", args=[directory["a"]])
    response = api_client(school_a_contact).patch(url, {"role": "school_leader"}, format="json")
    assert response.status_code == 403


# --- Validation errors: the error shape, in the request's language ---------------------------------


NO_ACCOUNT = "There is no account with this e-mail address; invite the person from the admin."
NO_SCHOOL = "There is no school with this code."
END_BEFORE_START = "The end date cannot be before the start date."


@pytest.fixture
def valid_input(school_b):
    newcomer = UserFactory(email="nieuw@example.org")
    return {"user_email": newcomer.email, "school": school_b.code, "role": "workplace_mentor"}


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"user_email": "niemand@example.org"}, "user_email", NO_ACCOUNT),
        ({"school": "99ZZ99"}, "school", NO_SCHOOL),
        ({"school": "kort"}, "school", NO_SCHOOL),
        ({"active_from": "2030-02-01", "active_until": "2030-01-31"}, "non_field_errors", END_BEFORE_START),
    ],
    ids=["unknown-email", "unknown-school", "malformed-school-code", "end-before-start"],
)
def test_invalid_membership_answers_400_with_the_field_message_in_the_request_language(
    language, change, field, message, administrator, valid_input
):
    client = api_client(administrator, language=language)
    response = client.post(reverse("api:school-membership-list"), {**valid_input, **change}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert body["errors"] == {field: [translated(language, message)]}
    assert body["detail"] == translated(language, "Invalid input.")
    assert response["Content-Language"] == language


@pytest.mark.parametrize(
    ("language", "required", "choice"),
    [
        ("nl", "Dit veld is vereist.", '"chef" is een ongeldige keuze.'),
        ("en", "This field is required.", '"chef" is not a valid choice.'),
    ],
)
def test_field_errors_are_in_dutch_or_english_as_accept_language_asks(language, required, choice, administrator):
    response = api_client(administrator, language=language).post(
        reverse("api:school-membership-list"), {"role": "chef"}, format="json"
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["user_email"] == [required]
    assert errors["school"] == [required]
    assert errors["role"] == [choice]


def test_duplicate_membership_answers_409_in_the_error_shape(administrator, directory, school_a):
    with scopes_disabled():
        existing = SchoolMembership.objects.select_related("user").get(pk=directory["a"])
    response = api_client(administrator).post(
        reverse("api:school-membership-list"),
        {"user_email": existing.user.email, "school": school_a.code, "role": existing.role},
        format="json",
    )
    assert response.status_code == 409
    assert response.json() == {"detail": "This person already has this role at this school."}
    with scopes_disabled():
        assert SchoolMembership.objects.filter(user=existing.user, school=school_a).count() == 1


def test_changing_a_membership_into_a_duplicate_answers_409(administrator, school_a):
    person = UserFactory()
    SchoolMembershipFactory(user=person, school=school_a, role=SchoolRole.SCHOOL_LEADER)
    mentor = SchoolMembershipFactory(user=person, school=school_a, role=SchoolRole.WORKPLACE_MENTOR)
    with scopes_disabled():
        before = (SchoolMembership.objects.filter(user=person).count(), SchoolMembership.history.count())
    updated_at = mentor.updated_at
    url = reverse("api:school-membership-detail", args=[mentor.pk])
    response = api_client(administrator).patch(url, {"role": SchoolRole.SCHOOL_LEADER}, format="json")
    assert response.status_code == 409
    assert response.json() == {"detail": "This person already has this role at this school."}
    with scopes_disabled():
        mentor.refresh_from_db()
        assert (mentor.role, mentor.updated_at) == (SchoolRole.WORKPLACE_MENTOR, updated_at)
        assert (SchoolMembership.objects.filter(user=person).count(), SchoolMembership.history.count()) == before
