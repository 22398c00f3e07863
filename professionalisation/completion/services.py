"""Attendance, completion, certificates and evaluations: every write of the completion slice.

Pages, the admin, the API, the demo and tasks call these; none writes the models itself.

The rules, decided here once:

* Attendance is recorded by staff (`professionalisation.change_attendance`) for the *confirmed*
  registrations of the meeting's own session only. It can be recorded from the meeting's day on
  (Europe/Amsterdam): staff tick people off as they arrive, but nobody is marked (present or
  absent) for a meeting on a later day. Recording again overwrites the earlier mark.
* The completion rule is the activity's: attend at least `meetings_required` of the session's
  meetings (empty: all of them; a number above the session's meetings asks for all of them), and
  where `assignment_required`, a passed assignment. A meeting cancelled on its own
  (`meeting_cancel`) does not count, neither as a meeting nor as attended, and nobody is marked
  for it. The rule is evaluated by `completion_evaluate` after every change of attendance or
  assignment, and for the session's people when one of its meetings is cancelled (receivers.py),
  under a lock of the registration row, so two staff saving the same day list at once cannot both
  create a completion.
* A registration that meets the rule has one `Completion`; when a correction no longer meets it,
  the completion is withdrawn (not deleted) and its certificate revoked at the same moment; when
  it meets the rule again, the completion is recorded again and a certificate revoked by that
  withdrawal is valid again (same number and address). A certificate that staff revoked
  themselves (`certificate_revoke`) stays revoked.
* A completion earns a certificate when the activity's award is a certificate or a
  microcredential (a microcredential comes with a certificate); it is numbered
  `ICLON-PD-<year>-<00001>` in order within the year of issue, written in the participant's
  preferred language, and "certificate issued" is queued for them through the outbox.
* `completion_recorded` and `completion_withdrawn` (signals.py) are sent once, after commit, for
  the credentials slice.
* A participant evaluates an activity they completed (a valid completion): one evaluation,
  which they may change until `EVALUATION_EDIT_DAYS` days after the completion.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _

from iclon.accounts.models import User
from iclon.core.errors import Conflict, NotAllowed, PortalError
from iclon.core.history import history_author, record_history_as
from professionalisation.activities.models import (
    MEETING_ZONE,
    CompletionAward,
    Meeting,
    Registration,
    RegistrationStatus,
)
from professionalisation.completion import notifications
from professionalisation.completion.models import AssignmentResult, Attendance, Certificate, Completion, Evaluation
from professionalisation.completion.permissions import (
    can_revoke_certificate,
    is_attendance_staff,
    is_participant,
)
from professionalisation.completion.signals import completion_recorded, completion_withdrawn

NUMBER_PREFIX = "ICLON-PD"
EVALUATION_EDIT_DAYS = 30
REASON_LENGTH = 200
NOTE_LENGTH = 300
COMMENT_LENGTH = 2000
#: Awards that come with a certificate (a microcredential comes with one too).
CERTIFIED = (CompletionAward.CERTIFICATE, CompletionAward.MICROCREDENTIAL)


def _now() -> datetime.datetime:
    return timezone.now()


def _clean(text: str, length: int) -> str:
    return " ".join((text or "").split())[:length]


def _lock_registration(registration: Registration) -> Registration:
    # of=("self",): the session and activity are read along, not locked (they are locked by the
    # registration services, in the order session, then registration).
    return (
        Registration.objects.select_for_update(of=("self",))
        .select_related("session__activity", "participant")
        .get(pk=registration.pk)
    )


# --- attendance ---------------------------------------------------------------------------------


def meeting_open_for_attendance(meeting: Meeting, *, today: datetime.date | None = None) -> bool:
    """Attendance can be recorded from the meeting's day on (local time in the Netherlands)."""
    today = today or timezone.localtime(_now(), MEETING_ZONE).date()
    return meeting.date <= today


