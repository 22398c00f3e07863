"""The conventions every endpoint follows: pagination, filters, search and ordering, lookups, the
one error shape in Dutch or English, throttling, refusing bad input with 400 (never 500), and the
OpenAPI schema with its documentation page."""

import json
import re
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled
from drf_spectacular.validation import validate_schema
from rest_framework.throttling import SimpleRateThrottle

from iclon.core.middleware import MAX_PARAMETER_LENGTH
from partnerships.models import School
from tests.api.conftest import api_client, translated
from tests.factories import (
    EducationRegionFactory,
    SchoolBoardFactory,
    SchoolFactory,
    TrainingSchoolPartnershipFactory,
)

pytestmark = pytest.mark.django_db

SCHOOLS = reverse("api:school-list")
MEMBERSHIPS = reverse("api:school-membership-list")
BAD_CHARACTER = "The request contains an invalid character or a value that is too long."


def bulk_schools(count: int, **fields) -> list[School]:
    """`count` schools in one INSERT (codes 90AA00, 90AB00, …, apart from the factories' codes)."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return School.objects.bulk_create(
        School(
            brin_code=f"9{i // 676}{alphabet[(i // 26) % 26]}{alphabet[i % 26]}",
            branch_number="00",
            name=f"Bulkschool {i:03d}",
            offers_vo=True,
            **fields,
        )
        for i in range(count)
    )


# --- Pagination -----------------------------------------------------------------------------------


def test_list_is_paginated_with_count_next_previous_and_results(db):
    bulk_schools(30)
    first = api_client().get(SCHOOLS).json()
    assert set(first) == {"count", "next", "previous", "results"}
    assert first["count"] == 30
    assert len(first["results"]) == 25
    assert first["previous"] is None
    assert first["next"].endswith("/api/v1/schools/?page=2")

    second = api_client().get(first["next"]).json()
    assert len(second["results"]) == 5
    assert second["next"] is None
    assert second["previous"] is not None
    names = [row["name"] for row in first["results"] + second["results"]]
    assert names == sorted(names) and len(set(names)) == 30


def test_page_size_is_respected_and_kept_in_the_next_link(db):
    bulk_schools(12)
    body = api_client().get(SCHOOLS, {"page_size": 5}).json()
    assert len(body["results"]) == 5
    assert "page_size=5" in body["next"]


def test_page_size_is_capped_at_100(db):
    bulk_schools(105)
    body = api_client().get(SCHOOLS, {"page_size": 1000}).json()
    assert body["count"] == 105
    assert len(body["results"]) == 100


@pytest.mark.parametrize("page", ["2", "0", "9" * 30])
def test_page_past_the_end_answers_404_in_the_error_shape(page, db):
    bulk_schools(3)
    response = api_client().get(SCHOOLS, {"page": page})
    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid page."}


@pytest.mark.parametrize("page_size", ["0", "-1", "abc", "9" * 30])
def test_unusable_page_size_falls_back_to_a_valid_one(page_size, db):
    bulk_schools(3)
    response = api_client().get(SCHOOLS, {"page_size": page_size})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 3


# --- Filters, search, ordering --------------------------------------------------------------------


@pytest.fixture
def atlas(db):
    """Three schools that differ in every filtered field."""
    leiden, rijnmond = EducationRegionFactory(slug="leiden-eo"), EducationRegionFactory(slug="rijnmond")
    board_1, board_2 = SchoolBoardFactory(number="41365"), SchoolBoardFactory(number="20000")
    partnership = TrainingSchoolPartnershipFactory(slug="os-leiden", lead_school=None, region=leiden)
    schools = {
        "leiden_vo": SchoolFactory(
            name="Alpha College",
            region=leiden,
            board=board_1,
            partnership=partnership,
            offers_vo=True,
            city="Leiden",
            municipality="Leiden",
            municipality_code="0546",
        ),
        "leiderdorp_po": SchoolFactory(
            name="Bloemschool",
            region=leiden,
            board=board_2,
            offers_vo=False,
            offers_po=True,
            city="Leiderdorp",
            municipality="Leiderdorp",
            municipality_code="0547",
        ),
        "rotterdam_mbo": SchoolFactory(
            name="Citadel MBO",
            region=rijnmond,
            board=board_1,
            offers_vo=False,
            offers_mbo=True,
            city="Rotterdam",
            municipality="Rotterdam",
            municipality_code="0599",
        ),
    }
    return schools


def codes(params) -> list[str]:
    response = api_client().get(SCHOOLS, params)
    assert response.status_code == 200, response.content
    return [row["code"] for row in response.json()["results"]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"region": "leiden-eo"}, ["leiden_vo", "leiderdorp_po"]),
        ({"region": "rijnmond"}, ["rotterdam_mbo"]),
        ({"region": "nergens"}, []),
        ({"board": "41365"}, ["leiden_vo", "rotterdam_mbo"]),
        ({"partnership": "os-leiden"}, ["leiden_vo"]),
        ({"sector": "po"}, ["leiderdorp_po"]),
        ({"sector": "vo"}, ["leiden_vo"]),
        ({"sector": "mbo"}, ["rotterdam_mbo"]),
        ({"municipality_code": "0547"}, ["leiderdorp_po"]),
        ({"region": "leiden-eo", "board": "41365"}, ["leiden_vo"]),
        ({"search": "leider"}, ["leiderdorp_po"]),
        ({"search": "ROTTERDAM"}, ["rotterdam_mbo"]),
        ({"search": "college"}, ["leiden_vo"]),
    ],
    ids=lambda value: json.dumps(value) if isinstance(value, dict) else None,
)
def test_schools_filter_and_search(params, expected, atlas):
    assert codes(params) == [atlas[key].code for key in expected]


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("name", ["leiden_vo", "leiderdorp_po", "rotterdam_mbo"]),
        ("-name", ["rotterdam_mbo", "leiderdorp_po", "leiden_vo"]),
        ("-city", ["rotterdam_mbo", "leiderdorp_po", "leiden_vo"]),
        ("municipality", ["leiden_vo", "leiderdorp_po", "rotterdam_mbo"]),
        ("not_a_field", ["leiden_vo", "leiderdorp_po", "rotterdam_mbo"]),  # unknown fields are ignored
    ],
)
def test_schools_ordering(ordering, expected, atlas):
    assert codes({"ordering": ordering}) == [atlas[key].code for key in expected]


def test_invalid_filter_value_answers_400_naming_the_parameter(atlas):
    response = api_client().get(SCHOOLS, {"sector": "hbo"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["sector"]


def test_search_with_too_many_words_answers_400(atlas):
    response = api_client().get(SCHOOLS, {"search": " ".join(f"w{i}" for i in range(11))})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["search"]
    assert codes({"search": "alpha " * 10}) == [atlas["leiden_vo"].code]


def test_partnerships_filter_by_region(atlas):
    TrainingSchoolPartnershipFactory(slug="os-rijnmond", region=atlas["rotterdam_mbo"].region, lead_school=None)
    response = api_client().get(reverse("api:training-school-partnership-list"), {"region": "rijnmond"})
    assert [row["slug"] for row in response.json()["results"]] == ["os-rijnmond"]


# --- Lookups ----------------------------------------------------------------------------------


@pytest.mark.parametrize("transform", [str.upper, str.lower, str.title], ids=["upper", "lower", "mixed"])
def test_school_is_found_by_its_code_in_any_case(transform, atlas):
    school = atlas["leiden_vo"]
    response = api_client().get(reverse("api:school-detail", args=[transform(school.code)]))
    assert response.status_code == 200
    assert response.json()["code"] == school.code
    assert response.json()["board"] == "41365"
    assert response.json()["region"] == "leiden-eo"


def test_school_without_board_region_or_partnership_shows_nulls(db):
    school = SchoolFactory(board=None, region=None)
    body = api_client().get(reverse("api:school-detail", args=[school.code])).json()
    assert (body["board"], body["region"], body["partnership"]) == (None, None, None)


def test_board_is_found_by_number_and_region_by_slug(atlas):
    board = api_client().get(reverse("api:school-board-detail", args=["41365"]))
    assert board.status_code == 200
    assert board.json()["number"] == "41365"
    region = api_client().get(reverse("api:education-region-detail", args=["rijnmond"]))
    assert region.status_code == 200
    assert region.json()["slug"] == "rijnmond"
    partnership = api_client().get(reverse("api:training-school-partnership-detail", args=["os-leiden"]))
    assert partnership.json()["member_count"] == 1


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/schools/99ZZ99/",
        "/api/v1/schools/toolongcode/",
        "/api/v1/school-boards/12345678/",
        "/api/v1/school-boards/not-a-number/",
        "/api/v1/education-regions/nergens/",
        "/api/v1/education-regions/no.dots/",
        "/api/v1/school-memberships/99999999999999999999999/",
        "/api/v1/no-such-endpoint/",
    ],
)
def test_unknown_object_or_url_answers_404_in_the_error_shape(url, administrator):
    response = api_client(administrator).get(url)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_url_without_trailing_slash_is_redirected(db):
    response = api_client().get("/api/v1/schools")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/schools/"


# --- The error shape, in Dutch and English ----------------------------------------------------------


@pytest.mark.parametrize("language", ["nl", "en"])
def test_errors_are_in_the_language_of_accept_language(language, db):
    client = api_client(language=language)
    not_found = client.get(reverse("api:school-detail", args=["99ZZ99"]))
    unauthenticated = client.get(reverse("api:me"))
    not_allowed = client.post(SCHOOLS, {}, format="json")
    invalid = client.get(SCHOOLS, {"sector": "hbo"})

    assert not_found.json() == {"detail": translated(language, "Not found.")}
    assert unauthenticated.json() == {"detail": translated(language, "Authentication credentials were not provided.")}
    assert not_allowed.json() == {
        "detail": translated(language, 'Method "{method}" not allowed.').format(method="POST")
    }
    assert invalid.json()["detail"] == translated(language, "Invalid input.")
    assert list(invalid.json()["errors"]) == ["sector"]
    for response in (not_found, unauthenticated, not_allowed, invalid):
        assert response["Content-Language"] == language
        assert response["Content-Type"] == "application/json"


def test_dutch_and_english_errors_differ(db):
    """DRF's own messages are translated, so the Dutch answer is really Dutch."""
    dutch = api_client(language="nl").get(reverse("api:me")).json()["detail"]
    english = api_client(language="en").get(reverse("api:me")).json()["detail"]
    assert dutch == "Authenticatiegegevens zijn niet opgegeven."
    assert english == "Authentication credentials were not provided."


