"""The intake API: who sees which application and document (404 across applicants), staff's
filters, transitions with the admin's rules and status codes, and a fixed number of queries."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from iclon.accounts.models import User
from programmes.models import (
    AdmissionCondition,
    Application,
    ApplicationDocument,
    ApplicationStatus,
    ApplicationTransition,
    Exemption,
    StartMoment,
)
from tests.api.conftest import api_client
from tests.factories import (
    ApplicationDocumentFactory,
    ApplicationFactory,
    ModuleFactory,
    PathwayFactory,
    StartMomentFactory,
    UserFactory,
)
from tests.factories.programmes import PDF_BYTES
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

S = ApplicationStatus
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def list_url():
    return reverse("api:application-list")


def detail_url(application):
    return reverse("api:application-detail", kwargs={"pk": application.pk})


def document_url(document, application=None):
    return reverse(
        "api:application-document",
        kwargs={"pk": (application or document.application).pk, "document_id": document.pk},
    )


def transition_url(application):
    return reverse("api:application-transition", kwargs={"pk": application.pk})


def ids(response):
    assert response.status_code == 200, response.content
    return sorted(row["id"] for row in response.json()["results"])


@pytest.fixture
def own(applicant):
    return ApplicationFactory(applicant=applicant, status=S.SUBMITTED)


@pytest.fixture
def other():
    return ApplicationFactory(status=S.SUBMITTED)


# Who sees what ---------------------------------------------------------------------------------------


def test_applicant_lists_only_their_own_applications(applicant, own, other):
    assert ids(api_client(applicant).get(list_url())) == [own.pk]


def test_applicant_reads_their_own_application_without_staff_fields(applicant, own):
    response = api_client(applicant).get(detail_url(own))
    assert response.status_code == 200
    body = response.json()
    assert body["reference"] == own.reference
    assert body["status"] == "submitted"
    assert body["pathway"]["slug"] == own.pathway.slug
    assert body["start_moment"]["id"] == own.start_moment_id
    assert body["assigned_to"] is None
    assert body["applicant"] is None
    assert body["allowed_transitions"] == ["withdrawn"]
    kinds = sorted(document["kind"] for document in body["documents"])
    assert kinds == ["cv", "diploma", "transcript"]
    assert all(document["download"].endswith("/") for document in body["documents"])


def test_applicant_asking_for_another_applicants_application_gets_404(applicant, other):
    response = api_client(applicant).get(detail_url(other))
    assert response.status_code == 404
    assert set(response.json()) == {"detail"}
    assert other.reference not in response.content.decode()


def test_applicant_asking_for_another_applicants_document_gets_404(applicant, own, other):
    document = other.documents.first()
    client = api_client(applicant)
    # Also through their own application's id: the document must belong to it.
    for url in (document_url(document), document_url(document, own)):
        response = client.get(url)
        assert response.status_code == 404
        assert set(response.json()) == {"detail"}, "an error, not the file"
        assert not response.has_header("Content-Disposition")


def test_applicant_downloads_their_own_document(applicant, own):
    document = ApplicationDocumentFactory(application=own, original_name="mijn diploma.pdf")
    response = api_client(applicant).get(document_url(document))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "mijn diploma.pdf" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_a_download_asked_for_as_pdf_is_served(applicant, own):
    document = own.documents.first()
    response = api_client(applicant).get(document_url(document), HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF_BYTES


@pytest.mark.parametrize("persona_name", ["outsider", "school_a_contact", "placement_coordinator"])
def test_users_without_the_right_see_no_applications(persona_name, persona, own, other):
    client = api_client(persona(persona_name))
    assert ids(client.get(list_url())) == []
    assert client.get(detail_url(own)).status_code == 404
    assert client.get(document_url(own.documents.first())).status_code == 404


def test_the_employing_schools_contact_does_not_see_the_application(school_a, school_a_contact):
    application = ApplicationFactory(status=S.SUBMITTED, employed_as_teacher=True, employing_school=school_a)
    client = api_client(school_a_contact)
    assert ids(client.get(list_url())) == []
    assert client.get(detail_url(application)).status_code == 404


def test_anonymous_is_asked_to_authenticate(own):
    for url in (list_url(), detail_url(own)):
        response = api_client().get(url)
        assert response.status_code == 401
        assert response.json() == {"detail": "Authentication credentials were not provided."}


@pytest.mark.parametrize("persona_name", ["intake_officer", "programme_coordinator", "administrator"])
def test_staff_with_the_view_permission_see_all_with_staff_fields(persona_name, persona, own, other, intake_officer):
    own.assigned_to = intake_officer
    own.save(update_fields=["assigned_to"])
    client = api_client(persona(persona_name))
    assert ids(client.get(list_url())) == sorted([own.pk, other.pk])
    body = client.get(detail_url(own)).json()
    assert body["assigned_to"]["id"] == intake_officer.pk
    assert body["applicant"] == {
        "email": own.applicant.email,
        "first_name": own.first_name,
        "last_name": own.last_name,
    }
    response = client.get(document_url(own.documents.first()))
    assert response.status_code == 200


def test_applicants_see_the_reason_of_a_decision_but_not_staffs_remarks(applicant, own, intake_officer):
    ApplicationTransition.objects.create(
        application=own, from_status=S.SUBMITTED, to_status=S.IN_REVIEW, actor=intake_officer, reason="Intern"
    )
    ApplicationTransition.objects.create(
        application=own, from_status=S.IN_REVIEW, to_status=S.REJECTED, actor=intake_officer, reason="Uitleg"
    )
    timeline = api_client(applicant).get(detail_url(own)).json()["timeline"]
    assert [(entry["to_status"], entry["reason"], entry["actor"]) for entry in timeline] == [
        ("in_review", "", None),
        ("rejected", "Uitleg", None),
    ]
    staff_timeline = api_client(intake_officer).get(detail_url(own)).json()["timeline"]
    assert [entry["reason"] for entry in staff_timeline] == ["Intern", "Uitleg"]
    assert staff_timeline[0]["actor"]["id"] == intake_officer.pk


# Staff's filters -------------------------------------------------------------------------------------


def test_staff_filter_by_status_pathway_subject_start_and_assignee(intake_officer):
    pathway = PathwayFactory(start=False)
    start = StartMomentFactory(pathway=pathway)
    match = ApplicationFactory(
        pathway=pathway, start_moment=start, status=S.IN_REVIEW, assigned_to=intake_officer, complete=False
    )
    ApplicationFactory(status=S.IN_REVIEW, complete=False)  # another pathway
    ApplicationFactory(pathway=pathway, start_moment=start, status=S.SUBMITTED, complete=False)
    client = api_client(intake_officer)
    url = list_url()
    assert ids(client.get(url, {"status": "in_review", "pathway": pathway.slug})) == [match.pk]
    assert ids(client.get(url, {"subject": match.subject.slug, "status": "in_review"})) == [match.pk]
    assert ids(client.get(url, {"start_moment": start.pk, "assigned_to": intake_officer.pk})) == [match.pk]
    assert len(ids(client.get(url, {"status": ["in_review", "submitted"]}))) == 3
    assert len(ids(client.get(url, {"unassigned": "true"}))) == 2


def test_staff_filter_by_submission_day_in_amsterdam(intake_officer):
    late = ApplicationFactory(status=S.SUBMITTED, complete=False)
    early = ApplicationFactory(status=S.SUBMITTED, complete=False)
    # 00:30 on 3 March in Amsterdam is 23:30 on 2 March in UTC: it counts as the 3rd.
    Application.objects.filter(pk=late.pk).update(submitted_at=datetime.datetime(2026, 3, 3, 0, 30, tzinfo=AMSTERDAM))
    Application.objects.filter(pk=early.pk).update(submitted_at=datetime.datetime(2026, 3, 2, 23, 30, tzinfo=AMSTERDAM))
    client = api_client(intake_officer)
    assert ids(client.get(list_url(), {"submitted_after": "2026-03-03"})) == [late.pk]
    assert ids(client.get(list_url(), {"submitted_before": "2026-03-02"})) == [early.pk]


def test_an_invalid_filter_answers_400_in_the_error_shape(intake_officer):
    response = api_client(intake_officer).get(list_url(), {"status": "nonsense"})
    assert response.status_code == 400
    assert "status" in response.json()["errors"]


def test_an_applicants_filter_narrows_only_their_own(applicant, own, other):
    response = api_client(applicant).get(list_url(), {"pathway": other.pathway.slug})
    assert ids(response) == []


# Transitions -----------------------------------------------------------------------------------------


def test_staff_move_an_application_and_get_it_back(intake_officer, own):
    response = api_client(intake_officer).post(transition_url(own), {"to_status": "in_review"}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "in_review"
    assert body["timeline"][-1]["to_status"] == "in_review"
    assert "rejected" in body["allowed_transitions"]
    own.refresh_from_db()
    assert own.status == S.IN_REVIEW
    assert own.transitions.get().actor == intake_officer


def test_the_applicant_submits_their_draft_through_the_api(applicant):
    draft = ApplicationFactory(applicant=applicant)
    response = api_client(applicant).post(transition_url(draft), {"to_status": "submitted"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "submitted"
    assert response.json()["submitted_at"] is not None


def test_the_applicant_withdraws_with_a_reason(applicant, own):
    response = api_client(applicant).post(
        transition_url(own), {"to_status": "withdrawn", "reason": "Andere baan"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["timeline"][-1]["reason"] == "Andere baan"


def test_the_applicant_may_not_review_their_own_application(applicant, own):
    response = api_client(applicant).post(transition_url(own), {"to_status": "in_review"}, format="json")
    assert response.status_code == 403
    assert set(response.json()) == {"detail"}
    own.refresh_from_db()
    assert own.status == S.SUBMITTED


def test_a_programme_coordinator_may_read_but_not_decide(programme_coordinator, own):
    client = api_client(programme_coordinator)
    assert client.get(detail_url(own)).json()["reference"] == own.reference
    with nothing_written(Application, ApplicationTransition):
        response = client.post(transition_url(own), {"to_status": "in_review"}, format="json")
    assert response.status_code == 403
    assert set(response.json()) == {"detail"}


@pytest.mark.parametrize("persona_name", ["outsider", "school_a_contact", "placement_coordinator"])
def test_a_transition_outside_the_tenancy_is_404(persona_name, persona, own):
    with nothing_written(Application, ApplicationTransition):
        response = api_client(persona(persona_name)).post(
            transition_url(own), {"to_status": "withdrawn"}, format="json"
        )
    assert response.status_code == 404
    assert set(response.json()) == {"detail"}


def test_another_applicant_cannot_withdraw_my_application(own):
    client = api_client(UserFactory())
    with nothing_written(Application, ApplicationTransition):
        response = client.post(transition_url(own), {"to_status": "withdrawn"}, format="json")
    assert response.status_code == 404
    assert set(response.json()) == {"detail"}


def test_a_move_that_does_not_exist_from_the_status_is_409(intake_officer, own):
    response = api_client(intake_officer).post(transition_url(own), {"to_status": "enrolled"}, format="json")
    assert response.status_code == 409
    assert "detail" in response.json()


def test_repeating_a_move_is_409_not_a_second_move(intake_officer, own):
    client = api_client(intake_officer)
    assert client.post(transition_url(own), {"to_status": "in_review"}, format="json").status_code == 200
    assert client.post(transition_url(own), {"to_status": "in_review"}, format="json").status_code == 409
    assert own.transitions.count() == 1


def test_a_rejection_without_a_reason_is_400_under_reason(intake_officer):
    application = ApplicationFactory(status=S.IN_REVIEW, complete=False)
    response = api_client(intake_officer).post(transition_url(application), {"to_status": "rejected"}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Invalid input.",
        "errors": {"reason": ["Give the reason; the applicant reads it in the decision."]},
    }


def test_submitting_after_the_deadline_is_400(applicant):
    start = StartMomentFactory(
        starts_on=datetime.date.today() + datetime.timedelta(days=30),  # noqa: DTZ011
        application_deadline=datetime.date.today() - datetime.timedelta(days=2),  # noqa: DTZ011
    )
    draft = ApplicationFactory(applicant=applicant, pathway=start.pathway, start_moment=start)
    response = api_client(applicant).post(transition_url(draft), {"to_status": "submitted"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["non_field_errors"]


def test_an_unknown_status_is_400(intake_officer, own):
    response = api_client(intake_officer).post(transition_url(own), {"to_status": "promoted"}, format="json")
    assert response.status_code == 400
    assert "to_status" in response.json()["errors"]


def test_the_transition_answers_in_dutch_when_asked(intake_officer):
    application = ApplicationFactory(status=S.IN_REVIEW, complete=False)
    client = api_client(intake_officer, language="nl")
    response = client.post(transition_url(application), {"to_status": "rejected"}, format="json")
    assert response.status_code == 400
    assert response.json()["detail"] != "Invalid input."


# Query counts ----------------------------------------------------------------------------------------


def _make(n, applicant=None):
    """n submitted applications in a handful of queries (bulk), each with a document, a move, a
    condition and an exemption: everything the list shows. Another applicant's unless `applicant`."""
    pathway = PathwayFactory(start=False)
    module = ModuleFactory(pathway=pathway)
    officer = UserFactory(is_staff=True)
    base = datetime.date(2031, 1, 1)
    # One start moment each: an applicant has one live application per pathway and start.
    starts = StartMoment.objects.bulk_create(
        StartMoment(pathway=pathway, starts_on=base + datetime.timedelta(days=i), application_deadline=base)
        for i in range(n)
    )
    if applicant is None:
        tag = pathway.slug
        applicants = User.objects.bulk_create(
            User(email=f"{tag}-{i}@example.org", full_name=f"Bulk {i}", password="!") for i in range(n)
        )
    else:
        applicants = [applicant] * n
    applications = Application.objects.bulk_create(
        Application(
            applicant=person,
            pathway=pathway,
            subject=pathway.subjects.first(),
            start_moment=start,
            status=S.SUBMITTED,
            first_name="Bulk",
            last_name=str(i),
            assigned_to=officer,
        )
        for i, (person, start) in enumerate(zip(applicants, starts, strict=True))
    )
    ApplicationDocument.objects.bulk_create(
        ApplicationDocument(
            application=application,
            kind="diploma",
            file="applications/shared",  # the list never opens the files
            original_name="diploma.pdf",
            content_type="application/pdf",
            size=10,
        )
        for application in applications
    )
    ApplicationTransition.objects.bulk_create(
        ApplicationTransition(application=application, from_status=S.DRAFT, to_status=S.SUBMITTED, actor=officer)
        for application in applications
    )
    AdmissionCondition.objects.bulk_create(
        AdmissionCondition(application=application, kind=AdmissionCondition.Kind.OTHER, description="Rekenen")
        for application in applications
    )
    Exemption.objects.bulk_create(
        Exemption(application=application, module=module, ec=5, reason="EVC") for application in applications
    )
    return applications


def _count_list_queries(client, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(list_url(), {"page_size": 100, **params})
    assert response.status_code == 200
    return len(queries), response.json()["count"]


@pytest.mark.parametrize("persona_name", ["intake_officer", "applicant"])
def test_the_list_runs_the_same_queries_for_1_and_500_applications(
    persona_name, persona, django_assert_max_num_queries
):
    user = persona(persona_name)
    client = api_client(user)
    client.get(list_url())  # the token's first use writes last_used_at once; not part of the list
    owner = user if persona_name == "applicant" else None
    _make(1, owner)
    one, count = _count_list_queries(client)
    assert count == 1
    _make(499, owner)
    many, count = _count_list_queries(client)
    assert count == 500
    assert many == one
    with django_assert_max_num_queries(one):
        client.get(list_url(), {"page_size": 100})
