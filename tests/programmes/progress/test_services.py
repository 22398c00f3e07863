"""Recording results (programmes/progress/services.py): the checks every path shares, each with
its translated error on its field and nothing written; all or nothing for a batch; one in-app
notification per result for the trainee."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from iclon.core.errors import NotAllowed, PortalError
from iclon.notifications.models import Channel, Notification
from programmes.intake.models import ApplicationStatus
from programmes.progress import services
from programmes.progress.models import ModuleResult, Outcome, ResultSource
from tests.factories import ApplicationFactory, UserFactory
from tests.factories.programmes import ModuleFactory
from tests.programmes.progress.conftest import TODAY, exempt, result
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The services' refusals are read in English (the Dutch catalogue translates them)."""
    with translation.override("en"):
        yield


YESTERDAY = TODAY - datetime.timedelta(days=1)


def entry(trainee, module, examiner, **fields):
    values = {"date": YESTERDAY, "grade": Decimal("7.5"), **fields}
    return services.ResultEntry(trainee=trainee, module=module, examiner=examiner, **values)


def refused(the_entry, actor, message, field):
    with nothing_written(ModuleResult, Notification), pytest.raises(PortalError) as error:
        services.record_result(entry=the_entry, actor=actor)
    with translation.override("en"):
        assert str(error.value.message) == message
    assert error.value.field == field


def test_a_grade_is_recorded_with_its_outcome_and_the_trainee_is_told(trainee, modules, teacher_educator):
    saved = services.record_result(entry=entry(trainee, modules[0], teacher_educator), actor=teacher_educator)
    assert (saved.outcome, saved.recorded_by, saved.source, saved.grade) == (
        Outcome.PASS,
        teacher_educator,
        ResultSource.MANUAL,
        Decimal("7.5"),
    )
    assert saved.history.count() == 1
    row = Notification.objects.get(recipient=trainee.applicant)
    assert row.channel == Channel.IN_APP and row.url == "/study-progress/"
    with translation.override("en"):
        assert row.text == f"A result has been recorded for {modules[0].name_en}"


@pytest.mark.parametrize(
    "grade, outcome, expected",
    [("5.5", "", Outcome.PASS), ("5.4", "", Outcome.FAIL), (None, "pass", Outcome.PASS), (None, "fail", Outcome.FAIL)],
)
def test_the_outcome_comes_from_the_grade_or_is_given(trainee, modules, teacher_educator, grade, outcome, expected):
    the_entry = entry(trainee, modules[0], teacher_educator, grade=Decimal(grade) if grade else None, outcome=outcome)
    assert services.record_result(entry=the_entry, actor=teacher_educator).outcome == expected


@pytest.mark.parametrize(
    "fields, message, field",
    [
        ({"grade": Decimal("10.5")}, "A grade is a number from 1.0 to 10.0, with one decimal.", "grade"),
        ({"grade": Decimal("0.9")}, "A grade is a number from 1.0 to 10.0, with one decimal.", "grade"),
        ({"grade": Decimal("7.25")}, "A grade is a number from 1.0 to 10.0, with one decimal.", "grade"),
        ({"grade": None, "outcome": ""}, "Enter a grade or the outcome (pass or fail).", "grade"),
        (
            {"grade": Decimal("5.0"), "outcome": "pass"},
            "The grade 5.0 and the outcome do not agree: 5.5 or higher passes.",
            "outcome",
        ),
        ({"date": TODAY + datetime.timedelta(days=1)}, "The date of a result cannot be in the future.", "date"),
        ({"date": None}, "Enter the date of the result.", "date"),
    ],
)
def test_invalid_input_is_refused_on_its_field(trainee, modules, teacher_educator, fields, message, field):
    refused(entry(trainee, modules[0], teacher_educator, **fields), teacher_educator, message, field)


def test_the_examiner_must_be_active_staff(trainee, modules, teacher_educator, applicant):
    message = "The examiner must be an active ICLON staff member."
    refused(entry(trainee, modules[0], UserFactory()), teacher_educator, message, "examiner")
    former = UserFactory(is_staff=True, is_active=False)
    refused(entry(trainee, modules[0], former), teacher_educator, message, "examiner")


def test_the_module_must_be_of_the_trainees_pathway_and_not_exempted(trainee, modules, teacher_educator):
    elsewhere = ModuleFactory()
    refused(
        entry(trainee, elsewhere, teacher_educator),
        teacher_educator,
        "This module is not part of the trainee's pathway.",
        "module",
    )
    exempt(trainee, modules[1])
    refused(
        entry(trainee, modules[1], teacher_educator),
        teacher_educator,
        "This trainee is exempted from this module: no result is needed.",
        "module",
    )


def test_one_result_per_trainee_module_and_date(trainee, modules, teacher_educator):
    result(trainee, modules[0], grade="4.0", days_ago=1)
    refused(
        entry(trainee, modules[0], teacher_educator),
        teacher_educator,
        "This trainee already has a result for this module on this date.",
        "date",
    )
    # Another date is another attempt.
    services.record_result(entry=entry(trainee, modules[0], teacher_educator, date=TODAY), actor=teacher_educator)
    assert trainee.module_results.count() == 2


def test_only_an_admitted_or_enrolled_trainee_gets_results(modules, teacher_educator, trainee):
    applicant = ApplicationFactory(pathway=trainee.pathway, status=ApplicationStatus.IN_REVIEW)
    refused(
        entry(applicant, modules[0], teacher_educator),
        teacher_educator,
        "This person is not an admitted or enrolled trainee.",
        "trainee",
    )


@pytest.mark.parametrize("who", ["applicant", "school_a_contact", "researcher", "placement_coordinator"])
def test_only_staff_who_record_results_may(trainee, modules, teacher_educator, persona, who):
    with nothing_written(ModuleResult), pytest.raises(NotAllowed):
        services.record_result(entry=entry(trainee, modules[0], teacher_educator), actor=persona(who))


@pytest.mark.parametrize("who", ["teacher_educator", "study_adviser", "programme_coordinator", "administrator"])
def test_recorders(trainee, modules, teacher_educator, persona, who):
    saved = services.record_result(entry=entry(trainee, modules[0], teacher_educator), actor=persona(who))
    assert saved.recorded_by == persona(who)


def test_a_batch_is_all_or_nothing_with_every_rows_error(trainee, other_trainee, modules, teacher_educator):
    batch = [
        entry(trainee, modules[0], teacher_educator),
        entry(other_trainee, modules[0], teacher_educator, grade=Decimal("11")),
        entry(trainee, modules[0], teacher_educator),  # twice
    ]
    with nothing_written(ModuleResult, Notification), pytest.raises(services.ResultErrors) as error:
        services.record_results(entries=batch, actor=teacher_educator, source=ResultSource.BULK)
    assert sorted(error.value.errors) == [1, 2]
    with translation.override("en"):
        assert str(error.value.errors[2].message) == "This result is entered twice."
    batch.pop()
    batch[1].grade = Decimal("6.1")
    saved = services.record_results(entries=batch, actor=teacher_educator, source=ResultSource.BULK)
    assert [r.source for r in saved] == [ResultSource.BULK, ResultSource.BULK]
    assert Notification.objects.filter(recipient__in=[trainee.applicant, other_trainee.applicant]).count() == 2


def test_an_empty_batch_is_refused(teacher_educator):
    with pytest.raises(PortalError):
        services.record_results(entries=[], actor=teacher_educator)
