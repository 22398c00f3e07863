"""The services of research coordination: who may ask, the grant's fields and deadline, the state
machine (every allowed move, and refusals with their messages), assignment, notes, the thread,
the history rows and the notifications."""

import datetime

import pytest
from django.utils import timezone

from iclon.core.errors import Conflict, NotAllowed, PortalError
from iclon.notifications.models import Channel, Notification
from research.coordination import services
from research.coordination.models import SupportKind, SupportRequest, SupportRequestMessage, SupportStatus
from research.coordination.notifications import SUPPORT
from tests.factories.research_coordination import SupportRequestFactory
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db
S = SupportStatus


def emails(**filters):
    return Notification.objects.filter(channel=Channel.EMAIL, category=SUPPORT, **filters)


def ask(actor, **changes):
    values = {"kind": SupportKind.COORDINATION, "title": "Activating lectures", "description": "Help us, please."}
    return services.support_request_create(actor=actor, **{**values, **changes})


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


# --- who may ask, and what -------------------------------------------------------------------------


def test_faculty_staff_member_asks_and_the_team_hears_of_it(requester, researcher, colleague):
    support_request = ask(requester, course="Inleiding in de psychologie")
    assert support_request.status == S.SUBMITTED
    assert support_request.requester == requester
    assert support_request.assignee is None
    assert set(emails().values_list("recipient", flat=True)) == {researcher.pk, colleague.pk}
    assert "Activating lectures" in emails().first().subject
    assert support_request.history.get().history_user == requester


def test_staff_of_another_group_may_ask_too(intake_officer):
    assert ask(intake_officer).requester == intake_officer


@pytest.mark.parametrize("who", ["school_a_contact", "anonymous"])
def test_school_accounts_and_anonymous_visitors_may_not_ask(who, persona):
    with nothing_written(SupportRequest, Notification), pytest.raises(NotAllowed):
        ask(persona(who))


def test_grant_proposal_with_funder_call_and_future_deadline(requester):
    row = ask(
        requester, kind=SupportKind.GRANT_PROPOSAL, funder="NRO", grant_call="Comenius", submission_deadline=in_days(1)
    )
    assert (row.funder, row.grant_call, row.submission_deadline) == ("NRO", "Comenius", in_days(1))


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"funder": ""}, "funder", "Name the funder of the grant."),
        ({"grant_call": " "}, "grant_call", "Name the call you are writing for."),
        ({"submission_deadline": None}, "submission_deadline", "Give the submission deadline of the grant proposal."),
        ({"submission_deadline": "today"}, "submission_deadline", "The submission deadline must lie in the future."),
        ({"submission_deadline": "past"}, "submission_deadline", "The submission deadline must lie in the future."),
    ],
)
def test_grant_proposal_refused_without_its_fields_or_with_a_deadline_not_in_the_future(
    requester, changes, field, message
):
    days = {"today": 0, "past": -3}
    if changes.get("submission_deadline") in days:
        changes = {"submission_deadline": in_days(days[changes["submission_deadline"]])}
    grant = {
        "kind": SupportKind.GRANT_PROPOSAL,
        "funder": "NRO",
        "grant_call": "Comenius",
        "submission_deadline": in_days(9),
    }
    with nothing_written(SupportRequest, Notification), pytest.raises(PortalError) as refused:
        ask(requester, **{**grant, **changes})
    assert (refused.value.field, str(refused.value.message)) == (field, message)


def test_a_deadline_of_another_kind_must_also_lie_in_the_future(requester):
    with pytest.raises(PortalError, match="must lie in the future"):
        ask(requester, submission_deadline=in_days(-1))
    assert ask(requester, submission_deadline=None).submission_deadline is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "lunch"}, "kind"),
        ({"title": "  "}, "title"),
        ({"description": ""}, "description"),
        ({"desired_start": "past"}, "desired_start"),
    ],
)
def test_request_refused_on_the_field_that_is_wrong(requester, changes, field):
    if changes.get("desired_start") == "past":
        changes = {"desired_start": in_days(-1)}
    with nothing_written(SupportRequest), pytest.raises(PortalError) as refused:
        ask(requester, **changes)
    assert refused.value.field == field


# --- the state machine --------------------------------------------------------------------------------

