"""Changes of state for accounts: personal API tokens."""

from datetime import timedelta

from allauth.mfa.utils import is_mfa_enabled
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from iclon.accounts.models import ApiToken, User
from iclon.accounts.roles import staff_may
from iclon.core.errors import NotAllowed, PortalError

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
