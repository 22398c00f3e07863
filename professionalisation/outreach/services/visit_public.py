"""Meet the Professor for a teacher without an account: the public form's writes.

A teacher names their school (its vestigingscode or name, `school_resolve`) and asks for a visit
(`visit_submission_create`): a `VisitSubmission` is stored with the sha256 of a secret token and an
expiry, and the teacher receives the link that verifies their address; nothing else happens yet.
Opening the link and confirming (`visit_submission_verify`) makes the `VisitRequest` by the rules
of every request (services/visits.py `new_request`), without a requesting user, with the secret
school link through which the teacher confirms, evaluates and withdraws it (the `school_token=` of
the services). Limits in the cache keep the form from being used to send e-mail to anybody
(`PER_EMAIL_A_DAY`, `PER_ADDRESS_A_DAY`); unverified submissions are purged (tasks/visits.py).
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iclon.accounts.models import User
from iclon.accounts.roles import staff_may
from iclon.core.errors import NotAllowed, PortalError, full_clean_or_raise
from iclon.core.i18n import supported_language
from iclon.core.limits import count_within
from partnerships.models import School
from partnerships.selectors import SCHOOL_CODE, schools_by_name
from partnerships.selectors import school_label as school_label  # re-exported: the suggestion views use it
from partnerships.selectors import school_options as shared_school_options
from professionalisation.outreach.models.visits import (
    VisitLocation,
    VisitRequest,
    VisitSubmission,
)
from professionalisation.outreach.notifications import visits as notifications
from professionalisation.outreach.permissions.visits import school_link_token, school_token_hash
from professionalisation.outreach.services.visits import new_request, request_save, token_hash

#: How long the link that verifies the teacher's address works.
SUBMISSION_VALID = datetime.timedelta(days=3)
#: Submissions to one e-mail address, and from one network address, within LIMIT_WINDOW.
PER_EMAIL_A_DAY = 5
PER_ADDRESS_A_DAY = 20
LIMIT_WINDOW = datetime.timedelta(days=1)
#: Unverified submissions are purged this long after they expired; verified ones this long after
#: the request was made (the request holds their data).
PURGE_EXPIRED_AFTER = datetime.timedelta(days=7)
PURGE_VERIFIED_AFTER = datetime.timedelta(days=30)
#: The schools the options of the form's school field show at most.
SCHOOL_OPTIONS = 10


class SubmissionInvalid(PortalError):
    default_message = _("This link is not valid. Check that you copied the whole link from the e-mail.")
    status_code = 404


class SubmissionExpired(PortalError):
    default_message = _("This link has expired. Please fill in the form again.")
    status_code = 410


class SubmissionUsed(PortalError):
    default_message = _(
        "This request has been confirmed already. The e-mail we sent you then holds the link to its page."
    )
    status_code = 410


class TooManySubmissions(PortalError):
    default_message = _(
        "Several requests have been sent from here or for this e-mail address today. Confirm them with the "
        "links in the e-mails we sent, or try again tomorrow."
    )
    status_code = 429


# --- the school -----------------------------------------------------------------------------------


def public_schools() -> QuerySet[School]:
    """The schools a teacher may ask a visit for: active primary and secondary schools."""
    return School.objects.filter(Q(offers_po=True) | Q(offers_vo=True), is_active=True)


def _check_school(school: School) -> None:
    if not school.is_active:
        raise PortalError(_("This school is no longer active."), field="school")
    if not (school.offers_po or school.offers_vo):
        raise PortalError(_("Meet the Professor is for primary and secondary schools."), field="school")


def school_options(text: str) -> list[School]:
    """At most SCHOOL_OPTIONS of the schools one may ask for whose name, town or code holds `text`
    (three characters at least), for the form's suggestions. One query."""
    return shared_school_options(text, public_schools(), limit=SCHOOL_OPTIONS)


