"""The professional-development admin: a coordinator opens every page; capacity, cancellations,
promotions and staff registrations go through the services (what they refuse is refused here too,
with nothing changed); registrations and waiting-list entries are never made or edited by hand;
other staff are kept out; the changelists run as many queries at 1 row as at 30."""

import datetime

import lxml.html
import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from iclon.notifications.models import Notification
from professionalisation.activities.admin.common import sessions_with_places
from professionalisation.activities.selectors import places_of
from professionalisation.activities.services import registration_cancel, registration_create, session_places
from professionalisation.models import (
    Activity,
    Meeting,
    OfferReason,
    Registration,
    RegistrationStatus,
    Session,
    SessionStatus,
    TargetAudience,
    WaitingListEntry,
    WaitingStatus,
)
from tests.factories import SchoolFactory, UserFactory
from tests.factories.professionalisation import (
    ActivityFactory,
    RegistrationFactory,
    SessionFactory,
    WaitingListEntryFactory,
)
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

PEOPLE = (Session, Registration, WaitingListEntry)


@pytest.fixture
def client():
    """The admin in English, so that the messages read as this file spells them."""
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def staff(client, professionalisation_coordinator):
    client.force_login(professionalisation_coordinator)
    return client


def url(model, view="changelist", *args):
    return reverse(f"admin:professionalisation_{model._meta.model_name}_{view}", args=args)


def change_url(row):
    return url(type(row), "change", row.pk)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def form_data(response, form_id) -> dict:
    """What a browser would post from the form as it was rendered."""
    document = lxml.html.fromstring(response.content.decode())
    data: dict[str, list[str]] = {}
    for name, value in document.get_element_by_id(form_id).form_values():
        data.setdefault(name, []).append(value)
    return data


def post_session_form(client, session, changes: dict):
    data = form_data(client.get(change_url(session)), "session_form")
    data.update({name: [value] for name, value in changes.items()})
    data["_save"] = ["Save"]
    return client.post(change_url(session), data)


def action(client, model, name, rows, **fields):
    """Post an action from the changelist: the first post shows its page, `apply=1` runs it."""
    data = {"action": name, "_selected_action": [str(row.pk) for row in rows], **fields}
    return client.post(url(model), data, follow="apply" in fields)


def person(name):
    return UserFactory(full_name=name, email=f"{name.split()[0].lower()}@example.org")


@pytest.fixture
def full_session(professionalisation_coordinator):
    """Two places, both taken (Anna, Bas), and Cas waiting."""
    session = SessionFactory(name="Najaar 2027, Leiden", capacity=2, activity__title_en="Formative assessment")
    for name in ("Anna Aarts", "Bas Bakker"):
        registration_create(session=session, participant=person(name), actor=professionalisation_coordinator)
    entry = registration_create(session=session, participant=person("Cas Claes"), actor=professionalisation_coordinator)
    assert isinstance(entry, WaitingListEntry)
    session.refresh_from_db()
    return session


# --- Every page opens, with its content ---------------------------------------------------------


def test_coordinator_opens_every_changelist_with_its_rows(staff, full_session):
    meeting = full_session.meetings.get()
    pages = {
        url(Activity): ["Formative assessment", escape(full_session.activity.title_nl)],
        url(Session): ["Najaar 2027, Leiden"],
        url(Meeting): [escape(str(meeting)), "ICLON, Kolffpad 1, Leiden"],
        url(Registration): ["anna@example.org", "bas@example.org"],
        url(WaitingListEntry): ["cas@example.org", "Waiting"],
        url(TargetAudience): ["Teachers in secondary education"],
    }
    for page, texts in pages.items():
        response = staff.get(page)
        assert response.status_code == 200, page
        content = response.content.decode()
        for text in texts:
            assert text in content, (page, text)


