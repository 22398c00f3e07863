"""The header link and dashboard cards of placements: "Placements" for partner-school users, "My
placement" for trainees. Reads what the request has loaded already
(the visible schools, the user's latest applications) plus one count for the school card."""

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from iclon.core.navigation import AttentionItem, DashboardCard, NavItem
from iclon.core.tenancy import ALL_SCHOOLS, visible_school_ids
from programmes.intake.selectors import own_applications
from programmes.placements import matching
from programmes.placements.models import PlacementStatus
from programmes.placements.permissions import (
    MATCH,
    TRAINEE_STATUSES,
    VIEW,
    is_placement_staff,
    managed_school_ids,
)
from programmes.placements.selectors import awaiting_school_answer, overdue_evaluations, placement_list_for_user

#: Placement staff's pages (programmes/placements/views/staff.py) need these permissions.


def is_school_user(request) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.is_staff:
        return False
    ids = visible_school_ids(user)
    return ids is not ALL_SCHOOLS and bool(ids)


def is_trainee(applications) -> bool:
    return any(application.status in TRAINEE_STATUSES for application in applications)


def navigation(request) -> list:
    applications = own_applications(request)
    items = []
    if is_school_user(request):
        items.append(NavItem(_("Placements"), reverse("placements:school-dashboard"), "/placements/school/"))
    if is_trainee(applications):
        items.append(NavItem(_("My placement"), reverse("placements:mine"), "/placements/mine/"))
    user = request.user
    if is_placement_staff(user, MATCH):
        items.append(NavItem(_("Matching"), reverse("placements:matching"), "/placements/matching/", tool=True))
    if is_placement_staff(user, VIEW):
        items.append(
            NavItem(_("Placements overview"), reverse("placements:overview"), "/placements/overview/", tool=True)
        )
    return items


def _admin_list(name: str, **filters: str) -> str:
    try:
        url = reverse(f"admin:{name}_changelist")
    except NoReverseMatch:  # the admin is not mounted
        return ""
    return f"{url}?{urlencode(filters)}" if filters else url


def attention_items(request) -> list[AttentionItem]:
    """Placement staff: matches awaiting a school's answer, trainees not yet placed for the next
    period, and evaluations past their date (four queries, whatever the number of rows)."""
    user = request.user
    if not is_placement_staff(user, VIEW):
        return []
    today = timezone.localdate()
    items = []
    proposed = awaiting_school_answer(user=user).count()
    items.append(
        AttentionItem(
            label=ngettext("match awaiting the school's answer", "matches awaiting the school's answer", proposed),
            url=_admin_list("programmes_placement", status__exact=PlacementStatus.PROPOSED)
            or reverse("placements:overview"),
            count=proposed,
            order=20,
        )
    )
    period = matching.default_period(today)
    if period is not None:
        unplaced = matching.unplaced_trainees(period, user=user).count()
        page = "placements:matching" if is_placement_staff(user, MATCH) else "placements:overview"
        label = (
            ngettext(
                "trainee not yet placed for %(period)s, which starts on %(date)s",
                "trainees not yet placed for %(period)s, which starts on %(date)s",
                unplaced,
            )
            if period.starts_on > today
            else ngettext(
                "trainee not yet placed for %(period)s, which started on %(date)s",
                "trainees not yet placed for %(period)s, which started on %(date)s",
                unplaced,
            )
        )
        items.append(
            AttentionItem(
                label=label % {"period": period, "date": date_format(period.starts_on, "j F Y")},
                url=f"{reverse(page)}?{urlencode({'period': period.slug})}",
                count=unplaced,
                order=21,
            )
        )
    overdue = overdue_evaluations(user=user, today=today).count()
    items.append(
        AttentionItem(
            label=ngettext("evaluation past its due date", "evaluations past their due date", overdue),
            url=_admin_list("programmes_evaluation", submitted_at__isempty="1", due_on__lt=today.isoformat())
            or reverse("placements:overview"),
            count=overdue,
            order=22,
        )
    )
    return items


def dashboard_cards(request) -> list:
    applications = own_applications(request)
    cards = []
    if is_school_user(request):
        managed = managed_school_ids(request.user)
        awaiting = (
            placement_list_for_user(user=request.user)
            .filter(status=PlacementStatus.PROPOSED, school_id__in=managed)
            .count()
            if managed
            else 0
        )
        text = (
            ngettext(
                "%(count)s match awaits your confirmation.", "%(count)s matches await your confirmation.", awaiting
            )
            % {"count": awaiting}
            if awaiting
            else gettext("Your trainees, your offers of places, mentors and evaluations.")
        )
        cards.append(
            DashboardCard(
                title=gettext("Placements"),
                text=text,
                links=[
                    (gettext("Placements of our school"), reverse("placements:school-dashboard")),
                    (gettext("Our offers"), reverse("placements:school-offer-list")),
                ],
                kind="school",
            )
        )
    if is_trainee(applications):
        cards.append(
            DashboardCard(
                title=gettext("My placement"),
                text=gettext("Your placement school and mentor, your wishes for matching, and your evaluations."),
                links=[(gettext("My placement"), reverse("placements:mine"))],
            )
        )
    user = request.user
    if is_placement_staff(user, VIEW):
        links = []
        if is_placement_staff(user, MATCH):
            links.append((gettext("Matching"), reverse("placements:matching")))
        links.append((gettext("Placements overview"), reverse("placements:overview")))
        for name, label in (
            ("programmes_placementoffer", gettext("Offers of the schools")),
            ("programmes_placementperiod", gettext("Placement periods")),
        ):
            url = _admin_list(name)
            if url:
                links.append((label, url))
        cards.append(
            DashboardCard(
                title=gettext("Placements"),
                text=gettext("Match trainees to the schools' offers and follow fill rates, answers and evaluations."),
                links=links,
                kind="staff",
            )
        )
    return cards