def _check_meeting(meeting: Meeting, actor: User | AnonymousUser | None) -> Meeting:
    """The meeting as it is now, locked against its cancellation while marks are written; refused
    for anybody but attendance staff, for a cancelled meeting and before its day."""
    if not is_attendance_staff(actor):
        raise NotAllowed()
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("session__activity").get(pk=meeting.pk)
    if meeting.cancelled:
        raise Conflict(_("This meeting has been cancelled: nobody is marked for it."))
    if not meeting_open_for_attendance(meeting):
        raise Conflict(_("This meeting has not taken place yet: attendance can be recorded from its day on."))
    return meeting


def _check_registration(registration: Registration, meeting: Meeting) -> None:
    if registration.session_id != meeting.session_id:
        raise PortalError(_("This person is not registered for the session of this meeting."), field="registration")
    if registration.status != RegistrationStatus.CONFIRMED:
        raise PortalError(_("This registration has been cancelled."), field="registration")


def _write_attendance(
    *, meeting: Meeting, registration: Registration, present: bool, actor: User | AnonymousUser | None
) -> Attendance:
    """Insert or update the mark of one locked registration (nothing is saved when it is unchanged)."""
    attendance = Attendance.objects.filter(meeting=meeting, registration=registration).first()
    if attendance is not None and attendance.present == present:
        return attendance
    if attendance is None:
        attendance = Attendance(meeting=meeting, registration=registration)
    attendance.present = present
    attendance.recorded_by = history_author(actor)
    record_history_as(attendance, history_author(actor))
    attendance.save()
    return attendance


def attendance_record(
    *, meeting: Meeting, registration: Registration, present: bool, actor: User | AnonymousUser | None
) -> Attendance:
    """Staff mark one participant present or absent at one meeting; the completion rule is
    evaluated again (which may record or withdraw a completion, issue or revoke a certificate and
    queue "certificate issued"). Raises NotAllowed (not staff), Conflict (a meeting on a later day)
    or PortalError (not a confirmed registration of the meeting's session)."""
    with transaction.atomic():
        meeting = _check_meeting(meeting, actor)
        registration = _lock_registration(registration)
        _check_registration(registration, meeting)
        attendance = _write_attendance(meeting=meeting, registration=registration, present=present, actor=actor)
        _evaluate(registration, actor=actor)
        return attendance


def attendance_record_many(
    *,
    meeting: Meeting,
    present_ids: Iterable[int],
    absent_ids: Iterable[int],
    actor: User | AnonymousUser | None,
) -> list[Attendance]:
    """The day list saved at once: the registrations `present_ids` present, `absent_ids` absent.
    Every id must be a confirmed registration of the meeting's session, and none in both lists;
    otherwise nothing is written. Each registration is locked and evaluated as in
    `attendance_record`."""
    present, absent = {int(pk) for pk in present_ids}, {int(pk) for pk in absent_ids}
    with transaction.atomic():
        meeting = _check_meeting(meeting, actor)
        if present & absent:
            raise PortalError(_("A participant cannot be both present and absent."))
        wanted = present | absent
        # Locked in the order of their ids, as every caller locks them: no deadlock between two
        # people saving the same list.
        rows = list(
            Registration.objects.select_for_update(of=("self",))
            .select_related("session__activity", "participant")
            .filter(pk__in=wanted)
            .order_by("pk")
        )
        if len(rows) != len(wanted):
            raise PortalError(_("This person is not registered for the session of this meeting."), field="registration")
        for registration in rows:
            _check_registration(registration, meeting)
        marks = []
        for registration in rows:
            marks.append(
                _write_attendance(
                    meeting=meeting, registration=registration, present=registration.pk in present, actor=actor
                )
            )
            _evaluate(registration, actor=actor)
        return marks


def attendance_all_present(*, meeting: Meeting, actor: User | AnonymousUser | None) -> list[Attendance]:
    """Mark every confirmed participant of the meeting's session present (the day list's "all
    present"); see `attendance_record_many`."""
    with transaction.atomic():
        meeting = _check_meeting(meeting, actor)
        ids = Registration.objects.filter(session_id=meeting.session_id, status=RegistrationStatus.CONFIRMED)
        return attendance_record_many(
            meeting=meeting, present_ids=list(ids.values_list("pk", flat=True)), absent_ids=[], actor=actor
        )


