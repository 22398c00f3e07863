"""Placements: offers of schools, matching, the school's answer, running placements, evaluations.

Every write is here. Capacity is the rule that matters most: `placement_propose` locks the offer
row (SELECT … FOR UPDATE on PostgreSQL; SQLite serialises writers itself) and counts the places
taken inside the same transaction, so concurrent matches can never overfill an offer.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from types import EllipsisType
from typing import Any, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from iclon.accounts.models import User
from iclon.core.errors import Conflict, NotAllowed, PortalError, full_clean_or_raise
from iclon.core.history import record_history_as
from partnerships.models import EducationRegion, School, TrainingSchoolPartnership
from partnerships.selectors import active_memberships
from programmes.catalogue.models import SchoolSubject, Sector
from programmes.intake.models import EMPLOYMENT_HOURS_MESSAGE, Application, employment_hours_allowed
from programmes.placements import hooks
from programmes.placements import notifications as placement_notifications
from programmes.placements.models import (
    INTRODUCTION_MAX_LENGTH,
    TAKING_PLACE,
    Evaluation,
    Placement,
    PlacementOffer,
    PlacementPeriod,
    PlacementStatus,
    PlacementWish,
    Weekday,
)
from programmes.placements.permissions import (  # noqa: F401  (re-exported for the edges)
    MANAGE,
    MANAGING_ROLES,
    MATCH,
    TRAINEE_STATUSES,
    active_roles,
    can_manage_offers,
    can_respond_to_placement,
    is_placement_staff,
    is_trainee,
)
from programmes.placements.reasons import CODES

P = PlacementStatus
M = TypeVar("M", PlacementOffer, Placement, Evaluation)


class OfferFull(Conflict):
    default_message = _("This offer is full: all its places are taken.")


def _check_days(days: Iterable[str]) -> list[str]:
    days = list(dict.fromkeys(days or []))
    if any(day not in Weekday.values for day in days):
        raise PortalError(_("Choose weekdays from Monday to Friday."), field="days_available")
    return [day for day in Weekday.values if day in days]


def _check_mentors(school: School, mentors: Iterable[User]) -> list[User]:
    mentors = list(mentors or [])
    members = set(active_memberships(school_ids=[school.pk]).filter(user__in=mentors).values_list("user_id", flat=True))
    if any(mentor.pk not in members for mentor in mentors):
        raise PortalError(_("A workplace mentor must work at this school."), field="mentors")
    return mentors


def suiting_subjects(trainee: Application) -> frozenset[int | None]:
    """The one hard rule of matching, as the subjects an offer may have to suit `trainee`: the
    trainee's own subject, and no subject (a primary school's offer) for a trainee of a
    primary-education route. `offer_suits`, `suiting_offers` and the matching page all read it."""
    subjects: set[int | None] = {trainee.subject_id} if trainee.subject_id is not None else set()
    if trainee.pathway.sector == Sector.PO:
        subjects.add(None)
    return frozenset(subjects)


def offer_suits(*, offer: PlacementOffer, trainee: Application) -> bool:
    """Whether `offer` suits `trainee` (`suiting_subjects`): checked by `placement_propose`, used
    by the matching page for every suggestion."""
    return offer.subject_id in suiting_subjects(trainee)


def suiting_offers(trainees: Iterable[Application]) -> Q | None:
    """The condition on offers that suit at least one of `trainees` (`suiting_subjects`), for a
    query; None when no offer can suit any of them."""
    subjects = set().union(*(suiting_subjects(trainee) for trainee in trainees))
    if not subjects:
        return None
    condition = Q(subject_id__in=subjects - {None})
    if None in subjects:
        condition |= Q(subject__isnull=True)
    return condition


# Locks take `of=("self",)`: PostgreSQL refuses FOR UPDATE on the nullable side of an outer join
# (the optional offer), and locking the joined rows (school, period, pathway) would make unrelated
# requests queue behind each other.
def _locked(model: type[M], pk: int, *related: str) -> M:
    """Lock one row of a school-owned model (offer, placement, evaluation) until the transaction ends."""
    # scope: the lock re-reads a row the caller found through its selector, whoever acts; every
    # service checks the actor against the locked row right after.
    return model.objects.unscoped().select_for_update(of=("self",)).select_related(*related).get(pk=pk)


def places_taken(offer: PlacementOffer) -> int:
    # scope: capacity counts every placement on the offer, whoever asks.
    return Placement.objects.unscoped().filter(offer=offer, status__in=TAKING_PLACE).count()


# --- offers -------------------------------------------------------------------------------------


def offer_create(
    *,
    school: School,
    period: PlacementPeriod,
    places: int,
    actor: User,
    subject: SchoolSubject | None = None,
    mentors: Iterable[User] = (),
    days_available: Iterable[str] = (),
    paid_job_possible: bool = False,
    notes: str = "",
) -> PlacementOffer:
    """Publish places at `school` for `period`. Raises NotAllowed for users who don't manage the
    school's offers, PortalError for bad input (no places, a mentor from elsewhere, a past period)."""
    with transaction.atomic():
        if not can_manage_offers(actor, school):
            raise NotAllowed()
        if period.ends_on < timezone.localdate():
            raise PortalError(_("This period is over; choose a coming period."), field="period")
        offer = PlacementOffer(
            school=school,
            subject=subject,
            period=period,
            places=places or 0,
            days_available=_check_days(days_available),
            paid_job_possible=paid_job_possible,
            notes=(notes or "").strip(),
            created_by=actor,
        )
        if offer.places < 1:
            raise PortalError(_("An offer has at least one place."), field="places")
        full_clean_or_raise(offer)
        offer.save()
        offer.mentors.set(_check_mentors(school, mentors))
        return offer


