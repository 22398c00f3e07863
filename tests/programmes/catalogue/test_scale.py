"""Every public page and endpoint of the routes runs a fixed number of queries, at the demo
catalogue and at 1,000 more pathways (made by `seed_scale --pathways`)."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programmes.models import Pathway

FINDER = "prior_education=wo_master&degree_field=farmacie&subject=biologie&sector=vo"
URLS = [
    "/routes/",
    "/routes/?subject=biologie&mode=full_time",
    "/routes/?q=master",
    "/routes/subjects/",
    f"/routes/finder/?{FINDER}",
    "/api/v1/pathways/",
    "/api/v1/pathways/?subject=biologie",
    f"/api/v1/route-finder/?{FINDER}",
]


def query_counts(client) -> dict[str, int]:
    counts = {}
    for url in URLS:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = len(queries)
    return counts


@pytest.mark.slow
def test_pages_and_endpoints_run_the_same_queries_at_1000_more_pathways(catalogue, client, settings):
    settings.CATALOGUE_CACHE_SECONDS = 0  # the queries of rendering, not of the cache (0 on a hit)
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    client.get("/routes/")  # warm up: sessions, content types
    before = query_counts(client)
    call_command("seed_scale", pathways=1000, stdout=io.StringIO())
    assert Pathway.objects.published().count() == 1011
    after = query_counts(client)
    assert after == before


def test_the_catalogue_is_paginated_and_keeps_its_filters(catalogue, client):
    call_command("seed_scale", pathways=60, stdout=io.StringIO())
    response = client.get("/routes/?sector=vo&page=2", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.context["page"]
    assert page.number == 2 and len(response.context["pathways"]) == 24
    content = response.content.decode()
    assert "sector=vo&amp;page=3" in content and "sector=vo&amp;page=1" in content
