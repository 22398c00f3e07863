"""A trainee's progress, computed from their rows: each module's status (done, exempted, in
progress, planned, not planned), the EC totals, the projected completion from the plan and from
the pace, and "behind plan", which the SQL of the adviser's list and the dashboard count agrees with."""

import datetime

import pytest

from programmes.progress.models import (
    EC_PER_SEMESTER,
    Pace,
    next_semester,
    semester_code,
    semester_ends_on,
    semester_of,
)
from programmes.progress.selectors import (
    Status,
    behind_plan_count,
    progress_of,
    trainees_behind_plan,
    trainees_for_user,
)
from tests.programmes.progress.conftest import CURRENT, NEXT, PREVIOUS, TODAY, exempt, plan, result

pytestmark = pytest.mark.django_db


def progress(trainee, today=TODAY):
    return progress_of(trainees_for_user(user=trainee.applicant).get(pk=trainee.pk), today)


def statuses(p):
    return [row.status for row in p.modules]


@pytest.mark.parametrize(
    "day, semester, ends_on",
    [
        (datetime.date(2026, 9, 1), (2026, 1), datetime.date(2027, 1, 31)),
        (datetime.date(2027, 1, 31), (2026, 1), datetime.date(2027, 1, 31)),
        (datetime.date(2027, 2, 1), (2026, 2), datetime.date(2027, 8, 31)),
        (datetime.date(2027, 8, 31), (2026, 2), datetime.date(2027, 8, 31)),
    ],
)
def test_semesters_run_september_to_january_and_february_to_august(day, semester, ends_on):
    assert semester_of(day) == semester
    assert semester_ends_on(*semester) == ends_on
    assert next_semester(2026, 1) == (2026, 2) and next_semester(2026, 2) == (2027, 1)
    assert semester_code(2026, 2) == "2026-2"


def test_each_status_and_the_totals(trainee, modules):
    done, exempted, current, later = modules  # 5, 10, 15 and 30 EC
    result(trainee, done)
    exempt(trainee, exempted)
    plan(trainee, (current, CURRENT), (later, NEXT))
    p = progress(trainee)
    assert statuses(p) == [Status.DONE, Status.EXEMPTED, Status.IN_PROGRESS, Status.PLANNED]
    assert (p.ec_total, p.ec_done, p.ec_exempted, p.ec_remaining) == (60, 5, 10, 45)
    assert p.behind_plan is False
    assert p.projected_completion == semester_ends_on(*NEXT)
    assert p.modules[0].latest.grade is not None


def test_a_failed_attempt_is_in_progress_and_any_pass_makes_a_module_done(trainee, modules):
    first, second, *_rest = modules
    result(trainee, first, grade="4.0", days_ago=30)
    result(trainee, second, grade="8.0", days_ago=60)
    result(trainee, second, grade="5.0", days_ago=10)  # a later fail after a pass: still done
    p = progress(trainee)
    assert statuses(p)[:2] == [Status.IN_PROGRESS, Status.DONE]
    assert [str(r.grade) for r in p.modules[1].results] == ["5.0", "8.0"]
    assert str(p.modules[1].latest.grade) == "8.0"  # the passing result is shown
    assert statuses(p)[2:] == [Status.NOT_PLANNED, Status.NOT_PLANNED]


def test_all_exempted_is_complete_without_a_projection(trainee, modules):
    for module in modules:
        exempt(trainee, module)
    p = progress(trainee)
    assert p.complete and p.projected_completion is None and p.ec_remaining == 0
    assert p.ec_exempted == 60


def test_unplanned_modules_are_projected_at_the_pace_after_the_plan(trainee, modules):
    first, second, third, fourth = modules
    plan(trainee, (first, NEXT), pace=Pace.PART_TIME)  # 55 EC unplanned at 15 a semester: 4 semesters
    semesters = -(-55 // EC_PER_SEMESTER[Pace.PART_TIME])
    last = NEXT
    for _ in range(semesters):
        last = next_semester(*last)
    assert progress(trainee).projected_completion == semester_ends_on(*last)


@pytest.mark.parametrize("pace, semesters", [(Pace.FULL_TIME, 2), (Pace.PART_TIME, 4), (Pace.SPREAD, 6)])
def test_without_a_plan_of_modules_the_pace_decides(trainee, pace, semesters):
    plan(trainee, pace=pace)  # 60 EC, nothing planned
    last = CURRENT
    for _ in range(semesters):
        last = next_semester(*last)
    assert progress(trainee).projected_completion == semester_ends_on(*last)


def test_without_any_plan_the_trainee_counts_as_full_time(trainee):
    p = progress(trainee)
    assert p.plan is None and p.pace == Pace.FULL_TIME
    assert p.projected_completion == semester_ends_on(*next_semester(*next_semester(*CURRENT)))


def test_a_module_of_an_ended_semester_is_behind_and_projected_again(trainee, modules):
    first, second, third, fourth = modules
    plan(trainee, (first, PREVIOUS), (second, CURRENT), (third, CURRENT), (fourth, CURRENT))
    p = progress(trainee)
    assert p.behind_plan and [row.module for row in p.behind_modules] == [first]
    assert p.modules[0].status == Status.IN_PROGRESS
    # 5 EC behind, projected after the current semester at full-time pace: one semester more.
    assert p.projected_completion == semester_ends_on(*NEXT)
    assert list(trainees_behind_plan()) == [trainee]
    assert behind_plan_count() == 1


@pytest.mark.parametrize("settle", ["pass", "exempt"])
def test_passing_or_an_exemption_takes_a_trainee_off_the_behind_list(trainee, modules, settle):
    plan(trainee, (modules[0], PREVIOUS))
    assert progress(trainee).behind_plan and behind_plan_count() == 1
    if settle == "pass":
        result(trainee, modules[0], grade="4.0", days_ago=20)
        assert progress(trainee).behind_plan and behind_plan_count() == 1  # a fail is still behind
        result(trainee, modules[0], grade="6.0", days_ago=5)
    else:
        exempt(trainee, modules[0])
    assert not progress(trainee).behind_plan
    assert behind_plan_count() == 0


def test_a_plan_that_is_ahead_is_not_behind_on_the_last_day_of_the_semester(trainee, modules):
    plan(trainee, (modules[0], CURRENT))
    last_day = semester_ends_on(*CURRENT)
    assert not progress(trainee, today=last_day).behind_plan
    assert progress(trainee, today=last_day + datetime.timedelta(days=1)).behind_plan
