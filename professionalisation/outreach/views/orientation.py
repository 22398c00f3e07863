"""Staff's page of orientation on the teaching profession: the funnel from orientation to
application (selectors/orientation.py `funnel`), counts only, as a server-drawn bar chart with a
table of the same numbers. Anonymous visitors are sent to log in, everybody refused gets 403.
`?year=2027` keeps the orientation activities of that year (default: every year)."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from professionalisation.outreach.permissions.orientation import can_view_funnel
from professionalisation.outreach.selectors import orientation as selectors


def funnel(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_view_funnel(request.user):
        raise PermissionDenied
    year = selectors.funnel_year(request.GET.get("year"))
    rows = selectors.funnel(year=year)
    overall = rows[0]
    return render(
        request,
        "professionalisation/outreach/orientation/funnel.html",
        {
            "year": year,
            "rows": rows,
            "overall": overall,
            "bars": [
                (_("Attended an orientation activity"), overall.attended),
                (_("Applied afterwards"), overall.applied),
                (_("Admitted"), overall.admitted),
            ],
        },
    )
