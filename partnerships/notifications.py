"""E-mails of the partnerships app, rendered in the recipient's language."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django_scopes import scopes_disabled


def render_email(template_prefix: str, context: dict, language: str) -> tuple[str, str, str]:
    """Subject, text and HTML of the e-mail `template_prefix`, in `language`."""
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
        text = render_to_string(f"{template_prefix}_body.txt", context)
        html = render_to_string(f"{template_prefix}_body.html", context)
    return subject, text, html


def send_invitation_email(*, invitation_id: int, token: str) -> None:
    from partnerships.models import SchoolInvitation
    from partnerships.services.invitations import invitation_url

    with scopes_disabled():
        invitation = SchoolInvitation.objects.select_related("school", "invited_by").get(pk=invitation_id)
    context = {
        "invitation": invitation,
        "school": invitation.school,
        "url": settings.PORTAL_BASE_URL + invitation_url(token),
        "expires_at": invitation.expires_at,
    }
    subject, text, html = render_email("emails/partnerships/invitation", context, invitation.language)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [invitation.email])
    message.attach_alternative(html, "text/html")
    message.send()
