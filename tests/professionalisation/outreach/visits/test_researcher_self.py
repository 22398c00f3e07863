"""A researcher's own page (self-service): their profile, their visits this year against their cap,
their unavailable periods (services.unavailability_add/remove with their refusals) and the fields
they may change themselves (services.researcher_update); /api/v1/researcher-unavailabilities/."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from iclon.core.errors import NotAllowed, PortalError
from professionalisation.models import ResearcherProfile, ResearcherUnavailability
from professionalisation.outreach.navigation.visits import account_links
from professionalisation.outreach.services import visits as services
from tests.api.conftest import api_client
from tests.factories.partnerships import EducationRegionFactory, FacultyFactory
from tests.factories.professionalisation_outreach_visits import (
    ResearcherProfileFactory,
    ResearcherUnavailabilityFactory,
)
from tests.professionalisation.outreach.visits.test_views import client_for
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

PAGE = reverse("outreach:researcher-me")
API = reverse("api:researcher-unavailability-list")
LIST = reverse("outreach:visit-list")


@pytest.fixture(autouse=True)
def _english():
    """The services' messages are compared in English."""
    with translation.override("en"):
        yield


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def remove_url(period):
    return reverse("outreach:researcher-period-remove", kwargs={"pk": period.pk})


def api_url(period):
    return reverse("api:researcher-unavailability-detail", kwargs={"pk": period.pk})


@pytest.fixture
def colleague():
    """Another researcher of the pool, with a period of their own."""
    researcher = ResearcherProfileFactory()
    ResearcherUnavailabilityFactory(researcher=researcher, starts_on=in_days(40), ends_on=in_days(45))
    return researcher


# --- the service: refusals -----------------------------------------------------------------------


def add(researcher, actor, starts, ends, note=""):
    return services.unavailability_add(
        researcher=researcher, actor=actor, starts_on=in_days(starts), ends_on=in_days(ends), note=note
    )


def test_the_researcher_adds_a_period_of_their_own(pool_researcher, researcher_user):
    period = add(pool_researcher, researcher_user, 5, 9, " Congres ")
    assert (period.researcher, period.starts_on, period.ends_on, period.note) == (
        pool_researcher,
        in_days(5),
        in_days(9),
        "Congres",
    )


def test_a_one_day_period_from_today_is_fine(pool_researcher, researcher_user):
    assert add(pool_researcher, researcher_user, 0, 0).starts_on == timezone.localdate()


@pytest.mark.parametrize(
    ("starts", "ends", "field", "message"),
    [
        (9, 5, "ends_on", "The end date cannot be before the start date."),
        (-3, 2, "starts_on", "The period cannot begin in the past."),
        (-10, -5, "starts_on", "The period cannot begin in the past."),
    ],
)
def test_a_period_that_is_wrong_in_itself_is_refused(pool_researcher, researcher_user, starts, ends, field, message):
    with nothing_written(ResearcherUnavailability), pytest.raises(PortalError) as error:
        add(pool_researcher, researcher_user, starts, ends)
    assert (error.value.field, str(error.value.message)) == (field, message)


@pytest.mark.parametrize(("starts", "ends"), [(8, 12), (3, 5), (5, 20), (10, 10), (2, 30)])
def test_a_period_that_overlaps_another_is_refused(pool_researcher, researcher_user, starts, ends):
    ResearcherUnavailabilityFactory(researcher=pool_researcher, starts_on=in_days(5), ends_on=in_days(10))
    with nothing_written(ResearcherUnavailability), pytest.raises(PortalError) as error:
        add(pool_researcher, researcher_user, starts, ends)
    assert error.value.field == "starts_on"
    assert str(error.value.message).startswith("This period overlaps another unavailable period")


def test_periods_that_touch_without_overlapping_are_fine(pool_researcher, researcher_user, colleague):
    ResearcherUnavailabilityFactory(researcher=pool_researcher, starts_on=in_days(5), ends_on=in_days(10))
    add(pool_researcher, researcher_user, 11, 12)
    add(pool_researcher, researcher_user, 3, 4)
    # Another researcher's period on the same days is no overlap.
    add(pool_researcher, researcher_user, 41, 42)
    assert pool_researcher.unavailabilities.count() == 4


