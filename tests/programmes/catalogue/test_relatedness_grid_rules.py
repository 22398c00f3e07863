"""The rules of a subject's relatedness grid, called as the admin grid (and any later import) calls
them: `relatedness_grid_save` refuses a grid with a bad row, names every bad row with its exact
messages and writes nothing; a valid grid is stored exactly as given, each created or changed row
with its history by the person who saved it, and the result counts what was done."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from programmes.catalogue.services import (
    RelatednessGridInvalid,
    RelatednessGridResult,
    RelatednessRow,
    relatedness_grid_save,
)
from programmes.models import DegreeRelatedness
from tests.factories import (
    DeficiencyCourseFactory,
    DegreeFieldFactory,
    DegreeRelatednessFactory,
    SchoolSubjectFactory,
)
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

DIRECT, DEFICIENCY, NONE = (
    DegreeRelatedness.Relation.DIRECT,
    DegreeRelatedness.Relation.WITH_DEFICIENCY,
    DegreeRelatedness.Relation.NOT_RELATED,
)
NOT_SAVED = "The relatedness table was not saved: correct the rows marked below."
CHOOSE_A_RELATION = "Choose how this degree field relates to the subject."
COURSES_NEED_THEIR_RELATION = (
    "Deficiency courses apply only to “Related after deficiency courses”: choose that relation or clear the courses."
)
TWICE = "This degree field appears twice in the table."
COURSE_LINKS = DegreeRelatedness.deficiency_courses.through


@pytest.fixture
def biology():
    return SchoolSubjectFactory(name_en="Biology")


@pytest.fixture
def maths():
    return SchoolSubjectFactory(name_en="Mathematics")


def course(subject, name):
    return DeficiencyCourseFactory(subject=subject, name_en=name)


def save_in_english(subject, rows, actor):
    with translation.override("en"):
        return relatedness_grid_save(subject=subject, rows=rows, actor=actor)


def refused(subject, rows, actor) -> RelatednessGridInvalid:
    """Save `rows`, expecting a refusal that writes nothing; return the refusal."""
    with nothing_written(DegreeRelatedness, COURSE_LINKS), pytest.raises(RelatednessGridInvalid) as error:
        save_in_english(subject, rows, actor)
    return error.value


def stored(subject) -> dict[int, tuple[str, list[str]]]:
    """The subject's table as {degree field pk: (relation, [course names])}."""
    return {
        row.degree_field_id: (row.relation, sorted(c.name_en for c in row.deficiency_courses.all()))
        for row in DegreeRelatedness.objects.filter(subject=subject)
    }


# --- The refusal itself ---------------------------------------------------------------------------


def test_refusal_says_the_table_was_not_saved(biology, programme_coordinator):
    field = DegreeFieldFactory()

    error = refused(biology, [RelatednessRow(field, "bogus")], programme_coordinator)

    assert str(error) == NOT_SAVED
    assert error.errors == {field.pk: [CHOOSE_A_RELATION]}


def test_refusal_carries_the_message_a_caller_gives_it():
    error = RelatednessGridInvalid({7: ["a row's message"]}, "The import was not saved.")

    assert str(error) == "The import was not saved."
    assert error.errors == {7: ["a row's message"]}


# --- One rule at a time ---------------------------------------------------------------------------


def test_an_unknown_relation_is_refused_with_its_message(biology, programme_coordinator):
    field = DegreeFieldFactory()

    error = refused(biology, [RelatednessRow(field, "related-ish")], programme_coordinator)

    assert error.errors == {field.pk: [CHOOSE_A_RELATION]}


def test_an_empty_relation_is_refused_too(biology, programme_coordinator):
    field = DegreeFieldFactory()

    error = refused(biology, [RelatednessRow(field, "")], programme_coordinator)

    assert error.errors == {field.pk: [CHOOSE_A_RELATION]}


@pytest.mark.parametrize("relation", [DIRECT, NONE])
def test_courses_with_another_relation_than_deficiency_are_refused(biology, programme_coordinator, relation):
    field = DegreeFieldFactory()
    rows = [RelatednessRow(field, relation, [course(biology, "Genetics basics")])]

    error = refused(biology, rows, programme_coordinator)

    assert error.errors == {field.pk: [COURSES_NEED_THEIR_RELATION]}


