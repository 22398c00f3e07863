"""The trainee's placement pages: their placements (school, mentor contacts, status, released
evaluations), their wishes for matching, and a paid teaching job registered as the placement.

A trainee is an applicant whose application is admitted or enrolled; every page loads the
applications of the signed-in user only (another trainee's id is a 404) and changes state through
programmes.placements.services (wish_save, placement_register_employment).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from iclon.core.errors import PortalError
from iclon.core.forms import add_portal_error
from programmes.intake.models import Application
from programmes.placements import forms, services
from programmes.placements.models import PlacementPeriod, PlacementWish
from programmes.placements.selectors import (
    evaluation_list_for_user,
    placement_list_for_user,
    trainee_list_for_user,
    wish_list_for_user,
)
from programmes.placements.views.school import STATUS_BADGES


def trainee_applications(user) -> list[Application]:
    """The signed-in user's applications that make them a trainee (admitted or enrolled)."""
    if not user.is_authenticated:
        return []
    return list(
        trainee_list_for_user(user=user)
        .filter(applicant=user)
        .select_related("pathway", "subject", "employing_school")
        .prefetch_related(Prefetch("placement_wish", queryset=wish_list_for_user(user=user)))
        .order_by("-created_at")
    )


def _trainee_or_403(request):
    if not request.user.is_authenticated:
        return None
    applications = trainee_applications(request.user)
    if not applications:
        raise PermissionDenied
    return applications


def _application(applications, pk) -> Application:
    application = next((a for a in applications if a.pk == pk), None)
    if application is None:
        raise Http404
    return application


def _wish(application):
    try:
        return application.placement_wish
    except PlacementWish.DoesNotExist:
        return None


def mine(request):
    applications = _trainee_or_403(request)
    if applications is None:
        return redirect_to_login(request.get_full_path())
    released = evaluation_list_for_user(user=request.user).select_related(None).filter(released_at__isnull=False)
    placements = list(
        placement_list_for_user(user=request.user)
        .filter(trainee__applicant=request.user)
        .prefetch_related(
            Prefetch(
                "evaluations",
                queryset=released.select_related("author").order_by("due_on", "moment"),
                to_attr="released",
            )
        )
        .order_by("-period__starts_on")
    )
    for placement in placements:
        placement.badge = STATUS_BADGES.get(placement.status, "")
    for application in applications:
        application.wish = _wish(application)
    return render(
        request,
        "programmes/placements/trainee/mine.html",
        {"applications": applications, "placements": placements},
    )


def wishes(request, application_pk):
    applications = _trainee_or_403(request)
    if applications is None:
        return redirect_to_login(request.get_full_path())
    application = _application(applications, application_pk)
    wish = _wish(application)
    initial = (
        {
            "region": wish.region_id,
            "municipality": wish.municipality,
            "partnership": wish.partnership_id,
            "days_available": wish.days_available,
            "notes": wish.notes,
            "introduction": wish.introduction,
        }
        if wish
        else {"municipality": application.city}
    )
    form = forms.WishForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.wish_save(trainee=application, actor=request.user, **form.cleaned_data)
        except PortalError as error:
            add_portal_error(form, error)
        else:
            messages.success(request, _("Your wishes are saved. The placement coordinator takes them into account."))
            return redirect("placements:mine")
    return render(request, "programmes/placements/trainee/wishes.html", {"application": application, "form": form})


def register_employment(request, application_pk):
    applications = _trainee_or_403(request)
    if applications is None:
        return redirect_to_login(request.get_full_path())
    application = _application(applications, application_pk)
    periods = list(PlacementPeriod.objects.filter(ends_on__gte=timezone.localdate()).order_by("starts_on"))
    data = request.POST if request.method == "POST" else None
    form = forms.EmploymentForm(
        data,
        periods=periods,
        initial_school=application.employing_school if application.employing_school_id else None,
        initial={"hours": application.employment_hours},
    )
    if data is not None and request.POST.get("action") == "search":
        # A search only narrows the school list: nothing is saved, no errors are shown yet.
        form = forms.EmploymentForm(None, periods=periods, initial={**data.dict(), "school": data.get("school") or ""})
    elif data is not None and form.is_valid():
        try:
            services.placement_register_employment(
                trainee=application,
                school=form.cleaned_data["school"],
                period=form.cleaned_data["period"],
                actor=request.user,
                hours=form.cleaned_data.get("hours"),
            )
        except PortalError as error:
            add_portal_error(form, error)
        else:
            messages.success(request, _("Your job is registered as your placement. The school is asked to confirm it."))
            return redirect("placements:mine")
    return render(
        request,
        "programmes/placements/trainee/employment.html",
        {"application": application, "form": form, "periods": periods},
    )