def offer_update(
    *, offer: PlacementOffer, actor: User, mentors: Iterable[User] | None = None, **fields: Any
) -> PlacementOffer:
    """Change an offer. The number of places never drops below the places already taken."""
    with transaction.atomic():
        offer = _locked(PlacementOffer, offer.pk, "school")
        if not can_manage_offers(actor, offer.school):
            raise NotAllowed()
        allowed = {"subject", "period", "places", "days_available", "paid_job_possible", "notes", "is_open"}
        unknown = set(fields) - allowed
        if unknown:
            raise PortalError(
                _("These fields cannot be changed here: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
            )
        if "days_available" in fields:
            fields["days_available"] = _check_days(fields["days_available"])
        if "period" in fields and fields["period"] != offer.period and fields["period"].ends_on < timezone.localdate():
            raise PortalError(_("This period is over; choose a coming period."), field="period")
        taken = places_taken(offer)
        moves = ("period" in fields and fields["period"] != offer.period) or (
            "subject" in fields and fields["subject"] != offer.subject
        )
        if moves and taken:
            raise Conflict(_("Trainees are placed on this offer; its period and subject can no longer change."))
        if "places" in fields and (fields["places"] or 0) < 1:
            raise PortalError(_("An offer has at least one place."), field="places")
        if "places" in fields and fields["places"] < taken:
            raise PortalError(
                _("%(taken)s places are taken; the offer needs at least that many.") % {"taken": taken}, field="places"
            )
        for name, value in fields.items():
            setattr(offer, name, value)
        full_clean_or_raise(offer)
        offer.save()
        if mentors is not None:
            offer.mentors.set(_check_mentors(offer.school, mentors))
        return offer


# --- matching and the school's answer ------------------------------------------------------------


def _stored_reason(reason: dict | str) -> dict | str:
    """A reason as the placement keeps it: a code with its values (reasons.py), or a text as given."""
    if isinstance(reason, dict):
        if reason.get("code") not in CODES or not isinstance(reason.get("params", {}), dict):
            raise PortalError(_("Unknown reason for this match."))
        return {"code": reason["code"], "params": dict(reason.get("params") or {})}
    return str(reason)


def placement_propose(
    *, offer: PlacementOffer, trainee: Application, actor: User, reasons: Iterable[dict | str] = ()
) -> Placement:
    """Match `trainee` to `offer` (a placement coordinator's one action). The school is asked to
    confirm. Raises OfferFull when every place is taken, Conflict when the trainee is placed
    already in that period, PortalError when the offer does not fit the trainee."""
    with transaction.atomic():
        if not is_placement_staff(actor, MATCH):
            raise NotAllowed()
        # The lock: concurrent proposals for this offer queue here, and each counts the places taken
        # only after the previous one committed.
        offer = _locked(PlacementOffer, offer.pk, "school", "period")
        trainee = Application.objects.select_related("pathway", "subject").get(pk=trainee.pk)
        if trainee.status not in TRAINEE_STATUSES:
            raise PortalError(_("Only admitted or enrolled trainees can be placed."))
        if not offer.is_open:
            raise Conflict(_("This offer is closed."))
        if not offer_suits(offer=offer, trainee=trainee):
            raise PortalError(_("This offer is for another subject."))
        if offer.period.ends_on < timezone.localdate():
            raise Conflict(_("This period is over; choose a coming period."))
        # scope: a trainee's placements at every school count, whoever asks.
        if Placement.objects.unscoped().filter(trainee=trainee, period=offer.period, status__in=TAKING_PLACE).exists():
            raise Conflict(_("This trainee already has a placement in this period."))
        if places_taken(offer) >= offer.places:
            raise OfferFull()
        placement = Placement(
            trainee=trainee,
            school=offer.school,
            offer=offer,
            period=offer.period,
            kind=Placement.Kind.OFFER,
            status=P.PROPOSED,
            match_reasons=[_stored_reason(reason) for reason in reasons],
            proposed_by=actor,
        )
        try:
            with transaction.atomic():
                placement.save()
        except IntegrityError as error:
            raise Conflict(_("This trainee already has a placement in this period.")) from error
        placement_notifications.placement_proposed(placement=placement)
        return placement


def placement_register_employment(
    *, trainee: Application, school: School, period: PlacementPeriod, actor: User, hours: int | None = None
) -> Placement:
    """A trainee who works as a teacher registers that job as their placement; the school confirms."""
    with transaction.atomic():
        if not is_trainee(actor, trainee):
            raise NotAllowed()
        if period.ends_on < timezone.localdate():
            raise PortalError(_("This period is over; choose a coming period."), field="period")
        if not employment_hours_allowed(hours):
            raise PortalError(EMPLOYMENT_HOURS_MESSAGE, field="hours")
        placement = Placement(
            trainee=trainee,
            school=school,
            period=period,
            kind=Placement.Kind.EMPLOYMENT,
            status=P.PROPOSED,
            employment_hours=hours,
            proposed_by=actor,
        )
        try:
            with transaction.atomic():
                placement.save()
        except IntegrityError as error:
            raise Conflict(_("You already have a placement in this period.")) from error
        placement_notifications.placement_proposed(placement=placement)
        return placement


def _lock_placement(placement: Placement) -> Placement:
    return _locked(Placement, placement.pk, "school", "period", "trainee", "offer")


def placement_confirm(
    *,
    placement: Placement,
    actor: User,
    workplace_mentor: User | None = None,
    school_teacher_educator: User | None = None,
) -> Placement:
    """The school confirms a proposed placement (and may name the mentor); the evaluations are
    planned. The trainee and the coordinator are told."""
    with transaction.atomic():
        placement = _lock_placement(placement)
        if not can_respond_to_placement(actor, placement):
            raise NotAllowed()
        if placement.status != P.PROPOSED:
            raise Conflict(_("Only a proposed placement can be confirmed."))
        guard_refusal = hooks.start_refusal(placement=placement)
        if guard_refusal:
            raise Conflict(guard_refusal)
        for person, field in (
            (workplace_mentor, "workplace_mentor"),
            (school_teacher_educator, "school_teacher_educator"),
        ):
            if person is not None:
                if not active_roles(person, placement.school_id):
                    raise PortalError(_("This person does not work at the school."), field=field)
                setattr(placement, field, person)
        placement.status, placement.responded_by, placement.responded_at = P.CONFIRMED, actor, timezone.now()
        placement.save()
        _plan_evaluations(placement)
        placement_notifications.placement_confirmed(placement=placement)
        return placement


def placement_decline(*, placement: Placement, actor: User, reason: str) -> Placement:
    """The school declines a proposed placement, with the reason; the place is free again and the
    trainee is back on the matching list. The coordinator is told."""
    with transaction.atomic():
        placement = _lock_placement(placement)
        if not can_respond_to_placement(actor, placement):
            raise NotAllowed()
        if placement.status != P.PROPOSED:
            raise Conflict(_("Only a proposed placement can be declined."))
        reason = (reason or "").strip()
        if not reason:
            raise PortalError(_("Give the reason, so the coordinator can find a better match."), field="reason")
        placement.status, placement.decline_reason = P.DECLINED, reason
        placement.responded_by, placement.responded_at = actor, timezone.now()
        placement.save()
        placement_notifications.placement_declined(placement=placement)
        return placement


_MOVES: dict[str, tuple[tuple[PlacementStatus, ...], Promise]] = {
    P.RUNNING: ((P.CONFIRMED,), _("Only a confirmed placement can start.")),
    P.COMPLETED: ((P.RUNNING,), _("Only a running placement can be completed.")),
    P.CANCELLED: ((P.PROPOSED, P.CONFIRMED, P.RUNNING), _("This placement can no longer be cancelled.")),
}


def placement_cancel(
    *, placement: Placement, actor: User | None, reason: str = "", withdrawal: bool = False
) -> Placement:
    """Cancel a proposed, confirmed or running placement: the place is free again, the school's
    contacts and school-based teacher educators and the trainee are told, and the history row names
    the actor and the reason. The one way to cancel: placement staff (the admin's action, the API)
    and a trainee's withdrawal from the programme (`withdrawal=True`, called through intake's hook
    after intake checked that the actor may withdraw the application)."""
    with transaction.atomic():
        placement = _lock_placement(placement)
        if not withdrawal and not is_placement_staff(actor, MANAGE):
            raise NotAllowed()
        sources, refusal = _MOVES[P.CANCELLED]
        if placement.status not in sources:
            raise Conflict(refusal)
        reason = (reason or "").strip()
        if withdrawal and not reason:
            reason = gettext("The trainee withdrew from the programme.")
        placement.status, placement.decline_reason = P.CANCELLED, reason
        record_history_as(placement, actor)
        # simple_history reads this attribute; it is not declared on the model.
        placement._change_reason = (reason or gettext("Cancelled"))[:100]  # type: ignore[attr-defined]
        placement.save()
        placement_notifications.placement_cancelled(placement=placement, withdrawal=withdrawal)
        return placement


def placement_set_status(*, placement: Placement, status: str, actor: User, reason: str = "") -> Placement:
    """Placement staff start, complete or cancel a placement. Completing needs the final
    evaluations submitted."""
    with transaction.atomic():
        placement = _lock_placement(placement)
        if not is_placement_staff(actor, MANAGE):
            raise NotAllowed()
        if status not in _MOVES:
            raise PortalError(_("Choose start, complete or cancel."), field="status")
        if status == P.CANCELLED:
            return placement_cancel(placement=placement, actor=actor, reason=reason)
        sources, refusal = _MOVES[status]
        if placement.status not in sources:
            raise Conflict(refusal)
        if status == P.COMPLETED:
            # scope: the rule counts every evaluation of the placement, whoever asks.
            open_finals = Evaluation.objects.unscoped().filter(
                placement=placement, moment=Evaluation.Moment.FINAL, submitted_at__isnull=True
            )
            if open_finals.exists():
                raise Conflict(_("The final evaluations must be submitted first."))
        if status == P.RUNNING:
            guard_refusal = hooks.start_refusal(placement=placement)
            if guard_refusal:
                raise Conflict(guard_refusal)
        placement.status = status
        if reason:
            placement.decline_reason = reason.strip()
        placement.save()
        return placement


def placement_assign_people(
    *,
    placement: Placement,
    actor: User,
    workplace_mentor: User | None | EllipsisType = ...,
    school_teacher_educator: User | None | EllipsisType = ...,
    institute_educator: User | None | EllipsisType = ...,
) -> Placement:
    """Name the mentor and educators. Mentors and school educators work at the school; the
    institute-based educator is ICLON staff. Pass None to clear, leave out to keep."""
    with transaction.atomic():
        placement = _lock_placement(placement)
        if not can_respond_to_placement(actor, placement):
            raise NotAllowed()
        for person, field in (
            (workplace_mentor, "workplace_mentor"),
            (school_teacher_educator, "school_teacher_educator"),
        ):
            if person is ... or person is None:
                continue
            if not active_roles(person, placement.school_id):
                raise PortalError(_("This person does not work at the school."), field=field)
        # mypy does not narrow on `not in (..., None)`: here the educator is a User.
        if institute_educator not in (..., None) and not institute_educator.is_staff:  # type: ignore[union-attr]
            raise PortalError(
                _("The institute-based teacher educator is a member of ICLON's staff."), field="institute_educator"
            )
        if institute_educator is not ... and not is_placement_staff(actor, MANAGE):
            raise NotAllowed()
        for person, field in (
            (workplace_mentor, "workplace_mentor"),
            (school_teacher_educator, "school_teacher_educator"),
            (institute_educator, "institute_educator"),
        ):
            if person is not ...:
                setattr(placement, field, person)
        placement.save()
        return placement


# --- evaluations --------------------------------------------------------------------------------


def _plan_evaluations(placement: Placement) -> None:
    """Mid-term (halfway) and final (a week before the end) evaluations by the workplace mentor
    and the institute-based educator; idempotent."""
    period = placement.period
    halfway = period.starts_on + (period.ends_on - period.starts_on) / 2
    final = period.ends_on - datetime.timedelta(days=7)
    for moment, due in ((Evaluation.Moment.MIDTERM, halfway), (Evaluation.Moment.FINAL, final)):
        for author in Evaluation.Author.values:
            # scope: planned for the placement whoever confirms it (the school, or placement staff).
            Evaluation.objects.unscoped().get_or_create(
                placement=placement, moment=moment, author_role=author, defaults={"due_on": due}
            )


def can_write_evaluation(user: User | AnonymousUser | None, evaluation: Evaluation) -> bool:
    """The workplace mentor writes the mentor's evaluation; the institute-based educator, or
    placement staff who manage, the institute's. Nobody writes one for a person not yet named
    (an anonymous user's pk is None, as is an unnamed mentor's)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    placement = evaluation.placement
    if evaluation.author_role == Evaluation.Author.WORKPLACE_MENTOR:
        return placement.workplace_mentor_id is not None and placement.workplace_mentor_id == user.pk
    named = placement.institute_educator_id is not None and placement.institute_educator_id == user.pk
    return named or is_placement_staff(user, MANAGE)


def evaluation_submit(
    *, evaluation: Evaluation, actor: User, strengths: str, development_points: str, judgement: str
) -> Evaluation:
    with transaction.atomic():
        evaluation = _locked(Evaluation, evaluation.pk, "placement")
        if not can_write_evaluation(actor, evaluation):
            raise NotAllowed()
        if evaluation.placement.status not in (P.CONFIRMED, P.RUNNING, P.COMPLETED):
            raise Conflict(_("Evaluations are written for confirmed placements."))
        if evaluation.released_at:
            raise Conflict(_("This evaluation has been released to the trainee and can no longer change."))
        if judgement not in Evaluation.Judgement.values:
            raise PortalError(_("Choose a judgement."), field="judgement")
        if not (strengths or "").strip():
            raise PortalError(_("Describe the trainee's strengths."), field="strengths")
        evaluation.strengths, evaluation.development_points = strengths.strip(), (development_points or "").strip()
        evaluation.judgement, evaluation.author, evaluation.submitted_at = judgement, actor, timezone.now()
        evaluation.save()
        return evaluation


def evaluation_release(*, evaluation: Evaluation, actor: User) -> Evaluation:
    """Show a submitted evaluation to the trainee (who is told)."""
    with transaction.atomic():
        evaluation = _locked(Evaluation, evaluation.pk, "placement__trainee")
        if not can_write_evaluation(actor, evaluation):
            raise NotAllowed()
        if not evaluation.submitted_at:
            raise Conflict(_("Submit the evaluation before releasing it."))
        if evaluation.released_at:
            return evaluation
        evaluation.released_at = timezone.now()
        evaluation.save(update_fields=["released_at", "updated_at"])
        placement_notifications.evaluation_released(evaluation=evaluation)
        return evaluation


# --- the trainee's wishes ------------------------------------------------------------------------


def _check_introduction(text: str) -> str:
    text = (text or "").strip()
    if len(text) > INTRODUCTION_MAX_LENGTH:
        raise PortalError(
            _("Keep your introduction to %(limit)d characters (it has %(count)d).")
            % {"limit": INTRODUCTION_MAX_LENGTH, "count": len(text)},
            field="introduction",
        )
    return text


def wish_save(
    *,
    trainee: Application,
    actor: User,
    region: EducationRegion | None = None,
    municipality: str = "",
    partnership: TrainingSchoolPartnership | None = None,
    days_available: Iterable[str] = (),
    notes: str = "",
    introduction: str = "",
) -> PlacementWish:
    with transaction.atomic():
        if not is_trainee(actor, trainee):
            raise NotAllowed()
        wish, _created = PlacementWish.objects.update_or_create(
            trainee=trainee,
            defaults={
                "region": region,
                "municipality": (municipality or "").strip(),
                "partnership": partnership,
                "days_available": _check_days(days_available),
                "notes": (notes or "").strip(),
                "introduction": _check_introduction(introduction),
            },
        )
        return wish


# --- what placements do when intake announces an event (programmes/placements/receivers.py) ------

LIVE = (P.PROPOSED, P.CONFIRMED, P.RUNNING)


def live_placements_of(application: Application) -> list[Placement]:
    """The trainee's proposed, confirmed and running placements (read outside any request scope:
    intake's services call this for the trainee, whoever is signed in)."""
    # scope: intake's hook acts for the trainee, whoever is signed in; every school's rows count.
    return list(Placement.objects.unscoped().filter(trainee=application, status__in=LIVE).order_by("pk"))


def live_placement_exists() -> Exists:
    """A live placement of the application in the outer query (`OuterRef("pk")`)."""
    # scope: a fact about the application (it holds anonymisation back), not a viewer's list.
    return Exists(Placement.objects.unscoped().filter(trainee=OuterRef("pk"), status__in=LIVE))


def placements_anonymise(*, application: Application) -> Q:
    """Clear what was written about the trainee of `application`: placements keep school, period and
    status for the statistics; the match and decline reasons, the evaluations' texts, the wishes and
    the history of placements and evaluations go. Returns the outbox rows that name the trainee."""
    # scope: anonymisation clears the trainee's data at every school (intake's service, staff only).
    placements = Placement.objects.unscoped().filter(trainee_id=application.pk)
    placement_ids = list(placements.values_list("pk", flat=True))
    # scope: as above, every evaluation of those placements.
    evaluations = Evaluation.objects.unscoped().filter(placement_id__in=placement_ids)
    evaluation_ids = list(evaluations.values_list("pk", flat=True))
    placements.update(match_reasons=[], decline_reason="")
    evaluations.update(strengths="", development_points="")
    Placement.history.filter(id__in=placement_ids).delete()
    Evaluation.history.filter(placement_id__in=placement_ids).delete()
    PlacementWish.objects.filter(trainee_id=application.pk).delete()
    return placement_notifications.notification_keys(placement_ids=placement_ids, evaluation_ids=evaluation_ids)
