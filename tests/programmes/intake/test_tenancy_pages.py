"""Every applicant page for every role: the owner, another applicant, a school contact, intake
staff, a programme coordinator and an anonymous visitor. A foreign application is a 404 (never a
403 that confirms it exists); staff see the pages read-only and change nothing through them."""

import pytest
from django.urls import reverse

from programmes.models import Application, ApplicationStatus, DocumentKind
from tests.factories import ApplicationFactory, InformationRequestFactory

S = ApplicationStatus


@pytest.fixture(autouse=True)
def _english(client, settings):
    """The pages in English, so the assertions read the (untranslated) source strings."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


ROLES = ["applicant", "outsider", "school_a_contact", "intake_officer", "programme_coordinator", "anonymous"]


@pytest.fixture
def draft(applicant):
    return ApplicationFactory(applicant=applicant)


@pytest.fixture
def login(client, persona):
    def as_(role):
        user = persona(role)
        if user is not None:
            client.force_login(user)
        return user

    return as_


def _expect(response, expected):
    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == expected


def _expect_page(response, expected, application):
    """The status of a GET page about `application`, which names the application when it is shown
    and nowhere else: a 403 or a 404 leaks nothing of it."""
    _expect(response, expected)
    assert (application.reference in response.content.decode()) == (expected == 200)


# GET pages ---------------------------------------------------------------------------------------

GET_PAGES = {
    "detail": lambda a: reverse("intake:application-detail", kwargs={"pk": a.pk}),
    "step": lambda a: reverse("intake:application-step", kwargs={"pk": a.pk, "step": "personal"}),
    "review": lambda a: reverse("intake:application-step", kwargs={"pk": a.pk, "step": "review"}),
    "withdraw": lambda a: reverse("intake:application-withdraw", kwargs={"pk": a.pk}),
}
GET_EXPECTED = {
    #                 owner, other, school, intake, coordinator, anonymous
    "detail": [200, 404, 404, 200, 200, "login"],
    "step": [200, 404, 404, 200, 200, "login"],
    "review": [200, 404, 404, 200, 200, "login"],
    "withdraw": [200, 404, 404, 403, 403, "login"],
}


@pytest.mark.parametrize("page", list(GET_PAGES))
@pytest.mark.parametrize("role", ROLES)
def test_get_pages_per_role(client, login, draft, page, role):
    login(role)
    response = client.get(GET_PAGES[page](draft))
    _expect_page(response, GET_EXPECTED[page][ROLES.index(role)], draft)


@pytest.mark.parametrize("role", ["intake_officer", "programme_coordinator"])
def test_staff_see_the_steps_read_only(client, login, draft, role):
    login(role)
    response = client.get(GET_PAGES["step"](draft))
    assert response.context["editable"] is False
    assert "form" not in response.context


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("applicant", 200),
        ("outsider", 200),
        ("school_a_contact", 200),
        ("intake_officer", 200),
        ("programme_coordinator", 200),
        ("anonymous", "login"),
    ],
)
def test_my_applications_shows_only_the_viewers_own(client, login, draft, role, expected):
    user = login(role)
    response = client.get(reverse("intake:application-list"))
    _expect(response, expected)
    assert (draft.reference in response.content.decode()) == (user == draft.applicant)
    if expected == 200:
        listed = list(response.context["applications"])
        assert listed == ([draft] if user == draft.applicant else [])


@pytest.mark.parametrize("role", ROLES)
def test_start_page_is_open_to_everyone_and_starts_only_for_a_signed_in_user(client, login, draft, role):
    user = login(role)
    pathway = draft.pathway
    start = draft.start_moment
    url = reverse("intake:application-start", kwargs={"slug": pathway.slug}) + f"?start={start.pk}"
    response = client.get(url)
    if role == "applicant":
        # They applied for this route and start already: sent to that application.
        assert response["Location"] == reverse("intake:application-detail", kwargs={"pk": draft.pk})
    else:
        assert response.status_code == 200
        assert pathway.name in response.content.decode()
    response = client.post(url, {"start_moment": start.pk})
    assert response.status_code == 302
    if user is None:
        assert response["Location"].startswith(reverse("account_login"))
        assert Application.objects.count() == 1
    elif role != "applicant":
        assert Application.objects.filter(applicant=user).count() == 1


# POST pages --------------------------------------------------------------------------------------

#                 owner, other, school, intake, coordinator, anonymous
POST_EXPECTED = [302, 404, 404, 403, 403, "login"]


@pytest.mark.parametrize("role", ROLES)
def test_saving_a_step_is_for_the_owner_only(client, login, draft, role):
    login(role)
    url = reverse("intake:application-step", kwargs={"pk": draft.pk, "step": "motivation"})
    response = client.post(
        url, {"motivation": "Overgeschreven door iemand anders dan de aanvrager zelf, en lang genoeg."}
    )
    _expect(response, POST_EXPECTED[ROLES.index(role)])
    draft.refresh_from_db()
    assert draft.motivation.startswith("Overgeschreven") == (role == "applicant")


@pytest.mark.parametrize("role", ROLES)
def test_submitting_is_for_the_owner_only(client, login, draft, role):
    login(role)
    response = client.post(reverse("intake:application-step", kwargs={"pk": draft.pk, "step": "review"}))
    _expect(response, POST_EXPECTED[ROLES.index(role)])
    draft.refresh_from_db()
    assert (draft.status == S.SUBMITTED) == (role == "applicant")


@pytest.mark.parametrize("role", ROLES)
def test_withdrawing_is_for_the_owner_only(client, login, applicant, role):
    application = ApplicationFactory(applicant=applicant, status=S.SUBMITTED)
    login(role)
    response = client.post(reverse("intake:application-withdraw", kwargs={"pk": application.pk}), {"reason": ""})
    _expect(response, POST_EXPECTED[ROLES.index(role)])
    application.refresh_from_db()
    assert (application.status == S.WITHDRAWN) == (role == "applicant")


@pytest.mark.parametrize("role", ROLES)
def test_answering_a_request_is_for_the_owner_only(client, login, applicant, role):
    request = InformationRequestFactory(application=ApplicationFactory(applicant=applicant, status=S.IN_REVIEW))
    login(role)
    url = reverse("intake:request-answer", kwargs={"pk": request.application_id, "request_pk": request.pk})
    response = client.post(url, {f"request-{request.pk}-answer": "Antwoord"})
    _expect(response, POST_EXPECTED[ROLES.index(role)])
    request.refresh_from_db()
    assert (request.answer == "Antwoord") == (role == "applicant")


@pytest.mark.parametrize("role", ROLES)
def test_uploading_to_a_submitted_application_is_for_the_owner_only(client, login, applicant, role):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories.programmes import PDF_BYTES

    request = InformationRequestFactory(application=ApplicationFactory(applicant=applicant, status=S.IN_REVIEW))
    application = request.application
    login(role)
    response = client.post(
        reverse("intake:document-upload", kwargs={"pk": application.pk}),
        {"kind": DocumentKind.OTHER, "file": SimpleUploadedFile("x.pdf", PDF_BYTES, "application/pdf")},
    )
    _expect(response, POST_EXPECTED[ROLES.index(role)])
    assert application.documents.filter(kind=DocumentKind.OTHER).exists() == (role == "applicant")


@pytest.mark.parametrize("role", ROLES)
def test_removing_a_degree_is_for_the_owner_only(client, login, draft, role):
    degree = draft.degrees.get()
    login(role)
    url = reverse("intake:application-step", kwargs={"pk": draft.pk, "step": "education"})
    response = client.post(url, {"action": "remove", "degree": degree.pk})
    _expect(response, POST_EXPECTED[ROLES.index(role)])
    assert draft.degrees.exists() == (role != "applicant")


def test_the_header_link_is_only_for_users_with_applications(client, login, draft):
    url = reverse("intake:application-list")
    for role in ROLES:
        client.logout()
        login(role)
        html = client.get(reverse("programmes:catalogue")).content.decode()
        assert (f'href="{url}"' in html) == (role == "applicant"), role