def test_coordinator_opens_every_change_form_with_its_content(staff, full_session):
    registration = Registration.objects.get(participant__full_name="Anna Aarts")
    entry = WaitingListEntry.objects.get()
    pages = {
        change_url(full_session.activity): [
            "Najaar 2027, Leiden",
            "2 of 2 taken, 0 left, 1 waiting",
            url(Session, "add") + f"?activity={full_session.activity.pk}",
        ],
        change_url(full_session): [
            "2 taken, 0 held by an offer, 0 left, 0 held for ONZ, 1 waiting",
            escape("Anna Aarts <anna@example.org>"),
            escape("Cas Claes <cas@example.org>") + "</a> – number 1 (this session)",
            'name="meetings-0-date"',
        ],
        change_url(full_session.meetings.get()): ["ICLON, Kolffpad 1, Leiden"],
        change_url(registration): [escape("Anna Aarts <anna@example.org>"), "Confirmed"],
        change_url(entry): [escape("Cas Claes <cas@example.org>"), "Waiting"],
        change_url(TargetAudience.objects.get(code="teachers_vo")): ["Teachers in secondary education"],
    }
    for page, texts in pages.items():
        response = staff.get(page)
        assert response.status_code == 200, page
        content = response.content.decode()
        for text in texts:
            assert text in content, (page, text)


def test_the_session_page_links_to_its_registrations_and_queue_to_act_on_them(staff, full_session):
    other = SessionFactory(activity=full_session.activity)
    RegistrationFactory(session=other, participant=person("Gijs Goud"))
    document = lxml.html.fromstring(staff.get(change_url(full_session)).content.decode())
    [registrations] = document.xpath('//a[text()="Cancel registrations"]/@href')
    [queue] = document.xpath('//a[text()="Promote or take off the waiting list"]/@href')

    listed = staff.get(registrations).context["cl"].result_list
    assert {r.participant.full_name for r in listed} == {"Anna Aarts", "Bas Bakker"}
    assert [entry.participant.full_name for entry in staff.get(queue).context["cl"].result_list] == ["Cas Claes"]


def test_add_pages_open_for_what_staff_may_add(staff, full_session):
    response = staff.get(url(Session, "add"), {"activity": full_session.activity.pk})
    assert response.status_code == 200
    assert response.context["adminform"].form.initial["activity"] == str(full_session.activity.pk)
    response = staff.get(url(Registration, "add"), {"session": full_session.pk})
    assert response.status_code == 200
    assert set(response.context["adminform"].form.fields) == {"session", "participant", "school", "join_waiting_list"}
    school = SchoolFactory(name="Da Vinci College")
    searches = {"session": "Najaar", "participant": "anna@", "school": "Vinci"}
    found = {}
    for field, term in searches.items():
        query = {"app_label": "professionalisation", "model_name": "registration", "field_name": field, "term": term}
        found[field] = [row["id"] for row in staff.get(reverse("admin:autocomplete"), query).json()["results"]]
    anna = Registration.objects.get(participant__full_name="Anna Aarts").participant
    assert found == {"session": [str(full_session.pk)], "participant": [str(anna.pk)], "school": [str(school.pk)]}
    assert 'name="title_nl"' in staff.get(url(Activity, "add")).content.decode()
    assert 'name="starts_at"' in staff.get(url(Meeting, "add")).content.decode()


def test_an_activity_is_saved_from_its_change_form(staff, full_session, professionalisation_coordinator):
    activity = full_session.activity
    data = form_data(staff.get(change_url(activity)), "activity_form")
    data.update({"title_en": ["Formative assessment in class"], "published": [], "_save": ["Save"]})

    response = staff.post(change_url(activity), data)

    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.title_en, activity.published) == ("Formative assessment in class", False)
    assert list(activity.audiences.values_list("code", flat=True)) == ["teachers_vo"]
    assert activity.history.latest().history_user == professionalisation_coordinator


# --- The session list's places ------------------------------------------------------------------


