import re

from allauth.mfa.utils import is_mfa_enabled
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from knox.auth import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from iclon.accounts.models import ApiToken

# What knox issues: the prefix and hexadecimal digits. Anything else is refused before it reaches
# the database: PostgreSQL raises on a NUL byte in a query (a 500), and a token of megabytes
# would only be hashed in vain.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_]{1,200}")


class ApiTokenAuthentication(TokenAuthentication):
    """knox's token authentication (`Authorization: Token iclon_…`), recording when a token was
    last used (at most once a minute, so reads do not write on every request)."""

    def authenticate_credentials(self, token):
        try:
            text = token.decode("utf-8")
        except UnicodeDecodeError as error:
            raise AuthenticationFailed(_("Invalid token.")) from error
        if not TOKEN_PATTERN.fullmatch(text):
            raise AuthenticationFailed(_("Invalid token."))
        return super().authenticate_credentials(token)

    def validate_user(self, auth_token):
        user, token = super().validate_user(auth_token)
        # Staff must use two-factor authentication before anything else (StaffMFARequiredMiddleware),
        # but the token page is under /accounts/, which that middleware leaves open so that MFA
        # can be set up there. Without this check a staff member without MFA could make a token
        # there and use every staff permission through the API.
        if user.is_staff and not is_mfa_enabled(user):
            raise AuthenticationFailed(
                _("ICLON staff must set up two-factor authentication before they can use an API token.")
            )
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return user, token


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "iclon.accounts.api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "A personal API token, prefixed with `Token `: `Authorization: Token iclon_…`.",
        }
