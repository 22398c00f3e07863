"""Placement staff's pages: the matching page (with the one-action assign) and the overview
(fill rates, trainees still unplaced, the export).

Matching needs `programmes.add_placement` (placement coordinators, administrators); the overview
`programmes.view_placement`. Anonymous visitors are sent to the log-in, everybody else gets 403.
The assign action calls `placement_propose`, the same service as the API; its refusals (the
offer filled up meanwhile, the trainee was placed by a colleague) come back as messages on the
same page, with the period, subject and page kept.
"""

from __future__ import annotations

import dataclasses
import functools
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iclon.core.errors import PortalError
from programmes.catalogue.models import SchoolSubject
from programmes.intake.models import Application
from programmes.placements import matching
from programmes.placements.exports import PlacementResource
from programmes.placements.models import TAKING_PLACE, PlacementPeriod, PlacementStatus
from programmes.placements.permissions import VIEW
from programmes.placements.selectors import (
    offer_get_for_user,
    offer_list_for_user,
    placement_list_for_user,
    trainee_list_for_user,
)
from programmes.placements.services import MATCH, is_placement_staff, placement_propose


def staff_only(perm: str):
    """Log-in for anonymous visitors, 403 for users without `perm` (staff only)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not is_placement_staff(request.user, perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _period(slug: str | None) -> PlacementPeriod | None:
    if slug:
        return get_object_or_404(PlacementPeriod, slug=slug)
    return matching.default_period()


def _subject(slug: str | None) -> SchoolSubject | None:
    if not slug:
        return None
    return SchoolSubject.objects.filter(slug=slug).first()


def _matching_url(*, period: str = "", subject: str = "", page: str = "") -> str:
    query = {key: value for key, value in (("period", period), ("subject", subject), ("page", page)) if value}
    url = reverse("placements:matching")
    return f"{url}?{urlencode(query)}" if query else url


# --- matching --------------------------------------------------------------------------------


@staff_only(MATCH)
def matching_view(request):
    period = _period(request.GET.get("period"))
    subject = _subject(request.GET.get("subject"))
    page, rows = (None, [])
    if period is not None:
        page, rows = matching.matching_page(
            user=request.user, period=period, page_number=request.GET.get("page") or 1, subject=subject
        )
    return render(
        request,
        "programmes/placements/staff/matching.html",
        {
            "period": period,
            "periods": matching.open_periods(),
            "subject": subject,
            "subjects": SchoolSubject.objects.order_by("name_nl"),
            "page": page,
            "rows": rows,
        },
    )


@require_POST
@staff_only(MATCH)
def matching_assign(request):
    """Propose one trainee to one offer: the one action of a suggestion."""
    back = _matching_url(**{key: request.POST.get(key, "") for key in ("period", "subject", "page")})
    try:
        trainee = (
            trainee_list_for_user(user=request.user)
            .select_related("pathway", "subject")
            .get(pk=int(request.POST.get("trainee", "")))
        )
        offer_id = int(request.POST.get("offer", ""))
    except (ValueError, Application.DoesNotExist):
        raise Http404 from None
    offer = offer_get_for_user(user=request.user, pk=offer_id)
    try:
        placement = placement_propose(
            offer=offer, trainee=trainee, actor=request.user, reasons=matching.reasons_for(trainee, offer)
        )
    except PortalError as error:
        messages.error(
            request,
            _("%(trainee)s was not assigned to %(school)s: %(reason)s")
            % {"trainee": trainee.full_name or trainee.reference, "school": offer.school.name, "reason": error.message},
        )
    else:
        messages.success(
            request,
            _("%(trainee)s has been proposed to %(school)s; the school is asked to confirm.")
            % {"trainee": trainee.full_name or trainee.reference, "school": placement.school.name},
        )
    return redirect(back)


# --- the overview ----------------------------------------------------------------------------


@dataclasses.dataclass
class FillRow:
    label: str
    places: int
    taken: int

    @property
    def percent(self) -> int:
        return round(100 * self.taken / self.places) if self.places else 0

    @property
    def step(self) -> int:
        """The bar's width class, in steps of 5 % (a non-empty bar stays visible)."""
        if not self.taken:
            return 0
        return min(100, max(5, 5 * round(self.percent / 5)))


def _name(row: dict, prefix: str) -> str:
    language = (translation.get_language() or "nl")[:2]
    return row.get(f"{prefix}__name_{language}") or row.get(f"{prefix}__name_nl") or ""


