"""Changes of state for accounts: personal API tokens, and the erasure of a person on request."""

from datetime import timedelta

from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth.models import AnonymousUser
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from iclon.accounts.models import ApiToken, ErasureRequest, User
from iclon.accounts.permissions import can_handle_erasure_request
from iclon.accounts.roles import staff_may
from iclon.core.errors import Conflict, NotAllowed, PortalError, full_clean_or_raise
from iclon.core.privacy import erase_person

MAX_TOKENS_PER_USER = 20
MAX_EXPIRY_DAYS = 3650


def api_token_create(*, user: User, name: str, expires_days: int | None, actor: User | None) -> tuple[ApiToken, str]:
    """Create a named API token for `user`; returns the row and the token, which is shown once.

    Only a hash is stored. Raises NotAllowed when the actor is not the user (operators use the
    management command, which acts as the user), PortalError on a bad name or expiry."""
    with transaction.atomic():
        if actor is not None and actor.pk != user.pk:
            raise NotAllowed()
        name = (name or "").strip()
        if not name:
            raise PortalError(_("Give the token a name, e.g. the script that uses it."), field="name")
        if len(name) > 100:
            raise PortalError(_("The name can be 100 characters at most."), field="name")
        if expires_days is not None and not (1 <= expires_days <= MAX_EXPIRY_DAYS):
            raise PortalError(_("A token expires after 1 to 3650 days, or never."), field="expires_days")
        if user.is_staff and not is_mfa_enabled(user):
            raise PortalError(_("ICLON staff must set up two-factor authentication before they can use an API token."))
        if ApiToken.objects.filter(user=user).count() >= MAX_TOKENS_PER_USER:
            raise PortalError(_("You have 20 tokens already; revoke one first."), field="name")
        expiry = timedelta(days=expires_days) if expires_days else None
        return ApiToken.objects.create(user=user, expiry=expiry, name=name)


def api_token_revoke(*, token: ApiToken, actor: User) -> None:
    """Delete `token`: from now on it gets 401. Only its owner (or an administrator) may."""
    with transaction.atomic():
        if actor.pk != token.user_id and not staff_may(actor, "accounts.delete_apitoken"):
            raise NotAllowed()
        token.delete()


# --- erasure of a person (GDPR art. 17) --------------------------------------------------------

MAX_REASON_LENGTH = 2000


def erasure_request_create(
    *, user: User, password: str, reason: str, actor: User | AnonymousUser | None
) -> ErasureRequest:
    """The person asks to delete their account and data; they confirm with their password. One
    open request at a time. Raises NotAllowed for anyone else, PortalError on a wrong password, a
    long reason or a second open request."""
    with transaction.atomic():
        if actor is None or not actor.is_authenticated or actor.pk != user.pk:
            raise NotAllowed()
        if not user.check_password(password or ""):
            raise PortalError(_("The password is not correct."), field="password")
        reason = (reason or "").strip()
        if len(reason) > MAX_REASON_LENGTH:
            raise PortalError(_("The reason can be 2000 characters at most."), field="reason")
        User.objects.select_for_update().filter(pk=user.pk).first()
        if ErasureRequest.objects.filter(user=user, status=ErasureRequest.Status.OPEN).exists():
            raise PortalError(_("You have asked already; ICLON handles your request."))
        request = ErasureRequest(user=user, reason=reason)
        full_clean_or_raise(request)
        request.save()
        return request


def erasure_request_withdraw(*, request: ErasureRequest, actor: User | AnonymousUser | None) -> None:
    """The person takes back their open request."""
    with transaction.atomic():
        request = ErasureRequest.objects.select_for_update().get(pk=request.pk)
        if actor is None or not actor.is_authenticated or actor.pk != request.user_id:
            raise NotAllowed()
        if request.status != ErasureRequest.Status.OPEN:
            raise Conflict(_("This request is no longer open."))
        request.status = ErasureRequest.Status.WITHDRAWN
        request.handled_at = timezone.now()
        request.reason = ""
        request.save()


def _send_to_address(*, email: str, language: str, template: str, context: dict) -> None:
    """Send one e-mail straight to `email`, outside the outbox: the outbox would keep the address
    and the text, which erasure must leave nowhere."""
    with translation.override(language):
        subject = render_to_string(f"accounts/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"accounts/email/{template}_message.txt", context)
    EmailMessage(subject=subject, body=body, to=[email]).send()


def erasure_request_carry_out(*, request: ErasureRequest, actor: User) -> None:
    """Erase the person of `request`: every entry of the registry of personal data (iclon.core.
    privacy) erases or anonymises what it holds, keeping what the law requires without who the
    person was; the account stays as an emptied, inactive row. The person is told by e-mail at the
    address they had (captured first), after commit. Raises NotAllowed for anyone but staff who may
    handle erasure (never for themselves), Conflict when the request is not open."""
    with transaction.atomic():
        request = ErasureRequest.objects.select_for_update().select_related("user").get(pk=request.pk)
        if not can_handle_erasure_request(actor, request):
            raise NotAllowed()
        if request.status != ErasureRequest.Status.OPEN:
            raise Conflict(_("This request is no longer open."))
        person = request.user
        email, language, name = person.email, person.language, person.full_name
        erase_person(person)
        request.status = ErasureRequest.Status.CARRIED_OUT
        request.handled_at = timezone.now()
        request.handled_by = actor
        request.reason = ""
        request.save()
        transaction.on_commit(
            lambda: _send_to_address(email=email, language=language, template="erasure_done", context={"name": name}),
            robust=True,
        )


def erasure_request_refuse(*, request: ErasureRequest, actor: User, reason: str) -> None:
    """Refuse the request with a reason the person reads (e.g. the law keeps the study record of a
    trainee who is still enrolled). Raises as erasure_request_carry_out does, and PortalError
    without a reason."""
    with transaction.atomic():
        request = ErasureRequest.objects.select_for_update().select_related("user").get(pk=request.pk)
        if not can_handle_erasure_request(actor, request):
            raise NotAllowed()
        if request.status != ErasureRequest.Status.OPEN:
            raise Conflict(_("This request is no longer open."))
        reason = (reason or "").strip()
        if not reason:
            raise PortalError(_("Say why the request is refused: the person reads it."), field="refusal_reason")
        request.status = ErasureRequest.Status.REFUSED
        request.handled_at = timezone.now()
        request.handled_by = actor
        request.refusal_reason = reason[:MAX_REASON_LENGTH]
        request.save()
        person = request.user
        context = {"name": person.full_name, "reason": request.refusal_reason}
        email, language = person.email, person.language
        transaction.on_commit(
            lambda: _send_to_address(email=email, language=language, template="erasure_refused", context=context),
            robust=True,
        )
