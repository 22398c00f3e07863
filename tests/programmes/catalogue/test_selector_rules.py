"""The catalogue's selectors as rules: what each one finds, in which order, with which upcoming
starts (from the day asked for), and the exact number of queries a page runs reading everything
it shows. Rows are made so that their natural order (by name, by insertion) differs from the
order the selector promises."""

import datetime

import pytest
from django.core.management import call_command

from programmes.catalogue import selectors
from programmes.models import Pathway, PriorEducation
from research.models import TeachingLearningPrinciple
from tests.factories import (
    DeficiencyCourseFactory,
    ModuleFactory,
    PathwayFactory,
    QualificationFactory,
    SchoolSubjectFactory,
    StartMomentFactory,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _only_this_tests_rows(db):
    """Each test compares whole results with the rows it made. Other modules seed the demo
    catalogue once per run (tests/programmes/conftest.py), so empty the tables first, inside the
    test's transaction: the rollback at its end brings them back for the tests after it."""
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)


def names(rows):
    return [row.name_nl for row in rows]


def principle(slug, name, order=0):
    return TeachingLearningPrinciple.objects.create(
        slug=slug, name_nl=name, name_en=name, statement_nl="Leren gaat beter als …", statement_en="…", order=order
    )


# --- pathway_cards, subject_pathways, pathway_catalogue ---------------------------------------


def test_cards_are_the_published_pathways_by_order_then_name():
    PathwayFactory(name_nl="Aap", order=2)
    PathwayFactory(name_nl="Zebra", order=1)
    PathwayFactory(name_nl="Zeta", order=3)  # inserted before Alfa, with the same order
    PathwayFactory(name_nl="Alfa", order=3)
    PathwayFactory(name_nl="Verborgen", order=0, is_published=False)
    assert names(selectors.pathway_cards()) == ["Zebra", "Aap", "Alfa", "Zeta"]


def test_cards_fetch_qualification_programme_and_starts_in_two_queries(django_assert_num_queries):
    today = selectors.today()
    for name in ("Een", "Twee"):
        pathway = PathwayFactory(name_nl=name, start=False)
        StartMomentFactory(pathway=pathway, starts_on=today + 200 * DAY, application_deadline=today + 100 * DAY)
        StartMomentFactory(pathway=pathway, starts_on=today + 20 * DAY, application_deadline=today + 10 * DAY)
        StartMomentFactory(pathway=pathway, starts_on=today - DAY, application_deadline=today - 10 * DAY)
    with django_assert_num_queries(2):
        pathways = list(selectors.pathway_cards())
    with django_assert_num_queries(0):
        seen = [
            (pathway.qualification.name_nl, pathway.programme.name_nl, [s.starts_on for s in pathway.upcoming_starts])
            for pathway in pathways
        ]
    assert [starts for _qualification, _programme, starts in seen] == [[today + 20 * DAY, today + 200 * DAY]] * 2
    assert {qualification for qualification, _programme, _starts in seen} == {"Eerstegraads bevoegdheid"}


def test_upcoming_starts_are_counted_from_the_day_asked_for():
    """A start between that day and today is upcoming on that day (not counted from today)."""
    today = selectors.today()
    subject = SchoolSubjectFactory()
    pathway = PathwayFactory(subjects=[subject], start=False)
    StartMomentFactory(pathway=pathway, starts_on=today - 50 * DAY, application_deadline=today - 60 * DAY)
    StartMomentFactory(pathway=pathway, starts_on=today - 200 * DAY, application_deadline=today - 210 * DAY)
    on = today - 100 * DAY

    def starts(pathways):
        return [[start.starts_on for start in pathway.upcoming_starts] for pathway in pathways]

    assert starts(selectors.pathway_cards(on=on)) == [[today - 50 * DAY]]
    assert starts(selectors.pathway_catalogue(on=on)) == [[today - 50 * DAY]]
    assert starts(selectors.subject_pathways(subject=subject, on=on)) == [[today - 50 * DAY]]
    assert starts(selectors.finder_pathways(on=on)) == [[today - 50 * DAY]]
    assert starts(selectors.pathway_cards()) == [[]]


