"""The route finder leaves no one at a dead end (issue 16): routes one can start now apart from those
that need steps first (with the steps and their length, on the page and in the API), what would make
a route fit when none does, the student desk; catalogue search by subject and common words; fees,
financing, contact and open days on a pathway's page; the home page's links."""

import re
from decimal import Decimal

import lxml.html
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from programmes.catalogue.cache import bump_catalogue_version
from programmes.catalogue.route_finder import (
    ConditionCode,
    FinderInput,
    StepKind,
    SuggestionKind,
    find_routes,
)
from programmes.models import DegreeField, Pathway, SchoolSubject
from tests.api.conftest import api_client

pytestmark = pytest.mark.django_db

FINDER = reverse("programmes:finder")
FINDER_API = reverse("api:route-finder")
CATALOGUE = reverse("programmes:catalogue")
LAW_MASTER_BIOLOGY = {
    "prior_education": "wo_master",
    "degree_field": "rechtsgeleerdheid",
    "sector": "vo",
    "subject": "biologie",
    "employed_as_teacher": "no",
    "study_mode": "any",
    "dutch_secondary_diploma": "yes",
}
BIOLOGY_BACHELOR = {**LAW_MASTER_BIOLOGY, "prior_education": "wo_bachelor", "degree_field": "biologie"}


@pytest.fixture(autouse=True)
def _no_whole_page_cache(settings):
    """These tests change rows between requests: the whole-page cache stays out of it."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0


def select(element, selector: str) -> list:
    """The elements under `element` that match a simple CSS selector: descendant (space) and child
    (>) steps of tag, .class, #id and [attr="value"] (lxml's cssselect needs a package we do not have)."""
    path = "."
    axis = "//"
    for token in selector.replace(">", " > ").split():
        if token == ">":
            axis = "/"
            continue
        match = re.fullmatch(r'([\w*]*)((?:\.[\w-]+)*)(#[\w-]+)?(?:\[([\w-]+)="([^"]*)"\])?', token)
        tag, classes, ident, attr, value = match.groups()
        tests = [f'contains(concat(" ", normalize-space(@class), " "), " {c} ")' for c in classes.split(".") if c]
        if ident:
            tests.append(f'@id="{ident[1:]}"')
        if attr:
            tests.append(f'@{attr}="{value}"')
        path += f"{axis}{tag or '*'}" + "".join(f"[{test}]" for test in tests)
        axis = "//"
    return element.xpath(path)


def ask(params):
    return find_routes(
        FinderInput(
            prior_education=params["prior_education"],
            sector=params["sector"],
            degree_field=DegreeField.objects.get(slug=params["degree_field"]) if params.get("degree_field") else None,
            subject=SchoolSubject.objects.get(slug=params["subject"]) if params.get("subject") else None,
        )
    )


def get_html(client, url, params=None):
    response = client.get(url, params or {}, headers={"accept-language": "en"})
    assert response.status_code == 200
    return response.content.decode()


# The law master who wants to teach biology ------------------------------------------------------


def test_law_master_biology_gets_what_would_make_a_route_fit_least_effort_first(catalogue):
    with translation.override("en"):
        result = ask(LAW_MASTER_BIOLOGY)
    assert result.fits == []
    kinds = [suggestion.kind for suggestion in result.suggestions]
    assert kinds == [
        SuggestionKind.DEFICIENCY_COURSES,
        SuggestionKind.RELATED_MASTER,
        SuggestionKind.PREMASTER,
        SuggestionKind.RELATED_SUBJECT,
    ]
    courses, master, premaster, related = result.suggestions
    assert {course.slug for course in courses.deficiency_courses} == {
        "beta4all-celbiologie-en-genetica",
        "beta4all-ecologie-en-evolutie",
    }
    assert courses.ec == 10
    assert courses.url == "https://www.beta4all.nl/"
    assert "Bèta4all" in courses.text and "free" in courses.text
    assert {field.slug for field in master.degree_fields} == {
        "biologie",
        "biomedische-wetenschappen",
        "life-science-and-technology",
    }
    assert premaster.months == 12 and "12 months" in premaster.text
    # Law is related to social studies (after deficiency courses) and business economics.
    assert {subject.slug for subject in related.subjects} == {"maatschappijleer", "bedrijfseconomie"}
    assert result.student_desk.email == "info@iclon.leidenuniv.nl"