@pytest.mark.parametrize("stage", ["accepted", "confirmed"])
def test_a_period_over_a_visit_agreed_to_is_refused(request, stage, pool_researcher, researcher_user, preferred_day):
    visit = request.getfixturevalue(stage)
    days = (preferred_day - timezone.localdate()).days
    with nothing_written(ResearcherUnavailability), pytest.raises(PortalError) as error:
        add(pool_researcher, researcher_user, days - 1, days + 1)
    assert error.value.field == "starts_on"
    assert str(error.value.message) == (
        f"This period covers a visit the researcher has agreed to: {visit.school.name} on {preferred_day:%d-%m-%Y}."
    )
    # The days around the visit are fine.
    add(pool_researcher, researcher_user, days + 1, days + 2)


def test_a_visit_only_proposed_does_not_block_a_period(proposed, pool_researcher, researcher_user, preferred_day):
    days = (preferred_day - timezone.localdate()).days
    assert add(pool_researcher, researcher_user, days, days).starts_on == preferred_day


@pytest.mark.parametrize("who", ["outsider", "school_a_contact", "intake_officer", "anonymous"])
def test_others_may_not_add_a_period(people, who, pool_researcher):
    with nothing_written(ResearcherUnavailability), pytest.raises(NotAllowed):
        add(pool_researcher, people(who), 5, 6)


def test_a_researcher_may_not_add_a_period_for_a_colleague(colleague, researcher_user):
    with nothing_written(ResearcherUnavailability), pytest.raises(NotAllowed):
        add(colleague, researcher_user, 5, 6)


def test_a_coordinator_adds_a_period_for_a_researcher_with_the_same_checks(
    pool_researcher, professionalisation_coordinator
):
    assert add(pool_researcher, professionalisation_coordinator, 5, 6).researcher == pool_researcher
    with pytest.raises(PortalError):
        add(pool_researcher, professionalisation_coordinator, 6, 7)


def test_the_researcher_removes_a_period_that_has_not_ended(pool_researcher, researcher_user):
    running = ResearcherUnavailabilityFactory(researcher=pool_researcher, starts_on=in_days(-2), ends_on=in_days(0))
    services.unavailability_remove(period=running, actor=researcher_user)
    assert not pool_researcher.unavailabilities.exists()


def test_a_past_period_is_kept_for_the_researcher_but_a_coordinator_may_remove_it(
    pool_researcher, researcher_user, professionalisation_coordinator
):
    past = ResearcherUnavailabilityFactory(researcher=pool_researcher, starts_on=in_days(-9), ends_on=in_days(-1))
    with nothing_written(ResearcherUnavailability), pytest.raises(PortalError) as error:
        services.unavailability_remove(period=past, actor=researcher_user)
    assert error.value.status_code == 409
    services.unavailability_remove(period=past, actor=professionalisation_coordinator)
    assert not pool_researcher.unavailabilities.exists()


@pytest.mark.parametrize("who", ["outsider", "school_a_contact", "anonymous"])
def test_others_may_not_remove_a_period(people, who, colleague):
    with nothing_written(ResearcherUnavailability), pytest.raises(NotAllowed):
        services.unavailability_remove(period=colleague.unavailabilities.get(), actor=people(who))


# --- the service: the researcher changes their own fields -------------------------------------------


def test_the_researcher_changes_their_topics_languages_regions_and_cap(pool_researcher, researcher_user):
    north = EducationRegionFactory(name="North", slug="north")
    services.researcher_update(
        researcher=pool_researcher,
        actor=researcher_user,
        regions=[north],
        topics="sterren, planeten",
        languages="EN, nl",
        max_visits_per_year=6,
    )
    pool_researcher.refresh_from_db()
    assert (pool_researcher.topics, pool_researcher.languages, pool_researcher.max_visits_per_year) == (
        "sterren, planeten",
        "en, nl",
        6,
    )
    assert list(pool_researcher.regions.all()) == [north]
    assert pool_researcher.history.first().history_user == researcher_user


@pytest.mark.parametrize(
    "change", [{"active": False}, {"discipline": "Sterrenkunde"}, {"faculty": None}, {"topics": "x", "active": True}]
)
def test_the_researcher_may_not_change_what_the_coordinators_keep(pool_researcher, researcher_user, change):
    if "faculty" in change:
        change = {"faculty": FacultyFactory()}
    with nothing_written(ResearcherProfile), pytest.raises(NotAllowed):
        services.researcher_update(researcher=pool_researcher, actor=researcher_user, **change)