TEAM_MOVES = [
    (S.SUBMITTED, S.IN_PROGRESS),
    (S.SUBMITTED, S.DECLINED),
    (S.IN_PROGRESS, S.WAITING),
    (S.IN_PROGRESS, S.COMPLETED),
    (S.IN_PROGRESS, S.DECLINED),
    (S.WAITING, S.IN_PROGRESS),
    (S.WAITING, S.COMPLETED),
    (S.WAITING, S.DECLINED),
]


@pytest.mark.parametrize(("start", "to"), TEAM_MOVES)
def test_the_team_makes_its_moves_and_the_requester_hears_of_each(start, to, researcher):
    row = SupportRequestFactory(status=start, requester__language="en")
    moved = services.support_request_transition(support_request=row, actor=researcher, to=to, reason="Not ours.")
    assert moved.status == to
    assert (moved.closed_at is not None) == (to in (S.COMPLETED, S.DECLINED))
    assert moved.history.latest().history_user == researcher
    told = emails(recipient=row.requester)
    assert told.count() == 1 and str(S(to).label) in told.get().subject


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (S.SUBMITTED, S.COMPLETED),
        (S.SUBMITTED, S.WAITING),
        (S.COMPLETED, S.IN_PROGRESS),
        (S.DECLINED, S.IN_PROGRESS),
        (S.WITHDRAWN, S.IN_PROGRESS),
        (S.IN_PROGRESS, S.SUBMITTED),
        (S.COMPLETED, S.DECLINED),
    ],
)
def test_the_team_is_refused_a_move_the_state_does_not_allow(start, to, researcher):
    row = SupportRequestFactory(status=start, status_reason="x" if start == S.DECLINED else "")
    with nothing_written(row, Notification), pytest.raises(Conflict) as refused:
        services.support_request_transition(support_request=row, actor=researcher, to=to, reason="r")
    assert str(refused.value.message) == f"A request that is “{S(start).label}” cannot become “{S(to).label}”."


def test_an_unknown_state_is_refused_on_the_field(researcher):
    row = SupportRequestFactory()
    with nothing_written(row), pytest.raises(PortalError) as refused:
        services.support_request_transition(support_request=row, actor=researcher, to="lost")
    assert refused.value.field == "status"


def test_declining_needs_a_reason(researcher):
    row = SupportRequestFactory()
    with nothing_written(row, Notification), pytest.raises(PortalError, match="Give a reason for declining."):
        services.support_request_transition(support_request=row, actor=researcher, to=S.DECLINED, reason="  ")


@pytest.mark.parametrize("who", ["requester", "intake_officer", "school_a_contact"])
def test_only_the_team_makes_the_teams_moves(who, persona, requester):
    row = SupportRequestFactory(requester=requester)
    with nothing_written(row), pytest.raises(NotAllowed):
        services.support_request_transition(support_request=row, actor=persona(who), to=S.IN_PROGRESS)


@pytest.mark.parametrize("start", [S.SUBMITTED, S.IN_PROGRESS, S.WAITING])
def test_the_requester_withdraws_an_open_request_and_the_assignee_hears_of_it(start, requester, researcher):
    row = SupportRequestFactory(requester=requester, status=start, assignee=researcher)
    withdrawn = services.support_request_withdraw(support_request=row, actor=requester, reason="Next year.")
    assert (withdrawn.status, withdrawn.status_reason) == (S.WITHDRAWN, "Next year.")
    assert list(emails().values_list("recipient", flat=True)) == [researcher.pk]


def test_an_unassigned_withdrawal_tells_the_whole_team(requester, researcher, colleague):
    services.support_request_withdraw(support_request=SupportRequestFactory(requester=requester), actor=requester)
    assert set(emails().values_list("recipient", flat=True)) == {researcher.pk, colleague.pk}


@pytest.mark.parametrize("start", [S.COMPLETED, S.WITHDRAWN])
def test_a_closed_request_cannot_be_withdrawn(start, requester):
    row = SupportRequestFactory(requester=requester, status=start)
    with nothing_written(row), pytest.raises(Conflict):
        services.support_request_withdraw(support_request=row, actor=requester)


