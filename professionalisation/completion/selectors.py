"""Reads of the completion slice, each with a fixed number of queries whatever the number of rows:

* `meeting_day_list`: the confirmed participants of a meeting's session with their mark for it;
* `meetings_for_attendance`: the meetings staff record attendance for (recent, today, this week);
* `participant_completions`: a participant's completed activities with certificate and evaluation;
* `session_evaluations` and `session_completion_stats`: what staff read per session;
* `certificate_list_for_user` / `certificate_get_for_user`, `certificate_verify`,
  `attendance_list_for_user`: the one visibility rule of each resource, for pages and API.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from iclon.accounts.models import User
from partnerships.models import School
from professionalisation.activities.models import (
    MEETING_ZONE,
    Activity,
    Meeting,
    Registration,
    RegistrationStatus,
    Session,
)
from professionalisation.activities.permissions import Viewer, is_active_person
from professionalisation.completion.models import Attendance, Certificate, Completion, Evaluation
from professionalisation.completion.permissions import (
    can_read_evaluations,
    is_attendance_staff,
    is_certificate_staff,
)
from professionalisation.completion.services import evaluation_may_change, meeting_open_for_attendance

#: The staff list of meetings: this many days back (to catch up) and ahead (to plan).
DAYS_BACK = 14
DAYS_AHEAD = 7


def local_today() -> datetime.date:
    return timezone.localtime(timezone.now(), MEETING_ZONE).date()


def _meetings_in_order() -> QuerySet[Meeting]:
    return Meeting.objects.order_by("date", "starts_at", "pk")


# --- attendance ---------------------------------------------------------------------------------


def meeting_get_for_staff(*, user: Viewer, pk: int) -> Meeting:
    """A meeting with its session and activity, for staff who record attendance; Http404 for
    anybody else and for an unknown id."""
    if not is_attendance_staff(user):
        raise Http404
    try:
        return Meeting.objects.select_related("session__activity").get(pk=pk)
    except Meeting.DoesNotExist:
        raise Http404 from None


@dataclass(frozen=True)
class DayRow:
    registration: Registration
    attendance: Attendance | None

    @property
    def present(self) -> bool | None:
        return None if self.attendance is None else self.attendance.present


@dataclass(frozen=True)
class DayList:
    meeting: Meeting
    rows: list[DayRow]
    open: bool  # attendance can be recorded (the meeting's day has come)

    @property
    def present_count(self) -> int:
        return sum(1 for row in self.rows if row.present)

    @property
    def recorded_count(self) -> int:
        return sum(1 for row in self.rows if row.attendance is not None)


def meeting_day_list(meeting: Meeting) -> DayList:
    """The confirmed registrations of the meeting's session, by name, each with its mark for this
    meeting (None: not recorded yet). Two queries."""
    rows = (
        Registration.objects.filter(session_id=meeting.session_id, status=RegistrationStatus.CONFIRMED)
        .select_related("participant", "school")
        .prefetch_related(Prefetch("attendance", queryset=Attendance.objects.filter(meeting=meeting), to_attr="marks"))
        .order_by("participant__full_name", "participant__email", "pk")
    )
    return DayList(
        meeting=meeting,
        rows=[DayRow(registration=row, attendance=row.marks[0] if row.marks else None) for row in rows],
        open=meeting_open_for_attendance(meeting) and not meeting.cancelled,
    )


def meetings_for_attendance(*, user: Viewer, today: datetime.date | None = None) -> QuerySet[Meeting]:
    """The meetings that take place (of sessions that do), from `DAYS_BACK` days ago to `DAYS_AHEAD` days
    ahead, soonest first, each with `registered` (confirmed participants) and `recorded` (marks
    recorded) counted in the same query. Empty for anybody but attendance staff."""
    if not is_attendance_staff(user):
        return Meeting.objects.none()
    today = today or local_today()
    confirmed = Q(session__registrations__status=RegistrationStatus.CONFIRMED)
    return (
        Meeting.objects.filter(
            date__range=(today - datetime.timedelta(days=DAYS_BACK), today + datetime.timedelta(days=DAYS_AHEAD))
        )
        .exclude(session__status="cancelled")
        .filter(cancelled_at__isnull=True)
        .select_related("session__activity")
        .annotate(
            registered=Count("session__registrations", filter=confirmed, distinct=True),
            recorded=Count("attendance", distinct=True),
        )
        .order_by("date", "starts_at", "pk")
    )


def attendance_list_for_user(*, user: Viewer) -> QuerySet[Attendance]:
    """Every attendance mark for attendance staff, with what the API shows; nothing for others."""
    if not is_attendance_staff(user):
        return Attendance.objects.none()
    return Attendance.objects.select_related("meeting", "registration__participant", "recorded_by").order_by(
        "meeting__date", "meeting__starts_at", "meeting_id", "registration_id"
    )


# --- the participant's completions --------------------------------------------------------------


@dataclass(frozen=True)
class CompletionItem:
    completion: Completion
    certificate: Certificate | None
    evaluation: Evaluation | None
    meetings: list[Meeting]
    can_evaluate: bool  # the participant may give (or still change) their evaluation

    @property
    def activity(self) -> Activity:
        return self.completion.registration.session.activity

    @property
    def session(self) -> Session:
        return self.completion.registration.session


@dataclass(frozen=True)
class CompletionOverview:
    items: list[CompletionItem] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.items


def participant_completions(user: Viewer, *, now: datetime.datetime | None = None) -> CompletionOverview:
    """The user's valid completions, latest first, each with its certificate (valid or revoked),
    their evaluation and the session's meetings. Two queries; none for a visitor."""
    if not is_active_person(user) or not isinstance(user, User):
        return CompletionOverview()
    now = now or timezone.now()
    rows = (
        Completion.objects.filter(registration__participant=user, withdrawn_at__isnull=True)
        .select_related(
            "registration__session__activity", "registration__evaluation", "certificate", "registration__participant"
        )
        .prefetch_related(Prefetch("registration__session__meetings", queryset=_meetings_in_order()))
        .order_by("-completed_at", "-pk")
    )
    items = []
    for completion in rows:
        registration = completion.registration
        evaluation = getattr(registration, "evaluation", None)
        items.append(
            CompletionItem(
                completion=completion,
                certificate=getattr(completion, "certificate", None),
                evaluation=evaluation,
                meetings=list(registration.session.meetings.all()),
                can_evaluate=evaluation is None or evaluation_may_change(completion, now=now),
            )
        )
    return CompletionOverview(items=items)


