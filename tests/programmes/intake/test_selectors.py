"""One selector per resource of intake, built on the tenancy rule (partnerships.tenancy.visible_rows):
applications, their documents and information requests; every persona, the refused ones included,
and fixed query counts at 1 and 50 rows.

The applicant's application names school A as their employer (a lateral entrant): the school still
sees nothing of it. Staff see by their group's permission: intake officers, programme coordinators
and administrators hold the view permissions of intake's records; the other groups do not."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.urls import reverse

from programmes.intake import selectors
from programmes.models import ApplicationStatus, DocumentKind
from tests.conftest import STAFF_PERSONAS
from tests.factories import ApplicationDocumentFactory, ApplicationFactory, InformationRequestFactory

pytestmark = pytest.mark.django_db

INTAKE_STAFF = ["intake_officer", "programme_coordinator", "administrator"]
OTHER_STAFF = [name for name in STAFF_PERSONAS if name not in INTAKE_STAFF]


@pytest.fixture
def world(applicant, outsider, school_a, school_a_contact, lead_school_contact):
    mine = ApplicationFactory(
        applicant=applicant, status=ApplicationStatus.IN_REVIEW, employing_school=school_a, complete=False
    )
    theirs = ApplicationFactory(status=ApplicationStatus.IN_REVIEW, complete=False)
    return {
        "applications": {"mine": mine.pk, "theirs": theirs.pk},
        "documents": {
            "my-cv": ApplicationDocumentFactory(application=mine, kind=DocumentKind.CV).pk,
            "their-cv": ApplicationDocumentFactory(application=theirs, kind=DocumentKind.CV).pk,
        },
        "requests": {
            "my-request": InformationRequestFactory(application=mine).pk,
            "their-request": InformationRequestFactory(application=theirs).pk,
        },
    }


def seen(queryset, labels: dict) -> set[str]:
    by_pk = {pk: label for label, pk in labels.items()}
    return {by_pk[pk] for pk in queryset.values_list("pk", flat=True) if pk in by_pk}


def user_of(persona, name):
    user = persona(name)
    return AnonymousUser() if user is None else user


def table(own, everything):
    return [
        ("applicant", own),
        ("outsider", set()),
        ("school_a_contact", set()),
        ("lead_school_contact", set()),
        ("anonymous", set()),
        *[(name, everything) for name in INTAKE_STAFF],
        *[(name, set()) for name in OTHER_STAFF],
    ]


@pytest.mark.parametrize(("name", "expected"), table({"mine"}, {"mine", "theirs"}))
def test_application_list_for_user_follows_the_rule(world, persona, name, expected):
    user = user_of(persona, name)
    assert seen(selectors.application_list_for_user(user=user), world["applications"]) == expected
    for label, pk in world["applications"].items():
        if label in expected:
            assert selectors.application_get_for_user(user=user, pk=pk).pk == pk
        else:
            with pytest.raises(Http404):
                selectors.application_get_for_user(user=user, pk=pk)


@pytest.mark.parametrize(("name", "expected"), table({"my-cv"}, {"my-cv", "their-cv"}))
def test_document_list_for_user_follows_the_rule(world, persona, name, expected):
    user = user_of(persona, name)
    assert seen(selectors.document_list_for_user(user=user), world["documents"]) == expected
    for label, pk in world["documents"].items():
        application = "mine" if label.startswith("my") else "theirs"
        application_pk = world["applications"][application]
        if label in expected:
            assert selectors.document_get_for_user(user=user, application_pk=application_pk, pk=pk).pk == pk
        else:
            with pytest.raises(Http404):
                selectors.document_get_for_user(user=user, application_pk=application_pk, pk=pk)


def test_a_document_is_not_found_under_another_application(world, administrator):
    with pytest.raises(Http404):
        selectors.document_get_for_user(
            user=administrator, application_pk=world["applications"]["theirs"], pk=world["documents"]["my-cv"]
        )


@pytest.mark.parametrize(("name", "expected"), table({"my-request"}, {"my-request", "their-request"}))
def test_information_request_list_for_user_follows_the_rule(world, persona, name, expected):
    assert seen(selectors.information_request_list_for_user(user=user_of(persona, name)), world["requests"]) == expected


def test_an_application_carries_the_documents_and_requests_of_its_viewer(world, applicant, intake_officer):
    for user in (applicant, intake_officer):
        application = selectors.application_get_for_user(user=user, pk=world["applications"]["mine"])
        assert [document.pk for document in application.documents.all()] == [world["documents"]["my-cv"]]
        assert [request.pk for request in application.information_requests.all()] == [world["requests"]["my-request"]]


@pytest.mark.parametrize(
    ("name", "status"),
    [("applicant", 200), ("intake_officer", 200), ("school_a_contact", 404), ("outsider", 404), ("researcher", 404)],
)
def test_the_document_download_answers_through_the_selector(client, world, persona, name, status):
    client.force_login(persona(name))
    url = reverse(
        "intake:document-download",
        kwargs={"pk": world["applications"]["mine"], "document_pk": world["documents"]["my-cv"]},
    )
    response = client.get(url)
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    else:
        assert not response.has_header("Content-Disposition")
        assert b"%PDF" not in response.content


# Query counts: a list costs the same at 1 and at 50 rows -----------------------------------------


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.parametrize("name", ["applicant", "intake_officer"])
def test_intake_lists_cost_a_fixed_number_of_queries(applicant, persona, django_assert_max_num_queries, rows, name):
    for _ in range(rows):
        application = ApplicationFactory(applicant=applicant, status=ApplicationStatus.IN_REVIEW, complete=False)
        ApplicationDocumentFactory(application=application)
        InformationRequestFactory(application=application)
    user = type(applicant).objects.get(pk=persona(name).pk)
    # The viewer's permissions (2, staff only), then one query a list.
    with django_assert_max_num_queries(3):
        applications = list(selectors.application_list_for_user(user=user))
        assert all(a.pathway.name and a.start_moment and a.open_requests == 1 for a in applications)
    with django_assert_max_num_queries(1):
        documents = list(selectors.document_list_for_user(user=user))
    with django_assert_max_num_queries(1):
        requests = list(selectors.information_request_list_for_user(user=user))
    assert (len(applications), len(documents), len(requests)) == (rows, rows, rows)
