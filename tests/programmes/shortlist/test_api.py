"""/api/v1/shortlist/: the signed-in person's own saved routes (list, create, get, delete), the
duplicate refused with 409 and a clear message, and nobody reaching another person's rows."""

import pytest
from django.urls import reverse

from programmes.shortlist.models import SavedRoute
from tests.api.conftest import api_client
from tests.conftest import STAFF_PERSONAS
from tests.factories import PathwayFactory, SavedRouteFactory
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

LIST = reverse("api:saved-route-list")
ROLES = ["applicant", "outsider", "school_a_contact", "school_a_mentor", "lead_school_contact", *STAFF_PERSONAS]


def _detail(saved):
    return reverse("api:saved-route-detail", kwargs={"pk": saved.pk})


def test_the_list_holds_ones_own_saved_routes_newest_first(applicant, outsider):
    older = SavedRouteFactory(user=applicant, pathway__name_en="Teacher of biology", note="Open day")
    newer = SavedRouteFactory(user=applicant, pathway__name_en="Teacher of chemistry")
    SavedRouteFactory(user=outsider)
    body = api_client(applicant).get(LIST).json()
    assert body["count"] == 2
    assert [row["id"] for row in body["results"]] == [newer.pk, older.pk]
    row = body["results"][1]
    assert row["note"] == "Open day"
    assert row["pathway"]["slug"] == older.pathway.slug
    assert row["pathway"]["name"] == "Teacher of biology"
    assert row["pathway"]["page"] == f"http://testserver/routes/{older.pathway.slug}/"
    assert set(row) == {"id", "pathway", "note", "created_at"}


def test_a_route_is_saved_by_its_slug(applicant):
    pathway = PathwayFactory(name_en="Teacher of biology")
    response = api_client(applicant).post(LIST, {"pathway": pathway.slug, "note": "Ask about costs"}, format="json")
    assert response.status_code == 201
    saved = SavedRoute.objects.get()
    assert (saved.user, saved.pathway, saved.note) == (applicant, pathway, "Ask about costs")
    assert response.json()["id"] == saved.pk
    assert response.json()["pathway"]["name"] == "Teacher of biology"


def test_the_same_route_twice_is_a_409_with_a_clear_message(applicant):
    saved = SavedRouteFactory(user=applicant)
    with nothing_written(SavedRoute):
        response = api_client(applicant).post(LIST, {"pathway": saved.pathway.slug}, format="json")
    assert response.status_code == 409
    assert response.json() == {
        "detail": "This route is already on your shortlist.",
        "errors": {"pathway": ["This route is already on your shortlist."]},
    }


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"pathway": "no-such-route"}, {"pathway": ["This route cannot be saved: it is not (or no longer) offered."]}),
        ({}, {"pathway": ["This field is required."]}),
        (
            {"pathway": "<published>", "note": "x" * 501},
            {"note": ["Ensure this field has no more than 500 characters."]},
        ),
        ({"pathway": "<unpublished>"}, {"pathway": ["This route cannot be saved: it is not (or no longer) offered."]}),
    ],
)
def test_bad_input_is_a_400_saying_what_is_wrong(applicant, data, errors):
    published, unpublished = PathwayFactory(), PathwayFactory(is_published=False)
    data = {
        key: {"<published>": published.slug, "<unpublished>": unpublished.slug}.get(value, value)
        for key, value in data.items()
    }
    with nothing_written(SavedRoute):
        response = api_client(applicant).post(LIST, data, format="json")
    assert response.status_code == 400
    assert response.json() == {"detail": "Invalid input.", "errors": errors}


def test_the_owner_gets_and_deletes_a_saved_route(applicant):
    saved = SavedRouteFactory(user=applicant)
    client = api_client(applicant)
    assert client.get(_detail(saved)).json()["id"] == saved.pk
    response = client.delete(_detail(saved))
    assert response.status_code == 204
    assert not SavedRoute.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_nobody_reads_or_deletes_another_persons_saved_route(persona, role):
    theirs = SavedRouteFactory()
    user = persona(role)
    mine = SavedRouteFactory(user=user)
    client = api_client(user)
    with nothing_written(SavedRoute):
        assert client.get(_detail(theirs)).status_code == 404
        assert client.delete(_detail(theirs)).status_code == 404
    assert [row["id"] for row in client.get(LIST).json()["results"]] == [mine.pk]


def test_a_visitor_gets_401_everywhere():
    saved = SavedRouteFactory()
    client = api_client(None)
    with nothing_written(SavedRoute):
        responses = [
            client.get(LIST),
            client.post(LIST, {"pathway": saved.pathway.slug}, format="json"),
            client.get(_detail(saved)),
            client.delete(_detail(saved)),
        ]
    assert [response.status_code for response in responses] == [401, 401, 401, 401]
    assert responses[0].json() == {"detail": "Authentication credentials were not provided."}


def test_a_saved_route_cannot_be_changed(applicant):
    saved = SavedRouteFactory(user=applicant)
    with nothing_written(SavedRoute):
        response = api_client(applicant).patch(_detail(saved), {"note": "x"}, format="json")
    assert response.status_code == 405


@pytest.mark.parametrize("rows", [1, 50])
def test_the_list_runs_a_fixed_number_of_queries(applicant, django_assert_max_num_queries, rows):
    for _ in range(rows):
        SavedRouteFactory(user=applicant)
    client = api_client(applicant)
    client.get(LIST)  # the token's first use
    # The token, the count and the page of saved routes with their pathways and qualifications.
    with django_assert_max_num_queries(4):
        body = client.get(LIST).json()
    assert body["count"] == rows
    assert len(body["results"]) == min(rows, 25)


def test_the_schema_documents_the_shortlist():
    schema = api_client(None).get(reverse("api:schema"), {"format": "json"}).json()
    assert set(schema["paths"]["/api/v1/shortlist/"]) == {"get", "post"}
    assert set(schema["paths"]["/api/v1/shortlist/{id}/"]) == {"get", "delete"}
    assert schema["paths"]["/api/v1/shortlist/"]["post"]["summary"] == "Save a route to your shortlist"
    assert "409" in schema["paths"]["/api/v1/shortlist/"]["post"]["responses"]
