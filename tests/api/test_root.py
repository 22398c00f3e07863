"""The API root (`/api/v1/`, iclon/core/api/root.py): the README sends newcomers there. It answers
anyone with the list of every resource and links to the schema and its documentation."""

import json

import pytest
from django.urls import reverse

from tests.api.conftest import api_client
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROOT = "/api/v1/"


def test_the_root_answers_an_anonymous_client_with_json():
    response = api_client().get(ROOT)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"schema", "docs", "resources"}
    assert body["schema"] == "http://testserver/api/v1/schema/"
    assert body["docs"] == "http://testserver/api/v1/docs/"
    resources = body["resources"]
    assert resources["schools"] == "http://testserver/api/v1/schools/"
    assert resources["pathways"] == "http://testserver/api/v1/pathways/"
    assert resources["me"] == "http://testserver/api/v1/me/"
    assert resources["route-finder"] == "http://testserver/api/v1/route-finder/"
    assert resources["orientation/funnel"] == "http://testserver/api/v1/orientation/funnel/"
    # A router's list, not its other routes: one object or an action is reached from the list.
    assert not any("{" in url or url.endswith(("/export/", "/verify/", "/totals/")) for url in resources.values())
    assert list(resources) == sorted(resources)


def test_the_roots_url_is_named_and_its_links_work():
    assert reverse("api:root") == ROOT
    body = api_client().get(ROOT).json()
    schema = api_client().get(body["schema"], {"format": "json"})
    assert schema.status_code == 200
    assert json.loads(schema.content)["info"]["title"] == "ICLON portal API"
    docs = api_client().get(body["docs"])
    assert docs.status_code == 200
    assert "swagger-ui" in docs.content.decode()
    schools = api_client().get(body["resources"]["schools"])
    assert schools.status_code == 200
    assert set(schools.json()) == {"count", "next", "previous", "results"}


def test_the_root_lists_every_resource_of_the_schema():
    """Each path of the schema without a parameter is a listed resource or an action below one."""
    paths = json.loads(api_client().get(reverse("api:schema"), {"format": "json"}).content)["paths"]
    listed = {url.removeprefix("http://testserver") for url in api_client().get(ROOT).json()["resources"].values()}
    assert listed <= set(paths)
    unlisted = [
        path
        for path in paths
        if "{" not in path and path != ROOT and path not in listed
        if not any(path.startswith(resource) for resource in listed)
    ]
    assert unlisted == []
    assert len(listed) >= 40


def test_a_signed_in_client_gets_the_same_root():
    anonymous = api_client().get(ROOT).json()
    signed_in = api_client(UserFactory()).get(ROOT)
    assert signed_in.status_code == 200
    assert signed_in.json() == anonymous


def test_an_invalid_token_is_refused_at_the_root_too():
    client = api_client()
    client.credentials(HTTP_AUTHORIZATION="Token iclon_not-a-token")
    response = client.get(ROOT)
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token."}


def test_a_browser_gets_the_browsable_page_with_the_links():
    response = api_client().get(ROOT, HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "http://testserver/api/v1/schools/" in response.content.decode()


def test_the_root_is_in_the_schema():
    schema = json.loads(api_client().get(reverse("api:schema"), {"format": "json"}).content)
    operation = schema["paths"][ROOT]["get"]
    assert operation["summary"] == "The API root: its resources and documentation"
    content = operation["responses"]["200"]["content"]["application/json"]
    assert content["schema"] == {"$ref": "#/components/schemas/ApiRoot"}
    assert content["examples"]
    assert set(schema["components"]["schemas"]["ApiRoot"]["properties"]) == {"schema", "docs", "resources"}