# --- assignment ---------------------------------------------------------------------------------


def assignment_record(
    *, registration: Registration, passed: bool, note: str = "", actor: User | AnonymousUser | None
) -> AssignmentResult:
    """Staff record whether the participant's assignment passed (again: the last word counts), and
    the completion rule is evaluated again. Only for activities that ask for an assignment."""
    with transaction.atomic():
        if not is_attendance_staff(actor):
            raise NotAllowed()
        registration = _lock_registration(registration)
        if not registration.session.activity.assignment_required:
            raise PortalError(_("This activity asks for no assignment."), field="registration")
        if registration.status != RegistrationStatus.CONFIRMED:
            raise PortalError(_("This registration has been cancelled."), field="registration")
        result = AssignmentResult.objects.filter(registration=registration).first() or AssignmentResult(
            registration=registration
        )
        result.passed = passed
        result.note = _clean(note, NOTE_LENGTH)
        result.assessed_by = history_author(actor)
        record_history_as(result, history_author(actor))
        result.save()
        _evaluate(registration, actor=actor)
        return result


# --- completion ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleCheck:
    """How a registration stands against its activity's completion rule."""

    attended: int
    total: int
    required: int
    assignment_required: bool
    assignment_passed: bool
    confirmed: bool

    @property
    def met(self) -> bool:
        return (
            self.confirmed
            and self.total > 0
            and self.attended >= self.required
            and (self.assignment_passed or not self.assignment_required)
        )

    def reason(self) -> str:
        """Why the rule is not met (kept on a withdrawn completion)."""
        if not self.confirmed:
            return str(_("The registration has been cancelled."))
        if self.attended < self.required:
            return str(
                _("Attended %(attended)d of the %(required)d meetings required.")
                % {"attended": self.attended, "required": self.required}
            )
        return str(_("The assignment has not been passed."))


def rule_check(registration: Registration) -> RuleCheck:
    """Count what the rule asks for (three queries)."""
    activity = registration.session.activity
    total = Meeting.objects.filter(session_id=registration.session_id, cancelled_at__isnull=True).count()
    required = min(activity.meetings_required or total, total)
    attended = Attendance.objects.filter(
        registration=registration,
        present=True,
        meeting__session_id=registration.session_id,
        meeting__cancelled_at__isnull=True,
    ).count()
    passed = AssignmentResult.objects.filter(registration=registration, passed=True).exists()
    return RuleCheck(
        attended=attended,
        total=total,
        required=required,
        assignment_required=activity.assignment_required,
        assignment_passed=passed,
        confirmed=registration.status == RegistrationStatus.CONFIRMED,
    )


def completion_evaluate(*, registration: Registration, actor: User | AnonymousUser | None = None) -> Completion | None:
    """Evaluate the completion rule for `registration` now and bring its completion in line:
    record it (and issue the certificate, queue "certificate issued", send `completion_recorded`
    after commit), keep its counts up to date, or withdraw it (revoke the certificate, send
    `completion_withdrawn` after commit). Returns the completion, or None when there never was one.

    Anybody may ask: the outcome follows from what staff recorded, so asking again changes nothing
    unless the facts did (the admin's "re-evaluate", the demo and the attendance services call it).
    `actor` is named in the history rows."""
    with transaction.atomic():
        registration = _lock_registration(registration)
        return _evaluate(registration, actor=actor)


