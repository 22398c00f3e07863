"""The route finder's rules as a table of personas, run against the function."""

import pytest
from django.utils import translation

from programmes.models import DegreeField, SchoolSubject
from programmes.route_finder import ConditionCode, FinderInput, find_routes

pytestmark = pytest.mark.django_db


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
]


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
