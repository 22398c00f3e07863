"""Staff's dashboard of professional development: the numbers of one year overall, by region and
by audience, and per activity with its sessions (professionalisation/completion/dashboard.py
counts them). Server-drawn bar charts, each with a table of the same numbers.

For staff who may view every registration (`professionalisation.view_registration`:
professionalisation coordinators and administrators). Anonymous visitors are sent to log in,
everybody else gets 403. `?year=2027` picks the year (default: the current one).
"""

from __future__ import annotations

from django.shortcuts import render

from professionalisation.completion import dashboard
from professionalisation.completion.permissions import can_view_dashboard
from professionalisation.completion.views.staff import staff_only


def _year_links(year: int) -> dict:
    return {
        "year": year,
        "previous_year": year - 1 if year > dashboard.FIRST_YEAR else None,
        "next_year": year + 1 if year < dashboard.LAST_YEAR else None,
    }


@staff_only(can_view_dashboard)
def overview(request):
    year = dashboard.dashboard_year(request.GET.get("year"))
    numbers = dashboard.overview(year=year)
    regions = dashboard.by_region(year=year)
    audiences = dashboard.by_audience(year=year)
    return render(
        request,
        "professionalisation/completion/dashboard.html",
        {
            **_year_links(year),
            "numbers": numbers,
            "regions": regions,
            "region_bars": [(row.label, row.fill_rate) for row in regions],
            "audiences": audiences,
            "audience_bars": [(row.label, row.fill_rate) for row in audiences],
            "activities": dashboard.activity_rows(year=year),
        },
    )


@staff_only(can_view_dashboard)
def activity(request, slug):
    activity = dashboard.activity_for_dashboard(slug=slug)
    year = dashboard.dashboard_year(request.GET.get("year"))
    sessions = dashboard.session_rows(activity=activity, year=year)
    return render(
        request,
        "professionalisation/completion/dashboard_activity.html",
        {
            **_year_links(year),
            "activity": activity,
            "numbers": dashboard.overview(year=year, activity=activity),
            "sessions": sessions,
            "session_bars": [(row.session.name, row.fill_rate) for row in sessions],
        },
    )