def test_law_master_biology_page_says_each_refusal_once_and_how_to_go_on(client, catalogue):
    html = get_html(client, FINDER, LAW_MASTER_BIOLOGY)
    assert "0 routes fit you" in html
    refusal = "A degree in Law is not related to Biology."
    assert html.count(refusal) == 1  # once, with the routes it refuses (six times before)
    doc = lxml.html.fromstring(html)
    (group,) = [li for li in select(doc, ".finder-refusal-groups > li") if refusal in li.text_content()]
    assert len(select(group, ".finder-refused-routes a")) >= 6
    suggestions = select(doc, ".finder-suggestion")
    assert [s.get("data-kind") for s in suggestions] == [
        "deficiency_courses",
        "related_master",
        "premaster",
        "related_subject",
    ]
    links = [a.get("href") for a in select(suggestions[0], "a")]
    assert "https://www.beta4all.nl/" in links
    assert "10 EC" in suggestions[0].text_content()
    assert "Roughly 12 months" in suggestions[2].text_content()
    # A route in a related subject: the same question for that subject, one click away.
    related = {a.text_content(): a.get("href") for a in select(suggestions[3], "a")}
    assert any(
        "subject=maatschappijleer" in href and "degree_field=rechtsgeleerdheid" in href for href in related.values()
    )
    # The student desk, once.
    (desk,) = select(doc, ".student-desk")
    text = " ".join(desk.text_content().split())
    for fact in ("ICLON", "Kolffpad 1", "Leiden", "071 527 40 15", "info@iclon.leidenuniv.nl"):
        assert fact in text
    assert select(desk, 'a[href="mailto:info@iclon.leidenuniv.nl"]')
    assert select(desk, 'a[href="tel:+31715274015"]')
    # No apply button anywhere in an answer without routes.
    assert not select(doc, ".finder-apply")


def test_a_suggested_related_subject_answers_with_routes(client, catalogue):
    html = get_html(client, FINDER, {**LAW_MASTER_BIOLOGY, "subject": "maatschappijleer"})
    doc = lxml.html.fromstring(html)
    assert select(doc, ".finder-answer")
    assert not select(doc, ".finder-suggestion")  # suggestions only when nothing fits


def test_law_master_biology_api_answers_the_same(catalogue):
    body = api_client(language="en").get(FINDER_API, LAW_MASTER_BIOLOGY).json()
    assert body["fits"] == []
    assert [s["kind"] for s in body["suggestions"]] == [
        "deficiency_courses",
        "related_master",
        "premaster",
        "related_subject",
    ]
    assert body["suggestions"][0]["ec"] == 10
    assert body["suggestions"][0]["url"] == "https://www.beta4all.nl/"
    assert set(body["suggestions"][3]["subjects"]) == {"maatschappijleer", "bedrijfseconomie"}
    assert body["student_desk"] == {
        "name": "ICLON",
        "street": "Kolffpad 1",
        "city": "Leiden",
        "phone": "071 527 40 15",
        "email": "info@iclon.leidenuniv.nl",
    }
    assert all(row["can_start_now"] is False and row["steps"] == [] for row in body["does_not_fit"])


# The biology bachelor ---------------------------------------------------------------------------


def test_biology_bachelor_specialisation_says_it_needs_a_science_master_first(catalogue):
    with translation.override("en"):
        result = ask(BIOLOGY_BACHELOR)
    specialisation = next(a for a in result.fits if a.pathway.slug == "educatieve-specialisatie-beta")
    assert not specialisation.can_start_now
    (step,) = specialisation.steps
    assert step.kind == StepKind.DEGREE
    assert step.months == 12
    assert "science master" in step.text
    assert [c.code for c in specialisation.conditions] == [ConditionCode.MASTER_ENROLMENT]
    # The module can be started now and comes first; the routes that need steps come after.
    assert result.fits[0].pathway.slug == "educatieve-module-voltijd"
    assert result.fits[0].can_start_now and result.fits[0].steps == []
    flags = [answer.can_start_now for answer in result.fits]
    assert flags == sorted(flags, reverse=True)
    master = next(a for a in result.fits if a.pathway.slug == "master-leraar-vho-voltijd")
    assert [s.kind for s in master.steps] == [StepKind.DEGREE]
    assert result.suggestions == []


def test_biology_bachelor_page_separates_start_now_from_steps_first(client, catalogue):
    html = get_html(client, FINDER, BIOLOGY_BACHELOR)
    doc = lxml.html.fromstring(html)
    (start_now,) = select(doc, ".finder-answers--start-now")
    (steps_first,) = select(doc, ".finder-answers--steps-first")
    now_slugs = [a.get("href") for a in select(start_now, ".card__title a")]
    later = {a.get("href"): li for li in select(steps_first, ".finder-answer") for a in select(li, ".card__title a")}
    assert "/routes/educatieve-module-voltijd/" in now_slugs
    specialisation = later["/routes/educatieve-specialisatie-beta/"]
    text = " ".join(specialisation.text_content().split())
    assert "Steps before you can start" in text
    assert "science master" in text
    assert "about 12 months" in text
    # Apply only on routes one can start now; the others link to their steps instead.
    assert not select(specialisation, ".finder-apply")
    (show_steps,) = select(specialisation, ".finder-show-steps")
    assert show_steps.get("href") == "#steps-educatieve-specialisatie-beta"
    assert select(specialisation, "#steps-educatieve-specialisatie-beta")
    for li in select(start_now, ".finder-answer"):
        assert li.get("data-can-start-now") == "true"
        assert not select(li, ".finder-show-steps")
    assert select(start_now, ".finder-apply")  # the demo's starts are open
    assert not select(steps_first, ".finder-apply")