@pytest.mark.parametrize("who", ["researcher", "other_requester"])
def test_nobody_but_the_requester_withdraws(who, persona):
    row = SupportRequestFactory()
    with nothing_written(row), pytest.raises(NotAllowed):
        services.support_request_withdraw(support_request=row, actor=persona(who))


def test_transition_options_are_the_actors_moves(requester, researcher):
    row = SupportRequestFactory(requester=requester, status=S.IN_PROGRESS)
    assert services.transition_options(row, researcher) == [S.WAITING, S.COMPLETED, S.DECLINED]
    assert services.transition_options(row, requester) == [S.WITHDRAWN]


# --- assignment, notes, thread ----------------------------------------------------------------------------


def test_assigning_a_colleague_tells_them_but_assigning_oneself_tells_nobody(researcher, colleague):
    row = SupportRequestFactory()
    services.support_request_assign(support_request=row, actor=researcher, assignee=colleague)
    assert list(emails().values_list("recipient", flat=True)) == [colleague.pk]
    services.support_request_assign(support_request=row, actor=researcher, assignee=researcher)
    row.refresh_from_db()
    assert row.assignee == researcher
    assert emails().count() == 1
    services.support_request_assign(support_request=row, actor=researcher, assignee=None)
    row.refresh_from_db()
    assert row.assignee is None


@pytest.mark.parametrize("who", ["administrator", "intake_officer", "requester"])
def test_only_a_member_of_the_research_staff_group_is_assigned(who, persona, researcher):
    row = SupportRequestFactory()
    with nothing_written(row), pytest.raises(PortalError) as refused:
        services.support_request_assign(support_request=row, actor=researcher, assignee=persona(who))
    assert refused.value.field == "assignee"


def test_a_closed_request_is_not_assigned(researcher):
    row = SupportRequestFactory(status=S.COMPLETED)
    with nothing_written(row), pytest.raises(Conflict):
        services.support_request_assign(support_request=row, actor=researcher, assignee=researcher)


@pytest.mark.parametrize("who", ["requester", "intake_officer"])
def test_only_the_team_assigns_and_keeps_notes(who, persona, researcher, requester):
    row = SupportRequestFactory(requester=requester)
    with nothing_written(row), pytest.raises(NotAllowed):
        services.support_request_assign(support_request=row, actor=persona(who), assignee=researcher)
    with nothing_written(row), pytest.raises(NotAllowed):
        services.support_request_notes_update(support_request=row, actor=persona(who), internal_notes="x")


def test_the_team_keeps_internal_notes_with_history(researcher):
    row = services.support_request_notes_update(
        support_request=SupportRequestFactory(), actor=researcher, internal_notes=" Link to project X. "
    )
    assert row.internal_notes == "Link to project X."
    assert row.history.latest().history_user == researcher


def test_the_thread_tells_the_other_side_and_an_answer_ends_the_wait(requester, researcher, colleague):
    row = SupportRequestFactory(requester=requester, status=S.WAITING, assignee=researcher)
    question = services.support_message_post(support_request=row, actor=researcher, text="The call text?")
    assert question.from_team and question.author == researcher
    assert list(emails().values_list("recipient", flat=True)) == [requester.pk]
    answer = services.support_message_post(support_request=row, actor=requester, text="Attached.")
    assert not answer.from_team
    assert list(emails(recipient=researcher).values_list("body_text", flat=True))[0].count("Attached.") == 1
    assert not emails(recipient=colleague).exists(), "only the assignee hears of an assigned request"
    row.refresh_from_db()
    assert row.status == S.IN_PROGRESS
    assert list(row.messages.values_list("text", flat=True)) == ["The call text?", "Attached."]


def test_no_message_to_a_closed_request_or_from_someone_else(requester, other_requester):
    closed = SupportRequestFactory(requester=requester, status=S.COMPLETED)
    with nothing_written(SupportRequestMessage), pytest.raises(Conflict):
        services.support_message_post(support_request=closed, actor=requester, text="Hello?")
    with nothing_written(SupportRequestMessage), pytest.raises(NotAllowed):
        services.support_message_post(support_request=SupportRequestFactory(), actor=other_requester, text="Hi")
    with nothing_written(SupportRequestMessage), pytest.raises(PortalError, match="Write a message."):
        services.support_message_post(
            support_request=SupportRequestFactory(requester=requester), actor=requester, text=" "
        )
