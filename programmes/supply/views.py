"""The staff page of regional supply and demand (/supply-demand/) and its CSV export."""

from __future__ import annotations

import csv

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from programmes.supply.permissions import can_view_supply_demand
from programmes.supply.selectors import ALL, supply_demand

PRIMARY = "primary"


def _allowed(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_view_supply_demand(request.user):
        raise PermissionDenied
    return None


def _subject_key(data, value: str):
    """The subject chosen by its slug ("all" or "primary" for the two groups); None if unknown."""
    if value in ("", ALL):
        return ALL
    if value == PRIMARY:
        return None
    for subject in data.subjects:
        if subject.slug == value:
            return subject.pk
    return False


def _region_name(region) -> str:
    return region.name if region is not None else _("Region unknown")


def _level(cell) -> str:
    return cell.shortage.get_level_display() if cell.shortage else ""


def supply_demand_page(request):
    refused = _allowed(request)
    if refused:
        return refused
    data = supply_demand()
    chosen = request.GET.get("subject", ALL)
    key = _subject_key(data, chosen)
    error = ""
    if key is False:
        error = _("There is no school subject '%(subject)s'. Choose one from the list.") % {"subject": chosen[:50]}
        key, chosen = ALL, ALL
    columns = data.columns(key)
    subject = next((s for s in data.subjects if s.pk == key), None)
    largest = max((cell.trainees for _region, cell in columns), default=0)
    chart = [
        {
            "label": _region_name(region),
            "value": cell.trainees,
            "places": cell.open_places,
            "level": _level(cell),
            # The bar's width in steps of 5 % (CSS classes fill-w-0 … fill-w-100: no inline style).
            "step": 0 if not cell.trainees else max(5, round(20 * cell.trainees / largest) * 5),
        }
        for region, cell in columns
    ]
    context = {
        "data": data,
        "columns": columns,
        "total": data.total(key),
        "chosen": chosen if key is not ALL else ALL,
        "subject": subject,
        "is_primary": key is None,
        "is_all": key == ALL,
        "chart": chart,
        "error": error,
        "form_has_errors": bool(error),
    }
    return render(request, "programmes/supply/page.html", context, status=400 if error else 200)


def supply_demand_export(request):
    refused = _allowed(request)
    if refused:
        return refused
    data = supply_demand()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="supply-demand-{timezone.localdate().isoformat()}.csv"'
    response.write("\ufeff")  # a byte-order mark, so that spreadsheet programs read UTF-8
    writer = csv.writer(response)
    writer.writerow(
        [
            _("School subject"),
            _("Education region"),
            _("Being assessed"),
            _("Admitted"),
            _("Enrolled"),
            _("Placements proposed"),
            _("Placements confirmed"),
            _("Places offered"),
            _("Shortage status"),
            _("Source"),
            _("Date"),
        ]
    )
    for subject, region, cell in data.rows():
        name = subject.name if subject else _("Primary education")
        shortage = cell.shortage
        writer.writerow(
            [
                name,
                _region_name(region),
                cell.assessing,
                cell.admitted,
                cell.enrolled,
                cell.proposed,
                cell.confirmed,
                cell.open_places,
                _level(cell),
                shortage.source if shortage else "",
                shortage.measured_on.isoformat() if shortage else "",
            ]
        )
    return response
