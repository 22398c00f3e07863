"""Development paths: the public list and a path's page (its steps and the activities that do
each step, linking to the activities' pages), and a participant's progress along a path. GET
pages that work without JavaScript."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from professionalisation.circles import selectors
from professionalisation.circles.permissions import is_path_staff


def path_list(request):
    paths = list(selectors.path_catalogue(include_unpublished=is_path_staff(request.user)))
    # A logged-in visitor sees how far they are along each path (a fixed number of queries).
    progress = selectors.paths_progress(request.user, paths) if request.user.is_authenticated else []
    by_path = {item.path.pk: item for item in progress}
    rows = [(path, by_path.get(path.pk)) for path in paths]
    return render(request, "professionalisation/circles/path_list.html", {"rows": rows})


def path_detail(request, slug):
    path = selectors.path_get(slug=slug, include_unpublished=is_path_staff(request.user))
    return render(
        request,
        "professionalisation/circles/path_detail.html",
        {"path": path, "steps": path.ordered_steps},  # type: ignore[attr-defined]
    )


@login_required
def path_progress(request, slug):
    path = selectors.path_get(slug=slug, include_unpublished=is_path_staff(request.user))
    return render(
        request,
        "professionalisation/circles/path_progress.html",
        {"path": path, "progress": selectors.path_progress(request.user, path)},
    )