def test_malformed_json_answers_400_in_the_error_shape(administrator):
    response = api_client(administrator).post(MEMBERSHIPS, '{"role": ', content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()) == {"detail"}


@pytest.mark.parametrize("body", ["[]", '"text"', "null", "1"])
def test_json_that_is_not_an_object_answers_400_with_errors(body, administrator):
    response = api_client(administrator).post(MEMBERSHIPS, body, content_type="application/json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["non_field_errors"]


# --- Throttling ---------------------------------------------------------------------------------


@pytest.fixture
def low_rates(settings, monkeypatch):
    """3 anonymous requests a minute, 5 per user. DRF reads the rates into the throttle class when
    it is imported, so the class attribute is patched as well as the setting."""
    rates = {"anon": "3/minute", "user": "5/minute"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)
    return rates


@pytest.mark.parametrize("language", ["en", "nl"])
def test_anonymous_client_over_the_rate_gets_429_with_retry_after(language, low_rates, db):
    client = api_client(language=language)
    statuses = [client.get(SCHOOLS).status_code for _ in range(3)]
    throttled = client.get(SCHOOLS)
    assert statuses == [200, 200, 200]
    assert throttled.status_code == 429
    assert 0 < int(throttled["Retry-After"]) <= 60
    assert set(throttled.json()) == {"detail"}
    assert throttled.json()["detail"].startswith(translated(language, "Request was throttled."))


def test_users_are_throttled_each_on_their_own_count(low_rates, applicant, outsider, school_a):
    busy, other = api_client(applicant), api_client(outsider)
    assert [busy.get(SCHOOLS).status_code for _ in range(5)] == [200] * 5
    throttled = busy.get(SCHOOLS)
    assert throttled.status_code == 429
    assert throttled.json()["detail"].startswith(translated("en", "Request was throttled."))
    response = other.get(SCHOOLS)
    assert response.status_code == 200
    assert school_a.code in [row["code"] for row in response.json()["results"]]


# --- Bad input: 400, never 500 ------------------------------------------------------------------


BAD_QUERIES = [
    "search=%00",
    "ordering=na%00me",
    "page=%00",
    "%00=1",
    "unknown=%00",
    "search=" + "a" * (MAX_PARAMETER_LENGTH + 1),
    "unknown=" + "a" * (MAX_PARAMETER_LENGTH + 1),
]


@pytest.mark.parametrize("query", BAD_QUERIES, ids=lambda q: q[:24])
@pytest.mark.parametrize("url", [SCHOOLS, MEMBERSHIPS, reverse("api:school-board-list"), reverse("api:me")])
def test_nul_byte_or_over_long_query_value_answers_400(query, url, administrator):
    response = api_client(administrator).get(f"{url}?{query}")
    assert response.status_code == 400
    assert response.json() == {"detail": BAD_CHARACTER}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("region=lei%00den", None),
        ("sector=%00", None),
        ("region=" + "x" * 500, "region"),
        ("board=" + "9" * 50, "board"),
        ("partnership=" + "p" * 300, "partnership"),
    ],
    ids=["nul-region", "nul-sector", "long-region", "long-board", "long-partnership"],
)
def test_nul_byte_or_over_long_filter_value_answers_400(query, field, db):
    """A NUL byte is refused by the middleware before the view; a value past the filter's length by
    the filter, naming the field."""
    response = api_client().get(f"{SCHOOLS}?{query}")
    assert response.status_code == 400
    if field is None:
        assert response.json() == {"detail": BAD_CHARACTER}
    else:
        assert response.json()["detail"] == "Invalid input."
        assert list(response.json()["errors"]) == [field]


