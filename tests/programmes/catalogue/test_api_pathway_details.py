"""A pathway in the API as on its page: the tuition fee with its academic year and currency, the
financing, the contact and the open days staff entered (null or empty when they entered none); and
`?search=` on /api/v1/pathways/, which is the catalogue page's search (programmes/catalogue/search.py),
so that the same words give the same pathways in the same order."""

import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programmes.catalogue import selectors
from programmes.catalogue.api.serializers import PathwayDetailSerializer
from programmes.catalogue.models import Pathway
from tests.api.conftest import api_client
from tests.factories import PathwayFactory, SchoolSubjectFactory

pytestmark = pytest.mark.django_db

NEW_FIELDS = ["tuition_fee", "financing", "contact", "open_days"]


def detail(slug: str, *, language: str = "en") -> dict:
    response = api_client(language=language).get(reverse("api:pathway-detail", args=[slug]))
    assert response.status_code == 200, response.content
    return response.json()


def searched(q: str, **params) -> list[str]:
    response = api_client().get(reverse("api:pathway-list"), {"search": q, "page_size": 100, **params})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == len(body["results"])
    return [row["slug"] for row in body["results"]]


def page_search(q: str, **filters) -> list[str]:
    """What the catalogue page lists for `q` (its selector, with its order)."""
    return [pathway.slug for pathway in selectors.pathway_catalogue(q=q, **filters)]


# --- The detail's fields --------------------------------------------------------------------------


@pytest.fixture
def entered():
    """A pathway with everything staff can enter on fees, financing, contact and open days."""
    return PathwayFactory(
        slug="met-alles",
        tuition_fee=Decimal("2601.00"),
        tuition_fee_year="2025-2026",
        financing_nl="Vraag de lerarenbeurs aan.",
        financing_en="Apply for the teacher grant (lerarenbeurs).",
        contact_name="Coördinator Educatieve module",
        contact_email="em@iclon.leidenuniv.nl",
        contact_phone="071 527 00 00",
        open_days_nl="Open dag op 14 maart.",
        open_days_en="Open day on 14 March.",
    )


@pytest.mark.parametrize(
    ("language", "financing", "open_days"),
    [
        ("en", "Apply for the teacher grant (lerarenbeurs).", "Open day on 14 March."),
        ("nl", "Vraag de lerarenbeurs aan.", "Open dag op 14 maart."),
    ],
)
def test_the_detail_has_what_staff_entered(entered, language, financing, open_days):
    body = detail(entered.slug, language=language)
    assert body["tuition_fee"] == {"amount": "2601.00", "currency": "EUR", "academic_year": "2025-2026"}
    assert body["financing"] == financing
    assert body["open_days"] == open_days
    assert body["contact"] == {
        "name": "Coördinator Educatieve module",
        "email": "em@iclon.leidenuniv.nl",
        "phone": "071 527 00 00",
    }
    # Placed after the costs, as on the page.
    keys = list(body)
    assert keys[keys.index("costs") + 1 : keys.index("costs") + 5] == NEW_FIELDS


def test_a_fee_in_whole_euros_keeps_two_decimals(entered):
    Pathway.objects.filter(pk=entered.pk).update(tuition_fee=Decimal("1250"))
    assert detail(entered.slug)["tuition_fee"]["amount"] == "1250.00"


def test_what_was_not_entered_is_null_or_empty():
    bare = PathwayFactory(slug="zonder-alles")
    body = detail(bare.slug)
    assert body["tuition_fee"] is None
    assert body["contact"] is None  # the page names ICLON's student desk instead
    assert (body["financing"], body["open_days"]) == ("", "")


def test_english_texts_fall_back_to_dutch_and_a_partial_contact_keeps_empty_parts():
    pathway = PathwayFactory(
        slug="half-ingevuld",
        financing_nl="Studiefinanciering.",
        financing_en="",
        open_days_nl="Elke maand een webinar.",
        open_days_en="",
        contact_email="info@iclon.leidenuniv.nl",
    )
    body = detail(pathway.slug, language="en")
    assert (body["financing"], body["open_days"]) == ("Studiefinanciering.", "Elke maand een webinar.")
    assert body["contact"] == {"name": "", "email": "info@iclon.leidenuniv.nl", "phone": ""}


def test_the_list_stays_lean(entered):
    """The list carries none of the detail's new fields: its columns are fixed (api/lists.py)."""
    response = api_client().get(reverse("api:pathway-list"), {"page_size": 100})
    row = next(row for row in response.json()["results"] if row["slug"] == entered.slug)
    assert not set(NEW_FIELDS) & set(row)


def test_the_seeded_catalogue_shows_its_fees_and_contacts(catalogue):
    pathway = Pathway.objects.exclude(tuition_fee=None).exclude(contact_email="").filter(is_published=True).first()
    assert pathway is not None, "the demo catalogue enters fees and contacts"
    body = detail(pathway.slug)
    assert Decimal(body["tuition_fee"]["amount"]) == pathway.tuition_fee
    assert body["tuition_fee"]["academic_year"] == pathway.tuition_fee_year
    assert body["contact"]["email"] == pathway.contact_email
    assert body["financing"] == pathway.financing_en


