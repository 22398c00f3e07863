"""Every move of a Meet the Professor request through the services, the refused ones included:
who may make it, from which state, with which input; a refusal writes nothing."""

import datetime

import pytest
from django.utils import timezone, translation

from iclon.core.errors import Conflict, NotAllowed, PortalError
from iclon.notifications.models import Channel, Notification
from professionalisation.models import EvaluationSide, VisitEvaluation, VisitRequest, VisitStatus
from professionalisation.outreach.notifications import visits as notifications
from professionalisation.outreach.services import visits as services
from professionalisation.outreach.tasks.visits import visit_reminders_task
from tests.factories import SchoolMembershipFactory
from tests.factories.professionalisation_outreach_visits import (
    ResearcherProfileFactory,
    ResearcherUnavailabilityFactory,
    VisitRequestFactory,
)
from tests.professionalisation.outreach.visits.conftest import at

pytestmark = pytest.mark.django_db


def _create(actor, school, **changes):
    values = {
        "contact_name": "Sanne de Vries",
        "contact_email": "Sanne@School.example.org",
        "group_label": "Groep 7",
        "pupils": 28,
        "wishes": "Dinosaurussen",
        "preferred_dates": [timezone.localdate() + datetime.timedelta(days=14)],
    }
    return services.visit_request_create(actor=actor, school=school, **{**values, **changes})


def _english(error) -> str:
    with translation.override("en"):
        return str(error.value.message)


def _emails(**filters):
    return Notification.objects.filter(channel=Channel.EMAIL, **filters)


# --- create ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who", ["school_a_contact", "school_a_mentor", "professionalisation_coordinator", "administrator"]
)
def test_the_schools_people_and_coordinators_request_a_visit(people, who, school_a):
    actor = people(who)
    day = timezone.localdate() + datetime.timedelta(days=14)
    visit = _create(actor, school_a, preferred_dates=[day, (day + datetime.timedelta(days=1), "morning")])
    assert visit.status == VisitStatus.REQUESTED
    assert visit.requested_by == actor
    assert visit.contact_email == "sanne@school.example.org"
    assert [(p.date, p.part_of_day) for p in visit.preferred_dates.all()] == [
        (day, "any"),
        (day + datetime.timedelta(days=1), "morning"),
    ]
    assert visit.history.first().history_user == actor
    assert _emails(recipient=actor, category=notifications.VISITS).count() == 1


@pytest.mark.parametrize(
    "who",
    ["anonymous", "outsider", "applicant", "school_b_contact", "intake_officer", "researcher", "lead_school_contact"],
)
def test_others_may_not_request_a_visit_for_the_school(people, who, school_a, school_b_contact):
    with pytest.raises(NotAllowed):
        _create(people(who), school_a)
    assert not VisitRequest.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"pupils": 0}, "pupils", "A visit is for 1 to 200 pupils."),
        ({"pupils": 201}, "pupils", "A visit is for 1 to 200 pupils."),
        ({"wishes": "  "}, "wishes", "Say which topic or discipline the pupils would like."),
        ({"preferred_dates": []}, "preferred_dates", "Give at least one preferred date."),
        (
            {"preferred_dates": [datetime.date(2020, 1, 1)]},
            "preferred_dates",
            "Preferred dates must lie in the future.",
        ),
        ({"preferred_dates": "today"}, "preferred_dates", None),
        ({"contact_email": "not an address"}, "contact_email", None),
        ({"group_label": ""}, "group_label", None),
    ],
)
def test_a_request_is_validated(school_a_contact, school_a, changes, field, message):
    if changes.get("preferred_dates") == "today":
        changes = {"preferred_dates": [timezone.localdate()]}
    with pytest.raises(PortalError) as error:
        _create(school_a_contact, school_a, **changes)
    assert error.value.field == field
    if message:
        assert _english(error) == message
    assert not VisitRequest.objects.exists()
    assert not Notification.objects.exists()


def test_a_date_twice_is_refused(school_a_contact, school_a):
    day = timezone.localdate() + datetime.timedelta(days=5)
    with pytest.raises(PortalError) as error:
        _create(school_a_contact, school_a, preferred_dates=[day, day])
    assert _english(error) == "This date is given twice."


def test_an_inactive_school_is_refused(school_a_contact, school_a):
    school_a.is_active = False
    school_a.save()
    with pytest.raises(PortalError):
        _create(school_a_contact, school_a)


# --- propose --------------------------------------------------------------------------------------


