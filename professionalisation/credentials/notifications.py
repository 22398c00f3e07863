"""What the microcredentials tell people, through the notification outbox (in the recipient's
language, with an idempotency key per credential so that a retried issue never tells twice)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from iclon.notifications.services import notify
from professionalisation.credentials.models import Microcredential
from professionalisation.credentials.selectors import absolute

CREDENTIAL = "professionalisation.credential"

CATEGORIES = [
    (CREDENTIAL, _("Professional development: a microcredential issued to me"), True),
]

TEMPLATES = "emails/professionalisation/"


def credential_path(credential: Microcredential) -> str:
    return reverse("credentials:detail", kwargs={"uuid": credential.uuid})


def microcredential_issued(*, credential: Microcredential) -> None:
    path = credential_path(credential)
    notify(
        category=CREDENTIAL,
        template=TEMPLATES + "microcredential_issued",
        context={
            "credential": credential,
            "title": credential.name,
            "activity": credential.completion.registration.session.activity,
            "url": absolute(path),
            "verify_url": absolute(reverse("credentials:verify")),
        },
        recipient=credential.participant,
        idempotency_key=f"{CREDENTIAL}:issued:{credential.pk}",
        url=path,
    )