def test_subject_pathways_are_the_published_pathways_of_the_subject_in_card_order():
    subject = SchoolSubjectFactory()
    PathwayFactory(name_nl="Zebra", order=1, subjects=[subject])
    PathwayFactory(name_nl="Aap", order=2, subjects=[subject])
    PathwayFactory(name_nl="Ander vak", order=0)
    PathwayFactory(name_nl="Verborgen", order=0, subjects=[subject], is_published=False)
    assert names(selectors.subject_pathways(subject=subject)) == ["Zebra", "Aap"]


def test_a_start_month_counts_only_starts_from_the_day_asked_for():
    on = datetime.date(2030, 1, 15)
    last_year = PathwayFactory(name_nl="Vorig jaar", start=False)
    StartMomentFactory(
        pathway=last_year, starts_on=datetime.date(2029, 9, 1), application_deadline=datetime.date(2029, 6, 1)
    )
    coming = PathwayFactory(name_nl="Komend jaar", start=False)
    StartMomentFactory(
        pathway=coming, starts_on=datetime.date(2030, 9, 1), application_deadline=datetime.date(2030, 6, 1)
    )
    assert names(selectors.pathway_catalogue(start_month=9, on=on)) == ["Komend jaar"]
    assert names(selectors.pathway_catalogue(starts_before=datetime.date(2031, 1, 1), on=on)) == ["Komend jaar"]
    assert names(selectors.pathway_catalogue(start_month=2, on=on)) == []


def test_search_uses_the_first_eight_words_only():
    PathwayFactory(name_nl="Acht", summary_nl="een twee drie vier vijf zes zeven acht")
    PathwayFactory(name_nl="Zeven", summary_nl="een twee drie vier vijf zes zeven")
    eight = "een twee drie vier vijf zes zeven acht"
    assert names(selectors.pathway_catalogue(q=eight)) == ["Acht"]
    assert names(selectors.pathway_catalogue(q=eight + " negen")) == ["Acht"]  # the ninth word is ignored
    assert names(selectors.pathway_catalogue(q="een twee negen")) == []


# --- pathway_detail --------------------------------------------------------------------------


@pytest.fixture
def detailed():
    """A pathway that is the plus-programme of a base pathway and has plus-programmes itself
    (one unpublished), two subjects, two modules with principles, two rules and two starts."""
    today = selectors.today()
    base = PathwayFactory(slug="basis", name_nl="Basis")
    wiskunde = SchoolSubjectFactory(name_nl="Wiskunde", order=1)
    aardrijkskunde = SchoolSubjectFactory(name_nl="Aardrijkskunde", order=2)
    latijn = SchoolSubjectFactory(name_nl="Latijn", order=3)  # inserted before Grieks, same order
    grieks = SchoolSubjectFactory(name_nl="Grieks", order=3)
    pathway = PathwayFactory(
        slug="plus",
        name_nl="Plus",
        plus_programme_of=base,
        subjects=[aardrijkskunde, latijn, grieks, wiskunde],
        rules=[PriorEducation.WO_MASTER, PriorEducation.PHD],
        start=False,
    )
    StartMomentFactory(pathway=pathway, starts_on=today + 200 * DAY, application_deadline=today + 100 * DAY)
    StartMomentFactory(pathway=pathway, starts_on=today + 20 * DAY, application_deadline=today + 10 * DAY)
    StartMomentFactory(pathway=pathway, starts_on=today - DAY, application_deadline=today - 10 * DAY)
    first, second = ModuleFactory(pathway=pathway, order=1), ModuleFactory(pathway=pathway, order=2)
    first.principles.set([principle("a", "Activeren", 1), principle("b", "Betekenis", 2)])
    second.principles.set([principle("c", "Coherentie", 3)])
    PathwayFactory(name_nl="Aap", order=2, plus_programme_of=pathway)
    PathwayFactory(name_nl="Zebra", order=1, plus_programme_of=pathway)
    PathwayFactory(name_nl="Zeta", order=3, plus_programme_of=pathway)
    PathwayFactory(name_nl="Alfa", order=3, plus_programme_of=pathway)
    PathwayFactory(name_nl="Verborgen", order=0, plus_programme_of=pathway, is_published=False)
    return pathway


