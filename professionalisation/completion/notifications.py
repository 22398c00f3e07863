"""What completion tells people, through the notification outbox: "certificate issued".

The services in professionalisation/completion/services.py call this inside their transaction;
the outbox writes the rows there and sends the e-mail after commit, in the recipient's language,
with an idempotency key per certificate so that a certificate is announced once (a certificate
that is valid again after a correction is not announced twice).
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from iclon.notifications.services import notify
from professionalisation.activities.models import Registration
from professionalisation.completion.models import Certificate

CERTIFICATE = "professionalisation.certificate"

# (key, label, mandatory)
CATEGORIES = [
    (CERTIFICATE, _("Professional development: a certificate issued to me"), False),
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
    )