def registration_for_evaluation(*, user: Viewer, pk: int) -> Registration:
    """The user's own registration with a valid completion, for the evaluation form; Http404 for
    anything else (someone else's registration looks like a missing one)."""
    if not is_active_person(user):
        raise Http404
    try:
        return (
            Registration.objects.select_related("session__activity", "completion", "participant")
            .filter(participant_id=user.pk if user is not None else None, completion__withdrawn_at__isnull=True)
            .get(pk=pk)
        )
    except Registration.DoesNotExist:
        raise Http404 from None


# --- certificates -------------------------------------------------------------------------------


def _certificates() -> QuerySet[Certificate]:
    return Certificate.objects.select_related(
        "completion__registration__participant", "completion__registration__session__activity"
    ).order_by("-issued_at", "-pk")


def certificate_list_for_user(*, user: Viewer) -> QuerySet[Certificate]:
    """Staff with the view permission see every certificate, a participant their own (valid or
    revoked), anybody else none."""
    if is_certificate_staff(user):
        return _certificates()
    if not is_active_person(user) or user is None:
        return Certificate.objects.none()
    return _certificates().filter(completion__registration__participant_id=user.pk)


def certificate_get_for_user(*, user: Viewer, pk: int) -> Certificate:
    """One certificate through `certificate_list_for_user`; Http404 outside it."""
    try:
        return certificate_list_for_user(user=user).get(pk=pk)
    except Certificate.DoesNotExist:
        raise Http404 from None


@dataclass(frozen=True)
class Verification:
    """What the public verification page may say: nothing more than this."""

    name: str
    activity_title: str
    issued_on: datetime.date
    valid: bool


