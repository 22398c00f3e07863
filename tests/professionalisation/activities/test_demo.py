"""The demo of professional development (professionalisation/activities/demo.py): a year of
ICLON's offer, and registrations in every state, made through the services."""

import datetime
import io

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.db import transaction
from django.db.models import Count, F
from django.test import override_settings
from django.utils import timezone
from django_scopes import scopes_disabled

from iclon.accounts.demo import DEMO_PASSWORD, seed_demo_accounts
from iclon.accounts.models import User
from iclon.notifications.models import Notification
from partnerships.demo import seed_demo as seed_partnerships
from partnerships.models import School, SchoolMembership
from professionalisation.activities import seed_data as facts
from professionalisation.activities.demo import HOLIDAYS, _school_address, meeting_dates, seed_demo
from professionalisation.activities.models import (
    MEETING_ZONE,
    Activity,
    ActivityFormat,
    ActivityKind,
    Audience,
    CompletionAward,
    Meeting,
    OfferReason,
    Registration,
    RegistrationStatus,
    Session,
    SessionStatus,
    WaitingListEntry,
    WaitingStatus,
)
from professionalisation.activities.selectors import session_places, waiting_position
from professionalisation.outreach.models.orientation import ORIENTATION_KINDS
from programmes.catalogue.demo import seed_demo as seed_catalogue
from tests.utils import nothing_written

ROWS = (
    Activity,
    Activity.audiences.through,
    Activity.subjects.through,
    Activity.principles.through,
    Activity.organisers.through,
    Session,
    Meeting,
    Registration,
    WaitingListEntry,
    User,
    EmailAddress,
    Notification,
)


@pytest.fixture(scope="module")
def _seeded(django_db_setup, django_db_blocker):
    """The activities slice's demo, after the apps it needs (in INSTALLED_APPS order), seeded once
    for this module in a transaction that is rolled back at its end; each test runs in a savepoint
    inside it. Yields what the demo printed."""
    out = io.StringIO()
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        with scopes_disabled():
            seed_demo_accounts()
            seed_partnerships(io.StringIO(), None)
            seed_catalogue(io.StringIO(), None)
        # The later slices (completion, credentials, …) add to it and test what they add.
        seed_demo(out, None)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def demo(_seeded, db):
    """The seeded demo for one test (in its own savepoint); the value is what the demo printed."""
    return _seeded


def demo_session(key: tuple[str, int]) -> Session:
    slug, index = key
    return Session.objects.filter(activity__slug=slug).order_by("pk")[index]


def person(number: int) -> User:
    return User.objects.get(email=f"deelnemer{number}@example.org")


def summary() -> str:
    return (
        f"  Professional development: {Activity.objects.count()} activities, {Session.objects.count()} sessions, "
        f"{Meeting.objects.count()} meetings; "
        f"{Registration.objects.filter(status=RegistrationStatus.CONFIRMED).count()} confirmed registrations, "
        f"{WaitingListEntry.objects.filter(status__in=['waiting', 'offered']).count()} on waiting lists"
    )


# --- the catalogue -------------------------------------------------------------------------------


def test_the_demo_is_a_year_of_offer_covering_every_kind_audience_format_and_award(demo):
    activities = Activity.objects.all()

    assert activities.count() >= 25
    assert Session.objects.count() >= 40
    # Orientation on the teaching profession (its kinds and audience) is outreach's demo
    # (tests/professionalisation/outreach/orientation/test_demo.py).
    assert set(activities.values_list("kind", flat=True)) == set(ActivityKind.values) - set(ORIENTATION_KINDS)
    assert set(activities.values_list("audiences__code", flat=True)) == set(Audience.values) - {
        Audience.PROSPECTIVE_TEACHERS
    }
    assert set(activities.values_list("format", flat=True)) == set(ActivityFormat.values)
    assert set(activities.values_list("award", flat=True)) == set(CompletionAward.values)
    assert activities.filter(price=0).exists()
    assert activities.filter(price__gt=0, onz_price__isnull=True).exists()
    assert activities.filter(price__gt=0, onz_price__lt=F("price")).exists()
    assert activities.filter(study_load_hours__gt=0, study_load_ec__gt=0).exists()
    microcredentials = activities.filter(award=CompletionAward.MICROCREDENTIAL)
    assert microcredentials.exists()
    assert not microcredentials.filter(study_load_ec__isnull=True).exists()
    assert activities.filter(meetings_required__isnull=False, assignment_required=True).exists()
    assert activities.filter(meetings_required__isnull=True, assignment_required=False).exists()
    assert 1 <= activities.filter(published=False).count() <= 2


