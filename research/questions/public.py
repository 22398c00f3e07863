"""A research question from a teacher without an account: the public form's writes (the same
design as Meet the Professor's public form, professionalisation/outreach/services/visit_public.py,
which research may not import).

A teacher names their school (its vestigingscode or name, `school_resolve`) and asks a question
(`submission_create`): a `QuestionSubmission` is stored with the sha256 of a secret token and an
expiry, and the teacher receives the link that verifies their address; nothing else happens yet.
Opening the link and confirming (a POST: `submission_verify`) makes the `ResearchQuestion` by the
rules of every question (services.new_question), without a submitting user; research staff are
told, and the school's people see it among their school's questions. Limits in the cache keep the
form from being used to send e-mail to anybody (`PER_EMAIL_A_DAY`, `PER_ADDRESS_A_DAY`);
unverified submissions are purged (tasks.py)."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iclon.accounts.models import User
from iclon.accounts.roles import staff_may
from iclon.core.errors import NotAllowed, PortalError, full_clean_or_raise
from iclon.core.history import history_author, record_history_as
from iclon.core.i18n import supported_language
from iclon.core.limits import count_within, token_hash
from partnerships.models import School
from partnerships.selectors import SCHOOL_CODE, schools_by_name
from partnerships.selectors import school_label as school_label  # re-exported: the suggestion views use it
from partnerships.selectors import school_options as shared_school_options
from research.questions import notifications
from research.questions.models import QuestionSubmission, ResearchQuestion
from research.questions.permissions import DELETE_SUBMISSIONS
from research.questions.services import new_question

#: How long the link that verifies the teacher's address works.
SUBMISSION_VALID = datetime.timedelta(days=3)
#: Submissions to one e-mail address, and from one network address, within LIMIT_WINDOW.
PER_EMAIL_A_DAY = 5
PER_ADDRESS_A_DAY = 20
LIMIT_WINDOW = datetime.timedelta(days=1)
#: Unverified submissions are purged this long after they expired; verified ones this long after
#: the question was made (the question holds their data).
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
    default_message = _("This question has been confirmed already; research staff have received it.")
    status_code = 410


class TooManySubmissions(PortalError):
    default_message = _(
        "Several questions have been sent from here or for this e-mail address today. Confirm them with the "
        "links in the e-mails we sent, or try again tomorrow."
    )
    status_code = 429


# --- the school -----------------------------------------------------------------------------------


def public_schools() -> QuerySet[School]:
    """The schools a teacher may ask for: the active schools."""
    return School.objects.filter(is_active=True)


def school_options(text: str) -> list[School]:
    """At most SCHOOL_OPTIONS of the schools one may ask for whose name, town or code holds `text`
    (three characters at least), for the form's suggestions. One query."""
    return shared_school_options((text or "").strip()[:100], public_schools(), limit=SCHOOL_OPTIONS)


def school_resolve(text: str) -> School:
    """The school the teacher means: by its vestigingscode (e.g. 02EA03, also at the end in
    brackets, as the suggestions give it), its BRIN code when it has one branch, or its name (or
    "name, town"). Raises a PortalError on the field `school` when none or several match."""
    text = " ".join((text or "").split())[:250]
    if not text:
        raise PortalError(_("Name your school."), field="school")
    match = SCHOOL_CODE.search(text)
    if match:
        brin, branch = match.group(1).upper(), match.group(2)
        rows = public_schools().filter(brin_code=brin, **({"branch_number": branch} if branch else {}))
        candidates = list(rows[:2])
        if len(candidates) == 1:
            return candidates[0]
        if len(candidates) > 1:
            raise PortalError(
                _("This BRIN code has several branches: give the six characters of the vestigingscode, e.g. 02EA03."),
                field="school",
            )
    candidates = schools_by_name(text, public_schools())
    if not candidates:
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
    by_email = count_within(f"research:question-ask:email:{email_key}", limit=PER_EMAIL_A_DAY, window=LIMIT_WINDOW)
    by_address = count_within(
        f"research:question-ask:address:{client_address or '-'}", limit=PER_ADDRESS_A_DAY, window=LIMIT_WINDOW
    )
    return by_email and by_address


