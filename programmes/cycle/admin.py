"""The year rollover in the admin: the list of past rollovers, and the page that previews and
runs one ("Add year rollover": choose the academic year, see what will be created and what is there
already, confirm). The service (programmes/cycle/services.py) checks the permission again and
creates only what is missing."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from iclon.core.errors import PortalError
from programmes.cycle.forms import YearRolloverForm
from programmes.cycle.models import YearRollover
from programmes.cycle.selectors import year_rollover_plan
from programmes.cycle.services import year_rollover


@admin.register(YearRollover)
class YearRolloverAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "start_moments_created",
        "periods_created",
        "already_there",
        "performed_by",
        "performed_at",
    ]
    list_select_related = ["performed_by"]
    list_filter = ["from_year"]
    date_hierarchy = "performed_at"
    readonly_fields = [
        "from_year",
        "start_moments_created",
        "periods_created",
        "already_there",
        "performed_by",
        "performed_at",
    ]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def add_view(self, request, form_url="", extra_context=None):
        """Choose a year (GET), see its plan, and run it (POST with `confirm`)."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        data = request.POST if request.method == "POST" else (request.GET if "from_year" in request.GET else None)
        form = YearRolloverForm(data)
        plan = None
        if form.is_bound and form.is_valid():
            from_year = form.cleaned_data["from_year"]
            if request.method == "POST" and "confirm" in request.POST:
                try:
                    rollover = year_rollover(from_year=from_year, actor=request.user)
                except PortalError as error:
                    form.add_error(None, error.message)
                else:
                    self.message_user(request, _done_message(rollover), messages.SUCCESS)
                    return HttpResponseRedirect(reverse("admin:programmes_yearrollover_changelist"))
            plan = year_rollover_plan(from_year=from_year)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Roll a year over"),
            "form": form,
            "plan": plan,
            "changelist_url": reverse("admin:programmes_yearrollover_changelist"),
        }
        return TemplateResponse(request, "admin/programmes/yearrollover/rollover.html", context)


def _done_message(rollover: YearRollover) -> str:
    moments = ngettext("%(count)d start moment", "%(count)d start moments", rollover.start_moments_created) % {
        "count": rollover.start_moments_created
    }
    periods = ngettext("%(count)d placement period", "%(count)d placement periods", rollover.periods_created) % {
        "count": rollover.periods_created
    }
    message = gettext("Created for %(year)s: %(moments)s and %(periods)s.") % {
        "year": rollover.to_label,
        "moments": moments,
        "periods": periods,
    }
    if rollover.already_there:
        message += " " + ngettext(
            "%(count)d was there already and was left as it was.",
            "%(count)d were there already and were left as they were.",
            rollover.already_there,
        ) % {"count": rollover.already_there}
    return message