@pytest.mark.parametrize("who", ["outsider", "school_a_contact", "researcher"])
def test_others_may_not_change_a_researcher(people, who, pool_researcher):
    with nothing_written(ResearcherProfile), pytest.raises(NotAllowed):
        services.researcher_update(researcher=pool_researcher, actor=people(who), topics="x")


def test_a_researcher_may_not_change_a_colleague(colleague, researcher_user):
    with nothing_written(ResearcherProfile), pytest.raises(NotAllowed):
        services.researcher_update(researcher=colleague, actor=researcher_user, topics="x")


def test_a_coordinator_still_changes_everything(pool_researcher, professionalisation_coordinator):
    services.researcher_update(
        researcher=pool_researcher, actor=professionalisation_coordinator, active=False, discipline="Recht"
    )
    pool_researcher.refresh_from_db()
    assert (pool_researcher.active, pool_researcher.discipline) == (False, "Recht")


@pytest.mark.parametrize(
    ("change", "field"), [({"languages": "xx"}, "languages"), ({"max_visits_per_year": 0}, "max_visits_per_year")]
)
def test_the_researchers_own_values_are_validated(pool_researcher, researcher_user, change, field):
    with nothing_written(ResearcherProfile), pytest.raises(PortalError) as error:
        services.researcher_update(researcher=pool_researcher, actor=researcher_user, **change)
    assert error.value.field == field


# --- the page ------------------------------------------------------------------------------------------


def test_the_page_shows_the_profile_the_cap_and_the_periods(confirmed, pool_researcher, researcher_user):
    ResearcherUnavailabilityFactory(
        researcher=pool_researcher, starts_on=in_days(50), ends_on=in_days(52), note="Congres"
    )
    response = client_for(researcher_user).get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Biologie" in html and "evolutie, dinosaurussen, klimaat" in html and "Congres" in html
    # The confirmed visit counts against the cap if it lies in this calendar year.
    count = 1 if confirmed.starts_at.year == timezone.localdate().year else 0
    assert f"{count} of at most 4" in html
    assert remove_url(pool_researcher.unavailabilities.get()) in html


def test_a_past_period_has_no_remove_button(pool_researcher, researcher_user):
    past = ResearcherUnavailabilityFactory(researcher=pool_researcher, starts_on=in_days(-9), ends_on=in_days(-1))
    html = client_for(researcher_user).get(PAGE).content.decode()
    assert remove_url(past) not in html and "Passed" in html


@pytest.mark.parametrize(("who", "code"), [("anonymous", 302), ("outsider", 404), ("school_a_contact", 404)])
def test_people_outside_the_pool_have_no_page(people, who, code):
    response = client_for(people(who)).get(PAGE)
    assert response.status_code == code
    assert "My profile and availability" not in response.content.decode()
    with nothing_written(ResearcherUnavailability):
        assert client_for(people(who)).post(PAGE, {"starts_on": in_days(3), "ends_on": in_days(4)}).status_code == code


def test_a_coordinator_outside_the_pool_has_no_page_of_their_own(professionalisation_coordinator):
    response = client_for(professionalisation_coordinator).get(PAGE)
    assert response.status_code == 404
    assert "My profile and availability" not in response.content.decode()


def test_the_researcher_adds_a_period_on_the_page(pool_researcher, researcher_user):
    response = client_for(researcher_user).post(
        PAGE, {"form": "period", "starts_on": in_days(3).isoformat(), "ends_on": in_days(4).isoformat(), "note": "Ziek"}
    )
    assert response.status_code == 302 and response["Location"] == PAGE
    assert pool_researcher.unavailabilities.get().note == "Ziek"


@pytest.mark.parametrize(
    ("starts", "ends", "message"),
    [
        (9, 5, "The end date cannot be before the start date."),
        (-3, 2, "The period cannot begin in the past."),
        (19, 21, "This period overlaps another unavailable period"),
    ],
)
def test_a_refused_period_shows_the_services_message_with_the_input_kept(
    pool_researcher, researcher_user, starts, ends, message
):
    ResearcherUnavailabilityFactory(researcher=pool_researcher, starts_on=in_days(20), ends_on=in_days(25))
    with nothing_written(ResearcherUnavailability):
        response = client_for(researcher_user).post(
            PAGE, {"starts_on": in_days(starts).isoformat(), "ends_on": in_days(ends).isoformat(), "note": "Vakantie"}
        )
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert f'value="{in_days(starts).isoformat()}"' in html and 'value="Vakantie"' in html