FIELDS = ("title", "context", "subject", "sector", "intended_use", "urgency", "contact_name", "contact_email")


def submission_create(
    *,
    school: School,
    title: str,
    context: str,
    sector: str,
    intended_use: str,
    urgency: str,
    contact_name: str,
    contact_email: str,
    subject: str = "",
    language: str = "nl",
    client_address: str = "",
) -> tuple[QuestionSubmission, str]:
    """A teacher asks a question through the public form (nobody needs to be logged in). The
    question is checked by the rules of every question, stored as a submission with the sha256 of a
    new secret token, and the teacher is sent the link that verifies their address (valid for
    SUBMISSION_VALID). Refused with TooManySubmissions (429) past the limits per e-mail and network
    address. Returns the submission and the secret token."""
    with transaction.atomic():
        question = new_question(
            school=school,
            title=title,
            context=context,
            sector=sector,
            intended_use=intended_use,
            urgency=urgency,
            contact_name=contact_name,
            contact_email=contact_email,
            subject=subject,
            language=supported_language(language),
        )
        if not _within_limits(question.contact_email, client_address):
            raise TooManySubmissions()
        token = secrets.token_urlsafe(32)
        submission = QuestionSubmission(
            school=school,
            language=question.language,
            token_hash=token_hash(token),
            expires_at=timezone.now() + SUBMISSION_VALID,
            **{name: getattr(question, name) for name in FIELDS},
        )
        full_clean_or_raise(submission, exclude=["token_hash"])
        submission.save()
        notifications.submission_received(submission=submission, token=token)
        return submission, token


def _usable(queryset: QuerySet[QuestionSubmission], token: str) -> QuestionSubmission:
    submission = queryset.filter(token_hash=token_hash(token)).first() if token else None
    if submission is None:
        raise SubmissionInvalid()
    if submission.verified_at is not None:
        raise SubmissionUsed()
    if submission.expires_at <= timezone.now():
        raise SubmissionExpired()
    return submission


def submission_for_token(token: str) -> QuestionSubmission:
    """The submission waiting behind `token`; raises SubmissionInvalid (404), SubmissionUsed or
    SubmissionExpired (410)."""
    return _usable(QuestionSubmission.objects.select_related("school"), token)


def submission_verify(*, token: str) -> ResearchQuestion:
    """The teacher confirms their question through the link of the e-mail (a POST: mail scanners
    that open links verify nothing). The submission's row is locked, so the question is made once,
    by the rules of every question, without a submitting user; research staff are told, and the
    teacher receives the receipt."""
    with transaction.atomic():
        submission = _usable(QuestionSubmission.objects.select_for_update().select_related("school"), token)
        question = new_question(
            school=submission.school,
            language=submission.language,
            **{name: getattr(submission, name) for name in FIELDS},
        )
        full_clean_or_raise(question)
        record_history_as(question, history_author(None))
        question.save()
        submission.verified_at, submission.question = timezone.now(), question
        submission.save(update_fields=["verified_at", "question", "updated_at"])
        notifications.question_submitted(question=question)
        return question


# --- research staff -------------------------------------------------------------------------------


def submission_delete(*, submission: QuestionSubmission, actor: User | AnonymousUser | None) -> None:
    """Research staff remove a submission (the question it made, if any, stays)."""
    with transaction.atomic():
        if not staff_may(actor, DELETE_SUBMISSIONS):
            raise NotAllowed()
        submission.delete()


def submissions_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete the submissions never verified that expired PURGE_EXPIRED_AFTER ago, and the verified
    ones PURGE_VERIFIED_AFTER after the question was made (run daily by beat, tasks.py). Returns
    the number deleted."""
    now = now or timezone.now()
    old = Q(verified_at__isnull=True, expires_at__lt=now - PURGE_EXPIRED_AFTER) | Q(
        verified_at__lt=now - PURGE_VERIFIED_AFTER
    )
    deleted, _rows = QuestionSubmission.objects.filter(old).delete()
    return deleted
