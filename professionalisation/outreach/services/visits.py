"""Every write of Meet the Professor; pages, admin, API and the demo call these.

The life of a request (models/visits.py): requested → proposed → accepted → confirmed → held →
evaluated; `declined` by the researcher proposed (the coordinator then proposes another) and
`withdrawn` by the school or a coordinator until the visit is held. Each service runs in one
transaction, locks the request's row, checks who acts and the current state, and refuses with a
translated PortalError (NotAllowed for the wrong person, Conflict for the wrong moment) before it
writes anything; the history rows name the actor. The school's moves (confirm, evaluate, withdraw)
also take the secret of a request's school link (`school_token=`: a request a teacher made through
the public form, services/visit_public.py) instead of a school membership, as the researcher's
answer takes the proposal's `token=`.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iclon.accounts.models import User
from iclon.core.errors import Conflict, NotAllowed, PortalError, full_clean_or_raise
from iclon.core.history import history_author, record_history_as
from iclon.core.limits import token_hash
from partnerships.models import EducationRegion, School
from professionalisation.outreach.models.visits import (
    BOOKED,
    MAX_PUPILS,
    VISIT_ZONE,
    WITHDRAWABLE,
    DayPart,
    EvaluationSide,
    ResearcherProfile,
    ResearcherUnavailability,
    VisitEvaluation,
    VisitLocation,
    VisitPreferredDate,
    VisitRequest,
    VisitStatus,
)
from professionalisation.outreach.notifications import visits as notifications
from professionalisation.outreach.permissions.visits import (
    acts_for_school,
    can_request_visit,
    can_withdraw,
    holds_school_link,
    is_active_person,
    is_the_researcher,
    is_visit_coordinator,
    manages_researchers,
)

#: How long a visit lasts unless the coordinator says otherwise.
DEFAULT_DURATION = datetime.timedelta(minutes=90)
#: The most preferred dates one request gives.
MAX_PREFERRED_DATES = 10


def _save(row: Model, actor: User | AnonymousUser | None) -> Any:
    full_clean_or_raise(row)
    record_history_as(row, history_author(actor))
    row.save()
    return row


def _text(value: str | None) -> str:
    return (value or "").strip()


def _locked(visit: VisitRequest) -> VisitRequest:
    """The request again, its row locked until the transaction ends (with its school and
    researcher, read after the lock)."""
    VisitRequest.objects.select_for_update().filter(pk=visit.pk).values_list("pk", flat=True).get()
    return VisitRequest.objects.select_related("school", "researcher__user", "requested_by").get(pk=visit.pk)


def _require_status(visit: VisitRequest, *allowed: str, message: Any) -> None:
    if visit.status not in allowed:
        raise Conflict(message)


def local_day(moment: datetime.datetime) -> datetime.date:
    return moment.astimezone(VISIT_ZONE).date()


# --- the pool of researchers ------------------------------------------------------------------------

#: The fields of a researcher that `researcher_create` takes and `researcher_update` may change.
RESEARCHER_FIELDS = ("faculty", "discipline", "topics", "languages", "max_visits_per_year", "active")


def _clean_languages(value: str) -> str:
    codes = [code.strip().lower() for code in (value or "").split(",") if code.strip()]
    if not codes or any(code not in dict(settings.LANGUAGES) for code in codes):
        raise PortalError(_("Give the languages as codes, e.g. nl, en."), field="languages")
    return ", ".join(dict.fromkeys(codes))


def researcher_create(
    *,
    actor: User | AnonymousUser | None,
    user: User,
    discipline: str,
    regions: Iterable[EducationRegion] = (),
    **fields: Any,
) -> ResearcherProfile:
    """Add a person to the pool (coordinators). A person is in the pool once."""
    with transaction.atomic():
        if not manages_researchers(actor):
            raise NotAllowed()
        unknown = set(fields) - set(RESEARCHER_FIELDS)
        if unknown:
            raise PortalError(_("These fields cannot be changed here."), field=sorted(unknown)[0])
        if not is_active_person(user):
            raise PortalError(_("This person has no active account."), field="user")
        if ResearcherProfile.objects.filter(user=user).exists():
            raise Conflict(_("This person is in the pool already."))
        fields["languages"] = _clean_languages(fields.get("languages", "nl"))
        researcher = ResearcherProfile(user=user, discipline=_text(discipline), **fields)
        _save(researcher, actor)
        researcher.regions.set(list(regions))
        return researcher


#: The fields a researcher may change themself (with their regions): not their faculty, discipline
#: or whether they are active, which the coordinators keep.
RESEARCHER_SELF_FIELDS = ("topics", "languages", "max_visits_per_year")


def _is_self(actor: User | AnonymousUser | None, researcher: ResearcherProfile) -> bool:
    return is_active_person(actor) and researcher.user_id == actor.pk  # type: ignore[union-attr]


def researcher_update(
    *,
    researcher: ResearcherProfile,
    actor: User | AnonymousUser | None,
    regions: Iterable[EducationRegion] | None = None,
    **changes: Any,
) -> ResearcherProfile:
    """Change a researcher's fields (RESEARCHER_FIELDS) and regions: coordinators any of them, the
    researcher themself their topics, languages, regions and cap (RESEARCHER_SELF_FIELDS) only."""
    with transaction.atomic():
        unknown = set(changes) - set(RESEARCHER_FIELDS)
        themself = _is_self(actor, researcher) and not set(changes) - set(RESEARCHER_SELF_FIELDS)
        if not (manages_researchers(actor) or themself):
            raise NotAllowed()
        if unknown:
            raise PortalError(_("These fields cannot be changed here."), field=sorted(unknown)[0])
        researcher = ResearcherProfile.objects.select_for_update().get(pk=researcher.pk)
        if "languages" in changes:
            changes["languages"] = _clean_languages(changes["languages"])
        for name, value in changes.items():
            setattr(researcher, name, _text(value) if isinstance(value, str) else value)
        _save(researcher, actor)
        if regions is not None:
            researcher.regions.set(list(regions))
        return researcher


#: The statuses of a visit the researcher has said yes to: a period of unavailability cannot cover it.
AGREED = (VisitStatus.ACCEPTED, VisitStatus.CONFIRMED)


def unavailability_add(
    *,
    researcher: ResearcherProfile,
    actor: User | AnonymousUser | None,
    starts_on: datetime.date,
    ends_on: datetime.date,
    note: str = "",
) -> ResearcherUnavailability:
    """Record a period (both days included) in which the researcher makes no visits (coordinators,
    or the researcher). Refused (a PortalError on the field) when it ends before it starts, begins in
    the past, overlaps another period of the researcher, or covers a visit they have accepted or that
    is confirmed (that visit is withdrawn or moved first)."""
    with transaction.atomic():
        if not (manages_researchers(actor) or _is_self(actor, researcher)):
            raise NotAllowed()
        if ends_on < starts_on:
            raise PortalError(_("The end date cannot be before the start date."), field="ends_on")
        if starts_on < timezone.localdate():
            raise PortalError(_("The period cannot begin in the past."), field="starts_on")
        # The researcher's row is locked: two overlapping periods cannot both pass.
        researcher = ResearcherProfile.objects.select_for_update().get(pk=researcher.pk)
        other = researcher.unavailabilities.filter(starts_on__lte=ends_on, ends_on__gte=starts_on).first()
        if other is not None:
            raise PortalError(
                _("This period overlaps another unavailable period (%(from)s – %(until)s).")
                % {"from": f"{other.starts_on:%d-%m-%Y}", "until": f"{other.ends_on:%d-%m-%Y}"},
                field="starts_on",
            )
        start = datetime.datetime.combine(starts_on, datetime.time.min, tzinfo=VISIT_ZONE)
        end = datetime.datetime.combine(ends_on + datetime.timedelta(days=1), datetime.time.min, tzinfo=VISIT_ZONE)
        visit = (
            VisitRequest.objects.filter(researcher=researcher, status__in=AGREED)
            .filter(starts_at__gte=start, starts_at__lt=end)
            .select_related("school")
            .order_by("starts_at")
            .first()
        )
        if visit is not None:
            assert visit.starts_at is not None
            raise PortalError(
                _("This period covers a visit the researcher has agreed to: %(school)s on %(day)s.")
                % {"school": visit.school.name, "day": f"{local_day(visit.starts_at):%d-%m-%Y}"},
                field="starts_on",
            )
        period = ResearcherUnavailability(researcher=researcher, starts_on=starts_on, ends_on=ends_on, note=_text(note))
        return _save(period, actor)


def unavailability_remove(*, period: ResearcherUnavailability, actor: User | AnonymousUser | None) -> None:
    """Remove an unavailable period: coordinators any, the researcher one of theirs that has not
    ended yet (a past period is kept)."""
    with transaction.atomic():
        if manages_researchers(actor):
            period.delete()
            return
        if not _is_self(actor, period.researcher):
            raise NotAllowed()
        if period.ends_on < timezone.localdate():
            raise Conflict(_("A period that has passed cannot be removed."))
        period.delete()


# --- the request --------------------------------------------------------------------------------


def visit_request_create(
    *,
    actor: User | AnonymousUser | None,
    school: School,
    contact_name: str,
    contact_email: str,
    group_label: str,
    pupils: int,
    wishes: str,
    preferred_dates: Iterable[datetime.date | tuple[datetime.date, str]],
    location: str = VisitLocation.AT_SCHOOL,
    accessibility_notes: str = "",
    language: str = "nl",
) -> VisitRequest:
    """A school asks for a visit (one of the school's people, or a coordinator on its behalf).
    `preferred_dates` are dates, or (date, part of the day) pairs: at least one, all in the future,
    none twice. Raises NotAllowed, or a PortalError naming the field that is wrong."""
    with transaction.atomic():
        if not can_request_visit(actor, school.pk):
            raise NotAllowed()
        visit, dates = new_request(
            school=school,
            requested_by=history_author(actor),
            contact_name=contact_name,
            contact_email=contact_email,
            group_label=group_label,
            pupils=pupils,
            wishes=wishes,
            preferred_dates=preferred_dates,
            location=location,
            accessibility_notes=accessibility_notes,
            language=language,
        )
        request_save(visit, dates, actor)
        notifications.visit_requested(visit=visit)
        return visit


def new_request(
    *,
    school: School,
    requested_by: User | None,
    contact_name: str,
    contact_email: str,
    group_label: str,
    pupils: int,
    wishes: str,
    preferred_dates: Iterable[datetime.date | tuple[datetime.date, str]],
    location: str = VisitLocation.AT_SCHOOL,
    accessibility_notes: str = "",
    language: str = "nl",
) -> tuple[VisitRequest, list[tuple[datetime.date, str]]]:
    """The rules of every new request, whoever makes it (a school's person, a coordinator, or a
    teacher through the public form, services/visit_public.py): the request, checked but not
    saved, and its preferred dates (see `_preferred`). Raises a PortalError naming the field."""
    if not school.is_active:
        raise PortalError(_("This school is no longer active."), field="school")
    if not isinstance(pupils, int) or not 1 <= pupils <= MAX_PUPILS:
        raise PortalError(_("A visit is for 1 to 200 pupils."), field="pupils")
    if not _text(wishes):
        raise PortalError(_("Say which topic or discipline the pupils would like."), field="wishes")
    dates = _preferred(preferred_dates)
    visit = VisitRequest(
        school=school,
        requested_by=requested_by,
        contact_name=_text(contact_name),
        contact_email=_text(contact_email).lower(),
        group_label=_text(group_label),
        pupils=pupils,
        wishes=_text(wishes),
        location=location,
        accessibility_notes=_text(accessibility_notes),
        language=language,
    )
    full_clean_or_raise(visit)
    return visit, dates


def request_save(
    visit: VisitRequest, dates: list[tuple[datetime.date, str]], actor: User | AnonymousUser | None
) -> VisitRequest:
    """Save a request checked by `new_request`, with its preferred dates (inside the caller's
    transaction; the caller tells the school)."""
    record_history_as(visit, history_author(actor))
    visit.save()
    VisitPreferredDate.objects.bulk_create(
        VisitPreferredDate(request=visit, date=day, part_of_day=part) for day, part in dates
    )
    return visit


def _preferred(values: Iterable[datetime.date | tuple[datetime.date, str]]) -> list[tuple[datetime.date, str]]:
    today = timezone.localdate()
    dates: list[tuple[datetime.date, str]] = []
    for value in values:
        day, part = value if isinstance(value, tuple) else (value, DayPart.ANY)
        if part not in DayPart.values:
            raise PortalError(_("Choose a part of the day."), field="preferred_dates")
        if day <= today:
            raise PortalError(_("Preferred dates must lie in the future."), field="preferred_dates")
        if (day, part) in dates:
            raise PortalError(_("This date is given twice."), field="preferred_dates")
        dates.append((day, part))
    if not dates:
        raise PortalError(_("Give at least one preferred date."), field="preferred_dates")
    if len(dates) > MAX_PREFERRED_DATES:
        raise PortalError(_("Give at most ten preferred dates."), field="preferred_dates")
    return sorted(dates)


# --- the coordinator proposes, the researcher answers ---------------------------------------------


def researcher_conflicts(
    researcher: ResearcherProfile, day: datetime.date, *, exclude: VisitRequest | None = None
) -> Any:
    """Why `researcher` cannot come on `day` (a translated message), or None."""
    if researcher.unavailabilities.filter(starts_on__lte=day, ends_on__gte=day).exists():
        return _("The researcher is not available on that day.")
    booked = VisitRequest.objects.filter(researcher=researcher, status__in=BOOKED, starts_at__isnull=False)
    if exclude is not None:
        booked = booked.exclude(pk=exclude.pk)
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=VISIT_ZONE)
    if booked.filter(starts_at__gte=start, starts_at__lt=start + datetime.timedelta(days=1)).exists():
        return _("The researcher already has a visit on that day.")
    year_start = datetime.datetime(day.year, 1, 1, tzinfo=VISIT_ZONE)
    in_year = booked.filter(starts_at__gte=year_start, starts_at__lt=year_start.replace(year=day.year + 1)).count()
    if in_year >= researcher.max_visits_per_year:
        return _("The researcher has reached their number of visits for that year.")
    return None


def visit_propose(
    *,
    visit: VisitRequest,
    researcher: ResearcherProfile,
    starts_at: datetime.datetime,
    actor: User | AnonymousUser | None,
    ends_at: datetime.datetime | None = None,
) -> tuple[VisitRequest, str]:
    """Propose `researcher` for the visit at `starts_at` (a coordinator), for a request that is
    requested or whose last proposal was declined. Refused for an inactive researcher, one who
    declined this request before, a moment in the past, or a day on which the researcher is
    unavailable, booked or over their yearly cap. Returns the request and the secret token of the
    researcher's answer link (only its hash is stored)."""
    with transaction.atomic():
        if not is_visit_coordinator(actor):
            raise NotAllowed()
        visit = _locked(visit)
        _require_status(
            visit,
            VisitStatus.REQUESTED,
            VisitStatus.DECLINED,
            message=_("A researcher can only be proposed for a request that is waiting for one."),
        )
        # The researcher's row is locked too: two proposals for the same day cannot both pass.
        researcher = ResearcherProfile.objects.select_for_update().select_related("user").get(pk=researcher.pk)
        if not researcher.active or not researcher.user.is_active:
            raise Conflict(_("This researcher is not active in the pool."))
        if visit.declined_by.filter(pk=researcher.pk).exists():
            raise Conflict(_("This researcher has declined this request already."))
        if starts_at <= timezone.now():
            raise PortalError(_("The visit must lie in the future."), field="starts_at")
        ends_at = ends_at or starts_at + DEFAULT_DURATION
        if ends_at <= starts_at:
            raise PortalError(_("The visit must end after it starts."), field="ends_at")
        reason = researcher_conflicts(researcher, local_day(starts_at), exclude=visit)
        if reason is not None:
            raise Conflict(reason)
        token = secrets.token_urlsafe(32)
        visit.researcher = researcher
        visit.starts_at, visit.ends_at = starts_at, ends_at
        visit.status, visit.status_reason, visit.closed_at = VisitStatus.PROPOSED, "", None
        visit.proposed_at, visit.accepted_at, visit.confirmed_at = timezone.now(), None, None
        visit.answer_token_hash = token_hash(token)
        _save(visit, actor)
        notifications.visit_proposed(visit=visit, token=token)
        return visit, token


def visit_for_token(token: str) -> VisitRequest | None:
    """The request whose answer link carries `token`, while it waits for the answer."""
    if not token:
        return None
    return (
        VisitRequest.objects.select_related("school", "researcher__user")
        .filter(answer_token_hash=token_hash(token), status=VisitStatus.PROPOSED)
        .first()
    )


def visit_researcher_answer(
    *, visit: VisitRequest, accept: bool, actor: User | AnonymousUser | None, token: str = "", reason: str = ""
) -> VisitRequest:
    """The proposed researcher accepts or declines (logged in, or anyone holding the secret link's
    `token`). A decline gives its reason; the request goes back to the coordinator (`declined`),
    and the researcher is not proposed for it again."""
    with transaction.atomic():
        visit = _locked(visit)
        by_link = bool(token) and secrets.compare_digest(visit.answer_token_hash or "-", token_hash(token))
        if not by_link and not is_the_researcher(actor, visit):
            raise NotAllowed()
        _require_status(visit, VisitStatus.PROPOSED, message=_("This proposal is no longer waiting for an answer."))
        assert visit.researcher is not None
        actor = actor if is_active_person(actor) else visit.researcher.user
        if accept:
            visit.status, visit.accepted_at = VisitStatus.ACCEPTED, timezone.now()
            _save(visit, actor)
            notifications.visit_accepted(visit=visit)
            return visit
        reason = _text(reason)
        if not reason:
            raise PortalError(_("Give a reason for declining."), field="reason")
        researcher = visit.researcher
        visit.declined_by.add(researcher)
        visit.status, visit.status_reason = VisitStatus.DECLINED, reason
        visit.researcher, visit.starts_at, visit.ends_at = None, None, None
        visit.closed_at = timezone.now()
        _save(visit, actor)
        notifications.visit_declined(visit=visit, researcher=researcher)
        return visit


# --- the school confirms, the coordinator marks it held ----------------------------------------------


def _school_actor(
    visit: VisitRequest, actor: User | AnonymousUser | None, allowed: bool, school_token: str
) -> User | AnonymousUser | None:
    """Who makes a move of the school's side: `actor` when `allowed` (one of the school's people,
    or a coordinator where the move lets them), else nobody in particular (None, in the history)
    when `school_token` is the secret of the request's school link (a request made through the
    public form); NotAllowed otherwise."""
    if allowed:
        return actor
    if holds_school_link(visit, school_token):
        return None
    raise NotAllowed()


def visit_confirm(*, visit: VisitRequest, actor: User | AnonymousUser | None, school_token: str = "") -> VisitRequest:
    """The school confirms the visit the researcher accepted; both get the calendar invitation.
    One of the school's people, or anyone holding the request's school link (`school_token`)."""
    with transaction.atomic():
        visit = _locked(visit)
        actor = _school_actor(visit, actor, acts_for_school(actor, visit.school_id), school_token)
        _require_status(
            visit, VisitStatus.ACCEPTED, message=_("Only a visit the researcher has accepted can be confirmed.")
        )
        assert visit.starts_at is not None
        if visit.starts_at <= timezone.now():
            raise Conflict(_("The date of this visit has passed; ask the coordinator for a new one."))
        visit.status, visit.confirmed_at = VisitStatus.CONFIRMED, timezone.now()
        _save(visit, actor)
        notifications.visit_confirmed(visit=visit)
        return visit


def visit_mark_held(*, visit: VisitRequest, actor: User | AnonymousUser | None) -> VisitRequest:
    """A coordinator records that the confirmed visit took place (once it has begun)."""
    with transaction.atomic():
        if not is_visit_coordinator(actor):
            raise NotAllowed()
        visit = _locked(visit)
        _require_status(visit, VisitStatus.CONFIRMED, message=_("Only a confirmed visit can be marked as held."))
        assert visit.starts_at is not None
        if visit.starts_at > timezone.now():
            raise Conflict(_("The visit has not taken place yet."))
        visit.status, visit.held_at = VisitStatus.HELD, timezone.now()
        _save(visit, actor)
        notifications.visit_held(visit=visit)
        return visit


def visit_evaluate(
    *,
    visit: VisitRequest,
    side: str,
    actor: User | AnonymousUser | None,
    text: str,
    rating: int | None = None,
    school_token: str = "",
) -> VisitEvaluation:
    """One side's evaluation of a held visit: the school (the pupils' reaction, a rating of 1 to 5;
    one of the school's people, or anyone holding the request's school link, `school_token`) or the
    researcher (a short report; the researcher of the visit). Each side once; when both have, the
    request is `evaluated`."""
    with transaction.atomic():
        visit = _locked(visit)
        if side == EvaluationSide.SCHOOL:
            actor = _school_actor(visit, actor, acts_for_school(actor, visit.school_id), school_token)
        elif side == EvaluationSide.RESEARCHER:
            if not is_the_researcher(actor, visit):
                raise NotAllowed()
            rating = None
        else:
            raise PortalError(_("Choose the side that evaluates."), field="side")
        _require_status(visit, VisitStatus.HELD, message=_("Only a visit that has been held can be evaluated."))
        if visit.evaluations.filter(side=side).exists():
            raise Conflict(_("This side has evaluated the visit already."))
        if side == EvaluationSide.SCHOOL and (not isinstance(rating, int) or not 1 <= rating <= 5):
            raise PortalError(_("Give a rating from 1 to 5."), field="rating")
        if not _text(text):
            raise PortalError(_("Write a few words about the visit."), field="text")
        evaluation = _save(
            VisitEvaluation(request=visit, side=side, rating=rating, text=_text(text), author=history_author(actor)),
            actor,
        )
        if visit.evaluations.count() == len(EvaluationSide.values):
            visit.status, visit.closed_at = VisitStatus.EVALUATED, timezone.now()
            _save(visit, actor)
        notifications.visit_evaluated(visit=visit, evaluation=evaluation)
        return evaluation


#: How many days before a confirmed visit both sides are reminded.
REMINDER_DAYS = 2


def visit_reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind the school and the researcher of each confirmed visit REMINDER_DAYS ahead (run daily
    by beat, see tasks/visits.py). The key holds the visit and its date: a visit reminds once, a
    moved one again. Returns the number of visits reminded."""
    day = (today or timezone.localdate()) + datetime.timedelta(days=REMINDER_DAYS)
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=VISIT_ZONE)
    visits = VisitRequest.objects.filter(
        status=VisitStatus.CONFIRMED, starts_at__gte=start, starts_at__lt=start + datetime.timedelta(days=1)
    ).select_related("school", "researcher__user", "requested_by")
    count = 0
    for visit in visits:
        with transaction.atomic():
            notifications.visit_reminder(visit=visit)
        count += 1
    return count


def visit_withdraw(
    *, visit: VisitRequest, actor: User | AnonymousUser | None, reason: str, school_token: str = ""
) -> VisitRequest:
    """The school (one of its people, or anyone holding the request's school link, `school_token`)
    or a coordinator withdraws the request, with a reason, until the visit is held."""
    with transaction.atomic():
        visit = _locked(visit)
        actor = _school_actor(visit, actor, can_withdraw(actor, visit), school_token)
        _require_status(visit, *WITHDRAWABLE, message=_("This request can no longer be withdrawn."))
        reason = _text(reason)
        if not reason:
            raise PortalError(_("Give a reason for withdrawing."), field="reason")
        was = visit.status
        visit.status, visit.status_reason = VisitStatus.WITHDRAWN, reason
        visit.closed_at = timezone.now()
        _save(visit, actor)
        notifications.visit_withdrawn(visit=visit, was=was)
        return visit
