"""The public pages of the people of research: the list (filters and search, paginated) and a
researcher's page (what later slices add comes through hooks.profile_sections: the projects slice
adds the researcher's projects and supervision); and the page where the person a profile is
linked to edits the personal part of it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from iclon.core.errors import PortalError
from iclon.core.forms import add_portal_error
from research.people import hooks, selectors, services
from research.people.filters import ResearcherFilter
from research.people.forms import OwnProfileForm

PAGE_SIZE = 24


def page_query(request) -> str:
    """The GET parameters without the page: the filters stay in the links to the other pages."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def researcher_list(request):
    filterset = ResearcherFilter(request.GET or None, queryset=selectors.researcher_list_for_user(request.user))
    page = Paginator(filterset.qs.order_by("full_name", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    filtered = any(value not in ("", None) for name, value in request.GET.items() if name != "page")
    return render(
        request,
        "research/people/list.html",
        {
            "form": filterset.form,
            "page": page,
            "researchers": page.object_list,
            "filtered": filtered,
            "page_query": page_query(request),
        },
    )


def researcher_detail(request, slug):
    researcher = selectors.researcher_get_for_user(user=request.user, slug=slug)
    return render(
        request,
        "research/people/detail.html",
        {
            "researcher": researcher,
            "sections": [
                render_to_string(section.template, section.context, request=request)
                for section in hooks.profile_sections(request, researcher)
            ],
            "own": researcher.user_id is not None and researcher.user_id == request.user.pk,
        },
    )


@login_required
def own_profile_edit(request):
    researcher = selectors.own_profile(request.user)
    if researcher is None:
        raise Http404
    form = OwnProfileForm(
        request.POST or None,
        request.FILES or None,
        instance=researcher,
        initial={"principles": list(researcher.principles.all())},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = {name: data[name] for name in services.PERSONAL_FIELDS if name in form.changed_data}
        if changes.get("photo") is False:  # "clear" ticked
            changes["photo"] = ""
        principles = data["principles"] if "principles" in form.changed_data else None
        try:
            services.researcher_update(researcher=researcher, actor=request.user, principles=principles, **changes)
        except PortalError as error:
            add_portal_error(form, error)
        else:
            messages.success(request, _("Your profile has been saved."))
            return HttpResponseRedirect(reverse("research_people:detail", kwargs={"slug": researcher.slug}))
    status = 400 if form.errors else 200
    return render(request, "research/people/edit.html", {"form": form, "researcher": researcher}, status=status)
