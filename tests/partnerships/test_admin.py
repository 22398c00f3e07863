"""The partnerships admin: every page renders, list pages keep their query count, partnerships
keep their member schools, and schools are found by their code."""

import json

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from partnerships.models import School, TrainingSchoolPartnership
from tests.factories import (
    AgreementFactory,
    AllianceFactory,
    EducationRegionFactory,
    FacultyFactory,
    InstitutionFactory,
    MunicipalityRegionFactory,
    SchoolBoardFactory,
    SchoolFactory,
    SchoolInvitationFactory,
    SchoolMembershipFactory,
    TrainingSchoolPartnershipFactory,
)

pytestmark = pytest.mark.django_db

MODELS = [
    "educationregion",
    "municipalityregion",
    "institution",
    "faculty",
    "alliance",
    "schoolboard",
    "school",
    "trainingschoolpartnership",
    "schoolmembership",
    "schoolinvitation",
    "agreement",
]


def changelist(model: str) -> str:
    return reverse(f"admin:partnerships_{model}_changelist")


def change_page(obj) -> str:
    return reverse(f"admin:partnerships_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


@pytest.fixture
def some_of_everything(school_a_contact, school_b, administrator):
    AllianceFactory()
    FacultyFactory()
    MunicipalityRegionFactory()
    AgreementFactory()
    SchoolInvitationFactory(invited_by=administrator)


@pytest.mark.parametrize("model", MODELS)
def test_every_partnerships_changelist_renders_for_the_administrator(admin_client, some_of_everything, model):
    response = admin_client.get(changelist(model))
    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1


@pytest.mark.parametrize("model", MODELS)
def test_every_partnerships_add_page_renders_for_the_administrator(admin_client, model):
    response = admin_client.get(reverse(f"admin:partnerships_{model}_add"))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert response.context["add"] is True
    assert form.fields and not form.is_bound
    assert 'name="_save"' in response.content.decode()


# Query counts at 1 and 50 rows -------------------------------------------------------------------


def make_schools(n, staff):
    SchoolFactory.create_batch(n)


def make_memberships(n, staff):
    SchoolMembershipFactory.create_batch(n)


def make_partnerships(n, staff):
    TrainingSchoolPartnershipFactory.create_batch(n)


def make_invitations(n, staff):
    SchoolInvitationFactory.create_batch(n, invited_by=staff)


def make_boards(n, staff):
    for board in SchoolBoardFactory.create_batch(n):
        SchoolFactory(board=board)


def make_agreements(n, staff):
    for agreement in AgreementFactory.create_batch(n):
        agreement.boards.add(SchoolBoardFactory())
        agreement.institutions.add(InstitutionFactory())


def make_municipalities(n, staff):
    region = EducationRegionFactory()
    MunicipalityRegionFactory.create_batch(n, region=region)


LISTS = [
    pytest.param("school", make_schools, id="School"),
    pytest.param("schoolmembership", make_memberships, id="SchoolMembership"),
    pytest.param("trainingschoolpartnership", make_partnerships, id="TrainingSchoolPartnership"),
    pytest.param("schoolinvitation", make_invitations, id="SchoolInvitation"),
    pytest.param("schoolboard", make_boards, id="SchoolBoard"),
    pytest.param("agreement", make_agreements, id="Agreement"),
    pytest.param("municipalityregion", make_municipalities, id="MunicipalityRegion"),
]


@pytest.mark.parametrize(("model", "make"), LISTS)
def test_changelist_query_count_is_the_same_at_1_and_50_rows(
    admin_client, administrator, django_assert_max_num_queries, model, make
):
    url = changelist(model)
    make(1, administrator)
    admin_client.get(url)  # warm up: session, content types, permission caches
    with CaptureQueriesContext(connection) as one_row:
        response = admin_client.get(url)
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1

    make(49, administrator)
    with django_assert_max_num_queries(len(one_row)):
        response = admin_client.get(url)

    assert response.status_code == 200
    assert response.context["cl"].result_count == 50


# Change pages ------------------------------------------------------------------------------------


def test_school_change_page_shows_its_memberships_inline(admin_client, school_a, school_a_contact, school_a_mentor):
    response = admin_client.get(change_page(school_a))
    assert response.status_code == 200
    (inline,) = response.context["inline_admin_formsets"]
    assert {form.instance.user for form in inline.formset.forms if form.instance.pk} == {
        school_a_contact,
        school_a_mentor,
    }
    content = response.content.decode()
    assert "Anna School-A" in content
    assert "Mark Mentor" in content


def test_school_change_page_does_not_show_another_schools_members(admin_client, school_a, school_b_contact):
    response = admin_client.get(change_page(school_a))
    assert "Bram School-B" not in response.content.decode()


def test_partnership_change_page_offers_its_member_schools(admin_client, partnership, school_a, lead_school):
    response = admin_client.get(change_page(partnership))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "member_schools" in form.fields
    assert set(form.fields["member_schools"].initial) == {school_a.pk, lead_school.pk}
    content = response.content.decode()
    assert 'name="member_schools"' in content
    assert school_a.name in content


def partnership_form_data(partnership, members, **changes):
    data = {
        "name": partnership.name,
        "slug": partnership.slug,
        "lead_school": partnership.lead_school_id or "",
        "member_schools": [school.pk for school in members],
        "region": partnership.region_id or "",
        "accredited_until": partnership.accredited_until.isoformat() if partnership.accredited_until else "",
        "coordinators": list(partnership.coordinators.values_list("pk", flat=True)),
        "description": partnership.description,
        "website": partnership.website,
        "_save": "Save",
    }
    data.update(changes)
    return data


def test_saving_a_partnership_with_member_schools_sets_their_partnership_and_history(
    admin_client, administrator, partnership, school_a, school_b, lead_school
):
    history_before = school_b.history.count()

    response = admin_client.post(
        change_page(partnership), partnership_form_data(partnership, [lead_school, school_a, school_b])
    )

    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    school_b.refresh_from_db()
    assert school_b.partnership == partnership
    assert set(partnership.member_schools.all()) == {lead_school, school_a, school_b}
    assert school_b.history.count() == history_before + 1
    latest = school_b.history.latest()
    assert latest.partnership_id == partnership.pk
    assert latest.history_user == administrator


def test_saving_a_partnership_without_a_school_takes_it_out(admin_client, partnership, school_a, lead_school):
    response = admin_client.post(change_page(partnership), partnership_form_data(partnership, [lead_school]))
    assert response.status_code == 302
    school_a.refresh_from_db()
    assert school_a.partnership is None
    assert school_a.history.latest().partnership_id is None
    assert list(partnership.member_schools.all()) == [lead_school]


def test_school_joining_a_partnership_leaves_its_former_one(admin_client, partnership, school_a, lead_school):
    other = TrainingSchoolPartnershipFactory(name="Opleidingsschool Rotterdam")
    moving = other.lead_school

    admin_client.post(change_page(partnership), partnership_form_data(partnership, [lead_school, school_a, moving]))

    moving.refresh_from_db()
    assert moving.partnership == partnership
    assert not other.member_schools.exists()


def test_new_partnership_with_member_schools_is_created_in_the_admin(admin_client, school_a, school_b):
    data = {
        "name": "Opleidingsschool Nieuw",
        "slug": "opleidingsschool-nieuw",
        "lead_school": school_b.pk,
        "member_schools": [school_b.pk],
        "region": "",
        "accredited_until": "",
        "description": "",
        "website": "",
        "_save": "Save",
    }
    response = admin_client.post(reverse("admin:partnerships_trainingschoolpartnership_add"), data)
    assert response.status_code == 302
    created = TrainingSchoolPartnership.objects.get(slug="opleidingsschool-nieuw")
    assert list(created.member_schools.all()) == [school_b]
    assert created.history.count() == 1


def test_placement_coordinator_may_change_partnership_members(
    client, placement_coordinator, partnership, school_a, school_b, lead_school
):
    client.force_login(placement_coordinator)
    response = client.post(
        change_page(partnership), partnership_form_data(partnership, [lead_school, school_a, school_b])
    )
    assert response.status_code == 302
    school_b.refresh_from_db()
    assert school_b.partnership == partnership


@pytest.mark.parametrize("name", ["researcher", "intake_officer", "programme_coordinator"])
def test_staff_who_may_only_view_partnerships_can_open_one(client, persona, name, partnership, school_a):
    client.force_login(persona(name))
    response = client.get(change_page(partnership))
    assert response.status_code == 200
    assert school_a.name in response.content.decode()


def test_researcher_cannot_change_partnership_members(client, researcher, partnership, school_a, school_b):
    client.force_login(researcher)
    response = client.post(
        change_page(partnership), partnership_form_data(partnership, [partnership.lead_school, school_a, school_b])
    )
    assert response.status_code == 403
    school_b.refresh_from_db()
    assert school_b.partnership is None


@pytest.mark.parametrize("model", MODELS)
def test_every_partnerships_change_page_renders_for_a_view_only_coordinator(
    client, programme_coordinator, some_of_everything, model
):
    client.force_login(programme_coordinator)
    manager = apps.get_model("partnerships", model)._default_manager
    obj = (manager.unscoped() if hasattr(manager, "unscoped") else manager).first()
    response = client.get(change_page(obj))
    assert response.status_code == 200
    html = response.content.decode()
    assert escape(str(obj)) in html
    # Read-only: the coordinator may view the row but is offered no save button.
    assert response.context["has_change_permission"] is False
    assert 'name="_save"' not in html


# Search and autocomplete -------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["{code}", "{code_lower}", " {code} "])
def test_search_by_full_vestigingscode_finds_the_school(admin_client, school_a, school_b, typed):
    SchoolFactory(brin_code=school_a.brin_code, branch_number="01", name="Stedelijk Gymnasium A, dependance")
    term = typed.format(code=school_a.code, code_lower=school_a.code.lower())
    response = admin_client.get(changelist("school"), {"q": term})
    assert list(response.context["cl"].result_list) == [school_a]


def test_search_by_brin_code_finds_every_branch(admin_client, school_a, school_b):
    branch = SchoolFactory(brin_code=school_a.brin_code, branch_number="01")
    response = admin_client.get(changelist("school"), {"q": school_a.brin_code})
    assert set(response.context["cl"].result_list) == {school_a, branch}


def test_search_by_name_finds_the_school(admin_client, school_a, school_b):
    response = admin_client.get(changelist("school"), {"q": "gymnasium"})
    assert list(response.context["cl"].result_list) == [school_a]


def autocomplete(client, model_name, field_name, term):
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "partnerships", "model_name": model_name, "field_name": field_name, "term": term},
    )
    assert response.status_code == 200
    return json.loads(response.content)["results"]