def test_biology_bachelor_api_has_can_start_now_and_ordered_steps(catalogue):
    body = api_client(language="en").get(FINDER_API, BIOLOGY_BACHELOR).json()
    rows = {row["slug"]: row for row in body["fits"]}
    assert rows["educatieve-module-voltijd"]["can_start_now"] is True
    assert rows["educatieve-module-voltijd"]["steps"] == []
    specialisation = rows["educatieve-specialisatie-beta"]
    assert specialisation["can_start_now"] is False
    (step,) = specialisation["steps"]
    assert step["kind"] == "degree" and step["months"] == 12 and "science master" in step["text"]
    flags = [row["can_start_now"] for row in body["fits"]]
    assert flags == sorted(flags, reverse=True)


def test_steps_come_in_the_order_one_takes_them(catalogue):
    """An hbo graduate without a Dutch diploma and a degree related after deficiency courses: the
    premaster, then the deficiency courses (with their EC and link), then Dutch."""
    with translation.override("en"):
        result = find_routes(
            FinderInput(
                prior_education="hbo_bachelor",
                sector="vo",
                degree_field=DegreeField.objects.get(slug="farmacie"),
                subject=SchoolSubject.objects.get(slug="biologie"),
                dutch_secondary_diploma=False,
            )
        )
    master = next(a for a in result.fits if a.pathway.slug == "master-leraar-vho-voltijd")
    assert [s.kind for s in master.steps] == [
        StepKind.PREMASTER,
        StepKind.DEFICIENCY_COURSES,
        StepKind.DUTCH_PROFICIENCY,
    ]
    courses = master.steps[1]
    assert courses.ec == 10 and courses.url == "https://www.beta4all.nl/"
    assert master.steps[2].months is None
    assert master.steps_months == 12 + 6


def test_the_schema_documents_can_start_now_steps_and_suggestions(catalogue):
    schema = api_client().get(reverse("api:schema"), {"format": "json"}).json()
    components = schema["components"]["schemas"]
    answer = components["RouteAnswer"]["properties"]
    assert answer["can_start_now"]["type"] == "boolean"
    assert answer["steps"]["items"]["$ref"].endswith("/RouteStep")
    assert {"kind", "text", "months", "ec", "url"} <= set(components["RouteStep"]["properties"])
    result = components["RouteFinderResult"]["properties"]
    assert result["suggestions"]["items"]["$ref"].endswith("/RouteSuggestion")
    assert {"kind", "text", "months", "ec", "url", "subjects"} <= set(components["RouteSuggestion"]["properties"])
    assert result["student_desk"]["allOf"][0]["$ref"].endswith("/StudentDesk") or "$ref" in result["student_desk"]


# Catalogue search -------------------------------------------------------------------------------


def catalogue_slugs(client, q):
    html = get_html(client, CATALOGUE, {"q": q})
    return set(re.findall(r'id="compare-([\w-]+)"', html)), html


def test_search_finds_routes_by_subject_name_and_common_words(client, catalogue):
    biology = set(Pathway.objects.published().filter(subjects__slug="biologie").values_list("slug", flat=True))
    assert biology
    for q in ("biologie", "leraar biologie", "Biology", "ik wil leraar biologie worden"):
        found, _html = catalogue_slugs(client, q)
        assert found == biology, q
    found, _html = catalogue_slugs(client, "zij-instroom")
    assert found == {"zij-instroom-vo", "academische-zij-instroom-po"}
    found, _html = catalogue_slugs(client, "zij-instroom biologie")
    assert found == {"zij-instroom-vo"}


def test_search_for_pabo_explains_the_primary_routes(client, catalogue):
    found, html = catalogue_slugs(client, "pabo")
    assert found == {"empo", "academische-zij-instroom-po"}
    doc = lxml.html.fromstring(html)
    (note,) = select(doc, ".search-note")
    text = note.text_content()
    assert "not ICLON's" in text and "EMPO" in text
    assert select(note, 'a[href="https://www.studiekeuze123.nl/"]')
    _found, html = catalogue_slugs(client, "biologie")
    assert "search-note" not in html


def test_search_runs_a_fixed_number_of_queries(client, catalogue, django_assert_max_num_queries):
    client.get(CATALOGUE, {"q": "leraar biologie deeltijd"})  # warm the session and the caches
    bump_catalogue_version()
    with django_assert_max_num_queries(8):
        response = client.get(CATALOGUE, {"q": "leraar biologie deeltijd"})
    assert "master-leraar-vho-deeltijd" in response.content.decode()