def _evaluate(registration: Registration, *, actor: User | AnonymousUser | None) -> Completion | None:
    """completion_evaluate on a registration locked by the caller."""
    check = rule_check(registration)
    completion = Completion.objects.filter(registration=registration).first()
    now = _now()
    author = history_author(actor)
    if check.met:
        if completion is None:
            completion = Completion(registration=registration, completed_at=now)
        elif completion.valid:
            if (completion.meetings_attended, completion.meetings_total) == (check.attended, check.total):
                return completion
            completion.meetings_attended, completion.meetings_total = check.attended, check.total
            record_history_as(completion, author)
            completion.save()
            return completion
        withdrawn_at = completion.withdrawn_at
        completion.completed_at, completion.withdrawn_at, completion.withdraw_reason = now, None, ""
        completion.meetings_attended, completion.meetings_total = check.attended, check.total
        record_history_as(completion, author)
        completion.save()
        _certify(completion, registration, now=now, author=author, withdrawn_at=withdrawn_at)
        transaction.on_commit(lambda: completion_recorded.send(sender=Completion, completion=completion))
        return completion
    if completion is None or not completion.valid:
        return completion
    reason = check.reason()[:REASON_LENGTH]
    # The participant reads why in their own language, whatever the language of the staff member
    # whose correction withdrew it (the stored reason is in the latter's).
    _withdraw(completion, reason=reason, now=now, author=author, explanation=lazy(check.reason, str)())
    return completion


def _withdraw(
    completion: Completion,
    *,
    reason: str,
    now: datetime.datetime,
    author: User | None,
    explanation: str | Promise | None = None,
) -> None:
    """Withdraw the completion with `reason`, revoke its valid certificate at the same moment and
    queue "completion withdrawn" for the participant (the one message of the withdrawal: it names
    the certificate revoked with it and, for an activity that gives one, the microcredential), with
    `explanation` (rendered in their language) as the reason when given."""
    completion.withdrawn_at, completion.withdraw_reason = now, reason
    completion.meetings_attended = min(completion.meetings_attended, completion.meetings_total)
    record_history_as(completion, author)
    completion.save()
    certificate = Certificate.objects.filter(completion=completion, revoked_at__isnull=True).first()
    if certificate is not None:
        # The same moment as the withdrawal: that is how a later re-completion knows this
        # certificate was revoked with its completion (and not by staff).
        certificate.revoked_at, certificate.revoke_reason = now, reason
        record_history_as(certificate, author)
        certificate.save()
    registration = Registration.objects.select_related("session__activity", "participant").get(
        pk=completion.registration_id
    )
    notifications.completion_withdrawn(
        completion=completion, registration=registration, certificate=certificate, reason=explanation or reason
    )
    transaction.on_commit(lambda: completion_withdrawn.send(sender=Completion, completion=completion, reason=reason))


def _certify(
    completion: Completion,
    registration: Registration,
    *,
    now: datetime.datetime,
    author: User | None,
    withdrawn_at: datetime.datetime | None,
) -> None:
    """Issue the completion's certificate where the award gives one, and queue "certificate
    issued". A completion recorded again (`withdrawn_at`: the moment it had been withdrawn) keeps
    its certificate: one revoked at the moment of the withdrawal (see `_withdraw`) is valid again,
    one that staff revoked stays revoked; "completion recorded again" tells the participant which
    (the counterpart of "completion withdrawn", also for an activity that gives no certificate)."""
    certificate = None
    if registration.session.activity.award in CERTIFIED:
        certificate = Certificate.objects.filter(completion=completion).first()
        if certificate is None:
            certificate = _issue(completion, registration, now=now, author=author)
            notifications.certificate_issued(certificate=certificate, registration=registration)
            return
        if withdrawn_at is not None and certificate.revoked_at == withdrawn_at:
            certificate.revoked_at, certificate.revoke_reason = None, ""
            record_history_as(certificate, author)
            certificate.save()
    if withdrawn_at is not None:
        notifications.completion_recorded_again(
            completion=completion, registration=registration, certificate=certificate
        )


def certificate_language(participant: User) -> str:
    """The participant's preferred language when the portal has it, else the portal's default."""
    languages = {code for code, _name in settings.LANGUAGES}
    return participant.language if participant.language in languages else settings.LANGUAGE_CODE


def next_certificate_number(*, year: int) -> str:
    """`ICLON-PD-<year>-<n>`, n one more than the highest number of that year (five digits)."""
    prefix = f"{NUMBER_PREFIX}-{year}-"
    numbers = Certificate.objects.filter(number__startswith=prefix).values_list("number", flat=True)
    highest = max(
        (int(number.removeprefix(prefix)) for number in numbers if number.removeprefix(prefix).isdigit()), default=0
    )
    return f"{prefix}{highest + 1:05d}"