def certificate_verify(*, code: str) -> Verification:
    """The certificate behind a verification code (Http404 for an unknown one). Valid unless it is
    revoked; the title in the certificate's language."""
    code = (code or "").strip().upper()
    if not code:
        raise Http404
    certificate = _certificates().filter(code=code).first()
    if certificate is None:
        raise Http404
    registration = certificate.completion.registration
    activity = registration.session.activity
    return Verification(
        name=registration.participant.full_name or registration.participant.email,
        activity_title=activity.title_en if certificate.language == "en" else activity.title_nl,
        issued_on=timezone.localtime(certificate.issued_at, MEETING_ZONE).date(),
        valid=certificate.valid,
    )


# --- per session (staff) ------------------------------------------------------------------------


def session_get_for_evaluations(*, user: Viewer, pk: int) -> Session:
    if not can_read_evaluations(user):
        raise Http404
    try:
        return Session.objects.select_related("activity").get(pk=pk)
    except Session.DoesNotExist:
        raise Http404 from None


@dataclass(frozen=True)
class SessionEvaluations:
    evaluations: list[Evaluation]
    average: float | None
    count: int


def session_evaluations(session: Session) -> SessionEvaluations:
    """The evaluations of the session's participants, latest first, with the average rating. Two
    queries."""
    rows = Evaluation.objects.filter(registration__session=session)
    summary = rows.aggregate(average=Avg("rating"), count=Count("pk"))
    evaluations = list(rows.select_related("registration__participant").order_by("-created_at", "-pk"))
    average = summary["average"]
    return SessionEvaluations(
        evaluations=evaluations,
        average=round(float(average), 1) if average is not None else None,
        count=summary["count"],
    )


@dataclass(frozen=True)
class CompletionStats:
    registered: int  # confirmed registrations
    attended: int  # of them, present at one meeting at least
    completed: int  # with a valid completion


def session_completion_stats(session: Session) -> CompletionStats:
    """How the session's participants stand: one query."""
    present = Attendance.objects.filter(registration=OuterRef("pk"), present=True)
    confirmed = Registration.objects.filter(session=session, status=RegistrationStatus.CONFIRMED)
    counts = confirmed.annotate(was_present=Exists(present)).aggregate(
        registered=Count("pk"),
        attended=Count("pk", filter=Q(was_present=True)),
        completed=Count("pk", filter=Q(completion__isnull=False, completion__withdrawn_at__isnull=True)),
    )
    return CompletionStats(**counts)


# --- a school's teachers --------------------------------------------------------------------------


def _count(rows: QuerySet) -> Coalesce:
    """The number of `rows` (filtered on an OuterRef) as a subquery of the outer row."""
    return Coalesce(Subquery(rows.order_by().values(one=Value(1)).annotate(n=Count("pk")).values("n")[:1]), 0)


def school_attendance(school: School, *, today: datetime.date | None = None) -> QuerySet[Registration]:
    """What a school sees of its teachers' professional development once their sessions have begun:
    the confirmed registrations for `school` of sessions that held a meeting (or that completed),
    newest session first, each with `held` (meetings held so far), `total` (the session's meetings)
    and `attended` (held meetings attended), cancelled meetings left out as the completion rule
    leaves them out, and the completion and its certificate joined. One query whatever the number
    of rows. The caller has checked that the user registers for `school` (the school's page)."""
    today = today or local_today()
    meetings = Meeting.objects.filter(session=OuterRef("session_id"), cancelled_at__isnull=True)
    attended = Attendance.objects.filter(registration=OuterRef("pk"), present=True, meeting__cancelled_at__isnull=True)
    return (
        Registration.objects.filter(school=school, status=RegistrationStatus.CONFIRMED)
        .filter(Q(Exists(meetings.filter(date__lte=today))) | Q(completion__isnull=False))
        .select_related("participant", "session__activity", "completion__certificate")
        .annotate(
            held=_count(meetings.filter(date__lte=today)),
            total=_count(meetings),
            attended=_count(attended),
            first_meeting=Subquery(meetings.order_by("date", "starts_at").values("date")[:1]),
        )
        .order_by(F("first_meeting").desc(nulls_last=True), "session_id", "participant__full_name", "pk")
    )
