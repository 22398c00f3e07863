"""The partner-school portal: the dashboard of a school user, the school's offers (list, create,
edit), a placement as the school sees it (confirm or decline a match) and the evaluation form of
the workplace mentor or institute-based educator.

Every page reads through programmes.placements.selectors (a row outside the user's schools is a
404), checks a predicate of programmes.placements.services (403), and changes state only through
those services; a PortalError becomes a form error or a message. A school contact or leader of a
partnership's lead school sees the whole partnership: that is the tenancy rule the selectors apply.
"""

from __future__ import annotations

import datetime
import functools

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from iclon.core.errors import PortalError
from iclon.core.forms import add_portal_error
from iclon.core.personalpages import personal_page
from iclon.core.tenancy import ALL_SCHOOLS, visible_school_ids
from partnerships.models import School, SchoolRole
from partnerships.selectors import RESPONDING_ROLES, active_memberships, membership_list_for_user, memberships_of_user
from programmes.catalogue.models import SchoolSubject
from programmes.placements import forms, services
from programmes.placements.models import Evaluation, PlacementPeriod, PlacementStatus
from programmes.placements.permissions import managed_school_ids
from programmes.placements.selectors import (
    evaluation_get_for_user,
    evaluation_list_for_user,
    offer_get_for_user,
    offer_list_for_user,
    placement_get_for_user,
    placement_list_for_user,
    wish_for_school,
)
from programmes.placements.weekdays import day_names

P = PlacementStatus
PAGE_SIZE = 50
CURRENT = (P.PROPOSED, P.CONFIRMED, P.RUNNING)
STATUS_BADGES = {
    P.PROPOSED: "badge--warning",
    P.CONFIRMED: "badge--success",
    P.RUNNING: "badge--info",
    P.COMPLETED: "badge--neutral",
    P.DECLINED: "badge--danger",
    P.CANCELLED: "badge--neutral",
}
# Evaluations this close to their due date show on the dashboard.
EVALUATIONS_AHEAD = datetime.timedelta(days=30)


