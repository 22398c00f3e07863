"""The shortlist's pages: "My shortlist", the save/remove toggle's posts, and the e-mails a person
sends themselves (the shortlist, a route finder's answer).

Every read goes through programmes/shortlist/selectors.py (only one's own rows; another person's
saved route is a 404) and every change through programmes/shortlist/services.py; a PortalError
becomes a message. The posts return to the page they came from (`next`, checked to be on this
site), so they work without JavaScript."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from iclon.core.errors import PortalError
from iclon.core.personalpages import personal_page
from iclon.core.routing import safe_next
from programmes.shortlist import selectors, services
from programmes.shortlist.forms import FinderEmailForm, PathwayForm, SaveRouteForm


def _sign_in_first(request: HttpRequest) -> HttpResponse:
    """A visitor's post (a session that expired meanwhile): log in, then back to the page it came
    from (not to the post's own address, which answers only a POST)."""
    return redirect_to_login(safe_next(request, reverse("shortlist:list")))


def _form_error(request: HttpRequest, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


@personal_page
@login_required
def shortlist(request):
    """The signed-in person's saved routes, newest first (every one: a shortlist holds at most one
    row per route of the catalogue, so the page needs no pagination)."""
    saved_routes = list(selectors.saved_route_list_for_user(user=request.user))
    return render(request, "programmes/shortlist/shortlist.html", {"saved_routes": saved_routes})


def _toggle_post(request: HttpRequest, form_class) -> tuple[Any, HttpResponse]:
    """A toggle's post: (its valid form, the way back to the route's page or `next`), or (None, the
    answer for a visitor or an invalid form)."""
    if not request.user.is_authenticated:
        return None, _sign_in_first(request)
    form = form_class(request.POST)
    if not form.is_valid():
        _form_error(request, form)
        return None, redirect(safe_next(request, reverse("shortlist:list")))
    pathway = form.cleaned_data["pathway"]
    return form, redirect(safe_next(request, reverse("programmes:pathway-detail", kwargs={"slug": pathway.slug})))


@require_POST
def route_save(request):
    form, back = _toggle_post(request, SaveRouteForm)
    if form is None:
        return back
    pathway = form.cleaned_data["pathway"]
    try:
        services.saved_route_create(user=request.user, pathway=pathway, note=form.cleaned_data["note"])
    except PortalError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("%(route)s is on your shortlist.") % {"route": pathway.name})
    return back


@require_POST
def route_remove(request):
    """The toggle's "remove": by the route, from the page that shows it."""
    form, back = _toggle_post(request, PathwayForm)
    if form is None:
        return back
    pathway = form.cleaned_data["pathway"]
    if services.saved_route_remove_pathway(user=request.user, pathway=pathway):
        messages.success(request, _("%(route)s is off your shortlist.") % {"route": pathway.name})
    else:
        messages.info(request, _("This route was not on your shortlist."))
    return back


@require_POST
def saved_route_delete(request, pk):
    """The shortlist page's "Remove": one of one's own saved routes (a 404 for anybody else's,
    whatever the row's pathway has become)."""
    if not request.user.is_authenticated:
        return _sign_in_first(request)
    saved_route = selectors.saved_route_get_for_user(user=request.user, pk=pk)
    name = saved_route.pathway.name
    try:
        services.saved_route_delete(saved_route=saved_route, actor=request.user)
    except PortalError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("%(route)s is off your shortlist.") % {"route": name})
    return redirect("shortlist:list")


@require_POST
def shortlist_email(request):
    if not request.user.is_authenticated:
        return _sign_in_first(request)
    try:
        count = services.shortlist_email(user=request.user)
    except PortalError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            ngettext(
                "We have e-mailed your shortlist (%(count)d route) to %(email)s.",
                "We have e-mailed your shortlist (%(count)d routes) to %(email)s.",
                count,
            )
            % {"count": count, "email": request.user.email},
        )
    return redirect("shortlist:list")


@require_POST
def finder_email(request):
    """E-mail the route finder's answer to the signed-in person. The question comes as the answer's
    query string and is validated again, as the finder page does."""
    if not request.user.is_authenticated:
        return _sign_in_first(request)
    form = FinderEmailForm(request.POST)
    finder_url = reverse("programmes:finder")
    if not form.is_valid():
        _form_error(request, form)
        return redirect(finder_url)
    answer_path = f"{finder_url}?{form.cleaned_data['question']}"
    try:
        services.finder_answer_email(user=request.user, question=form.finder_input(), answer_path=answer_path)
    except PortalError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("We have e-mailed this answer to %(email)s.") % {"email": request.user.email})
    return redirect(f"{answer_path}#fits-title")
