"""The trainee's placement pages: who may open them, what a trainee sees of their placement (school,
mentor contacts, released evaluations only), the wishes form and a paid job registered as the
placement (the school search works without JavaScript); the header link and dashboard cards."""

import pytest
from django.urls import reverse
from django.utils.html import escape
from django_scopes import scopes_disabled

from programmes.models import ApplicationStatus, Placement, PlacementStatus, PlacementWish
from tests.factories import (
    ApplicationFactory,
    EvaluationFactory,
    PlacementFactory,
    PlacementPeriodFactory,
)
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

MINE = reverse("placements:mine")


@pytest.fixture
def application(applicant):
    return ApplicationFactory(applicant=applicant, status=ApplicationStatus.ENROLLED, first_name="Ayla", last_name="A")


@pytest.fixture
def trainee(applicant, application):
    return applicant


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("trainee", 200),
        ("school_a_contact", 403),
        ("school_b_contact", 403),
        ("lead_school_contact", 403),
        ("school_a_mentor", 403),
        ("outsider", 403),
        ("placement_coordinator", 403),
        ("intake_officer", 403),
        ("programme_coordinator", 403),
        ("professionalisation_coordinator", 403),
        ("researcher", 403),
        ("administrator", 403),
        ("anonymous", 302),
    ],
)
@pytest.mark.parametrize("page", ["mine", "wishes", "employment"])
def test_permission_matrix_of_the_trainee_pages(client, persona, application, name, expected, page):
    user = persona(name)
    if user is not None:
        client.force_login(user)
    url = {
        "mine": MINE,
        "wishes": reverse("placements:trainee-wishes", kwargs={"application_pk": application.pk}),
        "employment": reverse("placements:trainee-employment", kwargs={"application_pk": application.pk}),
    }[page]
    response = client.get(url)
    assert response.status_code == expected
    rendered = [template.name for template in response.templates]
    assert (f"programmes/placements/trainee/{page}.html" in rendered) == (expected == 200)
    if expected == 200:
        shown = response.context["applications"] if page == "mine" else [response.context["application"]]
        assert list(shown) == [application]
    else:
        assert 'name="municipality"' not in response.content.decode(), "a refusal shows no wishes form"
    if expected == 302:
        assert response["Location"].startswith(reverse("account_login"))


def test_applicant_not_yet_admitted_is_not_a_trainee(client, applicant):
    submitted = ApplicationFactory(applicant=applicant, status=ApplicationStatus.SUBMITTED)
    client.force_login(applicant)
    response = client.get(MINE)
    assert response.status_code == 403
    assert "programmes/placements/trainee/mine.html" not in [template.name for template in response.templates]
    assert submitted.reference not in response.content.decode()


def test_another_trainees_application_is_a_404(client, trainee):
    other = ApplicationFactory(status=ApplicationStatus.ADMITTED)
    client.force_login(trainee)
    url = reverse("placements:trainee-wishes", kwargs={"application_pk": other.pk})
    response = client.get(url)
    assert response.status_code == 404
    assert other.reference not in response.content.decode()
    with nothing_written(PlacementWish):
        refused = client.post(url, {"municipality": "Katwijk", "days_available": ["tue"]})
    assert refused.status_code == 404


def test_trainee_sees_school_mentor_contact_and_only_released_evaluations(
    client, trainee, application, school_a, school_a_mentor
):
    placement = PlacementFactory(
        trainee=application,
        offer__school=school_a,
        status=PlacementStatus.CONFIRMED,
        workplace_mentor=school_a_mentor,
    )
    EvaluationFactory(placement=placement, released=True, strengths="Released strengths")
    EvaluationFactory(placement=placement, moment="final", submitted=True, strengths="Hidden strengths")
    client.force_login(trainee)
    body = client.get(MINE).content.decode()
    assert school_a.name in body
    assert escape(school_a_mentor.full_name) in body and school_a_mentor.email in body
    assert "Released strengths" in body
    assert "Hidden strengths" not in body


