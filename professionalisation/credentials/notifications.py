"""What the microcredentials tell people, through the notification outbox (in the recipient's
language, with an idempotency key per credential so that a retried issue or revocation never
tells twice): "microcredential issued" and "microcredential revoked".

"Microcredential revoked" is for a revocation by staff (`microcredential_revoke`). A credential
revoked because its completion was withdrawn (`completion_credentials_revoke`, on the completion
slice's `completion_withdrawn`) is not told here: the participant hears of the withdrawal once,
from the completion slice's "completion withdrawn" (professionalisation/completion/
notifications.py), which says that the microcredential is revoked with it. A completion recorded
again gets a new credential, told as any issued one."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from iclon.notifications.services import notify
from professionalisation.activities.notifications import title_param
from professionalisation.credentials.models import Microcredential
from professionalisation.credentials.selectors import absolute

CREDENTIAL = "professionalisation.credential"
CREDENTIAL_REVOKED = "professionalisation.credential_revoked"

CATEGORIES = [
    (CREDENTIAL, _("Professional development: a microcredential issued to me"), True),
    (CREDENTIAL_REVOKED, _("Professional development: a microcredential of mine revoked"), True),
]

TEMPLATES = "emails/professionalisation/"


def credential_path(credential: Microcredential) -> str:
    return reverse("credentials:detail", kwargs={"uuid": credential.uuid})


def credential_title(credential: Microcredential) -> dict[str, str]:
    """The credential's name as an in-app message parameter, in both languages: the name it was
    issued with in its own language, the activity's title in the other."""
    titles = title_param(credential.completion.registration.session.activity)
    if credential.name:
        titles[credential.language] = credential.name
    return titles


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
        message=gettext_noop("Your microcredential: %(title)s"),
        params={"title": credential_title(credential)},
    )


def microcredential_revoked(*, credential: Microcredential) -> None:
    """Staff revoked the credential: its name and the reason they gave (a credential is revoked
    once: it is never valid again)."""
    path = credential_path(credential)
    notify(
        category=CREDENTIAL_REVOKED,
        template=TEMPLATES + "microcredential_revoked",
        context={
            "credential": credential,
            "title": credential.name,
            "reason": credential.revoke_reason,
            "activity": credential.completion.registration.session.activity,
            "url": absolute(path),
        },
        recipient=credential.participant,
        idempotency_key=f"{CREDENTIAL_REVOKED}:{credential.pk}",
        url=path,
        message=gettext_noop("Your microcredential has been revoked: %(title)s"),
        params={"title": credential_title(credential)},
    )
