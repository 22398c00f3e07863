"""What the partnerships app tells people, through the notification outbox."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_noop

from iclon.notifications.models import Channel
from iclon.notifications.services import notify


def invitation_url(token: str) -> str:
    """The path of the invitation's accept page (the raw token is in it: never stored)."""
    return reverse("partnerships:invitation-accept", kwargs={"token": token})


def send_invitation_email(*, invitation, token: str) -> None:
    """Queue the invitation e-mail (sent after the caller's transaction commits).

    Keyed by the token's hash: a resend (new token) is a new e-mail, a retry is not."""

    notify(
        category="partnerships.invitation",
        template="emails/partnerships/invitation",
        context={
            "invitation": invitation,
            "school": invitation.school,
            "url": settings.PORTAL_BASE_URL + invitation_url(token),
            "expires_at": invitation.expires_at,
        },
        email=invitation.email,
        language=invitation.language,
        idempotency_key=f"partnerships.invitation:{invitation.pk}:{invitation.token_hash[:16]}",
        channels=(Channel.EMAIL,),
        # No link: the accept page holds the raw token, which is never stored outside the e-mail.
        url="",
        message=gettext_noop("Invitation to the ICLON portal for %(school)s"),
        params={"school": invitation.school.name},
    )
