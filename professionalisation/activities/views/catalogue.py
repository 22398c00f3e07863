"""The public catalogue of professional development: the list of activities and an activity's
page. Both are GET pages that work without JavaScript (htmx only swaps the results in place).

They are not cached as the routes catalogue is: an activity's page shows the places left, which
change with every registration, and must show them exactly."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from iclon.accounts.roles import staff_may
from professionalisation.activities import selectors
from professionalisation.activities.forms import ActivityFilterForm
from professionalisation.activities.models import Activity

PAGE_SIZE = 24
#: Staff who may see an activity before it is published (a preview).
PREVIEW_PERMISSION = "professionalisation.view_activity"


def activity_list(request):
    form = ActivityFilterForm(request.GET, months=selectors.meeting_months())
    filters = form.filters()
    activities = selectors.activity_filter(selectors.activity_catalogue(), **filters)
    page = Paginator(activities, PAGE_SIZE).get_page(request.GET.get("page"))
    # The filters stay in the links to the other pages.
    page_query = request.GET.copy()
    page_query.pop("page", None)
    return render(
        request,
        "professionalisation/activities/list.html",
        {
            "form": form,
            "page": page,
            "activities": page.object_list,
            "filtered": bool(filters),
            "page_query": page_query.urlencode(),
        },
    )


def activity_detail(request, slug):
    preview = staff_may(request.user, PREVIEW_PERMISSION)
    try:
        activity = selectors.activity_get(slug=slug, include_unpublished=preview)
    except Activity.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "professionalisation/activities/detail.html",
        {
            "activity": activity,
            "sessions": activity.open_sessions,  # type: ignore[attr-defined]
            "own": selectors.own_places(activity=activity, user=request.user),
        },
    )
