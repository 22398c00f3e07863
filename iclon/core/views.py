import datetime
from dataclasses import dataclass

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.module_loading import import_string
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import requires_csrf_token

from iclon.core.navigation import HomeFigure, collect
from iclon.core.pagecache import public_page
from iclon.core.personalpages import personal_page
from iclon.core.requestid import get_request_id
from iclon.core.usercache import user_cached

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


# The figures are counts over several apps: a change shows within five minutes (a catalogue change at once).
@public_page(timeout=300)
def home(request):
    computed = {figure.key: figure for figure in collect("home_figures", request)}
    figures = [computed.get(figure.key, figure) for figure in HOME_FIGURES]
    return render(request, "core/home.html", {"figures": figures})


@personal_page
@login_required
def dashboard(request):
    """The signed-in user's home page: first what waits for them (staff: the counts of their work,
    each linked to the filtered list; anyone: their own next steps), then the cards of their tools
    and pages, the account last. Reads only (the page is kept per session: personalpages.py)."""
    user = request.user
    # Lower `order` first; sorted() keeps the slices' order among equals.
    attention = sorted(collect("attention_items", request), key=lambda item: item.order)
    context = {
        "next_steps": [item for item in attention if item.is_action],
        "attention": [item for item in attention if not item.is_action],
        "cards": collect("dashboard_cards", request),
        # Retired when an authenticator is added or removed (iclon/core/usercache.py).
        "mfa_enabled": user_cached(user, "mfa_enabled", lambda: is_mfa_enabled(user)),
    }
    return render(request, "core/dashboard.html", context)


@public_page()
def privacy(request: HttpRequest) -> HttpResponse:
    """The privacy statement (public): what the portal holds about whom, why, how long, and the rights.
    The retention periods that are settings come from them; tests/core/test_privacy_pages.py checks
    the others against the code."""
    return render(
        request,
        "core/privacy.html",
        {
            "retention_days": settings.APPLICATION_RETENTION_DAYS,
            "invitation_days": settings.INVITATION_EXPIRY_DAYS,
        },
    )


#: When the accessibility statement was drawn up and last reviewed: change it with every review.
ACCESSIBILITY_STATEMENT_DATE = datetime.date(2026, 12, 6)


@public_page()
def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement (public), after the Dutch government's model statement: the
    compliance status, how the portal is tested, the known limitations, and where to report a problem."""
    return render(request, "core/accessibility.html", {"statement_date": ACCESSIBILITY_STATEMENT_DATE})


@dataclass(frozen=True)
class PortalCookie:
    name: str
    purpose: str
    lifetime: str


def _days(seconds: int) -> str:
    days = max(1, seconds // 86400)
    return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}


def portal_cookies() -> list[PortalCookie]:
    """The cookies the portal sets, by the names and lifetimes of the settings (the cookie statement
    cannot drift from what the code does). All are functional; the portal sets no tracking cookies."""
    until_closed = gettext("until you close the browser")
    cookies = [
        PortalCookie(
            settings.SESSION_COOKIE_NAME,
            gettext(
                "Keeps you signed in and remembers the steps of a form (for example the two-factor step of "
                "logging in). It holds a random key; the data that belong to it are kept on the portal's server."
            ),
            until_closed
            if settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
            else gettext("%(days)s, or until you close the browser if you did not tick “Remember me”")
            % {"days": _days(settings.SESSION_COOKIE_AGE)},
        ),
        PortalCookie(
            settings.CSRF_COOKIE_NAME,
            gettext("Protects the forms you send against cross-site request forgery: a form is only accepted with it."),
            _days(settings.CSRF_COOKIE_AGE) if settings.CSRF_COOKIE_AGE else until_closed,
        ),
        PortalCookie(
            settings.LANGUAGE_COOKIE_NAME,
            gettext("Remembers the language you chose (Dutch or English). Set only when you switch the language."),
            _days(settings.LANGUAGE_COOKIE_AGE) if settings.LANGUAGE_COOKIE_AGE else until_closed,
        ),
    ]
    if _messages_use_cookies():
        cookies.append(
            PortalCookie(
                CookieStorage.cookie_name,
                gettext(
                    "Carries a short message to the next page (for example “Your changes have been saved”). "
                    "It is removed as soon as the message has been shown."
                ),
                until_closed,
            )
        )
    if mfa_settings.TRUST_ENABLED:
        cookies.append(
            PortalCookie(
                mfa_settings.TRUST_COOKIE_NAME,
                gettext(
                    "Remembers that you trusted this browser, so it does not ask for the second factor every time."
                ),
                _days(int(mfa_settings.TRUST_COOKIE_AGE.total_seconds())),
            )
        )
    return cookies


def _messages_use_cookies() -> bool:
    storage = import_string(settings.MESSAGE_STORAGE)
    return issubclass(storage, CookieStorage) or CookieStorage in getattr(storage, "storage_classes", ())


@public_page()
def cookies(request: HttpRequest) -> HttpResponse:
    """The cookie statement (public): every cookie the portal sets, with its purpose and lifetime."""
    return render(request, "core/cookies.html", {"cookies": portal_cookies()})


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
    # processors would query. The request id is passed as such, for the user to quote.
    request_id = getattr(request, "request_id", None) or get_request_id()
    return HttpResponseServerError(loader.get_template("500.html").render({"request_id": request_id}))
