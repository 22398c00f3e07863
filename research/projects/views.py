"""The public pages of research projects: the research portal's list (filters and search,
paginated, with the figures "running PhD projects" and "completed dissertations" computed from the
data) and a project's page, with what later slices add to it (hooks.py: its publications). Drafts
are 404 for everybody but research staff, who see a banner."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.template.loader import render_to_string

from research.people.views import page_query
from research.projects import hooks, selectors
from research.projects.filters import ProjectFilter

PAGE_SIZE = 20


def project_list(request):
    filterset = ProjectFilter(request.GET or None, queryset=selectors.project_list_for_user(request.user))
    page = Paginator(filterset.qs.order_by("-start_date", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    filtered = any(value not in ("", None) for name, value in request.GET.items() if name != "page")
    return render(
        request,
        "research/projects/list.html",
        {
            "form": filterset.form,
            "page": page,
            "projects": page.object_list,
            "filtered": filtered,
            "page_query": page_query(request),
            "counts": selectors.research_counts(),
        },
    )


def project_detail(request, slug):
    project = selectors.project_get_for_user(user=request.user, slug=slug)
    sections = [
        render_to_string(section.template, section.context, request=request)
        for section in hooks.project_sections(request, project)
    ]
    return render(request, "research/projects/detail.html", {"project": project, "sections": sections})