def school_resolve(text: str) -> School:
    """The school the teacher means: by its vestigingscode (e.g. 02EA03, also at the end in
    brackets, as the suggestions give it), its BRIN code when it has one branch, or its name (or
    "name, town"). Raises a PortalError on the field `school` when none or several match, or the
    school cannot be asked for (inactive, not primary or secondary)."""
    text = " ".join((text or "").split())
    if not text:
        raise PortalError(_("Name your school."), field="school")
    match = SCHOOL_CODE.search(text)
    if match:
        brin, branch = match.group(1).upper(), match.group(2)
        candidates = list(School.objects.filter(brin_code=brin, **({"branch_number": branch} if branch else {}))[:2])
        if len(candidates) == 1:
            _check_school(candidates[0])
            return candidates[0]
        if len(candidates) > 1:
            raise PortalError(
                _("This BRIN code has several branches: give the six characters of the vestigingscode, e.g. 02EA03."),
                field="school",
            )
        if text.upper() == brin + (branch or "") or text.startswith("("):
            raise PortalError(_("We do not know a school with this code."), field="school")
    candidates = schools_by_name(text, public_schools())
    if not candidates:
        # A school of that name that cannot be asked for is told why.
        name = text.partition(",")[0].strip()
        other = School.objects.filter(name__iexact=name).order_by("pk").first()
        if other is not None:
            _check_school(other)
        raise PortalError(
            _("We do not know this school. Type its vestigingscode (e.g. 02EA03) or choose it from the suggestions."),
            field="school",
        )
    if len(candidates) > 1:
        raise PortalError(
            _("Several schools match. Choose yours from the suggestions, or type its vestigingscode (e.g. 02EA03)."),
            field="school",
        )
    return candidates[0]


# --- the submission -------------------------------------------------------------------------------


def _within_limits(email: str, client_address: str) -> bool:
    email_key = hashlib.sha256(email.encode()).hexdigest()
    by_email = count_within(f"outreach:visit-ask:email:{email_key}", limit=PER_EMAIL_A_DAY, window=LIMIT_WINDOW)
    by_address = count_within(
        f"outreach:visit-ask:address:{client_address or '-'}", limit=PER_ADDRESS_A_DAY, window=LIMIT_WINDOW
    )
    return by_email and by_address


def visit_submission_create(
    *,
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
    client_address: str = "",
) -> tuple[VisitSubmission, str]:
    """A teacher asks for a visit through the public form (nobody needs to be logged in). The
    request is checked by the rules of every request (and the school must be an active primary or
    secondary school), stored as a submission with the sha256 of a new secret token, and the
    teacher is sent the link that verifies their address (valid for SUBMISSION_VALID). Refused with
    TooManySubmissions (429) past the limits per e-mail and network address. Returns the
    submission and the secret token."""
    with transaction.atomic():
        if not (contact_name or "").strip():
            raise PortalError(_("Give your name."), field="contact_name")
        _check_school(school)
        visit, dates = new_request(
            school=school,
            requested_by=None,
            contact_name=contact_name,
            contact_email=contact_email,
            group_label=group_label,
            pupils=pupils,
            wishes=wishes,
            preferred_dates=preferred_dates,
            location=location,
            accessibility_notes=accessibility_notes,
            language=supported_language(language),
        )
        if not _within_limits(visit.contact_email, client_address):
            raise TooManySubmissions()
        token = secrets.token_urlsafe(32)
        submission = VisitSubmission(
            school=school,
            contact_name=visit.contact_name,
            contact_email=visit.contact_email,
            language=visit.language,
            group_label=visit.group_label,
            pupils=visit.pupils,
            wishes=visit.wishes,
            location=visit.location,
            accessibility_notes=visit.accessibility_notes,
            preferred_dates=[[day.isoformat(), part] for day, part in dates],
            token_hash=token_hash(token),
            expires_at=timezone.now() + SUBMISSION_VALID,
        )
        full_clean_or_raise(submission, exclude=["token_hash"])
        submission.save()
        notifications.visit_submission_received(submission=submission, token=token)
        return submission, token