def test_pathway_detail_fetches_everything_its_page_shows_in_seven_queries_in_order(
    detailed, django_assert_num_queries
):
    today = selectors.today()
    with django_assert_num_queries(7):
        pathway = selectors.pathway_detail(slug="plus")
    with django_assert_num_queries(0):  # all of it joined or prefetched by the selector
        seen = {
            "qualification": pathway.qualification.name_nl,
            "programme": pathway.programme.name_nl,
            "plus_programme_of": pathway.plus_programme_of.name_nl,
            "modules": [(m.order, names(m.principles.all())) for m in pathway.modules.all()],
            "subjects": names(pathway.subjects.all()),
            "rules": sorted(rule.prior_education for rule in pathway.prior_education_rules.all()),
            "plus_programmes": names(pathway.published_plus_programmes),
            "starts": [start.starts_on for start in pathway.upcoming_starts],
        }
    assert seen == {
        "qualification": "Eerstegraads bevoegdheid",
        "programme": detailed.programme.name_nl,
        "plus_programme_of": "Basis",
        "modules": [(1, ["Activeren", "Betekenis"]), (2, ["Coherentie"])],
        "subjects": ["Wiskunde", "Aardrijkskunde", "Grieks", "Latijn"],
        "rules": ["phd", "wo_master"],
        "plus_programmes": ["Zebra", "Aap", "Alfa", "Zeta"],  # published ones only, by order then name
        "starts": [today + 20 * DAY, today + 200 * DAY],
    }


def test_an_unpublished_pathway_is_found_only_when_asked_for():
    PathwayFactory(slug="concept", name_nl="Concept", is_published=False)
    with pytest.raises(Pathway.DoesNotExist):
        selectors.pathway_detail(slug="concept")
    assert selectors.pathway_detail(slug="concept", include_unpublished=True).name_nl == "Concept"


def test_pathway_detail_counts_starts_from_the_day_asked_for(detailed):
    today = selectors.today()
    pathway = selectors.pathway_detail(slug="plus", on=today - 5 * DAY)
    assert [start.starts_on for start in pathway.upcoming_starts] == [
        today - DAY,
        today + 20 * DAY,
        today + 200 * DAY,
    ]


# --- pathway_compare -------------------------------------------------------------------------


def test_compare_keeps_the_order_asked_for_and_leaves_out_unknown_and_unpublished(django_assert_num_queries):
    PathwayFactory(slug="a", name_nl="Aap", order=1)
    PathwayFactory(slug="b", name_nl="Beer", order=2)
    PathwayFactory(slug="c", name_nl="Verborgen", is_published=False)
    with django_assert_num_queries(3):
        pathways = selectors.pathway_compare(slugs=["b", "onbekend", "c", "a"])
    with django_assert_num_queries(0):
        seen = [
            (
                pathway.slug,
                pathway.qualification.name_nl,
                pathway.programme.name_nl != "",
                [rule.prior_education for rule in pathway.prior_education_rules.all()],
                pathway.next_start is not None,
            )
            for pathway in pathways
        ]
    assert seen == [
        ("b", "Eerstegraads bevoegdheid", True, ["wo_master"], True),
        ("a", "Eerstegraads bevoegdheid", True, ["wo_master"], True),
    ]


def test_compare_computes_the_next_start_on_the_day_asked_for():
    """On `on` (20 days ago) both starts were upcoming and open; today both deadlines have passed."""
    today = selectors.today()
    pathway = PathwayFactory(slug="a", start=False)
    early = StartMomentFactory(pathway=pathway, starts_on=today - 5 * DAY, application_deadline=today - 15 * DAY)
    StartMomentFactory(pathway=pathway, starts_on=today + 90 * DAY, application_deadline=today - 10 * DAY)
    [compared] = selectors.pathway_compare(slugs=["a"], on=today - 20 * DAY)
    assert (compared.next_start, compared.next_start_open) == (early, True)
    assert [start.is_open for start in compared.upcoming_starts] == [True, True]
    [today_compared] = selectors.pathway_compare(slugs=["a"])
    assert (today_compared.next_start.starts_on, today_compared.next_start_open) == (today + 90 * DAY, False)