def test_titles_and_descriptions_are_written_in_dutch_and_in_english(demo):
    for activity in Activity.objects.all():
        assert activity.title_nl.strip() and activity.title_en.strip(), activity.slug
        assert activity.description_nl.strip() and activity.description_en.strip(), activity.slug
        assert activity.title_nl != activity.title_en
        assert activity.description_nl != activity.description_en


def test_the_themes_of_the_strategic_plan_are_in_the_offer(demo):
    principles = set(Activity.objects.values_list("principles__slug", flat=True))
    subjects = set(Activity.objects.values_list("subjects__slug", flat=True))
    regions = set(Activity.objects.filter(kind=ActivityKind.ONZ_MEETING).values_list("region__slug", flat=True))

    assert principles >= set(facts.ALL_PRINCIPLES)
    assert Activity.objects.get(slug="twaalf-onderwijsleerprincipes").principles.count() == 12
    assert {"geschiedenis", "wiskunde", "nederlands", "frans", "biologie", "klassieke-talen"} <= subjects
    assert regions == {"holland-rijnland", "haaglanden", "rijnmond", "zuid-holland-zuid"}
    assert Activity.objects.filter(kind=ActivityKind.SCHOOL_EDUCATOR_COURSE).count() == 2
    assert Activity.objects.filter(title_nl__icontains="AI").exists()
    assert Activity.objects.filter(principles__slug="inclusief", title_nl__icontains="inclusief").exists()
    assert Activity.objects.filter(title_nl__icontains="wereldburger").exists()
    assert Activity.objects.filter(title_nl__icontains="curriculum").exists()


def test_organisers_are_the_coordinator_and_for_research_led_activities_a_researcher(demo):
    organisers = {
        activity.slug: {user.email for user in activity.organisers.all()} for activity in Activity.objects.all()
    }

    assert all(facts.COORDINATOR in emails for emails in organisers.values())
    assert organisers["leerkring-teamleiders-holland-rijnland"] == {facts.COORDINATOR, facts.RESEARCHER}
    assert organisers["formatief-handelen"] == {facts.COORDINATOR}
    assert set(Activity.objects.values_list("contact_email", flat=True)) == {facts.CONTACT_EMAIL}


# --- sessions and meetings -------------------------------------------------------------------------


def test_sessions_spread_over_the_coming_year_with_one_to_six_meetings(demo):
    today = timezone.localdate()
    per_session = Session.objects.annotate(n=Count("meetings")).values_list("n", flat=True)
    firsts = [session.meetings.first().date for session in Session.objects.prefetch_related("meetings")]

    assert set(per_session) <= set(range(1, 7))
    assert {1, 3, 6} <= set(per_session)
    assert sum(1 for first in firsts if first > today) == len(firsts) - 1  # all but the one under way
    assert max(firsts) - min(firsts) > datetime.timedelta(days=300)
    assert max(firsts) < today + datetime.timedelta(days=366)


def test_meetings_fall_outside_school_holidays_except_the_summer_school(demo):
    def in_holiday(day):
        return any(start <= (day.month, day.day) <= end for start, end in HOLIDAYS)

    summer = Meeting.objects.filter(session__activity__kind=ActivityKind.SUMMER_SCHOOL)

    assert not any(in_holiday(meeting.date) for meeting in Meeting.objects.exclude(pk__in=summer))
    assert [meeting.date.month for meeting in summer] == [8, 8, 8]
    assert [meeting.date.weekday() for meeting in summer] == [0, 1, 2]


def test_meetings_are_at_iclon_at_schools_of_the_regions_or_online(demo):
    meetings = Meeting.objects.select_related("session__activity")

    for meeting in meetings:
        activity_format = meeting.session.activity.format
        assert meeting.ends_at > meeting.starts_at
        assert bool(meeting.place) == (activity_format != ActivityFormat.ONLINE), meeting.session
        assert bool(meeting.online_link) == (activity_format != ActivityFormat.ON_SITE), meeting.session
    onz = Meeting.objects.get(session__activity__slug="onz-rijnmond-taalbewust-lesgeven")
    with scopes_disabled():
        schools = School.objects.filter(region__slug="rijnmond", onz_member=False)
        assert any(onz.place.startswith(f"{school.name}, ") for school in schools)
    assert Meeting.objects.filter(place=facts.ICLON_PLACE).exists()
    first = Meeting.objects.filter(session=demo_session(facts.FULL_WITH_WAITING_LIST)).get()
    assert (first.starts_at, first.ends_at) == (datetime.time(14, 30), datetime.time(17, 30))
    assert first.start.tzinfo == MEETING_ZONE


