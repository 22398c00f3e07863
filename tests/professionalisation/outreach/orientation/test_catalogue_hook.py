"""Orientation plugs into the catalogue through its hook (programmes/catalogue/hooks.py): the route
finder's answers (page and API) show the coming orientation activities and materials that suit the
subject and sector, also when no route fits; a pathway's page shows those for its subjects; and the
catalogue works as before with nothing registered."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from professionalisation.models import ActivityKind, SessionStatus
from programmes.catalogue import hooks
from programmes.catalogue.models import PriorEducation, Sector
from tests.api.conftest import api_client
from tests.factories import (
    MeetingFactory,
    OrientationMaterialFactory,
    OrientationSessionFactory,
    PathwayFactory,
    RegistrationFactory,
    SchoolSubjectFactory,
)

pytestmark = pytest.mark.django_db

FINDER = reverse("programmes:finder")
FINDER_API = reverse("api:route-finder")


@pytest.fixture
def biology():
    return SchoolSubjectFactory(slug="biologie", name_nl="Biologie", name_en="Biology")


@pytest.fixture
def history():
    return SchoolSubjectFactory(slug="geschiedenis", name_nl="Geschiedenis", name_en="History")


@pytest.fixture
def pathway(biology):
    """The one route: for biology, open to university masters."""
    return PathwayFactory(slug="leraar-biologie", subjects=[biology], rules=[PriorEducation.WO_MASTER])


@pytest.fixture
def taster_day(biology):
    session = OrientationSessionFactory(
        activity__slug="meeloopdag-biologie",
        activity__title_nl="Meeloopdag biologie",
        activity__title_en="Biology taster day",
        activity__subjects=[biology],
        capacity=12,
        meetings=0,
    )
    MeetingFactory(session=session, date=timezone.localdate() + datetime.timedelta(days=14), place="ICLON, Leiden")
    return session


def question(subject: str) -> dict:
    return {"prior_education": PriorEducation.WO_MASTER, "sector": Sector.VO, "subject": subject}


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_api_answer_lists_the_orientation_activities_of_the_subject(pathway, taster_day, language):
    OrientationMaterialFactory(title_en="Ready for the step", url="https://www.klaarvoordestap.nl/")
    body = api_client(language=language).get(FINDER_API, question("biologie")).json()

    assert [row["slug"] for row in body["fits"]] == ["leraar-biologie"]
    [row] = body["orientation_activities"]
    assert row == {
        "id": taster_day.activity.pk,
        "slug": "meeloopdag-biologie",
        "title": "Biology taster day" if language == "en" else "Meeloopdag biologie",
        "kind": ActivityKind.TASTER_DAY,
        "session": taster_day.pk,
        "date": (timezone.localdate() + datetime.timedelta(days=14)).isoformat(),
        "starts_at": "15:30",
        "place": "ICLON, Leiden",
        "places_left": 12,
        "url": "http://testserver/professionalisation/activities/meeloopdag-biologie/",
    }
    [material] = body["orientation_materials"]
    assert material["url"] == "https://www.klaarvoordestap.nl/"


def test_the_api_answer_lists_them_also_when_no_route_fits(pathway, history):
    session = OrientationSessionFactory(activity__title_en="History taster day", activity__subjects=[history])
    body = api_client().get(FINDER_API, question("geschiedenis")).json()

    assert body["fits"] == []
    assert [row["id"] for row in body["orientation_activities"]] == [session.activity.pk]


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"activity__published": False}, id="unpublished"),
        pytest.param({"status": SessionStatus.CANCELLED}, id="cancelled"),
        pytest.param({"registration_deadline": timezone.now() - datetime.timedelta(minutes=1)}, id="past"),
    ],
)
def test_the_api_answer_has_none_unpublished_past_or_cancelled(pathway, biology, change):
    OrientationSessionFactory(activity__subjects=[biology], **change)
    assert api_client().get(FINDER_API, question("biologie")).json()["orientation_activities"] == []


def test_the_api_answer_has_no_full_session_and_none_of_another_subject(pathway, biology, history, taster_day):
    RegistrationFactory.create_batch(12, session=taster_day)
    OrientationSessionFactory(activity__subjects=[history])
    assert api_client().get(FINDER_API, question("biologie")).json()["orientation_activities"] == []


def test_the_finder_page_shows_the_orientation_activities_with_an_answer(pathway, taster_day):
    OrientationMaterialFactory(title_nl="Klaar voor de stap", url="https://www.klaarvoordestap.nl/")
    html = Client(HTTP_ACCEPT_LANGUAGE="en").get(FINDER, question("biologie")).content.decode()

    assert "Biology taster day" in html
    assert 'href="/professionalisation/activities/meeloopdag-biologie/"' in html
    assert "ICLON, Leiden" in html
    assert "12 places left" in html
    assert 'href="https://www.klaarvoordestap.nl/"' in html
    assert "Get to know the profession" in html
    assert "Not sure yet?" not in html  # a route fits: the plain heading


def test_the_finder_page_points_at_orientation_when_no_route_fits(client, pathway, history):
    OrientationSessionFactory(activity__title_nl="Meeloopdag geschiedenis", activity__subjects=[history])
    html = Client(HTTP_ACCEPT_LANGUAGE="en").get(FINDER, question("geschiedenis")).content.decode()

    assert "No route fits these answers" in html
    assert "Not sure yet? Get to know the profession first" in html
    assert "Meeloopdag geschiedenis" not in html  # English title shown
    assert "Taster day" in html


def test_the_finder_page_says_so_when_nothing_is_planned_and_no_route_fits(pathway, history):
    html = Client(HTTP_ACCEPT_LANGUAGE="en").get(FINDER, question("geschiedenis")).content.decode()
    assert 'id="orientation-title"' in html
    assert "No orientation activity for this subject is planned at the moment." in html


def test_the_finder_page_without_an_answer_shows_no_orientation(client, taster_day):
    assert 'id="orientation-title"' not in client.get(FINDER).content.decode()


def test_the_pathway_page_shows_the_coming_orientation_activities_for_its_subjects(client, pathway, taster_day):
    html = client.get(reverse("programmes:pathway-detail", args=[pathway.slug])).content.decode()
    assert 'id="orientation-title"' in html
    assert 'href="/professionalisation/activities/meeloopdag-biologie/"' in html


def test_the_pathway_page_has_no_section_without_coming_activities(client, pathway, history):
    OrientationSessionFactory(activity__subjects=[history])
    html = client.get(reverse("programmes:pathway-detail", args=[pathway.slug])).content.decode()
    assert 'id="orientation-title"' not in html


def test_the_cached_pathway_page_shows_a_new_orientation_session_at_once(client, settings, pathway, biology):
    settings.CATALOGUE_CACHE_SECONDS = 300
    url = reverse("programmes:pathway-detail", args=[pathway.slug])
    assert 'id="orientation-title"' not in client.get(url).content.decode()

    OrientationSessionFactory(activity__slug="infoavond-biologie", activity__subjects=[biology])
    assert 'href="/professionalisation/activities/infoavond-biologie/"' in client.get(url).content.decode()


def test_the_cached_pathway_page_drops_a_session_that_is_cancelled(client, settings, pathway, taster_day):
    settings.CATALOGUE_CACHE_SECONDS = 300
    url = reverse("programmes:pathway-detail", args=[pathway.slug])
    assert "meeloopdag-biologie" in client.get(url).content.decode()

    taster_day.status = SessionStatus.CANCELLED
    taster_day.save()
    assert "meeloopdag-biologie" not in client.get(url).content.decode()


@pytest.fixture
def no_extensions(monkeypatch):
    """The catalogue without outreach: nothing registered on its hook."""
    monkeypatch.setattr(hooks, "_extensions", [])


def test_the_catalogue_works_with_nothing_on_its_hook(client, no_extensions, pathway, taster_day):
    body = api_client().get(FINDER_API, question("biologie")).json()
    assert set(body) == {"fits", "does_not_fit", "suggestions", "student_desk"}
    assert [row["slug"] for row in body["fits"]] == ["leraar-biologie"]

    finder = client.get(FINDER, question("biologie"))
    assert finder.status_code == 200
    assert 'id="orientation-title"' not in finder.content.decode()
    page = client.get(reverse("programmes:pathway-detail", args=[pathway.slug]))
    assert page.status_code == 200
    assert 'id="orientation-title"' not in page.content.decode()


def test_the_api_schema_documents_orientation_activities():
    schema = api_client().get(reverse("api:schema"), {"format": "json"}).json()
    properties = schema["components"]["schemas"]["RouteFinderResult"]["properties"]
    assert {"fits", "does_not_fit", "orientation_activities", "orientation_materials"} <= set(properties)


def test_the_finder_api_runs_as_many_queries_for_one_activity_as_for_fifty(
    pathway, biology, django_assert_max_num_queries
):
    OrientationSessionFactory(activity__subjects=[biology])
    OrientationMaterialFactory(subjects=[biology])
    with CaptureQueriesContext(connection) as one:
        assert len(api_client().get(FINDER_API, question("biologie")).json()["orientation_activities"]) == 1
    for _number in range(49):
        OrientationSessionFactory(activity__subjects=[biology])
        OrientationMaterialFactory(subjects=[biology])
    with django_assert_max_num_queries(len(one)):
        body = api_client().get(FINDER_API, question("biologie")).json()
    assert len(body["orientation_activities"]) == 6  # at most SHOWN
    assert len(body["orientation_materials"]) == 10  # at most MATERIALS_SHOWN