def test_trainee_does_not_see_other_trainees_placements(client, trainee, school_a):
    PlacementFactory(offer__school=school_a, trainee__first_name="Other", trainee__last_name="Trainee")
    client.force_login(trainee)
    assert "Other Trainee" not in client.get(MINE).content.decode()


def test_trainee_saves_wishes(client, trainee, application, partnership):
    client.force_login(trainee)
    url = reverse("placements:trainee-wishes", kwargs={"application_pk": application.pk})
    response = client.post(
        url,
        {"municipality": "Leiden", "partnership": partnership.pk, "days_available": ["tue", "wed"], "notes": "Fiets"},
    )
    assert response.status_code == 302
    wish = PlacementWish.objects.get(trainee=application)
    assert (wish.municipality, wish.partnership, wish.days_available) == ("Leiden", partnership, ["tue", "wed"])


def test_bad_day_is_refused_with_input_kept(client, trainee, application):
    client.force_login(trainee)
    url = reverse("placements:trainee-wishes", kwargs={"application_pk": application.pk})
    response = client.post(url, {"municipality": "Katwijk", "days_available": ["sun"]})
    body = response.content.decode()
    assert response.status_code == 200 and "error-summary" in body and "Katwijk" in body


def test_school_search_without_javascript_then_register_the_job(client, trainee, application, school_a):
    period = PlacementPeriodFactory()
    client.force_login(trainee)
    url = reverse("placements:trainee-employment", kwargs={"application_pk": application.pk})
    response = client.post(url, {"action": "search", "school_query": school_a.brin_code, "period": period.pk})
    body = response.content.decode()
    assert response.status_code == 200
    assert f'value="{school_a.pk}"' in body
    assert "error-summary" not in body
    response = client.post(url, {"action": "register", "school": school_a.pk, "period": period.pk, "hours": 16})
    assert response.status_code == 302
    with scopes_disabled():
        placement = Placement.objects.get(trainee=application)
    assert (placement.kind, placement.status, placement.employment_hours) == ("employment", "proposed", 16)


def test_registering_without_a_school_or_with_bad_hours_is_refused(client, trainee, application, school_a):
    period = PlacementPeriodFactory()
    client.force_login(trainee)
    url = reverse("placements:trainee-employment", kwargs={"application_pk": application.pk})
    response = client.post(url, {"action": "register", "period": period.pk, "hours": 16})
    assert "error-summary" in response.content.decode()
    response = client.post(url, {"action": "register", "school": school_a.pk, "period": period.pk, "hours": 60})
    assert "error-summary" in response.content.decode()
    with scopes_disabled():
        assert not Placement.objects.filter(trainee=application).exists()


def test_second_job_in_the_same_period_is_a_clear_error(client, trainee, application, school_a):
    period = PlacementPeriodFactory()
    PlacementFactory(trainee=application, offer__period=period, offer__school=school_a)
    client.force_login(trainee)
    url = reverse("placements:trainee-employment", kwargs={"application_pk": application.pk})
    response = client.post(url, {"action": "register", "school": school_a.pk, "period": period.pk})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()


def test_header_and_dashboard_show_placements_to_trainee_and_school_user(client, trainee, school_a_contact):
    client.force_login(trainee)
    assert MINE in client.get(reverse("core:dashboard")).content.decode()
    client.force_login(school_a_contact)
    assert reverse("placements:school-dashboard") in client.get(reverse("core:dashboard")).content.decode()


def test_outsider_has_no_placement_links(client, outsider):
    client.force_login(outsider)
    body = client.get(reverse("core:dashboard")).content.decode()
    assert MINE not in body and reverse("placements:school-dashboard") not in body


@pytest.mark.parametrize("rows", [1, 50])
def test_trainee_page_runs_a_fixed_number_of_queries(client, trainee, application, django_assert_max_num_queries, rows):
    for index in range(rows):
        placement = PlacementFactory(trainee=application, offer__period=PlacementPeriodFactory())
        EvaluationFactory(placement=placement, released=bool(index % 2))
    client.force_login(trainee)
    with django_assert_max_num_queries(20):
        response = client.get(MINE)
    assert response.status_code == 200