def test_a_long_school_name_is_shortened_to_fit_the_meeting_place():
    school = School(name="Scholengemeenschap " * 12, street="Kolffpad", house_number="1", city="Leiden")

    place = _school_address(school)

    assert len(place) == Meeting._meta.get_field("place").max_length
    assert place.startswith("Scholengemeenschap Scholengemeenschap")
    assert place.endswith(", Kolffpad 1, Leiden")


def test_session_places_and_deadlines(demo):
    sessions = Session.objects.select_related("activity")

    assert {s.capacity for s in sessions if s.activity.kind != ActivityKind.CONFERENCE} <= set(range(12, 31))
    held = sessions.filter(onz_places__gt=0)
    assert held.exists()
    assert not held.filter(onz_places_until__isnull=True).exists()
    for session in sessions:
        first = session.meetings.first()
        assert session.registration_deadline < first.start
        assert session.registration_deadline.astimezone(MEETING_ZONE).time() == datetime.time(23, 59)


def test_most_sessions_are_open_a_few_full_one_closed_and_one_cancelled(demo):
    statuses = dict(Session.objects.values_list("status").annotate(n=Count("pk")))

    assert statuses[SessionStatus.OPEN] > Session.objects.count() / 2
    assert statuses[SessionStatus.FULL] == 3
    assert statuses[SessionStatus.CLOSED] == 1
    assert statuses[SessionStatus.CANCELLED] == 1
    assert demo_session(facts.UNDER_WAY).status == SessionStatus.CLOSED
    assert demo_session(facts.ALSO_FULL).status == SessionStatus.FULL


# --- registrations ---------------------------------------------------------------------------------


def test_the_demo_teacher_has_two_places_a_waiting_list_place_and_an_open_offer(demo):
    teacher = User.objects.get(email=facts.DEMO_TEACHER)
    places = Registration.objects.filter(participant=teacher, status=RegistrationStatus.CONFIRMED)
    waiting = WaitingListEntry.objects.get(participant=teacher, status=WaitingStatus.WAITING)
    offer = WaitingListEntry.objects.get(participant=teacher, status=WaitingStatus.OFFERED)

    assert {r.session for r in places} == {demo_session(key) for key in facts.DEMO_TEACHER_REGISTERED}
    assert all(r.registered_by == teacher for r in places)
    assert waiting.session == demo_session(facts.FULL_WITH_WAITING_LIST)
    assert waiting_position(waiting) == 4
    assert offer.session == offer.offered_session == demo_session(facts.OFFER)
    assert offer.offer_open
    assert offer.offer_reason == OfferReason.CANCELLATION
    assert offer.offer_expires_at == offer.offered_at + datetime.timedelta(hours=72)
    given_back = Registration.objects.get(session=offer.session, participant=person(facts.OFFER_CANCELLED_BY))
    assert (given_back.status, given_back.cancel_reason) == (RegistrationStatus.CANCELLED, facts.OFFER_CANCEL_REASON)
    assert offer.session.status == SessionStatus.FULL
    assert session_places(offer.session).held == 1


def test_a_full_session_has_a_waiting_list_of_generated_demo_teachers(demo):
    session = demo_session(facts.FULL_WITH_WAITING_LIST)
    queue = WaitingListEntry.objects.filter(session=session, status=WaitingStatus.WAITING).order_by("created_at", "pk")

    assert session.status == SessionStatus.FULL
    assert session.registrations.filter(status=RegistrationStatus.CONFIRMED).count() == session.capacity
    assert [entry.participant.email for entry in queue] == [
        "deelnemer13@example.org",
        "deelnemer14@example.org",
        "deelnemer15@example.org",
        facts.DEMO_TEACHER,
    ]
    assert [waiting_position(entry) for entry in queue] == [1, 2, 3, 4]


def test_generated_demo_teachers_are_verified_demo_accounts(demo):
    people = User.objects.filter(email__startswith="deelnemer")

    assert people.count() == len(facts.PARTICIPANTS)
    assert {(u.email, u.full_name) for u in people} == {
        (f"deelnemer{n}@example.org", name) for n, (name, _language) in enumerate(facts.PARTICIPANTS, start=1)
    }
    for user in people:
        assert user.is_active and not user.is_staff
        assert user.check_password(DEMO_PASSWORD)
        assert EmailAddress.objects.filter(user=user, email=user.email, verified=True, primary=True).exists()