def test_courses_of_another_subject_are_named_in_the_refusal(biology, maths, programme_coordinator):
    field = DegreeFieldFactory()
    own = course(biology, "Genetics basics")
    algebra, calculus = course(maths, "Algebra refresher"), course(maths, "Calculus refresher")
    rows = [RelatednessRow(field, DEFICIENCY, [algebra, own, calculus])]

    error = refused(biology, rows, programme_coordinator)

    assert error.errors == {
        field.pk: ["These courses belong to another subject: Algebra refresher, Calculus refresher."]
    }


def test_one_course_of_another_subject_is_named_alone(biology, maths, programme_coordinator):
    field = DegreeFieldFactory()
    rows = [RelatednessRow(field, DEFICIENCY, [course(maths, "Algebra refresher")])]

    error = refused(biology, rows, programme_coordinator)

    assert error.errors == {field.pk: ["These courses belong to another subject: Algebra refresher."]}


def test_a_degree_field_twice_is_refused_on_its_second_row(biology, programme_coordinator):
    field = DegreeFieldFactory()
    rows = [RelatednessRow(field, DIRECT), RelatednessRow(field, DIRECT)]

    error = refused(biology, rows, programme_coordinator)

    assert error.errors == {field.pk: [TWICE]}


# --- Several rows ---------------------------------------------------------------------------------


def test_every_bad_row_is_reported_with_all_its_messages_and_good_rows_are_not(biology, maths, programme_coordinator):
    good, unknown, misfiled, doubled = (DegreeFieldFactory() for _ in range(4))
    existing = DegreeRelatednessFactory(subject=biology, degree_field=good, relation=NONE)
    algebra = course(maths, "Algebra refresher")
    rows = [
        RelatednessRow(good, DIRECT),
        RelatednessRow(unknown, "bogus", [algebra]),
        RelatednessRow(misfiled, DIRECT, [course(biology, "Genetics basics")]),
        RelatednessRow(doubled, NONE),
        RelatednessRow(doubled, "bogus"),
    ]

    error = refused(biology, rows, programme_coordinator)

    assert error.errors == {
        unknown.pk: [
            CHOOSE_A_RELATION,
            COURSES_NEED_THEIR_RELATION,
            "These courses belong to another subject: Algebra refresher.",
        ],
        misfiled.pk: [COURSES_NEED_THEIR_RELATION],
        doubled.pk: [CHOOSE_A_RELATION, TWICE],
    }
    existing.refresh_from_db()
    assert existing.relation == NONE  # the good row was not saved either


# --- A valid grid ---------------------------------------------------------------------------------


def test_a_new_grid_is_stored_exactly_with_its_courses(biology, programme_coordinator):
    related, after_courses, unrelated = DegreeFieldFactory(), DegreeFieldFactory(), DegreeFieldFactory()
    genetics, ecology = course(biology, "Genetics basics"), course(biology, "Ecology basics")
    rows = [
        RelatednessRow(related, DIRECT),
        RelatednessRow(after_courses, DEFICIENCY, [genetics, ecology]),
        RelatednessRow(unrelated, NONE),
    ]

    result = save_in_english(biology, rows, programme_coordinator)

    assert result == RelatednessGridResult(created=3, changed=0, unchanged=0)
    assert stored(biology) == {
        related.pk: (DIRECT, []),
        after_courses.pk: (DEFICIENCY, ["Ecology basics", "Genetics basics"]),
        unrelated.pk: (NONE, []),
    }


def test_a_created_row_with_courses_has_its_history_by_the_person_who_saved(biology, programme_coordinator):
    field = DegreeFieldFactory()
    genetics = course(biology, "Genetics basics")

    save_in_english(biology, [RelatednessRow(field, DEFICIENCY, [genetics])], programme_coordinator)

    row = DegreeRelatedness.objects.get(subject=biology, degree_field=field)
    history = list(row.history.order_by("history_id"))
    assert [entry.history_user for entry in history] == [programme_coordinator] * len(history)
    assert history[0].history_type == "+"
    latest = history[-1]
    assert latest.relation == DEFICIENCY
    assert [link.deficiencycourse for link in latest.deficiency_courses.all()] == [genetics]


def test_a_created_row_does_not_stop_the_rows_after_it(biology, programme_coordinator):
    new, changed = DegreeFieldFactory(), DegreeFieldFactory()
    DegreeRelatednessFactory(subject=biology, degree_field=changed, relation=NONE)
    rows = [RelatednessRow(new, DIRECT), RelatednessRow(changed, DIRECT)]

    result = save_in_english(biology, rows, programme_coordinator)

    assert result == RelatednessGridResult(created=1, changed=1, unchanged=0)
    assert stored(biology) == {new.pk: (DIRECT, []), changed.pk: (DIRECT, [])}


