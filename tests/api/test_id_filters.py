"""Filters on a row's id take a whole number the database can hold: anything else is a 400 naming
the parameter, never an overflow in the database (schemathesis found `?start_moment=-1.7e+79`
answering 500 on SQLite)."""

import pytest

from tests.api.conftest import api_client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["-1.7202480256758454e+79", "1e80", "2147483648", "0", "-3", "1.5", "abc"])
@pytest.mark.parametrize(
    ("persona", "path", "parameter"),
    [
        ("intake_officer", "/api/v1/applications/", "start_moment"),
        ("intake_officer", "/api/v1/applications/", "assigned_to"),
        ("placement_coordinator", "/api/v1/placement-offers/", "school"),
        ("placement_coordinator", "/api/v1/placements/", "school"),
    ],
)
def test_an_id_filter_refuses_what_is_not_an_id(request, persona, path, parameter, value):
    client = api_client(request.getfixturevalue(persona))

    response = client.get(path, {parameter: value})

    assert response.status_code == 400, response.content
    assert list(response.json()["errors"]) == [parameter]


def test_an_id_filter_still_filters(intake_officer):
    response = api_client(intake_officer).get("/api/v1/applications/", {"start_moment": 2147483647})

    assert response.status_code == 200
    assert response.json()["results"] == []


@pytest.mark.parametrize("value", ["-1.4440781925306893e+268", "1e80", "2147483648", "0", "abc"])
@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/api/v1/pal-assignments/", "request"),
        ("/api/v1/pal-hours/", "assignment"),
        ("/api/v1/pal-hours/", "year"),
        ("/api/v1/pal-hours/", "week"),
    ],
)
def test_the_pal_filters_refuse_what_is_not_a_number_they_take(professionalisation_coordinator, path, parameter, value):
    response = api_client(professionalisation_coordinator).get(path, {parameter: value})

    assert response.status_code == 400, response.content
    assert list(response.json()["errors"]) == [parameter]


@pytest.mark.parametrize("value", ["1e80", "0", "abc", "02EA0333", "2147483648"])
def test_the_pal_school_filter_takes_a_vestigingscode(professionalisation_coordinator, value):
    response = api_client(professionalisation_coordinator).get("/api/v1/pal-requests/", {"school": value})
    assert response.status_code == 400, response.content
    assert list(response.json()["errors"]) == ["school"]