def school_user_required(view):
    """Log-in for anonymous visitors; 403 for users who are not at a school (staff: see the view)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not visible_school_ids(request.user) and not services.is_placement_staff(
            request.user, "programmes.view_placementoffer"
        ):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _own_school_ids(user) -> list[int]:
    """The schools where `user` holds a membership themselves (not through the partnership)."""
    return sorted(set(memberships_of_user(user=user).values_list("school_id", flat=True)))


def _manages(managed: set[int] | None, school_id: int) -> bool:
    return managed is None or school_id in managed


def _badge(placement):
    placement.badge = STATUS_BADGES.get(placement.status, "")
    return placement


def _members(user, school_ids) -> list:
    """Active members of the schools that `user` sees (each person once), for the mentor choices."""
    memberships = membership_list_for_user(user=user).active().filter(school_id__in=school_ids, user__is_active=True)
    people = {m.user_id: m.user for m in memberships.select_related("user").order_by("user__full_name", "pk")}
    return list(people.values())


# --- the dashboard ------------------------------------------------------------------------------


@personal_page
@school_user_required
def dashboard(request):
    user = request.user
    ids = visible_school_ids(user)
    if ids is ALL_SCHOOLS:
        # Staff work from the staff overview; the portal dashboard is one school's view.
        try:
            return redirect(reverse("placements:overview"))
        except NoReverseMatch:
            return redirect("placements:school-offer-list")
    today = timezone.localdate()
    # The user's own memberships, read once for both: the schools they belong to and those they
    # answer for (managed_school_ids and _own_school_ids ask the same rows in two queries).
    own_roles = list(active_memberships(user=user).values_list("school_id", "role"))
    own_ids = sorted({school_id for school_id, _role in own_roles})
    managed = (
        None
        if services.is_placement_staff(user, "programmes.change_placementoffer")
        else {school_id for school_id, role in own_roles if role in RESPONDING_ROLES}
    )
    schools = list(School.objects.filter(pk__in=ids).select_related("partnership").order_by("name"))
    # Only the relations the page shows: the selectors' lists load more (the pathway, the offer,
    # the educators; the offers' mentors), which costs this page joins and a query for nothing.
    placements = [
        _badge(placement)
        for placement in placement_list_for_user(user=user, plain=True)
        .select_related("trainee", "trainee__subject", "school", "period", "workplace_mentor")
        .filter(school_id__in=ids, status__in=CURRENT)
        .order_by("period__starts_on", "school__name", "trainee__last_name")[:PAGE_SIZE]
    ]
    awaiting = [p for p in placements if p.status == P.PROPOSED and _manages(managed, p.school_id)]
    offers = list(
        offer_list_for_user(user=user)
        .select_related(None)
        .select_related("school", "subject", "period")
        .prefetch_related(None)
        .filter(period__ends_on__gte=today)
        .order_by("period__starts_on")[:PAGE_SIZE]
    )
    mentors = list(
        membership_list_for_user(user=user)
        .active()
        .filter(school_id__in=ids, role=SchoolRole.WORKPLACE_MENTOR, user__is_active=True)
        .select_related("user", "school")
        .order_by("school__name", "user__full_name", "pk")[:PAGE_SIZE]
    )
    evaluations = list(
        evaluation_list_for_user(user=user)
        .filter(
            placement__school_id__in=ids,
            placement__status__in=(P.CONFIRMED, P.RUNNING),
            submitted_at__isnull=True,
            due_on__lte=today + EVALUATIONS_AHEAD,
        )
        .order_by("due_on", "pk")[:PAGE_SIZE]
    )
    for evaluation in evaluations:
        evaluation.mine = (
            evaluation.author_role == Evaluation.Author.WORKPLACE_MENTOR
            and evaluation.placement.workplace_mentor_id == user.pk
        )
        evaluation.overdue = evaluation.due_on < today
    own_partnerships = {school.partnership_id for school in schools if school.pk in own_ids and school.partnership_id}
    partnership_schools = (
        list(School.objects.filter(partnership_id__in=own_partnerships).select_related("partnership").order_by("name"))
        if own_partnerships
        else []
    )
    return render(
        request,
        "programmes/placements/school/dashboard.html",
        {
            "schools": schools,
            "spans_partnership": len(ids) > len(own_ids),
            "placements": placements,
            "awaiting": awaiting,
            "offers": offers,
            "mentors": mentors,
            "evaluations": evaluations,
            "partnership_schools": partnership_schools,
            "manages_any": managed is None or bool(managed),
        },
    )


# --- offers -------------------------------------------------------------------------------------


@school_user_required
def offer_list(request):
    user = request.user
    managed = managed_school_ids(user)
    offers = offer_list_for_user(user=user).order_by("-period__starts_on", "school__name", "subject__name_nl")
    show_past = request.GET.get("past") == "1"
    if not show_past:
        offers = offers.filter(period__ends_on__gte=timezone.localdate())
    page = Paginator(offers, PAGE_SIZE).get_page(request.GET.get("page"))
    for offer in page.object_list:
        offer.editable = _manages(managed, offer.school_id)
        offer.full = offer.taken >= offer.places
    return render(
        request,
        "programmes/placements/school/offer_list.html",
        {
            "page": page,
            "offers": page.object_list,
            "show_past": show_past,
            "can_create": managed is None or bool(managed),
        },
    )


def _offer_choices(user, managed):
    today = timezone.localdate()
    if managed is None:
        schools = list(School.objects.filter(pk__in=_own_school_ids(user)).order_by("name")) or []
    else:
        schools = list(School.objects.filter(pk__in=managed).order_by("name"))
    subjects = list(SchoolSubject.objects.order_by("order", "name_nl"))
    periods = list(PlacementPeriod.objects.filter(ends_on__gte=today).order_by("starts_on"))
    return schools, subjects, periods


@school_user_required
def offer_create(request):
    user = request.user
    managed = managed_school_ids(user)
    schools, subjects, periods = _offer_choices(user, managed)
    if not schools:
        raise PermissionDenied
    members = _members(user, [school.pk for school in schools])
    form = forms.OfferForm(
        request.POST or None,
        schools=schools,
        subjects=subjects,
        periods=periods,
        members=members,
        initial={"places": 1},
    )
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.offer_create(
                school=form.cleaned_data["school"],
                actor=user,
                mentors=form.cleaned_data.get("mentors") or [],
                **form.service_fields(),
            )
        except PortalError as error:
            add_portal_error(form, error)
        else:
            messages.success(request, _("The offer is published: %(offer)s.") % {"offer": offer})
            return redirect("placements:school-offer-list")
    return render(
        request, "programmes/placements/school/offer_form.html", {"form": form, "offer": None, "periods": periods}
    )


@school_user_required
def offer_edit(request, pk):
    user = request.user
    offer = offer_get_for_user(user=user, pk=pk)
    if not services.can_manage_offers(user, offer.school):
        raise PermissionDenied
    today = timezone.localdate()
    subjects = list(SchoolSubject.objects.order_by("order", "name_nl"))
    periods = list(PlacementPeriod.objects.filter(Q(ends_on__gte=today) | Q(pk=offer.period_id)).order_by("starts_on"))
    members = _members(user, [offer.school_id])
    initial = {
        "subject": offer.subject_id,
        "period": offer.period_id,
        "places": offer.places,
        "mentors": [mentor.pk for mentor in offer.mentors.all()],
        "days_available": offer.days_available,
        "paid_job_possible": offer.paid_job_possible,
        "notes": offer.notes,
        "is_open": offer.is_open,
    }
    form = forms.OfferForm(
        request.POST or None,
        schools=[offer.school],
        subjects=subjects,
        periods=periods,
        members=members,
        initial=initial,
        editing=True,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.offer_update(
                offer=offer, actor=user, mentors=form.cleaned_data.get("mentors") or [], **form.service_fields()
            )
        except PortalError as error:
            add_portal_error(form, error)
        else:
            messages.success(request, _("The offer has been saved."))
            return redirect("placements:school-offer-list")
    return render(
        request, "programmes/placements/school/offer_form.html", {"form": form, "offer": offer, "periods": periods}
    )


# --- one placement ------------------------------------------------------------------------------


def _school_side_placement(user, pk):
    """The placement as the school (or placement staff) sees it; a trainee's own placement is shown
    on their own page, so here it is a 404 for them as for everybody outside the school."""
    placement = placement_get_for_user(user=user, pk=pk)
    ids = visible_school_ids(user)
    staff = services.is_placement_staff(user, "programmes.view_placement")
    if not staff and (ids is ALL_SCHOOLS or placement.school_id not in (ids or [])):
        raise Http404
    return placement


@school_user_required
def placement_detail(request, pk):
    user = request.user
    placement = _badge(_school_side_placement(user, pk))
    may_respond = placement.status == P.PROPOSED and services.can_respond_to_placement(user, placement)
    members = _members(user, [placement.school_id]) if may_respond else []
    confirm_form = forms.ConfirmForm(members=members)
    decline_form = forms.DeclineForm()
    if request.method == "POST":
        if not may_respond:
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "confirm":
                confirm_form = forms.ConfirmForm(request.POST, members=members)
                if confirm_form.is_valid():
                    services.placement_confirm(
                        placement=placement,
                        actor=user,
                        workplace_mentor=confirm_form.cleaned_data.get("workplace_mentor"),
                    )
                    messages.success(request, _("The placement is confirmed; the trainee and ICLON have been told."))
                    return redirect("placements:school-placement", pk=placement.pk)
            elif action == "decline":
                decline_form = forms.DeclineForm(request.POST)
                if decline_form.is_valid():
                    services.placement_decline(
                        placement=placement, actor=user, reason=decline_form.cleaned_data["reason"]
                    )
                    messages.success(request, _("The placement is declined; ICLON's coordinator has been told why."))
                    return redirect("placements:school-placement", pk=placement.pk)
            else:
                messages.error(request, _("Choose confirm or decline."))
        except PortalError as error:
            target = decline_form if action == "decline" else confirm_form
            add_portal_error(target, error)
    evaluations = list(placement.evaluations.all())
    for evaluation in evaluations:
        evaluation.writable = services.can_write_evaluation(user, evaluation)
    wish = wish_for_school(placement=placement)
    return render(
        request,
        "programmes/placements/school/placement_detail.html",
        {
            "placement": placement,
            "may_respond": may_respond,
            "confirm_form": confirm_form,
            "decline_form": decline_form,
            "evaluations": evaluations,
            "wish": wish,
            "wish_days": day_names(wish.days_available) if wish else "",
        },
    )


# --- evaluations --------------------------------------------------------------------------------


def _evaluation_for(user, pk) -> Evaluation:
    """An evaluation the user sees as its school, or writes (the workplace mentor, the
    institute-based educator, who is ICLON staff without the school's other data); a trainee reads
    theirs on their own page, so here it is a 404 for them."""
    evaluation = evaluation_get_for_user(user=user, pk=pk)
    if evaluation.placement.trainee.applicant_id == user.pk:
        raise Http404
    return evaluation


def evaluation_edit(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    user = request.user
    evaluation = _evaluation_for(user, pk)
    writable = services.can_write_evaluation(user, evaluation) and not evaluation.released_at
    initial = {
        "strengths": evaluation.strengths,
        "development_points": evaluation.development_points,
        "judgement": evaluation.judgement,
    }
    form = forms.EvaluationForm(initial=initial)
    if request.method == "POST":
        if not services.can_write_evaluation(user, evaluation):
            raise PermissionDenied
        action = request.POST.get("action", "submit")
        try:
            if action == "release":
                services.evaluation_release(evaluation=evaluation, actor=user)
                messages.success(request, _("The evaluation is released; the trainee can read it now."))
                return redirect("placements:evaluation-edit", pk=evaluation.pk)
            form = forms.EvaluationForm(request.POST)
            if form.is_valid():
                services.evaluation_submit(evaluation=evaluation, actor=user, **form.cleaned_data)
                messages.success(request, _("The evaluation is saved. Release it when the trainee may read it."))
                return redirect("placements:evaluation-edit", pk=evaluation.pk)
        except PortalError as error:
            add_portal_error(form, error)
    return render(
        request,
        "programmes/placements/school/evaluation_form.html",
        {"evaluation": evaluation, "placement": evaluation.placement, "form": form, "writable": writable},
    )
