from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext
from django.views.decorators.csrf import requires_csrf_token

from iclon.core.navigation import collect


def home(request):
    return render(request, "core/home.html")


@login_required
def dashboard(request):
    context = {"cards": collect("dashboard_cards", request), "mfa_enabled": is_mfa_enabled(request.user)}
    return render(request, "core/dashboard.html", context)


@requires_csrf_token
def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


@requires_csrf_token
def page_not_found(request, exception=None):
    # An address under the API that no endpoint answers gets the API's own error shape (a script
    # reads JSON, not the portal's page); every other address gets the page.
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": gettext("Not found.")}, status=404)
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    # Rendered without a request context: the error may well be the database that the context
    # processors would query.
    return HttpResponseServerError(loader.get_template("500.html").render({}))