# --- subject_list, subject_detail ------------------------------------------------------------


def test_subjects_by_order_then_name_with_their_published_routes():
    wiskunde = SchoolSubjectFactory(slug="wiskunde", name_nl="Wiskunde", order=1)
    aardrijkskunde = SchoolSubjectFactory(slug="aardrijkskunde", name_nl="Aardrijkskunde", order=2)
    latijn = SchoolSubjectFactory(slug="latijn", name_nl="Latijn", order=3)  # inserted before Grieks
    SchoolSubjectFactory(slug="grieks", name_nl="Grieks", order=3)
    PathwayFactory(subjects=[wiskunde, aardrijkskunde])
    PathwayFactory(subjects=[wiskunde])
    PathwayFactory(subjects=[wiskunde, latijn], is_published=False)
    assert [(s.name_nl, s.route_count) for s in selectors.subject_list()] == [
        ("Wiskunde", 2),
        ("Aardrijkskunde", 1),
        ("Grieks", 0),
        ("Latijn", 0),
    ]


def test_subject_detail_has_its_courses_by_provider_then_name(django_assert_num_queries):
    subject = SchoolSubjectFactory(slug="scheikunde", name_nl="Scheikunde")
    DeficiencyCourseFactory(subject=subject, name_nl="Statistiek", provider="beta4all")
    DeficiencyCourseFactory(subject=subject, name_nl="Analyse", provider="beta4all")
    DeficiencyCourseFactory(subject=subject, name_nl="Zinsbouw", provider="alfa4all")
    DeficiencyCourseFactory(name_nl="Ander vak", provider="alfa4all")
    with django_assert_num_queries(2):
        found = selectors.subject_detail(slug="scheikunde")
    with django_assert_num_queries(0):  # prefetched: the page reads them without a query
        assert names(found.deficiency_courses.all()) == ["Zinsbouw", "Analyse", "Statistiek"]


# --- finder_pathways -------------------------------------------------------------------------


def test_finder_fetches_everything_it_needs_in_four_queries_in_catalogue_order(django_assert_num_queries):
    today = selectors.today()
    base = PathwayFactory(name_nl="Basis", order=9)
    PathwayFactory(name_nl="Aap", order=2, plus_programme_of=base)
    PathwayFactory(name_nl="Zebra", order=1, plus_programme_of=base)
    PathwayFactory(name_nl="Zeta", order=3, plus_programme_of=base, rules=[PriorEducation.PHD])
    PathwayFactory(name_nl="Alfa", order=3, plus_programme_of=base)
    PathwayFactory(name_nl="Verborgen", order=0, is_published=False)
    second = QualificationFactory(kind="second_degree", name_nl="Tweedegraads")
    Pathway.objects.filter(name_nl="Aap").update(qualification=second)
    with django_assert_num_queries(4):
        pathways = list(selectors.finder_pathways())
    with django_assert_num_queries(0):
        seen = [
            (
                pathway.name_nl,
                pathway.qualification.name_nl,
                pathway.programme.name_nl != "",
                pathway.plus_programme_of.name_nl if pathway.plus_programme_of else None,
                len(pathway.subjects.all()),
                [rule.prior_education for rule in pathway.prior_education_rules.all()],
                [start.starts_on for start in pathway.upcoming_starts],
            )
            for pathway in pathways
        ]
    start = [today + 90 * DAY]
    assert seen == [
        ("Zebra", "Eerstegraads bevoegdheid", True, "Basis", 1, ["wo_master"], start),
        ("Aap", "Tweedegraads", True, "Basis", 1, ["wo_master"], start),
        ("Alfa", "Eerstegraads bevoegdheid", True, "Basis", 1, ["wo_master"], start),
        ("Zeta", "Eerstegraads bevoegdheid", True, "Basis", 1, ["phd"], start),
        ("Basis", "Eerstegraads bevoegdheid", True, None, 1, ["wo_master"], start),
    ]