def test_session_list_shows_places_taken_held_left_and_waiting(staff, full_session, professionalisation_coordinator):
    registration_cancel(
        registration=Registration.objects.get(participant__full_name="Anna Aarts"),
        actor=professionalisation_coordinator,
    )
    registration_create(session=full_session, participant=person("Dirk Dekker"), actor=professionalisation_coordinator)
    # A session with ONZ places held: one taken by a member school's teacher, one still held.
    onz = SessionFactory(
        name="ONZ-editie", capacity=5, onz_places=2, onz_places_until=timezone.localdate() + datetime.timedelta(days=5)
    )
    registration_create(
        session=onz,
        participant=person("Eva Eijk"),
        actor=professionalisation_coordinator,
        school=SchoolFactory(onz_member=True),
    )

    response = staff.get(url(Session))

    rows = {session.pk: session for session in response.context["cl"].result_list}
    for session in (full_session, onz):
        assert places_of(rows[session.pk]) == session_places(session)
    assert session_places(full_session) == session_places(full_session).__class__(
        capacity=2, taken=1, held=1, onz_held=0, waiting=1
    )
    document = lxml.html.fromstring(response.content.decode())
    [row] = [tr for tr in document.xpath("//tr") if "Najaar 2027, Leiden" in tr.text_content()]
    cells = {
        name: row.find_class(f"field-{name}")[0].text_content()
        for name in ("capacity", "taken_display", "held_display", "left_display", "waiting_display")
    }
    assert cells == {
        "capacity": "2",
        "taken_display": "1",
        "held_display": "1",
        "left_display": "0",
        "waiting_display": "1",
    }
    [row] = [tr for tr in document.xpath("//tr") if "ONZ-editie" in tr.text_content()]
    assert row.find_class("field-left_display")[0].text_content() == "3"  # 5 − 1 taken − 1 held for ONZ


def test_annotated_places_match_the_service_for_any_session_waiters(professionalisation_coordinator):
    session = SessionFactory(capacity=1)
    RegistrationFactory(session=session)
    WaitingListEntryFactory(session=None, activity=session.activity)
    WaitingListEntryFactory(session=session, status=WaitingStatus.REMOVED)
    annotated = sessions_with_places(Session.objects.filter(pk=session.pk)).get()
    assert places_of(annotated) == session_places(session)
    assert places_of(annotated).waiting == 1


# --- Capacity through session_capacity_change ----------------------------------------------------


def test_raising_the_capacity_goes_through_the_service_and_offers_the_place(
    staff, full_session, professionalisation_coordinator
):
    response = post_session_form(staff, full_session, {"capacity": "3"})

    assert response.status_code == 302
    full_session.refresh_from_db()
    assert full_session.capacity == 3
    entry = WaitingListEntry.objects.get()
    assert (entry.status, entry.offered_session, entry.offer_reason) == (
        WaitingStatus.OFFERED,
        full_session,
        OfferReason.CAPACITY_RAISED,
    )
    latest = full_session.history.latest()
    assert (latest.capacity, latest.history_user) == (3, professionalisation_coordinator)
    assert not LogEntry.objects.exists()


def test_capacity_below_the_places_taken_is_a_form_error_and_nothing_changes(staff, full_session):
    with nothing_written(*PEOPLE, Meeting):
        response = post_session_form(staff, full_session, {"capacity": "1", "name": "Andere naam"})

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["capacity"] == ["2 places are taken or offered; the session needs at least that many."]
    assert form.data["name"] == "Andere naam"


def test_other_fields_and_meetings_are_saved_with_a_lower_capacity(staff, professionalisation_coordinator):
    session = SessionFactory(capacity=10, onz_places=4)
    registration_create(session=session, participant=person("Anna Aarts"), actor=professionalisation_coordinator)

    response = post_session_form(
        staff, session, {"capacity": "2", "onz_places": "1", "name": "Kleinere groep", "meetings-0-place": "Online"}
    )

    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.capacity, session.onz_places, session.name) == (2, 1, "Kleinere groep")
    assert session.meetings.get().place == "Online"


