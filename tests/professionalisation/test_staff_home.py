"""The professionalisation coordinator's home page (issue 16): "Needs your attention" counts what
waits for them (Meet the Professor requests to propose a researcher for, new or declined; visits of
an earlier day to mark as held; PAL requests to assign students to; people waiting for a place in
a full session), each linked to the admin's list filtered to exactly those rows; no other role
sees these counts, and the page counts them in a fixed number of queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from professionalisation.models import SessionStatus, VisitStatus, WaitingStatus
from professionalisation.outreach.models.pal import PalRequestStatus
from tests.core.test_staff_home import ENGLISH, attention, changelist_count, dashboard, header_links
from tests.factories import ApplicationFactory
from tests.factories.professionalisation import RegistrationFactory, SessionFactory, WaitingListEntryFactory
from tests.factories.professionalisation_outreach_pal import PalAssignmentFactory, PalRequestFactory
from tests.factories.professionalisation_outreach_visits import ResearcherProfileFactory, VisitRequestFactory

pytestmark = pytest.mark.django_db

REQUESTED = "Meet the Professor requests waiting for a researcher"
DECLINED = "Meet the Professor request declined by the researcher: propose another"
TO_MARK_HELD = "Meet the Professor visit of an earlier day not yet marked as held"
PAL = "PAL requests waiting for students to be assigned"
WAITING = "people on the waiting list of a full session"
PD_LABELS = {REQUESTED, DECLINED, TO_MARK_HELD, PAL, WAITING}
#: The plural forms, which a count of 0 takes (another role must not see them either).
PD_LABELS_ZERO = {
    "Meet the Professor requests waiting for a researcher",
    "Meet the Professor requests declined by the researcher: propose another",
    "Meet the Professor visits of an earlier day not yet marked as held",
    "PAL requests waiting for students to be assigned",
    "people on the waiting list of a full session",
}


def _visit(status, *, starts_in_days=None, **fields):
    """A request in `status`; an arranged one gets a researcher and an hour on the day
    `starts_in_days` from today (negative: before today)."""
    if starts_in_days is not None:
        day = timezone.localdate() + datetime.timedelta(days=starts_in_days)
        start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))
        fields |= {
            "researcher": ResearcherProfileFactory(),
            "starts_at": start,
            "ends_at": start + datetime.timedelta(hours=1),
        }
    return VisitRequestFactory(status=status, **fields)


def visit_rows(rows: int = 1) -> dict[str, list]:
    """`rows` requests waiting for a researcher (and one declined, one confirmed visit of
    yesterday for every row); and requests that wait for nobody at ICLON, or not yet."""
    counted = {
        "requested": [_visit(VisitStatus.REQUESTED) for _ in range(2 * rows)],
        "declined": [_visit(VisitStatus.DECLINED) for _ in range(rows)],
        "to_mark_held": [_visit(VisitStatus.CONFIRMED, starts_in_days=-1) for _ in range(rows)],
    }
    _visit(VisitStatus.CONFIRMED, starts_in_days=1)  # still to come
    _visit(VisitStatus.CONFIRMED, starts_in_days=0)  # today: it may still be on
    _visit(VisitStatus.PROPOSED, starts_in_days=5)  # waits for the researcher's answer
    _visit(VisitStatus.ACCEPTED, starts_in_days=-2)  # waits for the school's confirmation
    _visit(VisitStatus.HELD, starts_in_days=-3)  # waits for the evaluations
    _visit(VisitStatus.WITHDRAWN)
    return counted


def pal_rows(rows: int = 1) -> list:
    """`2 × rows` requests waiting for students; and requests with students, confirmed or closed."""
    counted = [PalRequestFactory(status=PalRequestStatus.REQUESTED) for _ in range(2 * rows)]
    PalAssignmentFactory()  # its request: students assigned, waiting for their answers
    PalAssignmentFactory(confirmed=True)
    PalRequestFactory(status=PalRequestStatus.CLOSED)
    PalRequestFactory(status=PalRequestStatus.WITHDRAWN)
    return counted


def waiting_rows(rows: int = 1) -> list:
    """`2 × rows` people waiting in a full session; and people waiting where a place will come by
    itself, or no longer waiting."""
    full = SessionFactory(status=SessionStatus.FULL)
    counted = [WaitingListEntryFactory(session=full) for _ in range(2 * rows)]
    WaitingListEntryFactory(session=full, status=WaitingStatus.REMOVED)
    WaitingListEntryFactory(
        session=full,
        status=WaitingStatus.OFFERED,
        offered_session=full,
        offered_at=timezone.now(),
        offer_expires_at=timezone.now() + datetime.timedelta(hours=24),
    )
    WaitingListEntryFactory(session=SessionFactory())  # an open session offers the next free place
    WaitingListEntryFactory(session=SessionFactory(status=SessionStatus.CLOSED))
    WaitingListEntryFactory(session=None, activity=full.activity)  # any session of the activity
    return counted


@pytest.fixture
def pd_rows(db):
    return {**visit_rows(), "pal": pal_rows(), "waiting": waiting_rows()}


def listed_pks(client, url: str) -> set[int]:
    response = client.get(url, headers=ENGLISH)
    assert response.status_code == 200
    return {row.pk for row in response.context["cl"].result_list}


@pytest.mark.parametrize("role", ["professionalisation_coordinator", "administrator"])
def test_pd_coordinators_see_their_counts_linked_to_exactly_those_rows(client, request, pd_rows, role):
    content = dashboard(client, request.getfixturevalue(role))
    items = attention(content)
    expected = {
        REQUESTED: ("visitrequest", pd_rows["requested"]),
        DECLINED: ("visitrequest", pd_rows["declined"]),
        TO_MARK_HELD: ("visitrequest", pd_rows["to_mark_held"]),
        PAL: ("palrequest", pd_rows["pal"]),
        WAITING: ("waitinglistentry", pd_rows["waiting"]),
    }
    for label, (model, rows) in expected.items():
        count, url = items[label]
        assert count == len(rows), label
        assert url.startswith(reverse(f"admin:professionalisation_{model}_changelist") + "?"), label
        assert changelist_count(client, url) == len(rows), label
        assert listed_pks(client, url) == {row.pk for row in rows}, label


def test_the_counts_come_in_the_slices_order_after_the_other_roles(client, administrator, pd_rows):
    content = dashboard(client, administrator)
    labels = list(attention(content))
    ours = [label for label in labels if label in PD_LABELS]
    assert ours == [REQUESTED, DECLINED, TO_MARK_HELD, PAL, WAITING]
    assert labels.index("research questions to answer") < labels.index(REQUESTED)


def test_nothing_waiting_shows_the_counts_at_zero(client, professionalisation_coordinator):
    items = attention(dashboard(client, professionalisation_coordinator))
    assert {label: count for label, (count, _url) in items.items()} == dict.fromkeys(PD_LABELS_ZERO, 0)


def test_the_pd_coordinators_header_leads_with_their_tools(client, professionalisation_coordinator):
    header = header_links(dashboard(client, professionalisation_coordinator))
    assert header["Attendance"] == reverse("completion:meetings")
    assert header["PD dashboard"] == reverse("completion:dashboard")


@pytest.fixture
def participant(db):
    """A teacher with a registration for a session (and so a page of their own professional development)."""
    return RegistrationFactory().participant


@pytest.mark.parametrize(
    "role",
    ["intake_officer", "placement_coordinator", "researcher", "participant", "applicant", "school_a_contact"],
)
def test_other_roles_see_none_of_these_counts(client, request, pd_rows, role):
    if role == "applicant":
        ApplicationFactory(applicant=request.getfixturevalue("applicant"))
    content = dashboard(client, request.getfixturevalue(role))
    labels = set(attention(content))
    assert not labels & (PD_LABELS | PD_LABELS_ZERO)
    assert "Meet the Professor request" not in content
    assert "PAL requests waiting" not in content
    assert "waiting list of a full session" not in content


def test_a_visitor_not_signed_in_is_sent_to_log_in(client, pd_rows):
    response = client.get(reverse("core:dashboard"), headers=ENGLISH)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


#: The PD coordinator's second page of the session, measured: the same at 1 and at 30 rows of each
#: kind (Meet the Professor 1 query, PAL 1, the waiting lists 1; the rest is the session, the user,
#: the permissions, the two-factor check and the apps' cards).
PD_COORDINATOR_BUDGET = 14


@pytest.mark.parametrize("rows", [1, 30])
def test_the_pd_coordinators_home_page_counts_in_a_fixed_number_of_queries(
    client, professionalisation_coordinator, django_assert_max_num_queries, rows
):
    counted = {**visit_rows(rows), "pal": pal_rows(rows), "waiting": waiting_rows(rows)}
    client.force_login(professionalisation_coordinator)
    url = reverse("core:dashboard")
    client.get(url, headers=ENGLISH)  # the first page of the session fills the per-user cache
    with django_assert_max_num_queries(PD_COORDINATOR_BUDGET):
        response = client.get(url, headers=ENGLISH)
    items = attention(response.content.decode())
    assert items[REQUESTED][0] == len(counted["requested"]) == 2 * rows
    assert items[PAL][0] == 2 * rows
    assert items[WAITING][0] == 2 * rows
