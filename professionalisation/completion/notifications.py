"""What completion tells people, through the notification outbox: "certificate issued", and what
takes it back or gives it back: "certificate revoked" (by staff), "completion withdrawn" (a
correction of attendance or assignment) and "completion recorded again" (a later correction).

The services in professionalisation/completion/services.py call these inside their transaction;
the outbox writes the rows there and sends the e-mail after commit, in the recipient's language,
with an idempotency key per event so that an event is told once: a certificate is announced once
(a certificate that is valid again after a correction is not announced as issued again), a
revocation once per certificate, a withdrawal and a recording again once per moment.

One message per withdrawal: when a completion of an activity that gives a microcredential is
withdrawn, "completion withdrawn" says that the microcredential is revoked with it, and the
credentials slice revokes it without a message of its own (professionalisation/credentials/
services.py, `completion_credentials_revoke`). Only a revocation by staff is told by that slice.
The reasons are told as the services stored them.

Taking back (and giving back) is a mandatory category: nobody may miss that a certificate they
show no longer verifies. "Completion recorded again" is in that category too, so that whoever was
told of the withdrawal is told of its end.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from iclon.notifications.services import notify
from professionalisation.activities.models import CompletionAward, Registration
from professionalisation.activities.notifications import title_param
from professionalisation.completion.models import Certificate, Completion

CERTIFICATE = "professionalisation.certificate"
CHANGE = "professionalisation.completion_change"

# (key, label, mandatory)
CATEGORIES = [
    (CERTIFICATE, _("Professional development: a certificate issued to me"), False),
    (
        CHANGE,
        _("Professional development: my completion or certificate withdrawn, revoked or valid again"),
        True,
    ),
]

TEMPLATES = "emails/professionalisation/"


def absolute(path: str) -> str:
    return f"{settings.PORTAL_BASE_URL}{path}"


def verification_path(certificate: Certificate) -> str:
    return reverse("completion:certificate-verify", kwargs={"code": certificate.code})


def verification_url(certificate: Certificate) -> str:
    """The public address that says whether the certificate is valid (printed on it)."""
    return absolute(verification_path(certificate))


def pdf_path(certificate: Certificate) -> str:
    return reverse("completion:certificate-pdf", kwargs={"pk": certificate.pk})


def mine_path() -> str:
    return reverse("completion:mine")


def _moment(value: datetime.datetime | None) -> str:
    """A moment in an idempotency key: one event per moment."""
    return value.isoformat() if value is not None else ""


def certificate_issued(*, certificate: Certificate, registration: Registration) -> None:
    path = mine_path()
    session = registration.session
    notify(
        category=CERTIFICATE,
        template=TEMPLATES + "certificate_issued",
        context={
            "certificate": certificate,
            "session": session,
            "activity": session.activity,
            "url": absolute(path),
            "pdf_url": absolute(pdf_path(certificate)),
            "verification_url": verification_url(certificate),
        },
        recipient=registration.participant,
        idempotency_key=f"{CERTIFICATE}:issued:{certificate.pk}",
        url=path,
        message=gettext_noop("Your certificate: %(title)s"),
        params={"title": title_param(session.activity)},
    )


def certificate_revoked(*, certificate: Certificate, registration: Registration) -> None:
    """Staff revoked the certificate: its number, the activity and the reason they gave."""
    path = mine_path()
    session = registration.session
    notify(
        category=CHANGE,
        template=TEMPLATES + "certificate_revoked",
        context={
            "certificate": certificate,
            "reason": certificate.revoke_reason,
            "session": session,
            "activity": session.activity,
            "url": absolute(path),
            "verification_url": verification_url(certificate),
        },
        recipient=registration.participant,
        idempotency_key=f"{CHANGE}:certificate-revoked:{certificate.pk}:{_moment(certificate.revoked_at)}",
        url=path,
        message=gettext_noop("Your certificate %(number)s has been revoked"),
        params={"number": certificate.number},
    )


def completion_withdrawn(
    *, completion: Completion, registration: Registration, certificate: Certificate | None, reason: str | Promise
) -> None:
    """A correction withdrew the completion: why (`reason`, lazy to be read in the participant's
    language where the service can give it so), the certificate revoked
    with it (None: there was none to revoke) and, for an activity that gives one, that the
    microcredential goes with it (the one message about the withdrawal; see the docstring)."""
    path = mine_path()
    session = registration.session
    notify(
        category=CHANGE,
        template=TEMPLATES + "completion_withdrawn",
        context={
            "completion": completion,
            "reason": reason,
            "certificate": certificate,
            "microcredential": session.activity.award == CompletionAward.MICROCREDENTIAL,
            "session": session,
            "activity": session.activity,
            "url": absolute(path),
        },
        recipient=registration.participant,
        idempotency_key=f"{CHANGE}:withdrawn:{completion.pk}:{_moment(completion.withdrawn_at)}",
        url=path,
        message=gettext_noop("Your completion withdrawn: %(title)s"),
        params={"title": title_param(session.activity)},
    )


def completion_recorded_again(
    *, completion: Completion, registration: Registration, certificate: Certificate | None
) -> None:
    """A withdrawn completion meets the rule again: its certificate (if the activity gives one) is
    valid again, unless staff revoked it themselves; a microcredential is issued anew (and told
    by the credentials slice, as any issued credential)."""
    path = mine_path()
    session = registration.session
    notify(
        category=CHANGE,
        template=TEMPLATES + "completion_recorded_again",
        context={
            "completion": completion,
            "certificate": certificate,
            "microcredential": session.activity.award == CompletionAward.MICROCREDENTIAL,
            "session": session,
            "activity": session.activity,
            "url": absolute(path),
            "pdf_url": absolute(pdf_path(certificate)) if certificate is not None else "",
            "verification_url": verification_url(certificate) if certificate is not None else "",
        },
        recipient=registration.participant,
        idempotency_key=f"{CHANGE}:recorded-again:{completion.pk}:{_moment(completion.completed_at)}",
        url=path,
        message=gettext_noop("Your completion recorded again: %(title)s"),
        params={"title": title_param(session.activity)},
    )