def test_a_coordinator_proposes_a_researcher(proposed, pool_researcher, researcher_user, preferred_day):
    proposed.refresh_from_db()
    assert proposed.status == VisitStatus.PROPOSED
    assert proposed.researcher == pool_researcher
    assert proposed.starts_at == at(preferred_day)
    assert proposed.ends_at == at(preferred_day) + services.DEFAULT_DURATION
    assert proposed.answer_token_hash == services.token_hash(proposed.token)
    assert proposed.token not in proposed.answer_token_hash
    mail = _emails(recipient=researcher_user, category=notifications.VISIT_PROPOSAL).get()
    assert proposed.token in mail.body_text


@pytest.mark.parametrize("who", ["school_a_contact", "researcher_user", "intake_officer", "outsider", "anonymous"])
def test_only_coordinators_propose(people, who, visit, pool_researcher, preferred_day):
    with pytest.raises(NotAllowed):
        services.visit_propose(visit=visit, researcher=pool_researcher, starts_at=at(preferred_day), actor=people(who))
    visit.refresh_from_db()
    assert visit.status == VisitStatus.REQUESTED and visit.researcher is None


def _refused_proposal(visit, researcher, coordinator, starts_at, exc=Conflict):
    with pytest.raises(exc) as error:
        services.visit_propose(visit=visit, researcher=researcher, starts_at=starts_at, actor=coordinator)
    visit.refresh_from_db()
    assert visit.status in (VisitStatus.REQUESTED, VisitStatus.DECLINED) and visit.researcher is None
    return _english(error)


def test_a_proposal_is_refused_on_a_day_the_researcher_is_unavailable(
    visit, pool_researcher, professionalisation_coordinator, preferred_day
):
    ResearcherUnavailabilityFactory(researcher=pool_researcher, starts_on=preferred_day, ends_on=preferred_day)
    message = _refused_proposal(visit, pool_researcher, professionalisation_coordinator, at(preferred_day))
    assert message == "The researcher is not available on that day."


def test_a_proposal_is_refused_on_a_day_the_researcher_is_booked(
    visit, pool_researcher, professionalisation_coordinator, preferred_day
):
    VisitRequestFactory(
        status=VisitStatus.ACCEPTED,
        researcher=pool_researcher,
        starts_at=at(preferred_day, 14),
        ends_at=at(preferred_day, 15),
    )
    message = _refused_proposal(visit, pool_researcher, professionalisation_coordinator, at(preferred_day))
    assert message == "The researcher already has a visit on that day."


def test_a_proposal_is_refused_over_the_yearly_cap(
    visit, pool_researcher, professionalisation_coordinator, preferred_day
):
    pool_researcher.max_visits_per_year = 1
    pool_researcher.save()
    other_day = preferred_day + datetime.timedelta(days=1)
    if other_day.year != preferred_day.year:
        other_day = preferred_day - datetime.timedelta(days=1)
    VisitRequestFactory(
        status=VisitStatus.HELD, researcher=pool_researcher, starts_at=at(other_day), ends_at=at(other_day, 11)
    )
    message = _refused_proposal(visit, pool_researcher, professionalisation_coordinator, at(preferred_day))
    assert message == "The researcher has reached their number of visits for that year."


def test_a_proposal_is_refused_for_an_inactive_researcher_or_a_past_moment(
    visit, pool_researcher, professionalisation_coordinator, preferred_day
):
    message = _refused_proposal(
        visit,
        pool_researcher,
        professionalisation_coordinator,
        timezone.now() - datetime.timedelta(hours=1),
        PortalError,
    )
    assert message == "The visit must lie in the future."
    pool_researcher.active = False
    pool_researcher.save()
    message = _refused_proposal(visit, pool_researcher, professionalisation_coordinator, at(preferred_day))
    assert message == "This researcher is not active in the pool."


def test_a_proposal_is_refused_once_a_researcher_is_proposed(proposed, professionalisation_coordinator, preferred_day):
    other = ResearcherProfileFactory()
    with pytest.raises(Conflict) as error:
        services.visit_propose(
            visit=proposed, researcher=other, starts_at=at(preferred_day), actor=professionalisation_coordinator
        )
    assert _english(error) == "A researcher can only be proposed for a request that is waiting for one."
    proposed.refresh_from_db()
    assert proposed.researcher != other


# --- the researcher answers -------------------------------------------------------------------


def test_the_researcher_accepts_logged_in(accepted, school_a_contact):
    accepted.refresh_from_db()
    assert accepted.status == VisitStatus.ACCEPTED and accepted.accepted_at is not None
    assert _emails(recipient=school_a_contact, category=notifications.VISITS).count() == 1


