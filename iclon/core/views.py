from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import requires_csrf_token

from iclon.core.navigation import HomeFigure, collect

#: The home page's figures, in order, as ICLON's strategic plan gives them. A slice that holds the
#: data replaces one with its own count (`home_figures` in its navigation.py, by key).
HOME_FIGURES = [
    HomeFigure("subjects", 19, _("school subjects in our first- and second-degree teacher education")),
    HomeFigure(
        "partnerships", 10, _("training-school partnerships, with nine in ten secondary schools in Zuid-Holland")
    ),
    HomeFigure("pal_students", 450, _("PAL student-assistants trained to support teachers")),
    HomeFigure("phd", 45, _("PhD projects running, and 55 dissertations completed")),
    HomeFigure("publications", 342, _("publications in five years: 240 scientific and 102 professional")),
]


def home(request):
    computed = {figure.key: figure for figure in collect("home_figures", request)}
    figures = [computed.get(figure.key, figure) for figure in HOME_FIGURES]
    return render(request, "core/home.html", {"figures": figures})


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
