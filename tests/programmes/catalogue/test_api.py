"""The programmes API: the public catalogue (subjects, qualifications, programmes, pathways,
degree fields, deficiency courses) and the route finder, which must answer as find_routes does."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from programmes.catalogue import hooks
from programmes.catalogue.api.serializers import today_in_amsterdam
from programmes.catalogue.forms import RouteFinderForm
from programmes.catalogue.route_finder import FinderInput, find_routes
from programmes.models import (
    DeficiencyCourse,
    DegreeField,
    Pathway,
    PriorEducationRule,
    Programme,
    Qualification,
    SchoolSubject,
    StartMoment,
)
from tests.api import test_schemathesis as fuzz
from tests.api.conftest import api_client
from tests.api.test_schemathesis import wsgi_in_test_transaction  # noqa: F401  (a fixture)
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

ALL_PATHWAYS = [
    "educatieve-minor",
    "educatieve-module-voltijd",
    "educatieve-module-deeltijd",
    "master-leraar-vho-voltijd",
    "master-leraar-vho-deeltijd",
    "world-teachers-programme",
    "tweejarige-educatieve-master",
    "educatieve-specialisatie-beta",
    "zij-instroom-vo",
    "empo",
    "academische-zij-instroom-po",
]

# endpoint: (slugs that must be in the list, the slug to look up, keys of a list item)
# The models behind the read-only endpoints of ENDPOINTS.
CATALOGUE_MODELS = [SchoolSubject, Qualification, Programme, Pathway, DegreeField, DeficiencyCourse]
ENDPOINTS = {
    "subject": (
        ["biologie", "geschiedenis", "nederlands"],
        "biologie",
        {"slug", "name", "name_nl", "name_en", "domain", "is_shortage_subject", "description"},
    ),
    "qualification": (
        ["eerstegraads", "tweedegraads-beperkt", "primair-onderwijs"],
        "eerstegraads",
        {"slug", "kind", "sector", "name", "name_nl", "name_en", "description", "rank"},
    ),
    "programme": (
        ["master-leraar-vho", "educatieve-module", "empo"],
        "master-leraar-vho",
        {"slug", "name", "name_nl", "name_en", "description", "institution", "website", "pathways"},
    ),
    "pathway": (
        ALL_PATHWAYS,
        "master-leraar-vho-voltijd",
        {
            "slug",
            "name",
            "name_nl",
            "name_en",
            "summary",
            "programme",
            "qualification",
            "sector",
            "mode",
            "ec",
            "duration_months",
            "subjects",
            "requires_teaching_job",
            "start_moments",
        },
    ),
    "degree-field": (
        ["rechtsgeleerdheid", "pedagogische-wetenschappen", "biologie", "geschiedenis"],
        "rechtsgeleerdheid",
        {"slug", "name", "name_nl", "name_en"},
    ),
    "deficiency-course": (
        ["beta4all-ecologie-en-evolutie", "alfa4all-latijn"],
        "alfa4all-latijn",
        {"slug", "name", "name_nl", "name_en", "provider", "subject", "ec", "is_online", "is_free", "url"},
    ),
}


def list_slugs(url_name: str, params=None, *, language: str = "en") -> list[str]:
    response = api_client(language=language).get(reverse(f"api:{url_name}-list"), {"page_size": 100, **(params or {})})
    assert response.status_code == 200, response.json()
    return [row["slug"] for row in response.json()["results"]]


def published_slugs(**lookups) -> list[str]:
    return list(
        Pathway.objects.published().filter(**lookups).order_by("order", "name_nl").values_list("slug", flat=True)
    )


# --- Every endpoint, anonymously ------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_list_and_detail_answer_anonymously_with_their_shape(endpoint, catalogue):
    expected, lookup, keys = ENDPOINTS[endpoint]
    response = api_client().get(reverse(f"api:{endpoint}-list"), {"page_size": 100})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert set(body["results"][0]) == keys
    slugs = [row["slug"] for row in body["results"]]
    assert set(expected) <= set(slugs)

    detail = api_client().get(reverse(f"api:{endpoint}-detail", args=[lookup]))
    assert detail.status_code == 200
    assert detail.json()["slug"] == lookup
    assert api_client().get(reverse(f"api:{endpoint}-detail", args=["bestaat-niet"])).status_code == 404


def test_pathways_are_listed_in_catalogue_order(catalogue):
    assert list_slugs("pathway") == ALL_PATHWAYS


def test_names_follow_accept_language_and_both_languages_are_there(catalogue):
    nl = api_client(language="nl").get(reverse("api:subject-detail", args=["biologie"])).json()
    en = api_client(language="en").get(reverse("api:subject-detail", args=["biologie"])).json()
    assert nl["name"] == "Biologie"
    assert en["name"] == "Biology"
    assert nl["name_nl"] == en["name_nl"] == "Biologie"
    assert nl["name_en"] == en["name_en"] == "Biology"

    pathway = api_client(language="nl").get(reverse("api:pathway-detail", args=["educatieve-module-voltijd"])).json()
    assert pathway["name"] == "Educatieve module (voltijd)"
    assert pathway["programme"]["name"] == "Educatieve module"
    assert pathway["modules"][0]["name"] == "Leren en instructie"


def test_pathway_detail_has_everything(catalogue):
    body = api_client().get(reverse("api:pathway-detail", args=["world-teachers-programme"])).json()
    assert set(body) == set(ENDPOINTS["pathway"][2]) | {
        "target_group",
        "admission",
        "costs",
        "tuition_fee",
        "financing",
        "contact",
        "open_days",
        "requires_aptitude_assessment",
        "plus_programme_of",
        "modules",
        "prior_education_rules",
    }
    assert body["programme"] == {"slug": "master-leraar-vho", "name": "Master's in Teaching (Master Leraar VHO)"}
    assert body["qualification"] == {
        "slug": "eerstegraads",
        "kind": "first_degree",
        "name": "First-degree teaching qualification",
    }
    assert body["plus_programme_of"] == "master-leraar-vho-voltijd"
    assert (body["sector"], body["mode"], body["ec"], body["duration_months"]) == ("vo", "full_time", 60, 12)
    assert "biologie" in body["subjects"]
    assert body["requires_teaching_job"] is False
    assert body["modules"][0] == {
        "name": "Learning and instruction",
        "kind": "basic",
        "ec": 5,
        "order": 1,
        "principles": ["adaptief", "formatief", "zelfregulerend"],
    }
    assert {"prior_education": "wo_master", "outcome": "fits"} in body["prior_education_rules"]
    assert {"prior_education": "wo_bachelor", "outcome": "master_first"} in body["prior_education_rules"]
    assert body["costs"].startswith("Statutory tuition fee")
    starts = body["start_moments"]
    assert starts and all(start["starts_on"][5:7] == "08" for start in starts)
    assert [start["starts_on"] for start in starts] == sorted(start["starts_on"] for start in starts)

    zij = api_client().get(reverse("api:pathway-detail", args=["zij-instroom-vo"])).json()
    assert zij["requires_teaching_job"] is True
    assert zij["requires_aptitude_assessment"] is True
    assert zij["plus_programme_of"] is None


def test_a_start_moment_is_open_until_the_end_of_its_deadline_day(catalogue):
    pathway = Pathway.objects.get(slug="empo")
    pathway.start_moments.all().delete()
    today = today_in_amsterdam()
    StartMoment.objects.create(
        pathway=pathway, starts_on=today + datetime.timedelta(days=30), application_deadline=today
    )
    StartMoment.objects.create(
        pathway=pathway,
        starts_on=today + datetime.timedelta(days=60),
        application_deadline=today - datetime.timedelta(days=1),
    )
    StartMoment.objects.create(  # started already: no longer shown
        pathway=pathway,
        starts_on=today - datetime.timedelta(days=1),
        application_deadline=today - datetime.timedelta(days=90),
    )
    starts = api_client().get(reverse("api:pathway-detail", args=["empo"])).json()["start_moments"]
    assert [(start["application_deadline"], start["is_open"]) for start in starts] == [
        (today.isoformat(), True),
        ((today - datetime.timedelta(days=1)).isoformat(), False),
    ]


def test_subjects_and_courses_link_by_slug(catalogue):
    course = api_client().get(reverse("api:deficiency-course-detail", args=["alfa4all-latijn"])).json()
    assert course["subject"] == "klassieke-talen"
    programme = api_client().get(reverse("api:programme-detail", args=["master-leraar-vho"])).json()
    assert programme["pathways"] == [
        "master-leraar-vho-voltijd",
        "master-leraar-vho-deeltijd",
        "world-teachers-programme",
    ]
    assert programme["institution"] is None


# --- Filters --------------------------------------------------------------------------------------


def next_date(month: int) -> datetime.date:
    today = today_in_amsterdam()
    candidate = datetime.date(today.year, month, 1)
    return candidate if candidate >= today else datetime.date(today.year + 1, month, 1)


def test_subject_filter(catalogue):
    assert list_slugs("pathway", {"subject": "nederlands"}) == published_slugs(subjects__slug="nederlands")
    assert "tweejarige-educatieve-master" in list_slugs("pathway", {"subject": "nederlands"})
    assert "tweejarige-educatieve-master" not in list_slugs("pathway", {"subject": "biologie"})
    assert "educatieve-specialisatie-beta" in list_slugs("pathway", {"subject": "biologie"})
    assert list_slugs("pathway", {"subject": "bestaat-niet"}) == []


def test_qualification_filter_takes_a_slug_or_a_kind(catalogue):
    first_degree = published_slugs(qualification__kind="first_degree")
    assert list_slugs("pathway", {"qualification": "eerstegraads"}) == first_degree
    assert list_slugs("pathway", {"qualification": "first_degree"}) == first_degree
    assert list_slugs("pathway", {"qualification": "primary"}) == ["empo", "academische-zij-instroom-po"]
    assert list_slugs("pathway", {"qualification": "tweedegraads-beperkt"}) == [
        "educatieve-minor",
        "educatieve-module-voltijd",
        "educatieve-module-deeltijd",
    ]


def test_sector_mode_and_for_teachers_filters(catalogue):
    assert list_slugs("pathway", {"sector": "po"}) == ["empo", "academische-zij-instroom-po"]
    assert list_slugs("pathway", {"sector": "vo"}) == published_slugs(sector="vo")
    assert list_slugs("pathway", {"mode": "part_time"}) == ["educatieve-module-deeltijd", "master-leraar-vho-deeltijd"]
    assert list_slugs("pathway", {"mode": "work_study"}) == ["zij-instroom-vo", "empo", "academische-zij-instroom-po"]
    assert list_slugs("pathway", {"for_teachers": "true"}) == ["zij-instroom-vo", "academische-zij-instroom-po"]
    assert list_slugs("pathway", {"for_teachers": "false"}) == published_slugs(requires_teaching_job=False)
    assert list_slugs("pathway", {"sector": "vo", "for_teachers": "true"}) == ["zij-instroom-vo"]


def test_start_filters(catalogue):
    february = [
        "educatieve-module-voltijd",
        "master-leraar-vho-voltijd",
        "educatieve-specialisatie-beta",
        "zij-instroom-vo",
        "academische-zij-instroom-po",
    ]
    assert list_slugs("pathway", {"start_month": 2}) == february
    assert list_slugs("pathway", {"start_month": 8}) == ["world-teachers-programme"]
    assert list_slugs("pathway", {"start_month": 5}) == []
    august = next_date(8)
    # One start moment must lie in the window: the next August start only.
    window = {"starts_after": august.isoformat(), "starts_before": (august + datetime.timedelta(days=1)).isoformat()}
    assert list_slugs("pathway", window) == ["world-teachers-programme"]
    assert list_slugs("pathway", {"starts_after": "2999-01-01"}) == []
    assert list_slugs("pathway", {"starts_before": "2000-01-01"}) == []
    assert list_slugs("pathway", {"starts_after": "2000-01-01"}) == ALL_PATHWAYS


def test_search_and_ordering(catalogue):
    assert list_slugs("pathway", {"search": "EMPO"}) == ["empo"]
    assert set(list_slugs("pathway", {"search": "Master Leraar"})) >= {
        "master-leraar-vho-voltijd",
        "master-leraar-vho-deeltijd",
    }
    by_ec = api_client().get(reverse("api:pathway-list"), {"ordering": "-ec", "page_size": 100}).json()["results"]
    assert [row["ec"] for row in by_ec] == sorted((row["ec"] for row in by_ec), reverse=True)
    assert list_slugs("subject", {"search": "biolog"}) == ["biologie"]
    assert list_slugs("degree-field", {"search": "Rechtsgeleerd"}) == ["rechtsgeleerdheid"]
    assert list_slugs("qualification", {"sector": "po"}) == ["primair-onderwijs"]
    assert list_slugs("qualification", {"kind": "first_degree"}) == ["eerstegraads"]
    assert set(list_slugs("deficiency-course", {"subject": "biologie"})) == {
        "beta4all-celbiologie-en-genetica",
        "beta4all-ecologie-en-evolutie",
    }
    assert "alfa4all-latijn" not in list_slugs("deficiency-course", {"provider": "beta4all"})


@pytest.mark.parametrize(
    "params",
    [{"sector": "mbo"}, {"mode": "avond"}, {"start_month": "13"}, {"starts_after": "gisteren"}],
)
def test_invalid_filter_values_are_refused_with_400(params, catalogue):
    response = api_client().get(reverse("api:pathway-list"), params)
    assert response.status_code == 400
    assert set(response.json()["errors"]) == set(params)


# --- Unpublished pathways -------------------------------------------------------------------------


def test_unpublished_pathways_are_invisible(catalogue):
    Pathway.objects.filter(slug__in=["empo", "master-leraar-vho-deeltijd"]).update(is_published=False)
    slugs = list_slugs("pathway")
    assert "empo" not in slugs and "master-leraar-vho-deeltijd" not in slugs
    assert len(slugs) == len(ALL_PATHWAYS) - 2
    assert api_client().get(reverse("api:pathway-detail", args=["empo"])).status_code == 404
    assert api_client().get(reverse("api:pathway-detail", args=["master-leraar-vho-deeltijd"])).status_code == 404
    programme = api_client().get(reverse("api:programme-detail", args=["master-leraar-vho"])).json()
    assert programme["pathways"] == ["master-leraar-vho-voltijd", "world-teachers-programme"]
    # A programme without a published pathway is not in the catalogue either.
    assert "empo" not in list_slugs("programme")
    assert api_client().get(reverse("api:programme-detail", args=["empo"])).status_code == 404
    answer = api_client().get(reverse("api:route-finder"), {"prior_education": "wo_master", "sector": "po"}).json()
    assert "empo" not in [row["slug"] for row in answer["fits"] + answer["does_not_fit"]]


# --- The route finder -----------------------------------------------------------------------------

# (persona, query parameters); the booleans in the spellings the form accepts.
PERSONAS = [
    (
        "biology master",
        {"prior_education": "wo_master", "sector": "vo", "subject": "biologie", "degree_field": "biologie"},
    ),
    (
        "biology bachelor student",
        {"prior_education": "in_bachelor", "sector": "vo", "subject": "biologie", "degree_field": "biologie"},
    ),
    (
        "chemist who wants to teach biology",
        {"prior_education": "wo_master", "sector": "vo", "subject": "biologie", "degree_field": "scheikunde"},
    ),
    (
        "law bachelor for social studies, part-time",
        {
            "prior_education": "wo_bachelor",
            "sector": "vo",
            "subject": "maatschappijleer",
            "degree_field": "rechtsgeleerdheid",
            "study_mode": "part_time",
        },
    ),
    (
        "hbo graduate in mathematics, field unknown",
        {"prior_education": "hbo_bachelor", "sector": "vo", "subject": "wiskunde"},
    ),
    (
        "physics PhD already teaching",
        {
            "prior_education": "phd",
            "sector": "vo",
            "subject": "natuurkunde",
            "degree_field": "natuurkunde",
            "employed_as_teacher": "yes",
        },
    ),
    (
        "education scientist teaching in primary school",
        {
            "prior_education": "wo_master",
            "sector": "po",
            "degree_field": "pedagogische-wetenschappen",
            "employed_as_teacher": "true",
        },
    ),
    ("no higher education", {"prior_education": "none", "sector": "vo", "subject": "nederlands"}),
    (
        "dutch master without a Dutch diploma, full-time",
        {
            "prior_education": "wo_master",
            "sector": "vo",
            "subject": "nederlands",
            "degree_field": "nederlandse-taal-en-cultuur",
            "dutch_secondary_diploma": "no",
            "study_mode": "full_time",
        },
    ),
    (
        "historian in primary education, subject ignored",
        {"prior_education": "wo_bachelor", "sector": "po", "subject": "geschiedenis", "employed_as_teacher": "0"},
    ),
]


def finder_input(params: dict) -> FinderInput:
    """The question as find_routes takes it, built without the form."""
    yes = {"yes", "true", "1"}
    sector = params["sector"]
    return FinderInput(
        prior_education=params["prior_education"],
        sector=sector,
        study_mode=params.get("study_mode", "any"),
        degree_field=DegreeField.objects.get(slug=params["degree_field"]) if "degree_field" in params else None,
        subject=SchoolSubject.objects.get(slug=params["subject"]) if "subject" in params and sector == "vo" else None,
        employed_as_teacher=params.get("employed_as_teacher", "no") in yes,
        dutch_secondary_diploma=params.get("dutch_secondary_diploma", "yes") in yes,
    )


def summary(answers) -> list[tuple]:
    return [
        (
            answer.pathway.slug,
            [condition.code for condition in answer.conditions],
            [[course.slug for course in condition.deficiency_courses] for condition in answer.conditions],
            list(answer.reasons),
            list(answer.refusals),
            answer.can_start_now,
            [step.kind for step in answer.steps],
        )
        for answer in answers
    ]


def api_summary(rows) -> list[tuple]:
    return [
        (
            row["slug"],
            [condition["code"] for condition in row["conditions"]],
            [condition["deficiency_courses"] for condition in row["conditions"]],
            row["reasons"],
            row["refusals"],
            row["can_start_now"],
            [step["kind"] for step in row["steps"]],
        )
        for row in rows
    ]


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize(("persona", "params"), PERSONAS, ids=[name for name, _params in PERSONAS])
def test_route_finder_answers_as_find_routes(persona, params, language, catalogue):
    response = api_client(language=language).get(reverse("api:route-finder"), params)
    assert response.status_code == 200, response.json()
    body = response.json()
    # The catalogue's own keys, and those the slices built on it add (programmes/catalogue/hooks.py).
    assert set(body) == {"fits", "does_not_fit", "suggestions", "student_desk", *hooks.finder_api_fields()}

    with translation.override(language):
        expected = find_routes(finder_input(params))
    assert api_summary(body["fits"]) == summary(expected.fits)
    assert api_summary(body["does_not_fit"]) == summary(expected.does_not_fit)
    assert len(body["fits"]) + len(body["does_not_fit"]) == len(ALL_PATHWAYS)
    for row, answer in zip(body["fits"], expected.fits, strict=True):
        with translation.override(language):
            assert row["name"] == answer.pathway.name
            assert [c["text"] for c in row["conditions"]] == [c.text for c in answer.conditions]
        assert row["qualification"]["slug"] == answer.pathway.qualification.slug
        assert row["programme"] == answer.pathway.programme.slug


def test_route_finder_item_shape_and_deficiency_courses(catalogue):
    params = dict(PERSONAS[2][1])  # a chemist who wants to teach biology: deficiency courses
    body = api_client().get(reverse("api:route-finder"), params).json()
    row = next(row for row in body["fits"] if row["slug"] == "master-leraar-vho-voltijd")
    assert set(row) == {
        "slug",
        "name",
        "programme",
        "qualification",
        "sector",
        "mode",
        "reasons",
        "conditions",
        "refusals",
        "can_start_now",
        "steps",
    }
    assert row["can_start_now"] is False
    (step,) = row["steps"]
    assert step["kind"] == "deficiency_courses" and step["ec"] == 10 and step["months"] == 6
    assert set(step["deficiency_courses"]) == {"beta4all-celbiologie-en-genetica", "beta4all-ecologie-en-evolutie"}
    assert set(row["qualification"]) == {"slug", "kind", "name"}
    assert row["conditions"][0]["code"] == "deficiency_courses"
    assert set(row["conditions"][0]["deficiency_courses"]) == {
        "beta4all-celbiologie-en-genetica",
        "beta4all-ecologie-en-evolutie",
    }
    assert row["refusals"] == []


INVALID = [
    ({"prior_education": "astronaut", "sector": "vo", "subject": "biologie"}, {"prior_education"}),
    ({"prior_education": "wo_master", "sector": "vo", "subject": "sterrenkunde"}, {"subject"}),
    ({"prior_education": "wo_master", "sector": "vo"}, {"subject"}),
    ({"prior_education": "wo_master", "sector": "vo", "subject": "biologie", "degree_field": "x"}, {"degree_field"}),
    ({"prior_education": "wo_master", "sector": "mbo"}, {"sector"}),
    (
        {"sector": "po", "study_mode": "avond", "employed_as_teacher": "misschien"},
        {"prior_education", "study_mode", "employed_as_teacher"},
    ),
]


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize(("params", "fields"), INVALID)
def test_route_finder_refuses_invalid_input_with_the_forms_errors(params, fields, language, catalogue):
    response = api_client(language=language).get(reverse("api:route-finder"), params)
    assert response.status_code == 400
    body = response.json()
    assert set(body["errors"]) == fields
    with translation.override(language):
        form = RouteFinderForm(params)
        assert not form.is_valid()
        assert body["errors"] == {field: list(errors) for field, errors in form.errors.items()}
        assert body["detail"] == translation.gettext("Invalid input.")


def test_route_finder_errors_are_really_in_dutch(catalogue):
    params = {"prior_education": "astronaut", "sector": "vo", "subject": "biologie"}
    nl = api_client(language="nl").get(reverse("api:route-finder"), params).json()
    en = api_client(language="en").get(reverse("api:route-finder"), params).json()
    assert en["errors"]["prior_education"] == ["Select a valid choice. astronaut is not one of the available choices."]
    assert nl["errors"]["prior_education"] != en["errors"]["prior_education"]
    assert "astronaut" in nl["errors"]["prior_education"][0]
    assert nl["detail"] != en["detail"]


# --- Query counts ---------------------------------------------------------------------------------


def copy_pathway(source: Pathway, count: int) -> None:
    """`count` published copies of `source`, with its subjects, rules, start moments and modules."""
    subjects = list(source.subjects.all())
    rules = list(source.prior_education_rules.all())
    starts = list(source.start_moments.all())
    modules = list(source.modules.all())
    for i in range(count):
        copy = Pathway.objects.get(pk=source.pk)
        copy.pk = None
        copy.slug = f"{source.slug}-{i}"
        copy.order = 100 + i
        copy._state.adding = True
        copy.save()
        copy.subjects.set(subjects)
        PriorEducationRule.objects.bulk_create(
            PriorEducationRule(pathway=copy, prior_education=rule.prior_education, outcome=rule.outcome)
            for rule in rules
        )
        StartMoment.objects.bulk_create(
            StartMoment(pathway=copy, starts_on=s.starts_on, application_deadline=s.application_deadline)
            for s in starts
        )
        for module in modules:
            module.pk = None
            module.pathway = copy
            module._state.adding = True
            module.save()


QUERY_COUNTED = {
    "pathways": ("api:pathway-list", {"page_size": 100}),
    "pathways, filtered": ("api:pathway-list", {"page_size": 100, "subject": "biologie", "start_month": 9}),
    "programmes": ("api:programme-list", {"page_size": 100}),
    "route finder": (
        "api:route-finder",
        {"prior_education": "wo_master", "sector": "vo", "subject": "biologie", "degree_field": "scheikunde"},
    ),
}


@pytest.mark.parametrize("endpoint", QUERY_COUNTED)
def test_queries_are_as_many_for_50_pathways_as_for_1(endpoint, catalogue, django_assert_max_num_queries):
    url_name, params = QUERY_COUNTED[endpoint]
    source = Pathway.objects.get(slug="master-leraar-vho-voltijd")
    Pathway.objects.exclude(pk=source.pk).update(is_published=False)
    client = api_client()
    url = reverse(url_name)

    with CaptureQueriesContext(connection) as one:
        small = client.get(url, params)
    assert small.status_code == 200

    copy_pathway(source, 55)
    with django_assert_max_num_queries(len(one)):
        large = client.get(url, params)
    assert large.status_code == 200
    body = large.json()
    if url_name == "api:route-finder":
        assert len(body["fits"]) == 56
    elif url_name == "api:pathway-list":
        assert body["count"] == 56
    else:
        assert len(body["results"][0]["pathways"]) == 56


# --- Read-only ------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_writes_are_refused(endpoint, method, catalogue, administrator):
    _expected, lookup, _keys = ENDPOINTS[endpoint]
    url = reverse(f"api:{endpoint}-list") if method == "post" else reverse(f"api:{endpoint}-detail", args=[lookup])
    for client in (api_client(), api_client(administrator)):
        with nothing_written(*CATALOGUE_MODELS):
            response = getattr(client, method)(url, {"slug": "nieuw"})
        assert response.status_code == 405
        assert set(response.json()) == {"detail"}


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_route_finder_is_read_only(method, catalogue):
    response = getattr(api_client(), method)(reverse("api:route-finder"), {"prior_education": "wo_master"})
    assert response.status_code == 405
    assert set(response.json()) == {"detail"}
    assert "results" not in response.json(), "a write method gets no answer of the finder"


# --- Schema fuzzing with the real catalogue -------------------------------------------------------

# tests/api/test_schemathesis.py fuzzes the whole schema on an empty catalogue; this fuzzes the
# programmes operations with ICLON's catalogue loaded and real slugs, so that the route finder
# and the filters run on data.
programmes_schema = fuzz.schema.include(
    path_regex=r"^/api/v1/(subjects|qualifications|programmes|pathways|degree-fields|deficiency-courses|route-finder)/"
)
REAL_SLUGS = {"slug": ["biologie", "eerstegraads", "master-leraar-vho", "empo", "rechtsgeleerdheid", "alfa4all-latijn"]}
REAL_QUERY = {
    "prior_education": "wo_master",
    "sector": "vo",
    "subject": "biologie",
    "degree_field": "scheikunde",
    "qualification": "eerstegraads",
}


@pytest.fixture
def fuzz_catalogue(request, catalogue):
    request.getfixturevalue("wsgi_in_test_transaction")
    Pathway.objects.filter(slug="educatieve-minor").update(is_published=False)


@programmes_schema.parametrize()
@fuzz.FUZZ
def test_programmes_api_fuzzed_on_the_catalogue(case, fuzz_catalogue):
    seed = hash(str(case.path_parameters) + str(case.query))
    if case.path_parameters and seed % 2 == 0:
        options = REAL_SLUGS["slug"]
        case.path_parameters["slug"] = options[seed % len(options)]
    if isinstance(case.query, dict) and seed % 3 == 0:
        for name, value in REAL_QUERY.items():
            if name in case.query:
                case.query[name] = value
    case.call_and_validate(checks=fuzz.CHECKS)