def test_a_period_over_a_confirmed_visit_is_refused_on_the_page(confirmed, researcher_user, preferred_day):
    with nothing_written(ResearcherUnavailability):
        response = client_for(researcher_user).post(
            PAGE, {"starts_on": preferred_day.isoformat(), "ends_on": preferred_day.isoformat()}
        )
    assert response.status_code == 400
    assert "This period covers a visit the researcher has agreed to" in response.content.decode()


def test_a_period_without_dates_is_a_form_error(researcher_user):
    with nothing_written(ResearcherUnavailability):
        response = client_for(researcher_user).post(PAGE, {"starts_on": "", "ends_on": "morgen"})
    assert response.status_code == 400


def test_the_researcher_removes_a_future_period_on_the_page(pool_researcher, researcher_user):
    period = ResearcherUnavailabilityFactory(researcher=pool_researcher, starts_on=in_days(3), ends_on=in_days(4))
    response = client_for(researcher_user).post(remove_url(period))
    assert response.status_code == 302 and not pool_researcher.unavailabilities.exists()


def test_a_past_period_cannot_be_removed_on_the_page(pool_researcher, researcher_user):
    past = ResearcherUnavailabilityFactory(researcher=pool_researcher, starts_on=in_days(-9), ends_on=in_days(-1))
    with nothing_written(ResearcherUnavailability):
        response = client_for(researcher_user).post(remove_url(past))
    assert response.status_code == 409
    assert "A period that has passed cannot be removed." in response.content.decode()


@pytest.mark.parametrize("who", ["researcher_user", "professionalisation_coordinator", "outsider"])
def test_nobody_removes_a_colleagues_period_on_the_page(people, who, colleague, pool_researcher):
    with nothing_written(ResearcherUnavailability):
        response = client_for(people(who)).post(remove_url(colleague.unavailabilities.get()))
    assert response.status_code == 404


def test_removing_takes_a_post(pool_researcher, researcher_user):
    period = ResearcherUnavailabilityFactory(researcher=pool_researcher)
    with nothing_written(ResearcherUnavailability):
        assert client_for(researcher_user).get(remove_url(period)).status_code == 405


def test_the_researcher_changes_their_profile_on_the_page(pool_researcher, researcher_user):
    north = EducationRegionFactory(name="North", slug="north")
    response = client_for(researcher_user).post(
        PAGE,
        {"form": "profile", "topics": "sterren", "languages": "en", "regions": [north.pk], "max_visits_per_year": "2"},
    )
    assert response.status_code == 302
    pool_researcher.refresh_from_db()
    assert (pool_researcher.topics, pool_researcher.languages, pool_researcher.max_visits_per_year) == (
        "sterren",
        "en",
        2,
    )
    assert list(pool_researcher.regions.all()) == [north]


def test_a_refused_profile_change_keeps_the_input(pool_researcher, researcher_user):
    with nothing_written(ResearcherProfile):
        response = client_for(researcher_user).post(
            PAGE, {"form": "profile", "topics": "sterren", "languages": "xx", "max_visits_per_year": "2"}
        )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Give the languages as codes, e.g. nl, en." in html and 'value="xx"' in html


def test_the_page_is_linked_from_the_visits_page_for_researchers_only(rf, researcher_user, outsider):
    for user, shown in ((researcher_user, True), (outsider, False)):
        assert (PAGE in client_for(user).get(LIST).content.decode()) is shown
        # The account pages link to the visits page only: asking whether one is in the pool there
        # would cost every account page a query.
        request = rf.get("/")
        request.user = user
        assert PAGE not in [link.url for link in account_links(request)]


# --- the API -------------------------------------------------------------------------------------------


def test_a_researcher_lists_their_own_periods(pool_researcher, researcher_user, colleague):
    mine = ResearcherUnavailabilityFactory(researcher=pool_researcher)
    response = api_client(researcher_user).get(API)
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [mine.pk]
    assert response.json()["results"][0]["researcher"] == pool_researcher.pk


def test_a_coordinator_lists_every_period(pool_researcher, colleague, professionalisation_coordinator):
    mine = ResearcherUnavailabilityFactory(researcher=pool_researcher)
    rows = api_client(professionalisation_coordinator).get(API).json()["results"]
    assert {row["id"] for row in rows} == {mine.pk, colleague.unavailabilities.get().pk}


