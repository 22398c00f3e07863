"""The route finder's rules as a table of personas, run against the function, the page
(/routes/finder/) and the API (/api/v1/route-finder/), which must all give the same answer."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from programmes.catalogue.route_finder import ConditionCode, FinderInput, find_routes
from programmes.models import DegreeField, Pathway, SchoolSubject
from tests.api.conftest import api_client

pytestmark = pytest.mark.django_db

FINDER_PAGE = reverse("programmes:finder")
FINDER_API = reverse("api:route-finder")


def ask(prior, sector="vo", field=None, subject=None, employed=False, mode="any", dutch=True):
    return find_routes(
        FinderInput(
            prior_education=prior,
            sector=sector,
            degree_field=DegreeField.objects.get(slug=field) if field else None,
            subject=SchoolSubject.objects.get(slug=subject) if subject else None,
            employed_as_teacher=employed,
            study_mode=mode,
            dutch_secondary_diploma=dutch,
        )
    )


def fitting(result):
    return [answer.pathway.slug for answer in result.fits]


def answer_for(result, slug):
    for answer in result.fits + result.does_not_fit:
        if answer.pathway.slug == slug:
            return answer
    raise AssertionError(f"{slug} not in the answer")


def codes(answer):
    return [condition.code for condition in answer.conditions]


# (persona, question, routes that must fit, routes that must not fit)
PERSONAS = [
    (
        "biology master",
        {"prior": "wo_master", "field": "biologie", "subject": "biologie"},
        ["master-leraar-vho-voltijd", "master-leraar-vho-deeltijd", "educatieve-module-voltijd"],
        ["educatieve-minor", "zij-instroom-vo"],
    ),
    (
        "biology bachelor student",
        {"prior": "in_bachelor", "field": "biologie", "subject": "biologie"},
        ["educatieve-minor"],
        ["master-leraar-vho-voltijd", "educatieve-module-voltijd"],
    ),
    (
        "biology bachelor graduate",
        {"prior": "wo_bachelor", "field": "biologie", "subject": "biologie"},
        [
            "educatieve-module-voltijd",
            "educatieve-module-deeltijd",
            "educatieve-specialisatie-beta",
            "master-leraar-vho-voltijd",
        ],
        ["educatieve-minor"],
    ),
    (
        "physics PhD",
        {"prior": "phd", "field": "natuurkunde", "subject": "natuurkunde"},
        ["master-leraar-vho-voltijd", "educatieve-module-voltijd"],
        ["educatieve-specialisatie-beta"],
    ),
    (
        "dutch master",
        {"prior": "wo_master", "field": "nederlandse-taal-en-cultuur", "subject": "nederlands"},
        ["master-leraar-vho-voltijd", "world-teachers-programme"],
        ["tweejarige-educatieve-master"],
    ),
    (
        "dutch bachelor",
        {"prior": "wo_bachelor", "field": "nederlandse-taal-en-cultuur", "subject": "nederlands"},
        ["tweejarige-educatieve-master", "educatieve-module-voltijd"],
        ["educatieve-specialisatie-beta"],
    ),
    (
        "history bachelor wants two-year master",
        {"prior": "wo_bachelor", "field": "geschiedenis", "subject": "geschiedenis"},
        ["educatieve-module-voltijd"],
        ["tweejarige-educatieve-master"],
    ),
    (
        "law master wants biology",
        {"prior": "wo_master", "field": "rechtsgeleerdheid", "subject": "biologie"},
        [],
        ["master-leraar-vho-voltijd", "educatieve-module-voltijd"],
    ),
    (
        "law master wants social studies",
        {"prior": "wo_master", "field": "rechtsgeleerdheid", "subject": "maatschappijleer"},
        ["master-leraar-vho-voltijd"],
        [],
    ),
    (
        "pharmacy master wants biology",
        {"prior": "wo_master", "field": "farmacie", "subject": "biologie"},
        ["master-leraar-vho-voltijd"],
        [],
    ),
    (
        "no degree",
        {"prior": "none", "subject": "wiskunde"},
        [],
        ["master-leraar-vho-voltijd", "educatieve-minor", "educatieve-module-voltijd", "empo"],
    ),
    (
        "hbo bachelor mathematics",
        {"prior": "hbo_bachelor", "field": "wiskunde", "subject": "wiskunde"},
        ["master-leraar-vho-voltijd"],
        ["educatieve-module-voltijd", "educatieve-minor"],
    ),
    (
        "employed lateral entrant with master",
        {"prior": "wo_master", "field": "scheikunde", "subject": "scheikunde", "employed": True},
        ["zij-instroom-vo", "master-leraar-vho-voltijd"],
        [],
    ),
    (
        "lateral entrant not employed",
        {"prior": "wo_master", "field": "scheikunde", "subject": "scheikunde"},
        ["master-leraar-vho-voltijd"],
        ["zij-instroom-vo"],
    ),
    (
        "primary, university bachelor",
        {"prior": "wo_bachelor", "sector": "po"},
        ["empo"],
        ["academische-zij-instroom-po", "master-leraar-vho-voltijd"],
    ),
    (
        "primary, master employed",
        {"prior": "wo_master", "sector": "po", "employed": True},
        ["empo", "academische-zij-instroom-po"],
        ["educatieve-module-voltijd"],
    ),
    ("primary, master not employed", {"prior": "wo_master", "sector": "po"}, ["empo"], ["academische-zij-instroom-po"]),
    ("primary, hbo bachelor", {"prior": "hbo_bachelor", "sector": "po"}, ["empo"], ["academische-zij-instroom-po"]),
    ("primary, no degree", {"prior": "none", "sector": "po"}, [], ["empo", "academische-zij-instroom-po"]),
    (
        "full-time only",
        {"prior": "wo_master", "field": "wiskunde", "subject": "wiskunde", "mode": "full_time"},
        ["master-leraar-vho-voltijd", "educatieve-module-voltijd"],
        ["master-leraar-vho-deeltijd", "educatieve-module-deeltijd"],
    ),
    (
        "part-time only",
        {"prior": "wo_master", "field": "wiskunde", "subject": "wiskunde", "mode": "part_time"},
        ["master-leraar-vho-deeltijd", "educatieve-module-deeltijd"],
        ["master-leraar-vho-voltijd", "world-teachers-programme"],
    ),
    (
        "part-time employed counts work-study",
        {"prior": "wo_master", "field": "wiskunde", "subject": "wiskunde", "mode": "part_time", "employed": True},
        ["zij-instroom-vo", "master-leraar-vho-deeltijd"],
        ["master-leraar-vho-voltijd"],
    ),
    (
        "informatics via mathematics",
        {"prior": "wo_master", "field": "wiskunde", "subject": "informatica"},
        ["master-leraar-vho-voltijd"],
        [],
    ),
    (
        "chinese studies master",
        {"prior": "wo_master", "field": "chinastudies", "subject": "chinese-taal-en-cultuur"},
        ["master-leraar-vho-voltijd"],
        ["tweejarige-educatieve-master"],
    ),
    (
        "theology bachelor wants religion",
        {"prior": "wo_bachelor", "field": "theologie", "subject": "godsdienst"},
        ["tweejarige-educatieve-master", "educatieve-module-voltijd"],
        [],
    ),
    (
        "economics master",
        {"prior": "wo_master", "field": "economie", "subject": "economie"},
        ["master-leraar-vho-voltijd"],
        ["educatieve-specialisatie-beta"],
    ),
    (
        "classics master",
        {"prior": "wo_master", "field": "griekse-en-latijnse-taal-en-cultuur", "subject": "klassieke-talen"},
        ["master-leraar-vho-voltijd"],
        [],
    ),
    (
        "art history master",
        {"prior": "wo_master", "field": "kunstgeschiedenis", "subject": "kunst"},
        ["master-leraar-vho-voltijd"],
        ["tweejarige-educatieve-master"],
    ),
    (
        "psychology master wants physics",
        {"prior": "wo_master", "field": "psychologie", "subject": "natuurkunde"},
        [],
        ["master-leraar-vho-voltijd"],
    ),
    (
        "science master student",
        {"prior": "wo_bachelor", "field": "scheikunde", "subject": "scheikunde"},
        ["educatieve-specialisatie-beta"],
        [],
    ),
    (
        "english master without subject field",
        {"prior": "wo_master", "subject": "engels"},
        ["master-leraar-vho-voltijd"],
        [],
    ),
    (
        "german master without a Dutch diploma",
        {"prior": "wo_master", "field": "duitse-taal-en-cultuur", "subject": "duits", "dutch": False},
        ["master-leraar-vho-voltijd", "educatieve-module-voltijd"],
        ["educatieve-minor"],
    ),
    (
        "english master for the World Teachers Programme",
        {"prior": "wo_master", "field": "engelse-taal-en-cultuur", "subject": "engels", "mode": "full_time"},
        ["world-teachers-programme", "master-leraar-vho-voltijd"],
        ["master-leraar-vho-deeltijd", "zij-instroom-vo"],
    ),
]


def query_params(prior, sector="vo", field=None, subject=None, employed=False, mode="any", dutch=True) -> dict:
    """The persona's question as the page's form and the API take it (GET parameters)."""
    params = {
        "prior_education": prior,
        "sector": sector,
        "employed_as_teacher": "yes" if employed else "no",
        "study_mode": mode,
        "dutch_secondary_diploma": "yes" if dutch else "no",
    }
    if field:
        params["degree_field"] = field
    if subject:
        params["subject"] = subject
    return params


@pytest.mark.parametrize(("persona", "question", "must_fit", "must_not_fit"), PERSONAS, ids=[p[0] for p in PERSONAS])
def test_route_finder_personas(catalogue, persona, question, must_fit, must_not_fit):
    result = ask(**question)
    fits = fitting(result)
    refused = [answer.pathway.slug for answer in result.does_not_fit]
    for slug in must_fit:
        assert slug in fits, f"{persona}: {slug} should fit; refusals: {answer_for(result, slug).refusals}"
    for slug in must_not_fit:
        assert slug in refused, f"{persona}: {slug} should not fit"
    assert len(fits) + len(refused) == 11  # every published pathway is answered
    for answer in result.does_not_fit:
        assert answer.refusals  # a refusal always says why
    for answer in result.fits:
        assert answer.reasons


def _page_answers(html: str):
    """What the finder page shows: [(slug, [reasons], block html, can start now)] of the routes that
    fit, in order, and {slug: [refusals]} of those that do not (the page says each refusal once,
    with the routes it refuses)."""
    fits = []
    for block in re.split(r'<li class="card finder-answer" data-can-start-now="', html)[1:]:
        can_start_now = block.startswith("true")
        block = block[: block.index('<div class="cluster finder-answer__actions">')]
        slug = re.search(r'<a href="/routes/([\w-]+)/"', block).group(1)
        reasons = re.search(r'<ul class="finder-reasons">(.*?)</ul>', block, re.S)
        fits.append((slug, re.findall(r"<li>(.*?)</li>", reasons.group(1)) if reasons else [], block, can_start_now))
    refused: dict[str, list[str]] = {}
    for refusal, routes in re.findall(
        r'<p class="finder-refusal">(.*?)</p>\s*<ul class="finder-refused-routes">(.*?)</ul>', html, re.S
    ):
        for slug in re.findall(r'<a href="/routes/([\w-]+)/">', routes):
            refused.setdefault(slug, []).append(refusal)
    return fits, refused


@pytest.fixture(scope="module")
def page_client():
    """One client for the whole table (a new client loads the middleware again)."""
    return Client(headers={"accept-language": "en"})


@pytest.mark.parametrize(("persona", "question", "must_fit", "must_not_fit"), PERSONAS, ids=[p[0] for p in PERSONAS])
def test_route_finder_page_and_api_answer_as_the_function(
    catalogue, page_client, persona, question, must_fit, must_not_fit
):
    with translation.override("en"):
        expected = ask(**question)
    params = query_params(**question)
    expected_fits = fitting(expected)
    assert set(must_fit) <= set(expected_fits)

    # The page: the same routes in the same order, with their reasons and conditions, and every
    # route that does not fit with its refusals.
    response = page_client.get(FINDER_PAGE, params)
    assert response.status_code == 200
    html = response.content.decode()
    fits, refused = _page_answers(html)
    assert [slug for slug, _reasons, _block, _now in fits] == expected_fits, persona
    for (_slug, reasons, block, can_start_now), answer in zip(fits, expected.fits, strict=True):
        assert reasons == [escape(reason) for reason in answer.reasons]
        assert can_start_now == answer.can_start_now
        for condition in answer.conditions:
            assert escape(condition.text) in block
            for course in condition.deficiency_courses:
                assert escape(course.name) in block
    assert {slug: sorted(texts) for slug, texts in refused.items()} == {
        answer.pathway.slug: sorted(escape(refusal) for refusal in answer.refusals) for answer in expected.does_not_fit
    }
    # Each refusal is said once, however many routes it refuses.
    said = re.findall(r'<p class="finder-refusal">(.*?)</p>', html)
    assert len(said) == len(set(said))
    for slug in must_not_fit:
        assert slug in refused

    # The API: the same answer, field by field.
    body = api_client(language="en").get(FINDER_API, params).json()
    assert [row["slug"] for row in body["fits"]] == expected_fits
    for rows, answers in ((body["fits"], expected.fits), (body["does_not_fit"], expected.does_not_fit)):
        assert [
            (
                row["slug"],
                row["reasons"],
                row["refusals"],
                [(c["code"], c["text"], c["deficiency_courses"]) for c in row["conditions"]],
                row["can_start_now"],
                [(s["kind"], s["text"], s["months"], s["ec"], s["url"], s["deficiency_courses"]) for s in row["steps"]],
            )
            for row in rows
        ] == [
            (
                answer.pathway.slug,
                answer.reasons,
                answer.refusals,
                [(c.code, c.text, [course.slug for course in c.deficiency_courses]) for c in answer.conditions],
                answer.can_start_now,
                [
                    (s.kind, s.text, s.months, s.ec, s.url, [course.slug for course in s.deficiency_courses])
                    for s in answer.steps
                ],
            )
            for answer in answers
        ]
    assert [s["kind"] for s in body["suggestions"]] == [s.kind for s in expected.suggestions]


def test_the_personas_reach_every_route_refusal_and_condition(catalogue):
    """The table is complete: every published route fits someone, and every refusal reason and
    every condition the finder knows occurs."""
    with translation.override("en"):
        results = [ask(**question) for _persona, question, _fit, _not_fit in PERSONAS]
    assert len(PERSONAS) >= 30
    reached = {slug for result in results for slug in fitting(result)}
    assert reached == set(Pathway.objects.published().values_list("slug", flat=True))
    conditions = {code for result in results for answer in result.fits for code in codes(answer)}
    assert conditions == {
        ConditionCode.MASTER_FIRST,
        ConditionCode.MASTER_ENROLMENT,
        ConditionCode.PREMASTER,
        ConditionCode.DEFICIENCY_COURSES,
        ConditionCode.RELATEDNESS_CHECK,
        ConditionCode.DUTCH_PROFICIENCY,
        ConditionCode.APTITUDE_ASSESSMENT,
        ConditionCode.ENGLISH,
    }
    refusals = [refusal for result in results for answer in result.does_not_fit for refusal in answer.refusals]
    for reason in (
        r"^This route leads to a qualification for ",  # sector
        r"^It is not offered for ",  # subject
        r"^It is only for people who already work as a teacher",  # employment
        r"^It asks for one of: ",  # prior education
        r" is not related to ",  # the relatedness table
        r"^It is taught .* only\.$",  # study mode
    ):
        assert any(re.search(reason, refusal) for refusal in refusals), reason


def test_bachelor_gets_master_first_for_the_teaching_master(catalogue):
    answer = answer_for(ask("wo_bachelor", field="biologie", subject="biologie"), "master-leraar-vho-voltijd")
    assert ConditionCode.MASTER_FIRST in codes(answer)


def test_hbo_bachelor_gets_premaster(catalogue):
    answer = answer_for(ask("hbo_bachelor", field="wiskunde", subject="wiskunde"), "master-leraar-vho-voltijd")
    assert codes(answer) == [ConditionCode.PREMASTER]


def test_related_after_deficiency_courses_names_the_courses(catalogue):
    answer = answer_for(ask("wo_master", field="farmacie", subject="biologie"), "master-leraar-vho-voltijd")
    (condition,) = answer.conditions
    assert condition.code == ConditionCode.DEFICIENCY_COURSES
    assert {c.slug for c in condition.deficiency_courses} == {
        "beta4all-celbiologie-en-genetica",
        "beta4all-ecologie-en-evolutie",
    }


def test_without_a_dutch_diploma_dutch_proficiency_is_a_condition_everywhere(catalogue):
    result = ask("wo_master", field="biologie", subject="biologie", dutch=False)
    assert result.fits
    assert all(ConditionCode.DUTCH_PROFICIENCY in codes(answer) for answer in result.fits)


def test_lateral_entry_starts_with_an_aptitude_assessment(catalogue):
    answer = answer_for(ask("wo_master", field="biologie", subject="biologie", employed=True), "zij-instroom-vo")
    assert ConditionCode.APTITUDE_ASSESSMENT in codes(answer)


def test_world_teachers_programme_asks_for_english(catalogue):
    answer = answer_for(ask("wo_master", field="engelse-taal-en-cultuur", subject="engels"), "world-teachers-programme")
    assert ConditionCode.ENGLISH in codes(answer)


def test_unknown_relatedness_is_checked_by_the_admission_committee(catalogue):
    answer = answer_for(ask("wo_master", subject="engels"), "master-leraar-vho-voltijd")
    assert codes(answer) == [ConditionCode.RELATEDNESS_CHECK]


def test_ranking_puts_routes_without_steps_first_and_first_degree_before_second(catalogue):
    fits = fitting(ask("wo_master", field="biologie", subject="biologie"))
    assert fits.index("master-leraar-vho-voltijd") < fits.index("educatieve-module-voltijd")
    fits = fitting(ask("wo_bachelor", field="biologie", subject="biologie"))
    # For a bachelor the module needs nothing first; the teaching master needs a master.
    assert fits.index("educatieve-module-voltijd") < fits.index("master-leraar-vho-voltijd")


def test_unpublished_pathways_are_not_answered(catalogue):
    from programmes.models import Pathway

    Pathway.objects.filter(slug="empo").update(is_published=False)
    result = ask("wo_bachelor", sector="po")
    assert "empo" not in fitting(result) + [a.pathway.slug for a in result.does_not_fit]


def test_reasons_are_translated(catalogue):
    with translation.override("nl"):
        dutch = answer_for(ask("wo_master", field="rechtsgeleerdheid", subject="biologie"), "master-leraar-vho-voltijd")
    with translation.override("en"):
        english = answer_for(
            ask("wo_master", field="rechtsgeleerdheid", subject="biologie"), "master-leraar-vho-voltijd"
        )
    assert english.refusals == ["A degree in Law is not related to Biology."]
    assert dutch.refusals != english.refusals
    assert "Rechtsgeleerdheid" in dutch.refusals[0]


def test_the_finder_runs_a_fixed_number_of_queries(catalogue, django_assert_max_num_queries):
    question = FinderInput(
        prior_education="wo_master",
        sector="vo",
        degree_field=DegreeField.objects.get(slug="farmacie"),
        subject=SchoolSubject.objects.get(slug="biologie"),
    )
    # Relatedness (+ its courses), pathways, their subjects and their rules: whatever their number.
    with django_assert_max_num_queries(5):
        find_routes(question)
