from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from iclon.core.slices import layer_module_names

admin.site.site_header = _("ICLON portal – administration")
admin.site.site_title = _("ICLON portal")
admin.site.index_title = _("Manage intake, routes and partnerships")
# The admin login goes through allauth, so its rate limits and MFA guard /admin/ too.
admin.site.login = secure_admin_login(admin.site.login)


def favicon(request):
    # Resolved per request: with the manifest storage the hashed name exists only after collectstatic.
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


urlpatterns = [
    # Browsers ask for /favicon.ico whatever the page links to.
    path("favicon.ico", favicon),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("accounts/", include("iclon.accounts.urls")),
    # The language switch sets a preference cookie and changes nothing else: it takes no CSRF token,
    # so that the layout holds nothing of one visitor and public pages can be cached whole
    # (iclon/core/pagecache.py). The worst a forged switch can do is show the other language.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("api/v1/", include("iclon.api")),
    path("notifications/", include("iclon.notifications.urls")),
    # Each domain app's pages, slice by slice (iclon/core/slices.py): partnerships.urls,
    # programmes.catalogue.urls, programmes.intake.urls, programmes.placements.urls, …
    *[path("", include(module)) for module in layer_module_names("urls")],
    path("", include("iclon.core.urls")),
]

handler403 = "iclon.core.views.permission_denied"
handler404 = "iclon.core.views.page_not_found"
handler500 = "iclon.core.views.server_error"

if settings.DEBUG:
    from django.views.defaults import page_not_found, permission_denied, server_error

    urlpatterns += [
        path("__errors__/403/", permission_denied, {"exception": Exception()}),
        path("__errors__/404/", page_not_found, {"exception": Exception()}),
        path("__errors__/500/", server_error),
    ]