def test_registrations_were_made_through_the_services(demo):
    registrations = Registration.objects.select_related("participant", "session")
    keys = set(Notification.objects.values_list("idempotency_key", flat=True))

    # Each registration was confirmed to its participant and has its history.
    assert all(f"professionalisation.registration:confirmed:{r.pk}" in keys for r in registrations)
    assert all(r.history.exists() for r in registrations)
    under_way = registrations.filter(session=demo_session(facts.UNDER_WAY))
    assert under_way.count() == len(facts.UNDER_WAY_REGISTERED)
    assert {r.registered_by.email for r in under_way} == {facts.COORDINATOR}
    (key, number) = facts.BY_SCHOOL_CONTACT
    by_contact = registrations.get(session=demo_session(key), participant=person(number))
    assert by_contact.registered_by.email == facts.SCHOOL_CONTACT
    with scopes_disabled():
        assert SchoolMembership.objects.filter(user=by_contact.registered_by, school=by_contact.school).exists()
    # Teachers who take part for their school were registered by the coordinator (only staff and a
    # school's contact may name the school); the others registered themselves.
    for_school = registrations.filter(school__isnull=False).exclude(pk=by_contact.pk)
    assert {r.registered_by.email for r in for_school} == {facts.COORDINATOR}
    private = registrations.filter(school__isnull=True).exclude(session=demo_session(facts.UNDER_WAY))
    assert private.exists()
    assert all(r.registered_by == r.participant for r in private)
    assert registrations.filter(onz_place=True, school__onz_member=True).exists()
    assert not registrations.filter(onz_place=True, school__onz_member=False).exists()


def test_the_cancelled_session_told_its_participants_why(demo):
    session = demo_session(facts.CANCELLED)
    registrations = session.registrations.all()

    assert session.status == SessionStatus.CANCELLED
    assert registrations.count() == len(facts.CANCELLED_REGISTERED)
    assert {(r.status, r.cancel_reason) for r in registrations} == {
        (RegistrationStatus.CANCELLED, " ".join(facts.CANCEL_REASON.split()))
    }
    told = Notification.objects.filter(
        idempotency_key__startswith=f"professionalisation.registration:session-cancelled:{session.pk}:"
    )
    assert {n.recipient for n in told} == {r.participant for r in registrations}


def test_drafts_have_no_registrations(demo):
    assert not Registration.objects.filter(session__activity__published=False).exists()
    assert not WaitingListEntry.objects.filter(activity__published=False).exists()


# --- running it again --------------------------------------------------------------------------------


def test_the_demo_prints_one_summary_line(demo):
    assert demo.startswith(summary() + " (")
    assert demo.endswith(" registrations and waiting-list places made now).")
    assert "\n" not in demo


def test_seeding_again_writes_nothing(demo):
    out = io.StringIO()

    with nothing_written(*ROWS):
        seed_demo(out, None)

    assert out.getvalue() == summary() + " (0 registrations and waiting-list places made now)."


def test_seeding_a_week_later_moves_the_meetings_but_adds_nothing(demo):
    counts = {model: model.objects.count() for model in ROWS}
    slug, index = facts.CANCELLED
    spec = next(spec for spec in facts.ACTIVITIES if spec["slug"] == slug)["sessions"][index]
    session = demo_session(facts.CANCELLED)
    later = timezone.localdate() + datetime.timedelta(days=7)

    with time_machine.travel(timezone.now() + datetime.timedelta(days=7)):
        seed_demo(io.StringIO(), None)

    assert {model: model.objects.count() for model in ROWS} == counts
    assert demo_session(facts.CANCELLED) == session
    assert list(session.meetings.values_list("date", flat=True)) == meeting_dates(spec, later)
    assert meeting_dates(spec, later) != meeting_dates(spec, later - datetime.timedelta(days=7))


def test_without_the_demo_accounts_the_offer_is_seeded_without_registrations(demo):
    Registration.objects.all().delete()
    WaitingListEntry.objects.all().delete()
    Activity.objects.all().delete()  # with their sessions and meetings
    for email in (facts.DEMO_TEACHER, facts.COORDINATOR):
        User.objects.filter(email=email).update(email=f"weg-{email}")
    out = io.StringIO()

    seed_demo(out, None)

    assert Activity.objects.count() == len(facts.ACTIVITIES)
    assert Session.objects.count() == sum(len(spec["sessions"]) for spec in facts.ACTIVITIES)
    assert not Registration.objects.exists()
    assert not WaitingListEntry.objects.exists()
    assert not Activity.organisers.through.objects.exclude(user__email=facts.RESEARCHER).exists()
    assert out.getvalue() == summary() + " (registrations skipped: the demo accounts are not there)."
