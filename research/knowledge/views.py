"""The public pages of the knowledge base: the twelve teaching-learning principles with what is
tagged with each, and a principle's page gathering it from across the portal (modules of the
teacher education, professional-development activities, learning circles, research projects,
publications, …; see research/knowledge/sections.py)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from research.knowledge import selectors


def principle_list(request):
    return render(request, "research/knowledge/list.html", {"summaries": selectors.principle_overview(request)})


def principle_detail(request, slug):
    principle = selectors.principle_get(slug)
    if principle is None:
        raise Http404
    sections = selectors.principle_sections(request, principle)
    return render(
        request,
        "research/knowledge/detail.html",
        {
            "principle": principle,
            "sections": sections,
            "nothing_tagged": not any(section.total for section in sections),
            "principles": selectors.principle_list(),
        },
    )
