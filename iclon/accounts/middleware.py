"""Staff must use two-factor authentication before they can do anything else."""

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

# Paths a staff member without MFA can still reach: the account pages (where MFA is set up,
# and log-out), the language switch and static files.
EXEMPT_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/media/")


class StaffMFARequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and user.is_staff
            and not request.path.startswith(EXEMPT_PREFIXES)
            and not is_mfa_enabled(user)
        ):
            message = _("ICLON staff must set up two-factor authentication before continuing.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=403)
            messages.warning(request, message)
            return redirect("mfa_activate_totp")
        return self.get_response(request)