def _fill_rows(offers, placements, key: str, label) -> list[FillRow]:
    """Places per group (summed over the offers) and places taken per group (counted over the
    placements): two grouped queries. One query joining both would count an offer's places once
    per placement."""
    values = [key, *label]
    places = {row[key]: row for row in offers.values(*values).annotate(places=Sum("places")).order_by()}
    taken_key = f"offer__{key}"
    taken = dict(placements.values(taken_key).annotate(taken=Count("pk")).order_by().values_list(taken_key, "taken"))
    return [(row, taken.get(group, 0)) for group, row in places.items()]


def fill_rates(period: PlacementPeriod | None, *, user) -> dict:
    """Fill rate per subject, per partnership and per period over the offers and placements `user`
    sees, aggregated in the database."""
    today = timezone.localdate()
    offers = offer_list_for_user(user=user, plain=True).order_by()
    placements = placement_list_for_user(user=user, plain=True).filter(status__in=TAKING_PLACE, offer__isnull=False)
    placements = placements.order_by()
    scoped_offers = offers.filter(period=period) if period else offers.filter(period__ends_on__gte=today)
    scoped_placements = (
        placements.filter(offer__period=period) if period else placements.filter(offer__period__ends_on__gte=today)
    )
    primary = _("Primary education")
    no_partnership = _("No partnership")
    by_subject = sorted(
        (
            FillRow(_name(row, "subject") if row["subject_id"] else primary, row["places"] or 0, taken)
            for row, taken in _fill_rows(
                scoped_offers, scoped_placements, "subject_id", ["subject__name_nl", "subject__name_en"]
            )
        ),
        key=lambda r: r.label,
    )
    by_partnership = sorted(
        (
            FillRow(row["school__partnership__name"] or no_partnership, row["places"] or 0, taken)
            for row, taken in _fill_rows(
                scoped_offers, scoped_placements, "school__partnership_id", ["school__partnership__name"]
            )
        ),
        key=lambda r: r.label,
    )
    by_period = [
        FillRow(_name(row, "period"), row["places"] or 0, taken)
        for row, taken in sorted(
            _fill_rows(offers, placements, "period_id", ["period__name_nl", "period__name_en", "period__starts_on"]),
            key=lambda pair: pair[0]["period__starts_on"],
        )
    ]
    totals = scoped_offers.aggregate(places=Sum("places"))
    total_taken = sum(row.taken for row in by_subject)
    return {
        "by_subject": by_subject,
        "by_partnership": by_partnership,
        "by_period": by_period,
        "total": FillRow(_("All offers"), totals["places"] or 0, total_taken),
    }


def _proposed(period: PlacementPeriod | None, *, user) -> int:
    placements = placement_list_for_user(user=user, plain=True).filter(status=PlacementStatus.PROPOSED)
    if period is not None:
        return placements.filter(period=period).count()
    return placements.filter(period__ends_on__gte=timezone.localdate()).count()


@staff_only(VIEW)
def overview(request):
    slug = request.GET.get("period")
    period = get_object_or_404(PlacementPeriod, slug=slug) if slug else None
    unplaced_period = period or matching.default_period()
    unplaced = matching.unplaced_trainees(unplaced_period, user=request.user).count() if unplaced_period else None
    return render(
        request,
        "programmes/placements/staff/overview.html",
        {
            "period": period,
            "periods": PlacementPeriod.objects.order_by("starts_on", "kind"),
            "unplaced_period": unplaced_period,
            "unplaced": unplaced,
            "may_match": is_placement_staff(request.user, MATCH),
            "proposed": _proposed(period, user=request.user),
            **fill_rates(period, user=request.user),
        },
    )


EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@staff_only(VIEW)
def overview_export(request, fmt: str):
    if fmt not in EXPORT_TYPES:
        raise Http404
    placements = placement_list_for_user(user=request.user).order_by("period__starts_on", "school__name", "pk")
    slug = request.GET.get("period")
    period = get_object_or_404(PlacementPeriod, slug=slug) if slug else None
    if period is not None:
        placements = placements.filter(period=period)
    dataset = PlacementResource().export(queryset=placements)
    content = dataset.csv if fmt == "csv" else dataset.xlsx
    response = HttpResponse(content, content_type=EXPORT_TYPES[fmt])
    name = f"placements-{period.slug if period else 'all'}-{timezone.localdate().isoformat()}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
