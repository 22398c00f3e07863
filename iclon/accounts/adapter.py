"""allauth adapter: e-mails in the recipient's language, sign-up details, redirects."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import gettext

from iclon.accounts.models import Language


@dataclass(frozen=True)
class PortalSite:
    """What allauth's e-mails call the site ("Hello from {{ current_site.name }}"). Without the
    sites framework allauth would use the request's host name for both name and domain."""

    name: str
    domain: str


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        language = self._language_for(email, context)
        with translation.override(language):
            site = PortalSite(name=gettext("ICLON portal"), domain=urlsplit(settings.PORTAL_BASE_URL).netloc)
            return super().send_mail(template_prefix, email, {"current_site": site, **context})

    @staticmethod
    def _language_for(email, context) -> str:
        user = context.get("user")
        if user is None or not getattr(user, "pk", None):
            user = get_user_model().objects.filter(email__iexact=email).only("language").first()
        if user is not None and user.language in Language.values:
            return user.language
        return translation.get_language() or Language.DUTCH

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        data = form.cleaned_data
        user.full_name = data.get("full_name", "")
        user.language = data.get("language") or translation.get_language() or Language.DUTCH
        if commit:
            user.save()
        return user