# Pathway pages ----------------------------------------------------------------------------------


def test_pathway_page_shows_fee_financing_contact_open_days_and_apply_at_the_top(client, catalogue):
    html = get_html(client, reverse("programmes:pathway-detail", args=["master-leraar-vho-voltijd"]))
    doc = lxml.html.fromstring(html)
    fee = " ".join(select(doc, ".pathway-fee")[0].text_content().split())
    assert fee == "Tuition fee: € 2,601.00 for the academic year 2025-2026"
    assert "lerarenbeurs" in select(doc, ".pathway-financing")[0].text_content()
    contact = select(doc, ".pathway-contact")[0]
    assert "Studentenbalie ICLON" in contact.text_content()
    assert select(contact, 'a[href="mailto:info@iclon.leidenuniv.nl"]')
    assert "Information evening" in doc.get_element_by_id("open-days-title").getparent().text_content()
    # Apply in the page's header, before any section, so that it shows without scrolling.
    (header,) = select(doc, ".page-header")
    assert select(header, "a.pathway-apply")


def test_pathway_fee_shows_in_dutch_as_staff_entered_it(client, catalogue):
    Pathway.objects.filter(slug="empo").update(tuition_fee=Decimal("1234.50"), tuition_fee_year="2026-2027")
    bump_catalogue_version()
    response = client.get(reverse("programmes:pathway-detail", args=["empo"]), headers={"accept-language": "nl"})
    text = " ".join(select(lxml.html.fromstring(response.content), ".pathway-fee")[0].text_content().split())
    # The amount as staff entered it, written the Dutch way, with its academic year.
    assert "€ 1.234,50" in text and "2026-2027" in text


def test_without_a_contact_of_its_own_the_page_names_the_student_desk(client, catalogue):
    Pathway.objects.filter(slug="empo").update(contact_name="", contact_email="", contact_phone="")
    bump_catalogue_version()
    html = get_html(client, reverse("programmes:pathway-detail", args=["empo"]))
    contact = " ".join(select(lxml.html.fromstring(html), ".pathway-contact")[0].text_content().split())
    assert "Kolffpad 1" in contact and "071 527 40 15" in contact


def test_fee_and_its_year_go_together_and_the_year_is_an_academic_year(catalogue):
    pathway = Pathway.objects.get(slug="empo")
    pathway.tuition_fee_year = ""
    with pytest.raises(ValidationError) as error:
        pathway.full_clean()
    assert "tuition_fee_year" in error.value.message_dict
    pathway.tuition_fee_year = "2025-2027"
    with pytest.raises(ValidationError):
        pathway.full_clean()
    pathway.tuition_fee_year = "2025/26"
    with pytest.raises(ValidationError):
        pathway.full_clean()
    pathway.tuition_fee_year = "2025-2026"
    pathway.full_clean()


def test_route_pages_repeat_no_paragraph(client, catalogue):
    for slug in Pathway.objects.published().values_list("slug", flat=True):
        html = get_html(client, reverse("programmes:pathway-detail", args=[slug]))
        main = select(lxml.html.fromstring(html), "main")[0]
        paragraphs = [" ".join(p.text_content().split()) for p in main.iter("p")]
        paragraphs = [p for p in paragraphs if len(p) > 40]
        assert len(paragraphs) == len(set(paragraphs)), slug


def test_the_demo_fills_the_new_fields(catalogue):
    for pathway in Pathway.objects.published():
        assert pathway.financing_nl and pathway.financing_en, pathway.slug
        assert pathway.contact_email and pathway.open_days_nl, pathway.slug
        assert pathway.admission_nl != pathway.programme.description_nl, pathway.slug
    assert Pathway.objects.get(slug="master-leraar-vho-voltijd").tuition_fee == Decimal("2601.00")
    assert Pathway.objects.get(slug="educatieve-specialisatie-beta").enrol_first_en


# The home page ----------------------------------------------------------------------------------


def test_home_route_cards_and_subject_pills_are_links(client, catalogue):
    html = get_html(client, reverse("core:home"))
    doc = lxml.html.fromstring(html)
    cards = select(doc, ".route h3 a")
    assert len(cards) == len(select(doc, ".route")) == 8
    published = set(Pathway.objects.published().values_list("slug", flat=True))
    for a in cards:
        assert re.fullmatch(r"/routes/([\w-]+)/", a.get("href")).group(1) in published
    pills = select(doc, ".subject-groups .tag-list li")
    assert len(pills) == 19
    subjects = set(SchoolSubject.objects.values_list("slug", flat=True))
    for li in pills:
        (a,) = select(li, "a")
        assert re.fullmatch(r"/routes/subjects/([\w-]+)/", a.get("href")).group(1) in subjects
