"""Which orientation activities and materials suit a subject and sector (selectors/orientation.py):
coming, published, open for registration with a place left, one per activity, soonest first."""

import datetime

import pytest
from django.utils import timezone

from professionalisation.models import ActivityKind, Registration, SessionStatus
from professionalisation.outreach.selectors import orientation as selectors
from programmes.catalogue.models import Sector
from tests.factories import (
    ActivityFactory,
    MeetingFactory,
    OrientationActivityFactory,
    OrientationMaterialFactory,
    OrientationSessionFactory,
    RegistrationFactory,
    SchoolSubjectFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def biology():
    return SchoolSubjectFactory(slug="biologie", name_nl="Biologie", name_en="Biology")


@pytest.fixture
def history():
    return SchoolSubjectFactory(slug="geschiedenis", name_nl="Geschiedenis", name_en="History")


def titles(rows) -> list[str]:
    return [row.activity.title_nl for row in rows]


def test_an_activity_of_the_subject_or_of_no_subject_suits_and_another_subjects_does_not(biology, history):
    OrientationSessionFactory(activity__title_nl="Biologie", activity__subjects=[biology])
    OrientationSessionFactory(activity__title_nl="Algemeen")
    OrientationSessionFactory(activity__title_nl="Geschiedenis", activity__subjects=[history])

    assert sorted(titles(selectors.coming_orientation(subject_ids=[biology.pk], sector=Sector.VO))) == [
        "Algemeen",
        "Biologie",
    ]
    assert len(selectors.coming_orientation(subject_ids=None, sector=Sector.VO)) == 3


def test_the_sector_must_match_or_be_empty(biology):
    OrientationSessionFactory(activity__title_nl="VO", activity__sector=Sector.VO)
    OrientationSessionFactory(activity__title_nl="PO", activity__sector=Sector.PO)
    OrientationSessionFactory(activity__title_nl="Beide", activity__sector="")

    assert sorted(titles(selectors.coming_orientation(subject_ids=None, sector=Sector.PO))) == ["Beide", "PO"]
    assert sorted(titles(selectors.coming_orientation(subject_ids=None, sector=Sector.VO))) == ["Beide", "VO"]


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: OrientationSessionFactory(activity__published=False), id="unpublished"),
        pytest.param(
            lambda: OrientationSessionFactory(registration_deadline=timezone.now() - datetime.timedelta(hours=1)),
            id="deadline passed",
        ),
        pytest.param(lambda: _past_session(), id="meetings passed"),
        pytest.param(lambda: OrientationSessionFactory(status=SessionStatus.CANCELLED), id="cancelled"),
        pytest.param(lambda: OrientationSessionFactory(status=SessionStatus.CLOSED), id="closed"),
        pytest.param(lambda: _full_session(), id="full"),
        pytest.param(lambda: SessionFactory(activity__kind=ActivityKind.WORKSHOP), id="not orientation"),
        pytest.param(lambda: OrientationSessionFactory(meetings=0), id="no meeting"),
    ],
)
def test_nothing_that_is_not_coming_open_and_free(make):
    make()
    assert selectors.coming_orientation(subject_ids=None, sector=Sector.VO) == []


def _past_session():
    session = OrientationSessionFactory(meetings=0)
    MeetingFactory(session=session, date=timezone.localdate() - datetime.timedelta(days=1))
    return session


def _full_session():
    session = OrientationSessionFactory(capacity=2, status=SessionStatus.FULL)
    RegistrationFactory.create_batch(2, session=session)
    return session


def test_each_activity_once_with_its_soonest_session_that_has_a_place():
    activity = OrientationActivityFactory()
    full = OrientationSessionFactory(activity=activity, capacity=1, meetings=0)
    MeetingFactory(session=full, date=timezone.localdate() + datetime.timedelta(days=5))
    RegistrationFactory(session=full)
    later = OrientationSessionFactory(activity=activity, capacity=3, meetings=0)
    MeetingFactory(session=later, date=timezone.localdate() + datetime.timedelta(days=20), place="Leiden")
    RegistrationFactory(session=later)
    latest = OrientationSessionFactory(activity=activity, meetings=0)
    MeetingFactory(session=latest, date=timezone.localdate() + datetime.timedelta(days=40))

    [row] = selectors.coming_orientation(subject_ids=None, sector=Sector.VO)
    assert row.session == later
    assert row.date == timezone.localdate() + datetime.timedelta(days=20)
    assert row.place == "Leiden"
    assert row.places_left == 2
    assert row.url == f"/professionalisation/activities/{activity.slug}/"
    assert Registration.objects.count() == 2


def test_soonest_first_and_at_most_the_limit():
    for days in (30, 10, 20):
        session = OrientationSessionFactory(activity__title_nl=f"Over {days}", meetings=0)
        MeetingFactory(session=session, date=timezone.localdate() + datetime.timedelta(days=days))

    assert titles(selectors.coming_orientation(subject_ids=None, sector=Sector.VO)) == ["Over 10", "Over 20", "Over 30"]
    assert titles(selectors.coming_orientation(subject_ids=None, sector=Sector.VO, limit=2)) == ["Over 10", "Over 20"]


def test_a_cancelled_meeting_is_not_the_next_date():
    session = OrientationSessionFactory(meetings=0)
    MeetingFactory(session=session, date=timezone.localdate() + datetime.timedelta(days=3), cancelled_at=timezone.now())
    MeetingFactory(session=session, date=timezone.localdate() + datetime.timedelta(days=9))

    [row] = selectors.coming_orientation(subject_ids=None, sector=Sector.VO)
    assert row.date == timezone.localdate() + datetime.timedelta(days=9)


def test_materials_suit_the_subject_and_sector_and_are_published(biology, history):
    OrientationMaterialFactory(title_nl="Algemeen")
    OrientationMaterialFactory(title_nl="Biologie", subjects=[biology], sector=Sector.VO)
    OrientationMaterialFactory(title_nl="Geschiedenis", subjects=[history], sector=Sector.VO)
    OrientationMaterialFactory(title_nl="PO", sector=Sector.PO)
    OrientationMaterialFactory(title_nl="Verborgen", published=False)

    found = selectors.orientation_materials(subject_ids=[biology.pk], sector=Sector.VO)
    assert sorted(found.values_list("title_nl", flat=True)) == ["Algemeen", "Biologie"]
    found = selectors.orientation_materials(subject_ids=None, sector=Sector.PO)
    assert sorted(found.values_list("title_nl", flat=True)) == ["Algemeen", "PO"]


def test_two_queries_for_one_activity_and_for_fifty(django_assert_num_queries):
    OrientationSessionFactory()
    with django_assert_num_queries(2):
        assert len(selectors.coming_orientation(subject_ids=None, sector=Sector.VO, limit=100)) == 1
    OrientationSessionFactory.create_batch(49)
    with django_assert_num_queries(2):
        assert len(selectors.coming_orientation(subject_ids=None, sector=Sector.VO, limit=100)) == 50


def test_a_workshop_with_the_subject_is_not_orientation(biology):
    session = SessionFactory(activity=ActivityFactory())
    session.activity.subjects.set([biology])
    assert selectors.coming_orientation(subject_ids=[biology.pk], sector=Sector.VO) == []
