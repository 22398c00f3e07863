"""The public pages of publications: the list (filters and search, paginated, links to export the
filtered list) and a publication's page (its APA 7 citation, links, authors linked to our
researchers' pages). Unpublished publications are 404 for everybody but research staff."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse

from research.people.views import page_query
from research.publications import selectors
from research.publications.exporting import EXPORTERS, apa, apa_html
from research.publications.filters import PublicationFilter

PAGE_SIZE = 20
EXPORT_LABELS = {"bibtex": "BibTeX", "ris": "RIS", "csljson": "CSL-JSON"}


def publication_list(request):
    filterset = PublicationFilter(request.GET or None, queryset=selectors.publication_list_for_user(request.user))
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    filtered = any(value not in ("", None) for name, value in request.GET.items() if name != "page")
    query = page_query(request)
    export_base = reverse("api:publication-export")
    exports = [(EXPORT_LABELS[name], f"{export_base}?as={name}{'&' + query if query else ''}") for name in EXPORTERS]
    rows = [(publication, apa_html(publication)) for publication in page.object_list]
    return render(
        request,
        "research/publications/list.html",
        {
            "form": filterset.form,
            "page": page,
            "rows": rows,
            "filtered": filtered,
            "page_query": query,
            "exports": exports,
        },
    )


def publication_detail(request, pk):
    publication = selectors.publication_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "research/publications/detail.html",
        {"publication": publication, "citation": apa_html(publication), "citation_text": apa(publication)},
    )