@pytest.mark.parametrize(("who", "code"), [("outsider", 200), ("school_a_contact", 200), ("anonymous", 401)])
def test_others_list_nothing(people, who, code, colleague):
    response = api_client(people(who)).get(API)
    assert response.status_code == code
    assert response.json().get("results", []) == []
    assert str(colleague.unavailabilities.get().pk) not in response.content.decode()


def test_a_researcher_adds_a_period_through_the_api(pool_researcher, researcher_user):
    body = {"starts_on": in_days(3).isoformat(), "ends_on": in_days(5).isoformat(), "note": "Congres"}
    response = api_client(researcher_user).post(API, body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["researcher"] == pool_researcher.pk
    assert pool_researcher.unavailabilities.get().note == "Congres"


def test_the_api_gives_the_services_refusal(pool_researcher, researcher_user):
    ResearcherUnavailabilityFactory(researcher=pool_researcher, starts_on=in_days(3), ends_on=in_days(8))
    with nothing_written(ResearcherUnavailability):
        response = api_client(researcher_user).post(
            API, {"starts_on": in_days(4).isoformat(), "ends_on": in_days(5).isoformat()}, format="json"
        )
    assert response.status_code == 400
    assert "overlaps another unavailable period" in str(response.json())


def test_a_coordinator_adds_a_period_for_a_researcher(pool_researcher, professionalisation_coordinator):
    body = {"researcher": pool_researcher.pk, "starts_on": in_days(3).isoformat(), "ends_on": in_days(3).isoformat()}
    assert api_client(professionalisation_coordinator).post(API, body, format="json").status_code == 201
    assert pool_researcher.unavailabilities.count() == 1


@pytest.mark.parametrize(("who", "code"), [("outsider", 403), ("school_a_contact", 403), ("anonymous", 401)])
def test_others_may_not_add_a_period_through_the_api(people, who, code, pool_researcher):
    body = {"researcher": pool_researcher.pk, "starts_on": in_days(3).isoformat(), "ends_on": in_days(3).isoformat()}
    with nothing_written(ResearcherUnavailability):
        assert api_client(people(who)).post(API, body, format="json").status_code == code


def test_a_researcher_may_not_add_a_period_for_a_colleague_through_the_api(colleague, researcher_user):
    body = {"researcher": colleague.pk, "starts_on": in_days(3).isoformat(), "ends_on": in_days(3).isoformat()}
    with nothing_written(ResearcherUnavailability):
        assert api_client(researcher_user).post(API, body, format="json").status_code == 403


def test_a_researcher_removes_their_period_through_the_api(pool_researcher, researcher_user):
    period = ResearcherUnavailabilityFactory(researcher=pool_researcher)
    assert api_client(researcher_user).delete(api_url(period)).status_code == 204
    assert not pool_researcher.unavailabilities.exists()


def test_a_past_period_is_kept_through_the_api(pool_researcher, researcher_user):
    past = ResearcherUnavailabilityFactory(researcher=pool_researcher, starts_on=in_days(-9), ends_on=in_days(-1))
    with nothing_written(ResearcherUnavailability):
        assert api_client(researcher_user).delete(api_url(past)).status_code == 409


@pytest.mark.parametrize(
    ("who", "code"), [("researcher_user", 404), ("outsider", 403), ("school_a_contact", 403), ("anonymous", 401)]
)
def test_others_may_not_remove_a_colleagues_period_through_the_api(people, who, code, colleague, pool_researcher):
    with nothing_written(ResearcherUnavailability):
        assert api_client(people(who)).delete(api_url(colleague.unavailabilities.get())).status_code == code


def test_a_coordinator_removes_any_period_through_the_api(colleague, professionalisation_coordinator):
    period = colleague.unavailabilities.get()
    assert api_client(professionalisation_coordinator).delete(api_url(period)).status_code == 204
    assert not ResearcherUnavailability.objects.filter(pk=period.pk).exists()


@pytest.mark.parametrize("count", [1, 50])
def test_the_list_runs_a_fixed_number_of_queries(django_assert_max_num_queries, professionalisation_coordinator, count):
    for _number in range(count):
        ResearcherUnavailabilityFactory()
    client = api_client(professionalisation_coordinator)
    with django_assert_max_num_queries(8):
        response = client.get(API, {"page_size": 100})
    assert response.json()["count"] == count