def test_the_researcher_accepts_by_the_link_without_logging_in(proposed, researcher_user):
    visit = services.visit_researcher_answer(visit=proposed, accept=True, actor=None, token=proposed.token)
    assert visit.status == VisitStatus.ACCEPTED
    assert visit.history.first().history_user == researcher_user
    assert services.visit_for_token(proposed.token) is None  # the link has done its work


def test_the_researcher_declines_with_a_reason(
    proposed, pool_researcher, professionalisation_coordinator, preferred_day
):
    visit = services.visit_researcher_answer(
        visit=proposed, accept=False, actor=None, token=proposed.token, reason="Op congres"
    )
    assert visit.status == VisitStatus.DECLINED
    assert visit.status_reason == "Op congres"
    assert visit.researcher is None and visit.starts_at is None
    assert list(visit.declined_by.all()) == [pool_researcher]
    assert _emails(recipient=professionalisation_coordinator, category=notifications.VISITS).count() == 1
    # The coordinator proposes another, never the one who declined.
    message = _refused_proposal(visit, pool_researcher, professionalisation_coordinator, at(preferred_day))
    assert message == "This researcher has declined this request already."
    other = ResearcherProfileFactory()
    visit, _token = services.visit_propose(
        visit=visit, researcher=other, starts_at=at(preferred_day), actor=professionalisation_coordinator
    )
    assert visit.status == VisitStatus.PROPOSED and visit.status_reason == "" and visit.closed_at is None


def test_a_decline_needs_a_reason(proposed, researcher_user):
    with pytest.raises(PortalError) as error:
        services.visit_researcher_answer(visit=proposed, accept=False, actor=researcher_user, reason=" ")
    assert error.value.field == "reason"
    proposed.refresh_from_db()
    assert proposed.status == VisitStatus.PROPOSED and not proposed.declined_by.exists()


@pytest.mark.parametrize(
    "who", ["school_a_contact", "professionalisation_coordinator", "administrator", "outsider", "anonymous", "other"]
)
def test_only_the_researcher_or_the_link_answers(people, who, proposed):
    actor = ResearcherProfileFactory().user if who == "other" else people(who)
    with pytest.raises(NotAllowed):
        services.visit_researcher_answer(visit=proposed, accept=True, actor=actor)
    with pytest.raises(NotAllowed):
        services.visit_researcher_answer(visit=proposed, accept=True, actor=actor, token="wrong-token")
    proposed.refresh_from_db()
    assert proposed.status == VisitStatus.PROPOSED


def test_an_answer_once_answered_is_refused(accepted, researcher_user):
    with pytest.raises(Conflict) as error:
        services.visit_researcher_answer(visit=accepted, accept=False, actor=researcher_user, reason="Toch niet")
    assert _english(error) == "This proposal is no longer waiting for an answer."
    accepted.refresh_from_db()
    assert accepted.status == VisitStatus.ACCEPTED


# --- confirm, held --------------------------------------------------------------------------------


def test_the_school_confirms_and_both_get_the_calendar_link(confirmed, school_a_contact, researcher_user):
    confirmed.refresh_from_db()
    assert confirmed.status == VisitStatus.CONFIRMED and confirmed.confirmed_at is not None
    for person in (school_a_contact, researcher_user):
        mail = _emails(recipient=person, idempotency_key__contains=":confirmed:").get()
        assert f"/visits/{confirmed.pk}/visit.ics" in mail.body_text


@pytest.mark.parametrize(
    "who", ["researcher_user", "professionalisation_coordinator", "school_b_contact", "outsider", "anonymous"]
)
def test_only_the_school_confirms(people, who, accepted):
    with pytest.raises(NotAllowed):
        services.visit_confirm(visit=accepted, actor=people(who))
    accepted.refresh_from_db()
    assert accepted.status == VisitStatus.ACCEPTED


def test_a_visit_not_accepted_cannot_be_confirmed(proposed, school_a_contact):
    with pytest.raises(Conflict) as error:
        services.visit_confirm(visit=proposed, actor=school_a_contact)
    assert _english(error) == "Only a visit the researcher has accepted can be confirmed."


def test_a_visit_whose_date_has_passed_cannot_be_confirmed(accepted, school_a_contact):
    VisitRequest.objects.filter(pk=accepted.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=2), ends_at=timezone.now() - datetime.timedelta(hours=1)
    )
    with pytest.raises(Conflict):
        services.visit_confirm(visit=accepted, actor=school_a_contact)
    assert VisitRequest.objects.get(pk=accepted.pk).status == VisitStatus.ACCEPTED


def test_a_coordinator_marks_a_visit_held_after_its_date(held):
    assert held.status == VisitStatus.HELD and held.held_at is not None