@pytest.mark.parametrize(
    ("model_name", "field_name"),
    [
        ("trainingschoolpartnership", "lead_school"),
        ("schoolmembership", "school"),
        ("schoolinvitation", "school"),
    ],
)
def test_school_autocomplete_finds_schools_by_name_and_code(admin_client, school_a, school_b, model_name, field_name):
    by_name = autocomplete(admin_client, model_name, field_name, "Gymnasium")
    assert [r["id"] for r in by_name] == [str(school_a.pk)]
    assert school_a.code in by_name[0]["text"]
    by_code = autocomplete(admin_client, model_name, field_name, school_b.code.lower())
    assert [r["id"] for r in by_code] == [str(school_b.pk)]


def test_school_autocomplete_is_refused_to_non_staff(client, school_a_contact):
    client.force_login(school_a_contact)
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "partnerships", "model_name": "schoolmembership", "field_name": "school", "term": "a"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login") + "?next=")
    assert response.content == b"", "no school is listed"


def test_schools_are_all_visible_in_the_admin_to_staff(admin_client, school_a, school_b, lead_school):
    response = admin_client.get(changelist("school"))
    assert set(response.context["cl"].result_list) == set(School.objects.all())


def test_denomination_filter_lists_the_filled_values_and_no_link_without_text(admin_client):
    SchoolFactory(denomination="Rooms-Katholiek")
    SchoolFactory(denomination="")

    response = admin_client.get(reverse("admin:partnerships_school_changelist"))

    content = response.content.decode()
    assert 'href="?denomination=Rooms-Katholiek"' in content
    # A blank value would be a link without text (nothing for a screen reader to announce).
    assert 'href="?denomination="' not in content