def test_the_detail_costs_as_many_queries_with_the_new_fields(entered, django_assert_max_num_queries):
    bare = PathwayFactory(slug="kaal")
    client = api_client()
    with CaptureQueriesContext(connection) as plain:
        assert client.get(reverse("api:pathway-detail", args=[bare.slug])).status_code == 200
    with django_assert_max_num_queries(len(plain)):
        assert client.get(reverse("api:pathway-detail", args=[entered.slug])).status_code == 200


# --- ?search= is the page's search ---------------------------------------------------------------


@pytest.mark.parametrize("q", ["leraar biologie", "pabo", "zij-instroom", "Leraar Biologie deeltijd", "history"])
def test_search_gives_the_pages_pathways_in_the_pages_order(q, catalogue):
    expected = page_search(q)
    assert expected, f"the catalogue has routes for {q!r}: the comparison means something"
    assert searched(q) == expected


def test_search_words_mean_what_they_mean_on_the_page(catalogue):
    pabo = searched("pabo")
    assert pabo == list(
        Pathway.objects.published().filter(sector="po").order_by("order", "name_nl").values_list("slug", flat=True)
    )
    lateral = searched("zij-instroom")
    assert set(lateral) == set(
        Pathway.objects.published().filter(requires_teaching_job=True).values_list("slug", flat=True)
    )
    biology = searched("leraar biologie")
    assert set(biology) == set(
        Pathway.objects.published().filter(subjects__slug="biologie").values_list("slug", flat=True)
    )


def test_search_keeps_the_other_filters(catalogue):
    both = searched("pabo", for_teachers="true")
    assert both == page_search("pabo", teaching_job=True)
    assert both and all(slug in searched("zij-instroom") for slug in both)
    assert searched("leraar biologie", mode="part_time") == page_search("leraar biologie", mode="part_time")


@pytest.mark.parametrize("q", ["xyzzyplugh", "biologie xyzzyplugh"])
def test_a_word_that_matches_nothing_gives_an_empty_list(q, catalogue):
    response = api_client().get(reverse("api:pathway-list"), {"search": q})
    assert response.status_code == 200
    assert (response.json()["count"], response.json()["results"]) == (0, [])
    assert page_search(q) == []


def test_only_filler_searches_nothing(catalogue):
    assert searched("leraar worden") == page_search("") == searched("")


def test_a_search_longer_than_the_pages_box_is_refused_with_400():
    response = api_client().get(reverse("api:pathway-list"), {"search": "biologie " * 20})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["search"]


@pytest.mark.parametrize("rows", [1, 50])
def test_a_search_runs_a_fixed_number_of_queries(rows, django_assert_max_num_queries):
    biology = SchoolSubjectFactory(slug="zzbiologie", name_nl="Zzbiologie", name_en="Zzbiology")
    for _ in range(rows):
        PathwayFactory(subjects=[biology])
    client = api_client()
    with django_assert_max_num_queries(4):  # COUNT, the page, its subjects, its start moments
        response = client.get(reverse("api:pathway-list"), {"search": "leraar zzbiologie", "page_size": 100})
    assert response.json()["count"] == rows


# --- The schema ----------------------------------------------------------------------------------


@pytest.fixture
def openapi() -> dict:
    response = api_client().get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_schema_types_the_new_fields(openapi):
    schemas = openapi["components"]["schemas"]
    detail_schema = schemas["PathwayDetail"]["properties"]
    assert list(PathwayDetailSerializer.Meta.fields) == list(detail_schema)
    assert detail_schema["tuition_fee"]["allOf"] == [{"$ref": "#/components/schemas/TuitionFee"}]
    assert detail_schema["tuition_fee"]["nullable"] is True
    assert detail_schema["contact"]["allOf"] == [{"$ref": "#/components/schemas/PathwayContact"}]
    assert detail_schema["contact"]["nullable"] is True
    for name in ("financing", "open_days"):
        assert detail_schema[name]["type"] == "string"
        assert "Accept-Language" in detail_schema[name]["description"]
    fee = schemas["TuitionFee"]["properties"]
    assert (fee["amount"]["type"], fee["amount"]["format"]) == ("string", "decimal")
    assert fee["academic_year"]["type"] == "string"
    currency = fee["currency"]
    currency = schemas[currency["allOf"][0]["$ref"].rsplit("/", 1)[1]] if "allOf" in currency else currency
    assert currency["enum"] == ["EUR"]
    assert set(schemas["PathwayContact"]["properties"]) == {"name", "email", "phone"}
    assert "tuition_fee" not in schemas["PathwayList"]["properties"]


def test_the_schema_documents_the_pages_search(openapi):
    parameters = openapi["paths"]["/api/v1/pathways/"]["get"]["parameters"]
    search = [parameter for parameter in parameters if parameter["name"] == "search"]
    assert len(search) == 1
    assert search[0]["in"] == "query"
    assert search[0]["schema"]["type"] == "string"
    assert "pabo" in search[0]["description"] and "zij-instroom" in search[0]["description"]
    names = {parameter["name"] for parameter in parameters}
    assert {"subject", "qualification", "sector", "mode", "for_teachers", "ordering"} <= names