def test_a_visit_is_not_held_before_its_date(confirmed, professionalisation_coordinator):
    with pytest.raises(Conflict) as error:
        services.visit_mark_held(visit=confirmed, actor=professionalisation_coordinator)
    assert _english(error) == "The visit has not taken place yet."
    assert VisitRequest.objects.get(pk=confirmed.pk).status == VisitStatus.CONFIRMED


def test_only_a_confirmed_visit_is_held(accepted, professionalisation_coordinator):
    with pytest.raises(Conflict):
        services.visit_mark_held(visit=accepted, actor=professionalisation_coordinator)


@pytest.mark.parametrize("who", ["school_a_contact", "researcher_user", "intake_officer", "outsider", "anonymous"])
def test_only_coordinators_mark_held(people, who, confirmed):
    VisitRequest.objects.filter(pk=confirmed.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=3))
    with pytest.raises(NotAllowed):
        services.visit_mark_held(visit=confirmed, actor=people(who))
    assert VisitRequest.objects.get(pk=confirmed.pk).status == VisitStatus.CONFIRMED


# --- evaluate ---------------------------------------------------------------------------------------


def test_both_sides_evaluate_and_the_request_is_evaluated(held, school_a_contact, researcher_user):
    school = services.visit_evaluate(
        visit=held, side=EvaluationSide.SCHOOL, actor=school_a_contact, text="Ze waren enthousiast", rating=5
    )
    assert (school.rating, school.author) == (5, school_a_contact)
    assert VisitRequest.objects.get(pk=held.pk).status == VisitStatus.HELD
    report = services.visit_evaluate(
        visit=held, side=EvaluationSide.RESEARCHER, actor=researcher_user, text="Goede vragen", rating=3
    )
    assert report.rating is None
    visit = VisitRequest.objects.get(pk=held.pk)
    assert visit.status == VisitStatus.EVALUATED and visit.closed_at is not None
    assert _emails(idempotency_key__startswith=f"{notifications.VISITS}:evaluated:").count() == 2


def test_each_side_evaluates_once(evaluated, school_a_contact):
    with pytest.raises(Conflict):
        services.visit_evaluate(visit=evaluated, side=EvaluationSide.SCHOOL, actor=school_a_contact, text="x", rating=3)
    assert VisitEvaluation.objects.filter(request=evaluated).count() == 2


def test_a_side_evaluates_once_even_before_the_other(held, school_a_contact):
    services.visit_evaluate(visit=held, side=EvaluationSide.SCHOOL, actor=school_a_contact, text="Mooi", rating=4)
    with pytest.raises(Conflict) as error:
        services.visit_evaluate(visit=held, side=EvaluationSide.SCHOOL, actor=school_a_contact, text="x", rating=3)
    assert _english(error) == "This side has evaluated the visit already."


@pytest.mark.parametrize("rating", [None, 0, 6])
def test_the_school_rates_from_1_to_5(held, school_a_contact, rating):
    with pytest.raises(PortalError) as error:
        services.visit_evaluate(visit=held, side=EvaluationSide.SCHOOL, actor=school_a_contact, text="x", rating=rating)
    assert error.value.field == "rating"
    assert not VisitEvaluation.objects.exists()


def test_an_evaluation_needs_text(held, researcher_user):
    with pytest.raises(PortalError) as error:
        services.visit_evaluate(visit=held, side=EvaluationSide.RESEARCHER, actor=researcher_user, text="")
    assert error.value.field == "text"


@pytest.mark.parametrize(
    ("side", "who"),
    [
        ("school", "researcher_user"),
        ("school", "school_b_contact"),
        ("school", "professionalisation_coordinator"),
        ("researcher", "school_a_contact"),
        ("researcher", "professionalisation_coordinator"),
        ("researcher", "outsider"),
        ("school", "anonymous"),
    ],
)
def test_only_each_side_evaluates_for_itself(people, held, side, who):
    with pytest.raises(NotAllowed):
        services.visit_evaluate(visit=held, side=side, actor=people(who), text="x", rating=4)
    assert not VisitEvaluation.objects.exists()


def test_a_visit_not_held_cannot_be_evaluated(confirmed, school_a_contact):
    with pytest.raises(Conflict) as error:
        services.visit_evaluate(visit=confirmed, side="school", actor=school_a_contact, text="x", rating=4)
    assert _english(error) == "Only a visit that has been held can be evaluated."


# --- withdraw ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["school_a_contact", "professionalisation_coordinator"])
def test_the_school_or_a_coordinator_withdraws_with_a_reason(people, who, confirmed, researcher_user):
    visit = services.visit_withdraw(visit=confirmed, actor=people(who), reason="Schoolreis verschoven")
    assert visit.status == VisitStatus.WITHDRAWN and visit.status_reason == "Schoolreis verschoven"
    mail = _emails(recipient=researcher_user, idempotency_key__contains=":withdrawn:").get()
    assert "Schoolreis verschoven" in mail.body_text