def test_a_mixed_grid_counts_what_it_created_changed_and_left_alone(biology, programme_coordinator):
    genetics, ecology = course(biology, "Genetics basics"), course(biology, "Ecology basics")
    new_plain, new_with_courses = DegreeFieldFactory(), DegreeFieldFactory()
    relation_changes, courses_change = DegreeFieldFactory(), DegreeFieldFactory()
    same_plain, same_with_courses = DegreeFieldFactory(), DegreeFieldFactory()
    not_in_grid = DegreeFieldFactory()
    DegreeRelatednessFactory(subject=biology, degree_field=relation_changes, relation=NONE)
    DegreeRelatednessFactory(subject=biology, degree_field=courses_change, relation=DEFICIENCY).deficiency_courses.set(
        [genetics]
    )
    DegreeRelatednessFactory(subject=biology, degree_field=same_plain, relation=DIRECT)
    DegreeRelatednessFactory(
        subject=biology, degree_field=same_with_courses, relation=DEFICIENCY
    ).deficiency_courses.set([ecology])
    DegreeRelatednessFactory(subject=biology, degree_field=not_in_grid, relation=NONE)
    rows = [
        RelatednessRow(new_plain, NONE),
        RelatednessRow(relation_changes, DIRECT),
        RelatednessRow(same_plain, DIRECT),
        RelatednessRow(new_with_courses, DEFICIENCY, [ecology]),
        RelatednessRow(courses_change, DEFICIENCY, [ecology, genetics]),
        RelatednessRow(same_with_courses, DEFICIENCY, [ecology]),
    ]

    result = save_in_english(biology, rows, programme_coordinator)

    assert result == RelatednessGridResult(created=2, changed=2, unchanged=2)
    assert stored(biology) == {
        new_plain.pk: (NONE, []),
        new_with_courses.pk: (DEFICIENCY, ["Ecology basics"]),
        relation_changes.pk: (DIRECT, []),
        courses_change.pk: (DEFICIENCY, ["Ecology basics", "Genetics basics"]),
        same_plain.pk: (DIRECT, []),
        same_with_courses.pk: (DEFICIENCY, ["Ecology basics"]),
        not_in_grid.pk: (NONE, []),
    }


def test_saving_a_grid_again_changes_nothing(biology, programme_coordinator):
    genetics = course(biology, "Genetics basics")
    fields = [DegreeFieldFactory() for _ in range(3)]
    rows = [
        RelatednessRow(fields[0], DIRECT),
        RelatednessRow(fields[1], DEFICIENCY, [genetics]),
        RelatednessRow(fields[2], NONE),
    ]
    save_in_english(biology, rows, programme_coordinator)

    with nothing_written(DegreeRelatedness, COURSE_LINKS):
        result = save_in_english(biology, rows, programme_coordinator)

    assert result == RelatednessGridResult(created=0, changed=0, unchanged=3)


def test_changing_only_a_relation_writes_one_history_row_by_the_person_who_saved(biology, programme_coordinator):
    field = DegreeFieldFactory()
    row = DegreeRelatednessFactory(subject=biology, degree_field=field, relation=NONE)
    before = row.history.count()

    result = save_in_english(biology, [RelatednessRow(field, DIRECT)], programme_coordinator)

    assert result == RelatednessGridResult(created=0, changed=1, unchanged=0)
    assert row.history.count() == before + 1
    latest = row.history.first()
    assert (latest.relation, latest.history_user) == (DIRECT, programme_coordinator)


def test_an_unchanged_grid_costs_the_same_queries_however_many_rows_it_has(biology, programme_coordinator):
    """The admin saves the whole grid of a subject (every degree field) at once: the rows that
    stay as they are must not cost a query each."""
    genetics = course(biology, "Genetics basics")
    rows = []
    for _ in range(6):
        field = DegreeFieldFactory()
        DegreeRelatednessFactory(subject=biology, degree_field=field, relation=DEFICIENCY).deficiency_courses.set(
            [genetics]
        )
        rows.append(RelatednessRow(field, DEFICIENCY, [genetics]))
    save_in_english(biology, rows[:1], programme_coordinator)  # warm up: the actor's permissions

    with CaptureQueriesContext(connection) as one_row:
        assert save_in_english(biology, rows[:1], programme_coordinator).unchanged == 1
    with CaptureQueriesContext(connection) as six_rows:
        assert save_in_english(biology, rows, programme_coordinator).unchanged == 6

    assert len(six_rows) == len(one_row)