def _issue(
    completion: Completion, registration: Registration, *, now: datetime.datetime, author: User | None
) -> Certificate:
    year = timezone.localtime(now, MEETING_ZONE).year
    # Two completions issued at the same moment may pick the same number: the unique constraint
    # refuses the second, which takes the next number (the savepoint keeps the transaction usable).
    for _attempt in range(5):
        certificate = Certificate(
            completion=completion,
            number=next_certificate_number(year=year),
            language=certificate_language(registration.participant),
            issued_at=now,
        )
        record_history_as(certificate, author)
        try:
            with transaction.atomic():
                certificate.save()
        except IntegrityError:
            continue
        return certificate
    raise Conflict(_("No certificate number could be given; please try again."))


# --- certificates -------------------------------------------------------------------------------


def certificate_revoke(*, certificate: Certificate, reason: str, actor: User | AnonymousUser | None) -> Certificate:
    """Staff revoke a certificate with a reason: its verification page says "revoked" from now on,
    and "certificate revoked" (number, activity, reason) is queued for the participant. The
    completion stays (withdraw that by correcting the attendance). Raises NotAllowed, PortalError
    (no reason) or Conflict (revoked already); a refusal queues nothing."""
    with transaction.atomic():
        if not can_revoke_certificate(actor):
            raise NotAllowed()
        reason = _clean(reason, REASON_LENGTH)
        if not reason:
            raise PortalError(_("Give a reason for revoking the certificate."), field="reason")
        certificate = (
            Certificate.objects.select_for_update(of=("self",))
            .select_related("completion__registration__session__activity", "completion__registration__participant")
            .get(pk=certificate.pk)
        )
        if certificate.revoked_at is not None:
            raise Conflict(_("This certificate has been revoked already."))
        certificate.revoked_at, certificate.revoke_reason = _now(), reason
        record_history_as(certificate, history_author(actor))
        certificate.save()
        notifications.certificate_revoked(certificate=certificate, registration=certificate.completion.registration)
        return certificate


# --- evaluations --------------------------------------------------------------------------------


def evaluation_editable_until(completion: Completion) -> datetime.datetime:
    return completion.completed_at + datetime.timedelta(days=EVALUATION_EDIT_DAYS)


def evaluation_may_change(completion: Completion, *, now: datetime.datetime | None = None) -> bool:
    """Whether an evaluation given for `completion` may still be changed."""
    return (now or _now()) <= evaluation_editable_until(completion)


def evaluation_submit(
    *, registration: Registration, rating: int, comment: str = "", actor: User | AnonymousUser | None
) -> Evaluation:
    """The participant evaluates an activity they completed: a rating from 1 to 5 and a comment.
    One evaluation per registration, which they may change until `EVALUATION_EDIT_DAYS` days after
    the completion. Raises NotAllowed (anybody but the participant), Conflict (not completed, or
    too late to change) or PortalError (a rating outside 1–5, a comment too long)."""
    with transaction.atomic():
        registration = _lock_registration(registration)
        if not is_participant(actor, participant_id=registration.participant_id):
            raise NotAllowed()
        completion = Completion.objects.filter(registration=registration).first()
        if completion is None or not completion.valid:
            raise Conflict(_("You can evaluate an activity once you have completed it."))
        if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
            raise PortalError(_("Give a rating from 1 to 5."), field="rating")
        comment = (comment or "").strip()
        if len(comment) > COMMENT_LENGTH:
            raise PortalError(
                _("Keep your comment to %(count)d characters.") % {"count": COMMENT_LENGTH}, field="comment"
            )
        evaluation = Evaluation.objects.filter(registration=registration).first()
        if evaluation is not None:
            if not evaluation_may_change(completion):
                raise Conflict(_("Your evaluation can no longer be changed."))
        else:
            evaluation = Evaluation(registration=registration)
        evaluation.rating, evaluation.comment = rating, comment
        evaluation.save()
        return evaluation