def test_a_new_session_is_saved_with_its_meeting(staff, professionalisation_coordinator):
    activity = ActivityFactory()
    day = timezone.localdate() + datetime.timedelta(days=40)
    data = {
        "activity": activity.pk,
        "name": "Voorjaar 2028",
        "capacity": "12",
        "onz_places": "0",
        "registration_deadline_0": (day - datetime.timedelta(days=10)).isoformat(),
        "registration_deadline_1": "17:00:00",
        "meetings-TOTAL_FORMS": "1",
        "meetings-INITIAL_FORMS": "0",
        "meetings-0-date": day.isoformat(),
        "meetings-0-starts_at": "15:30",
        "meetings-0-ends_at": "17:30",
        "meetings-0-place": "ICLON",
        "_save": "Save",
    }

    response = staff.post(url(Session, "add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    session = Session.objects.get()
    assert (session.activity, session.capacity, session.status) == (activity, 12, SessionStatus.OPEN)
    assert session.meetings.get().date == day
    assert session.history.get().history_user == professionalisation_coordinator

    with nothing_written(Session, Meeting):
        response = staff.post(url(Session, "add"), {**data, "onz_places": "13"})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors


# --- Cancelling registrations --------------------------------------------------------------------


def test_cancel_registrations_asks_then_cancels_through_the_service(
    staff, full_session, professionalisation_coordinator
):
    anna = Registration.objects.get(participant__full_name="Anna Aarts")

    page = action(staff, Registration, "cancel_action", [anna])
    assert page.status_code == 200
    content = page.content.decode()
    assert 'name="reason"' in content
    assert escape(str(anna)) in content
    assert Registration.objects.get(pk=anna.pk).status == RegistrationStatus.CONFIRMED

    response = action(staff, Registration, "cancel_action", [anna], reason="Ziek gemeld", apply="1")

    anna.refresh_from_db()
    assert (anna.status, anna.cancel_reason) == (RegistrationStatus.CANCELLED, "Ziek gemeld")
    assert anna.history.latest().history_user == professionalisation_coordinator
    assert WaitingListEntry.objects.get().status == WaitingStatus.OFFERED  # Cas is offered the place
    assert messages_of(response) == ["1 registration cancelled."]


def test_cancelling_a_cancelled_registration_is_refused_with_the_reason(
    staff, full_session, professionalisation_coordinator
):
    anna = Registration.objects.get(participant__full_name="Anna Aarts")
    registration_cancel(registration=anna, actor=professionalisation_coordinator)

    with nothing_written(*PEOPLE):
        response = action(staff, Registration, "cancel_action", [anna], apply="1")

    assert messages_of(response) == [f"Not changed: {anna}: This registration has been cancelled already."]


# --- Cancelling sessions -------------------------------------------------------------------------


def test_cancel_session_needs_a_reason(staff, full_session):
    page = action(staff, Session, "cancel_action", [full_session])
    assert page.status_code == 200
    assert escape(f"{full_session} (2 registered, 1 waiting)") in page.content.decode()

    with nothing_written(*PEOPLE):
        again = action(staff, Session, "cancel_action", [full_session], reason="  ", apply="1")

    assert again.status_code == 200
    assert again.context["form"].errors == {"reason": ["Give a reason."]}


def test_cancel_session_cancels_everyone_with_the_reason(staff, full_session, professionalisation_coordinator):
    response = action(staff, Session, "cancel_action", [full_session], reason="Docent ziek", apply="1")

    full_session.refresh_from_db()
    assert full_session.status == SessionStatus.CANCELLED
    assert full_session.history.latest().history_user == professionalisation_coordinator
    assert set(Registration.objects.values_list("status", "cancel_reason")) == {
        (RegistrationStatus.CANCELLED, "Docent ziek")
    }
    assert set(WaitingListEntry.objects.values_list("status", flat=True)) == {WaitingStatus.CLOSED}
    told = Notification.objects.filter(idempotency_key__contains=":session-cancelled:")
    assert set(told.values_list("recipient__full_name", flat=True)) == {"Anna Aarts", "Bas Bakker", "Cas Claes"}
    assert messages_of(response) == ["1 session cancelled; everyone registered or waiting is told."]


def test_cancelling_a_cancelled_session_is_refused_with_the_reason(staff, full_session):
    action(staff, Session, "cancel_action", [full_session], reason="Docent ziek", apply="1")

    with nothing_written(*PEOPLE):
        response = action(staff, Session, "cancel_action", [full_session], reason="Nog eens", apply="1")

    assert messages_of(response) == [f"Not changed: {full_session}: This session has been cancelled already."]


# --- The waiting list ----------------------------------------------------------------------------


def test_promote_asks_for_a_reason_then_offers_a_place(staff, full_session, professionalisation_coordinator):
    entry = WaitingListEntry.objects.get()
    page = action(staff, WaitingListEntry, "promote_action", [entry])
    assert 'name="reason"' in page.content.decode()
    assert "session" not in page.context["form"].fields  # the entry names its session

    with nothing_written(*PEOPLE):
        again = action(staff, WaitingListEntry, "promote_action", [entry], reason="", apply="1")
    assert again.context["form"].errors == {"reason": ["Give a reason."]}

    response = action(
        staff, WaitingListEntry, "promote_action", [entry], reason="Schoolopleider van de regio", apply="1"
    )

    entry.refresh_from_db()
    assert (entry.status, entry.offered_session, entry.offer_reason, entry.staff_reason) == (
        WaitingStatus.OFFERED,
        full_session,
        OfferReason.STAFF,
        "Schoolopleider van de regio",
    )
    history = entry.history.latest()
    assert (history.history_user, history.history_change_reason) == (
        professionalisation_coordinator,
        "Schoolopleider van de regio",
    )
    full_session.refresh_from_db()
    assert full_session.capacity == 3  # full: one more place for this person
    assert messages_of(response) == ["1 person was offered a place."]


def test_promoting_someone_not_waiting_is_refused_with_the_reason(staff, full_session):
    entry = WaitingListEntry.objects.get()
    action(staff, WaitingListEntry, "promote_action", [entry], reason="Eerste keer", apply="1")

    with nothing_written(*PEOPLE):
        response = action(staff, WaitingListEntry, "promote_action", [entry], reason="Nog eens", apply="1")

    assert messages_of(response) == [
        f"Not changed: {entry.participant} – {entry.activity} ({full_session.name}) – Place offered: "
        "Only someone who is waiting can be promoted."
    ]


def test_promoting_an_any_session_entry_asks_for_the_session(staff, professionalisation_coordinator):
    session = SessionFactory(name="Groep A", capacity=1)
    SessionFactory(name="Groep B", activity=session.activity, status=SessionStatus.CANCELLED)
    RegistrationFactory(session=session)
    entry = WaitingListEntryFactory(session=None, activity=session.activity)

    page = action(staff, WaitingListEntry, "promote_action", [entry])
    assert list(page.context["form"].fields["session"].queryset) == [session]  # not the cancelled one

    with nothing_written(*PEOPLE):
        refused = action(staff, WaitingListEntry, "promote_action", [entry], reason="Voorrang", apply="1")
    assert messages_of(refused)[0].endswith(": Choose the session to offer a place in.")

    action(staff, WaitingListEntry, "promote_action", [entry], reason="Voorrang", session=str(session.pk), apply="1")

    entry.refresh_from_db()
    assert (entry.status, entry.offered_session, entry.staff_reason) == (WaitingStatus.OFFERED, session, "Voorrang")


def test_taking_someone_off_the_waiting_list(staff, full_session):
    entry = WaitingListEntry.objects.get()
    page = action(staff, WaitingListEntry, "remove_action", [entry])
    assert page.status_code == 200
    assert WaitingListEntry.objects.get().status == WaitingStatus.WAITING

    response = action(staff, WaitingListEntry, "remove_action", [entry], apply="1")

    assert WaitingListEntry.objects.get().status == WaitingStatus.REMOVED
    assert messages_of(response) == ["1 person taken off the waiting list."]


# --- Registering someone: registration_create ---------------------------------------------------


def registration_form(session, participant, **changes):
    return {"session": session.pk, "participant": participant.pk, "school": "", "join_waiting_list": "on", **changes}


def test_staff_register_someone_through_registration_create(staff, professionalisation_coordinator):
    session = SessionFactory(name="Groep A", capacity=1)
    teacher = person("Fenna Faber")

    response = staff.post(url(Registration, "add"), registration_form(session, teacher), follow=True)

    registration = Registration.objects.get()
    assert (registration.participant, registration.status, registration.registered_by) == (
        teacher,
        RegistrationStatus.CONFIRMED,
        professionalisation_coordinator,
    )
    assert response.redirect_chain[-1][0] == change_url(registration)
    assert messages_of(response) == [f"{teacher} is registered for {session}."]
    assert Notification.objects.filter(recipient=teacher, idempotency_key__contains=":confirmed:").exists()
    session.refresh_from_db()
    assert session.status == SessionStatus.FULL


def test_registering_for_a_full_session_puts_the_person_on_the_waiting_list(staff, full_session):
    teacher = person("Fenna Faber")

    response = staff.post(url(Registration, "add"), registration_form(full_session, teacher), follow=True)

    entry = WaitingListEntry.objects.get(participant=teacher)
    assert (entry.session, entry.status) == (full_session, WaitingStatus.WAITING)
    assert response.redirect_chain[-1][0] == change_url(entry)
    assert messages_of(response) == [f"{full_session} is full: {teacher} is on its waiting list as number 2."]


@pytest.mark.parametrize(
    ("case", "error"),
    [
        ("no_waiting_list", "This session is full."),
        ("already_registered", "This person is already registered for this session."),
        ("cancelled", "This session has been cancelled."),
    ],
)
def test_refused_registration_is_a_form_error_and_nothing_is_written(staff, full_session, case, error):
    teacher = person("Fenna Faber")
    data = registration_form(full_session, teacher, join_waiting_list="")
    if case == "already_registered":
        data["participant"] = Registration.objects.filter(session=full_session).first().participant_id
    if case == "cancelled":
        Session.objects.filter(pk=full_session.pk).update(status=SessionStatus.CANCELLED)

    with nothing_written(*PEOPLE):
        response = staff.post(url(Registration, "add"), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [error]


def test_registrations_and_waiting_entries_are_never_edited_by_hand(staff, full_session):
    registration = Registration.objects.first()
    entry = WaitingListEntry.objects.get()
    content = staff.get(change_url(registration)).content.decode()
    assert 'name="_save"' not in content
    with nothing_written(*PEOPLE):
        assert staff.post(change_url(registration), {"status": "cancelled"}).status_code == 403
        assert staff.post(change_url(entry), {"status": "offered"}).status_code == 403
        assert staff.get(url(WaitingListEntry, "add")).status_code == 403
        assert staff.post(url(Registration, "delete", registration.pk), {"post": "yes"}).status_code == 403
        assert staff.post(url(WaitingListEntry, "delete", entry.pk), {"post": "yes"}).status_code == 403
        assert staff.post(url(TargetAudience, "add"), {"code": "teachers_po"}).status_code == 403
    assert url(Registration, "add") in staff.get(url(Registration)).content.decode()
    assert url(WaitingListEntry, "add") not in staff.get(url(WaitingListEntry)).content.decode()


def test_a_session_or_activity_with_people_is_cancelled_not_deleted(staff, full_session):
    with nothing_written(*PEOPLE, Activity):
        assert staff.post(url(Session, "delete", full_session.pk), {"post": "yes"}).status_code == 403
        assert staff.post(url(Activity, "delete", full_session.activity.pk), {"post": "yes"}).status_code == 403
    empty = SessionFactory()
    assert staff.post(url(Session, "delete", empty.pk), {"post": "yes"}).status_code == 302
    assert not Session.objects.filter(pk=empty.pk).exists()


# --- Who may open it -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["intake_officer", "placement_coordinator"])
def test_other_staff_get_403_on_every_page(client, persona, name, full_session):
    registration = Registration.objects.first()
    entry = WaitingListEntry.objects.get()
    client.force_login(persona(name))
    pages = [url(model) for model in (Activity, Session, Meeting, Registration, WaitingListEntry, TargetAudience)]
    pages += [
        change_url(row)
        for row in (full_session.activity, full_session, full_session.meetings.get(), registration, entry)
    ]
    pages += [url(Registration, "add"), url(Session, "add")]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 403, page
        assert "Najaar 2027" not in response.content.decode()
    with nothing_written(*PEOPLE):
        response = client.post(
            url(Session),
            {"action": "cancel_action", "_selected_action": [full_session.pk], "reason": "x", "apply": "1"},
        )
    assert response.status_code == 403


# --- Fixed queries -------------------------------------------------------------------------------


def _rows(count):
    for number in range(count):
        session = SessionFactory(activity__title_nl=f"Activiteit {number}")
        RegistrationFactory(session=session, school=SchoolFactory())
        WaitingListEntryFactory(session=session, offered_session=session if number % 2 else None)
        WaitingListEntryFactory(session=None, activity=session.activity)


def test_changelists_run_as_many_queries_at_1_row_as_at_30(staff, django_assert_max_num_queries):
    pages = [url(model) for model in (Activity, Session, Meeting, Registration, WaitingListEntry)]
    _rows(1)
    at_one = {}
    for page in pages:
        with django_assert_max_num_queries(16) as captured:
            assert staff.get(page).status_code == 200
        at_one[page] = len(captured)
    _rows(29)
    for page in pages:
        with django_assert_max_num_queries(at_one[page]):
            response = staff.get(page)
        assert response.context["cl"].result_count >= 30, page
    assert Session.objects.count() == 30