@pytest.mark.parametrize("who", ["researcher_user", "school_b_contact", "intake_officer", "outsider", "anonymous"])
def test_others_may_not_withdraw(people, who, proposed):
    with pytest.raises(NotAllowed):
        services.visit_withdraw(visit=proposed, actor=people(who), reason="x")
    assert VisitRequest.objects.get(pk=proposed.pk).status == VisitStatus.PROPOSED


def test_a_withdrawal_needs_a_reason(visit, school_a_contact):
    with pytest.raises(PortalError):
        services.visit_withdraw(visit=visit, actor=school_a_contact, reason="")
    assert VisitRequest.objects.get(pk=visit.pk).status == VisitStatus.REQUESTED


def test_a_held_visit_cannot_be_withdrawn(held, professionalisation_coordinator):
    with pytest.raises(Conflict) as error:
        services.visit_withdraw(visit=held, actor=professionalisation_coordinator, reason="x")
    assert _english(error) == "This request can no longer be withdrawn."


def test_a_withdrawn_request_moves_no_further(
    visit, school_a_contact, pool_researcher, professionalisation_coordinator, preferred_day
):
    services.visit_withdraw(visit=visit, actor=school_a_contact, reason="Geen tijd")
    with pytest.raises(Conflict):
        services.visit_propose(
            visit=visit, researcher=pool_researcher, starts_at=at(preferred_day), actor=professionalisation_coordinator
        )
    with pytest.raises(Conflict):
        services.visit_withdraw(visit=visit, actor=school_a_contact, reason="Nogmaals")


def test_a_former_member_of_the_school_no_longer_acts_for_it(accepted, school_a):
    membership = SchoolMembershipFactory(
        school=school_a,
        active_until=timezone.localdate() - datetime.timedelta(days=1),
        active_from=timezone.localdate() - datetime.timedelta(days=100),
    )
    with pytest.raises(NotAllowed):
        services.visit_confirm(visit=accepted, actor=membership.user)


def test_the_schools_messages_go_to_the_contact_address_without_an_account(school_a):
    visit = VisitRequestFactory(
        school=school_a, requested_by=None, contact_email="juf@school.example.org", language="en"
    )
    notifications.visit_requested(visit=visit)
    mail = _emails(email="juf@school.example.org").get()
    assert mail.recipient is None and mail.language == "en"
    assert mail.subject == f"Meet the Professor: your request for {school_a.name} has been received"


def test_each_side_is_told_in_their_own_language(
    visit, pool_researcher, professionalisation_coordinator, preferred_day
):
    pool_researcher.user.language = "en"
    pool_researcher.user.save()
    visit.requested_by.language = "nl"
    visit.requested_by.save()
    visit, _token = services.visit_propose(
        visit=visit, researcher=pool_researcher, starts_at=at(preferred_day), actor=professionalisation_coordinator
    )
    english = _emails(recipient=pool_researcher.user).get()
    assert english.language == "en"
    assert english.subject == f"Meet the Professor: would you visit {visit.school.name}?"
    services.visit_researcher_answer(visit=visit, accept=True, actor=pool_researcher.user)
    dutch = _emails(recipient=visit.requested_by).get()
    assert dutch.language == "nl" and dutch.subject.startswith("Meet the Professor")


def test_both_sides_are_reminded_two_days_ahead_once(confirmed, school_a_contact, researcher_user, preferred_day):
    today = preferred_day - datetime.timedelta(days=services.REMINDER_DAYS)
    assert services.visit_reminders_send(today=today - datetime.timedelta(days=1)) == 0
    assert services.visit_reminders_send(today=today) == 1
    assert services.visit_reminders_send(today=today) == 1  # a second run tells nobody twice
    for person in (school_a_contact, researcher_user):
        mail = _emails(recipient=person, idempotency_key__contains=":reminder:").get()
        assert "/visit.ics" in mail.body_text


def test_the_reminder_task_runs_the_service(confirmed, preferred_day):
    VisitRequest.objects.filter(pk=confirmed.pk).update(
        starts_at=at(timezone.localdate() + datetime.timedelta(days=services.REMINDER_DAYS))
    )
    assert visit_reminders_task() == 1


def test_the_reminders_are_scheduled_daily(settings):
    assert settings.CELERY_BEAT_SCHEDULE["professionalisation-visit-reminders"]["task"] == visit_reminders_task.name