def test_nul_byte_in_the_path_answers_400(db):
    response = api_client().get("/api/v1/schools/02EA%0003/")
    assert response.status_code == 400
    assert response.json() == {"detail": BAD_CHARACTER}


@pytest.fixture
def membership_input(school_a, outsider):
    return {"user_email": outsider.email, "school": school_a.code, "role": "workplace_mentor"}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("user_email", "outsider\x00@example.org"),
        ("school", "02EA\x0003"),
        ("role", "workplace_mentor\x00"),
        ("active_from", "2030-01-01\x00"),
        ("user_email", "x" * 5000 + "@example.org"),
        ("school", "02EA03" * 1000),
        ("role", "\ud800"),
        ("school", "02EA\ud800"),
    ],
    ids=["nul-email", "nul-school", "nul-role", "nul-date", "long-email", "long-school", "surrogate-role", "surrogate"],
)
def test_nul_byte_or_over_long_json_string_answers_400(field, value, administrator, membership_input):
    # Encoded by hand: a lone surrogate is valid JSON ("\ud800") but not valid UTF-8.
    body = json.dumps({**membership_input, field: value}, ensure_ascii=True)
    response = api_client(administrator).post(MEMBERSHIPS, body, content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_nul_byte_in_a_json_string_of_a_patch_answers_400(administrator, school_a_contact):
    with scopes_disabled():
        membership = school_a_contact.school_memberships.get()
    url = reverse("api:school-membership-detail", args=[membership.pk])
    response = api_client(administrator).patch(url, {"role": "school_leader\x00"}, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["role"]


@pytest.mark.parametrize("form_format", ["urlencoded", "multipart"])
def test_nul_byte_in_a_form_field_answers_400(form_format, administrator, membership_input):
    client = api_client(administrator)
    data = {**membership_input, "user_email": "outsider\x00@example.org"}
    if form_format == "urlencoded":
        response = client.post(MEMBERSHIPS, urlencode(data), content_type="application/x-www-form-urlencoded")
        assert response.json() == {
            "detail": "The request contains an invalid character or a value that is too long."
        }, "the middleware refuses it before DRF parses it"
    else:
        response = client.post(MEMBERSHIPS, data, format="multipart")
        assert "user_email" in response.json()["errors"]
    assert response.status_code == 400


def test_nul_byte_in_a_form_field_of_a_page_answers_400(applicant):
    """The token page's form, posted as a browser posts it (urlencoded)."""
    client = Client(headers={"accept-language": "en"})
    client.force_login(applicant)
    body = urlencode({"name": "script\x00", "expires_days": ""})
    response = client.post(reverse("accounts:api-tokens"), body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert not applicant.auth_token_set.exists()


@pytest.mark.parametrize(
    "header", ["nl\x00", "x" * 5000, "*;q=abc", "\ud800".encode("utf-8", "surrogatepass").decode("latin-1")]
)
def test_odd_accept_language_does_not_break_the_api(header, school_a):
    response = api_client(language=header).get(SCHOOLS)
    assert response.status_code == 200
    assert response["Content-Language"] == "nl", "an unreadable header falls back to Dutch"
    assert school_a.code in [row["code"] for row in response.json()["results"]]


# --- The schema and its documentation -----------------------------------------------------------


@pytest.fixture
def openapi(db) -> dict:
    response = api_client().get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    return json.loads(response.content)


def operations(schema: dict):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield f"{method.upper()} {path}", operation


def test_schema_is_valid_openapi_3(openapi):
    assert openapi["openapi"].startswith("3.")
    validate_schema(openapi)  # raises on an invalid document
    assert openapi["info"]["title"] == "ICLON portal API"


def test_schema_lists_every_endpoint(openapi):
    assert set(openapi["paths"]) == {
        "/api/v1/",
        "/api/v1/me/",
        "/api/v1/research-people/",
        "/api/v1/research-people/{slug}/",
        "/api/v1/research-projects/",
        "/api/v1/research-projects/{slug}/",
        "/api/v1/support-requests/",
        "/api/v1/support-requests/{id}/",
        "/api/v1/support-requests/{id}/assign/",
        "/api/v1/support-requests/{id}/messages/",
        "/api/v1/support-requests/{id}/transition/",
        "/api/v1/support-requests/{id}/withdraw/",
        "/api/v1/research-questions/",
        "/api/v1/research-questions/{id}/",
        "/api/v1/research-questions/{id}/answer/",
        "/api/v1/research-questions/{id}/clarify/",
        "/api/v1/research-questions/{id}/match/",
        "/api/v1/research-questions/{id}/rate/",
        "/api/v1/research-questions/{id}/review/",
        "/api/v1/research-questions/{id}/set-public/",
        "/api/v1/answered-research-questions/",
        "/api/v1/answered-research-questions/{id}/",
        "/api/v1/publications/",
        "/api/v1/publications/{id}/",
        "/api/v1/publications/export/",
        "/api/v1/activities/",
        "/api/v1/activities/{slug}/",
        "/api/v1/sessions/",
        "/api/v1/sessions/{id}/",
        "/api/v1/development-paths/",
        "/api/v1/development-paths/{slug}/",
        "/api/v1/learning-circles/",
        "/api/v1/learning-circles/{id}/",
        "/api/v1/visit-requests/",
        "/api/v1/visit-requests/{id}/",
        "/api/v1/visit-requests/{id}/answer/",
        "/api/v1/visit-requests/{id}/confirm/",
        "/api/v1/visit-requests/{id}/evaluate/",
        "/api/v1/visit-requests/{id}/mark-held/",
        "/api/v1/visit-requests/{id}/propose/",
        "/api/v1/visit-requests/{id}/suggestions/",
        "/api/v1/visit-requests/{id}/withdraw/",
        "/api/v1/researchers/",
        "/api/v1/researchers/{id}/",
        "/api/v1/researcher-unavailabilities/",
        "/api/v1/researcher-unavailabilities/{id}/",
        "/api/v1/visit-figures/",
        "/api/v1/professionalisation-stats/",
        "/api/v1/orientation/funnel/",
        "/api/v1/registrations/",
        "/api/v1/registrations/{id}/",
        "/api/v1/registrations/{id}/cancel/",
        "/api/v1/waiting-list/",
        "/api/v1/waiting-list/{id}/",
        "/api/v1/waiting-list/{id}/accept/",
        "/api/v1/waiting-list/{id}/decline/",
        "/api/v1/waiting-list/{id}/leave/",
        "/api/v1/attendance/",
        "/api/v1/attendance/{id}/",
        "/api/v1/certificates/",
        "/api/v1/certificates/{id}/",
        "/api/v1/credentials/",
        "/api/v1/credentials/{uuid}/",
        "/api/v1/credentials/verify/",
        "/api/v1/education-regions/",
        "/api/v1/education-regions/{slug}/",
        "/api/v1/alliances/",
        "/api/v1/alliances/{slug}/",
        "/api/v1/institutions/",
        "/api/v1/institutions/{slug}/",
        "/api/v1/school-boards/",
        "/api/v1/school-boards/{number}/",
        "/api/v1/schools/",
        "/api/v1/schools/{code}/",
        "/api/v1/training-school-partnerships/",
        "/api/v1/training-school-partnerships/{slug}/",
        "/api/v1/school-memberships/",
        "/api/v1/school-memberships/{id}/",
        "/api/v1/subjects/",
        "/api/v1/subjects/{slug}/",
        "/api/v1/qualifications/",
        "/api/v1/qualifications/{slug}/",
        "/api/v1/programmes/",
        "/api/v1/programmes/{slug}/",
        "/api/v1/pathways/",
        "/api/v1/pathways/{slug}/",
        "/api/v1/degree-fields/",
        "/api/v1/degree-fields/{slug}/",
        "/api/v1/deficiency-courses/",
        "/api/v1/deficiency-courses/{slug}/",
        "/api/v1/route-finder/",
        "/api/v1/principles/",
        "/api/v1/principles/{slug}/",
        "/api/v1/applications/",
        "/api/v1/applications/{id}/",
        "/api/v1/applications/{id}/transition/",
        "/api/v1/applications/{id}/documents/{document_id}/",
        "/api/v1/shortlist/",
        "/api/v1/shortlist/{id}/",
        "/api/v1/support-questions/",
        "/api/v1/support-questions/{id}/",
        "/api/v1/support-questions/{id}/replies/",
        "/api/v1/placement-offers/",
        "/api/v1/placement-offers/{id}/",
        "/api/v1/placement-offers/{id}/match/",
        "/api/v1/placements/",
        "/api/v1/placements/{id}/",
        "/api/v1/placements/{id}/confirm/",
        "/api/v1/placements/{id}/decline/",
        "/api/v1/matching-runs/",
        "/api/v1/matching-runs/{id}/",
        "/api/v1/matching-runs/{id}/apply/",
        "/api/v1/matching-runs/{id}/constraints/",
        "/api/v1/matching-runs/{id}/constraints/remove/",
        "/api/v1/matching-runs/{id}/decide/",
        "/api/v1/matching-runs/{id}/rerun/",
        "/api/v1/pal-requests/",
        "/api/v1/pal-requests/{id}/",
        "/api/v1/pal-requests/{id}/assign/",
        "/api/v1/pal-requests/{id}/close/",
        "/api/v1/pal-requests/{id}/suggestions/",
        "/api/v1/pal-requests/{id}/withdraw/",
        "/api/v1/pal-assignments/",
        "/api/v1/pal-assignments/{id}/",
        "/api/v1/pal-assignments/{id}/confirm/",
        "/api/v1/pal-assignments/{id}/decline/",
        "/api/v1/pal-hours/",
        "/api/v1/pal-hours/{id}/",
        "/api/v1/pal-hours/{id}/confirm/",
        "/api/v1/pal-hours/{id}/reject/",
        "/api/v1/pal-hours/export/",
        "/api/v1/pal-hours/totals/",
        "/api/v1/study-progress/",
        "/api/v1/study-progress/{id}/",
        "/api/v1/study-progress/{id}/results/",
        "/api/v1/supply-demand/",
        "/api/v1/vog-certificates/",
        "/api/v1/vog-certificates/{id}/",
        "/api/v1/vog-certificates/{id}/reject/",
        "/api/v1/vog-certificates/{id}/verify/",
        "/api/v1/webhooks/",
        "/api/v1/webhooks/{id}/",
        "/api/v1/webhooks/{id}/deliveries/",
        "/api/v1/webhooks/{id}/test/",
    }


def test_every_operation_has_a_summary(openapi):
    missing = [name for name, operation in operations(openapi) if not operation.get("summary")]
    assert missing == []


def _is_file_download(response: dict) -> bool:
    """A file itself (a document's download): binary content, no JSON to type or exemplify."""
    content = response.get("content", {})
    return bool(content) and all(
        media != "application/json" and body["schema"].get("format") == "binary" for media, body in content.items()
    )


def test_every_successful_response_has_a_typed_schema_and_an_example(openapi):
    problems = []
    for name, operation in operations(openapi):
        for status, response in operation["responses"].items():
            if status == "204" or _is_file_download(response):
                continue
            content = response.get("content", {}).get("application/json")
            if not content or "$ref" not in content["schema"]:
                problems.append(f"{name} {status}: no typed schema")
            elif not content.get("examples"):
                problems.append(f"{name} {status}: no example")
    assert problems == []


def test_every_request_body_has_a_typed_schema_and_an_example(openapi):
    problems = []
    for name, operation in operations(openapi):
        body = operation.get("requestBody")
        if body is None:
            continue
        content = body["content"]["application/json"]
        if "$ref" not in content["schema"]:
            problems.append(f"{name}: no typed schema")
        if not content.get("examples"):
            problems.append(f"{name}: no example")
    assert problems == []


def test_every_operation_documents_its_errors_in_the_error_shape(openapi):
    for name, operation in operations(openapi):
        for status in ("400", "401", "429"):
            content = operation["responses"][status]["content"]["application/json"]
            assert content["schema"] == {"$ref": "#/components/schemas/Error"}, name
        assert "Retry-After" in operation["responses"]["429"]["headers"], name
    assert openapi["components"]["schemas"]["Error"]["required"] == ["detail"]


def test_schema_documents_token_authentication(openapi):
    scheme = openapi["components"]["securitySchemes"]["tokenAuth"]
    assert scheme == {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": scheme["description"],
    }


def test_docs_page_loads_swagger_ui_from_our_own_static_files(db):
    client = api_client()
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()

    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    assert any(a.endswith("swagger-ui.css") for a in assets)
    external = [a for a in assets if a.startswith(("http:", "https:", "//"))]
    assert external == [], "Swagger UI comes from drf-spectacular-sidecar, not from a CDN"
    for asset in assets:
        if asset.startswith("/static/"):
            assert Client().get(asset).status_code == 200, asset

    script = [a for a in assets if "script" in a and not a.startswith("/static/")]
    assert len(script) == 1, "the initialising script is a separate request (no inline script, for the CSP)"
    init = client.get(script[0].replace("&amp;", "&"))
    assert init.status_code == 200
    assert "/api/v1/schema/" in init.content.decode()


@pytest.mark.parametrize("path", ["/api/v1/no-such-endpoint/", "/api/v1/pal-requests/not-a-number/assign/"])
def test_an_address_under_the_api_that_nothing_answers_gets_the_apis_404(client, path):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}
    # Pages keep the portal's page.
    page = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")