def _usable(queryset: QuerySet[VisitSubmission], token: str) -> VisitSubmission:
    submission = queryset.filter(token_hash=token_hash(token)).first() if token else None
    if submission is None:
        raise SubmissionInvalid()
    if submission.verified_at is not None:
        raise SubmissionUsed()
    if submission.expires_at <= timezone.now():
        raise SubmissionExpired()
    return submission


def visit_submission_for_token(token: str) -> VisitSubmission:
    """The submission waiting behind `token`; raises SubmissionInvalid (404), SubmissionUsed or
    SubmissionExpired (410)."""
    return _usable(VisitSubmission.objects.select_related("school"), token)


def visit_submission_verify(*, token: str) -> tuple[VisitRequest, str]:
    """The teacher confirms their request through the link of the e-mail (a POST: mail scanners
    that open links verify nothing). The submission's row is locked, so the request is made once:
    by the rules of every request (services/visits.py `new_request`; the preferred dates that
    passed meanwhile are left out), without a requesting user, with the school link whose secret is
    returned; the school's receipt goes out to the teacher with that link."""
    with transaction.atomic():
        submission = _usable(VisitSubmission.objects.select_for_update().select_related("school"), token)
        _check_school(submission.school)
        today = timezone.localdate()
        dates = [(day, part) for day, part in submission.dates if day > today]
        if not dates:
            raise PortalError(_("Your preferred dates have passed. Please fill in the form again with new dates."))
        visit, dates = new_request(
            school=submission.school,
            requested_by=None,
            contact_name=submission.contact_name,
            contact_email=submission.contact_email,
            group_label=submission.group_label,
            pupils=submission.pupils,
            wishes=submission.wishes,
            preferred_dates=dates,
            location=submission.location,
            accessibility_notes=submission.accessibility_notes,
            language=submission.language,
        )
        request_save(visit, dates, None)
        school_token = school_link_token(visit)
        visit.school_token_hash = school_token_hash(school_token)
        # Not a change of the request's history: the hash is no part of it.
        VisitRequest.objects.filter(pk=visit.pk).update(school_token_hash=visit.school_token_hash)
        submission.verified_at, submission.visit = timezone.now(), visit
        submission.save(update_fields=["verified_at", "visit", "updated_at"])
        notifications.visit_requested(visit=visit)
        return visit, school_token


def visit_for_school_token(token: str) -> VisitRequest | None:
    """The request whose school link carries `token` (with what its page shows), or None."""
    if not token:
        return None
    return (
        VisitRequest.objects.select_related("school", "researcher__user")
        .prefetch_related("preferred_dates", "evaluations")
        .filter(school_token_hash=school_token_hash(token))
        .exclude(school_token_hash="")
        .first()
    )


# --- coordinators ---------------------------------------------------------------------------------

DELETE_SUBMISSIONS = "professionalisation.delete_visitsubmission"


def visit_submission_delete(*, submission: VisitSubmission, actor: User | AnonymousUser | None) -> None:
    """A coordinator removes a submission (the request it made, if any, stays)."""
    with transaction.atomic():
        if not staff_may(actor, DELETE_SUBMISSIONS):
            raise NotAllowed()
        submission.delete()


def visit_submissions_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete the submissions never verified that expired PURGE_EXPIRED_AFTER ago, and the verified
    ones PURGE_VERIFIED_AFTER after the request was made (run daily by beat, tasks/visits.py).
    Returns the number deleted."""
    now = now or timezone.now()
    old = Q(verified_at__isnull=True, expires_at__lt=now - PURGE_EXPIRED_AFTER) | Q(
        verified_at__lt=now - PURGE_VERIFIED_AFTER
    )
    deleted, _rows = VisitSubmission.objects.filter(old).delete()
    return deleted
