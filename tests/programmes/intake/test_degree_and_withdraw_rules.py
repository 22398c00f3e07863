"""degree_add and application_withdraw: who may, when, what is stored and who is told.

The services are called directly; messages are compared as written in the code (English). The
degree's years are checked on a fixed day (15 June 2026), so the latest year accepted is 2032."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.utils import timezone, translation

from iclon.core.errors import Conflict, NotAllowed, PortalError
from iclon.notifications.models import Channel, Notification
from programmes.intake import notifications
from programmes.intake.services import applications as intake
from programmes.models import Application, ApplicationStatus, ApplicationTransition, PriorDegree
from tests.factories import ApplicationFactory, DegreeFieldFactory, PathwayFactory
from tests.utils import nothing_written

S = ApplicationStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "private_storage")]

TODAY = datetime.datetime(2026, 6, 15, 12, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Amsterdam"))
YEARS = "Enter a year between 1950 and 2032."
SUBMITTED = "A submitted application can no longer be changed; answer a request for information instead."


@pytest.fixture
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def today():
    with time_machine.travel(TODAY, tick=False):
        yield


def refusal(error):
    return type(error.value), str(error.value.message), error.value.field


# --- degree_add --------------------------------------------------------------------------------


def _degree(**fields):
    return {
        "level": "wo_master",
        "institution": "Universiteit Leiden",
        "year": 2020,
        "field_other": "Wiskunde",
        **fields,
    }


def _add(application, actor, **fields):
    return intake.degree_add(application=application, actor=actor, **_degree(**fields))


def test_the_applicant_adds_a_degree_with_everything_they_filled_in(applicant):
    application = ApplicationFactory(applicant=applicant, complete=False)
    field = DegreeFieldFactory()

    with nothing_written(Application):
        degree = _add(
            application, applicant, level="wo_bachelor", field=field, field_other="", year=2018, subject_content_ec=90
        )

    stored = PriorDegree.objects.get(pk=degree.pk)
    assert (
        stored.application,
        stored.level,
        stored.field,
        stored.field_other,
        stored.institution,
        stored.year,
        stored.subject_content_ec,
    ) == (application, "wo_bachelor", field, "", "Universiteit Leiden", 2018, 90)
    assert list(PriorDegree.history.filter(id=degree.pk).values_list("history_type", flat=True)) == ["+"]


@pytest.mark.usefixtures("today")
@pytest.mark.parametrize("year", [1950, 2026, 2032])
def test_a_degree_from_1950_up_to_six_years_ahead_is_accepted(applicant, year):
    application = ApplicationFactory(applicant=applicant, complete=False)

    degree = _add(application, applicant, year=year)

    assert PriorDegree.objects.get(pk=degree.pk).year == year


@pytest.mark.usefixtures("today")
@pytest.mark.parametrize("year", [0, 1949, 2033, 2040])
def test_a_degree_before_1950_or_more_than_six_years_ahead_is_refused(applicant, year):
    application = ApplicationFactory(applicant=applicant, complete=False)

    with nothing_written(PriorDegree), pytest.raises(PortalError) as error:
        _add(application, applicant, year=year)

    assert refusal(error) == (PortalError, YEARS, "year")


def test_a_degree_needs_its_institution(applicant):
    application = ApplicationFactory(applicant=applicant, complete=False)

    with nothing_written(PriorDegree), pytest.raises(PortalError) as error:
        _add(application, applicant, institution="")

    assert refusal(error) == (PortalError, "This field cannot be blank.", "institution")


@pytest.mark.parametrize("role", ["intake_officer", "outsider"])
def test_only_the_applicant_adds_a_degree(role, persona):
    application = ApplicationFactory(complete=False)

    with nothing_written(PriorDegree), pytest.raises(NotAllowed):
        _add(application, persona(role))


@pytest.mark.parametrize("status", [S.SUBMITTED, S.IN_REVIEW, S.WITHDRAWN])
def test_no_degree_is_added_after_submitting(status, applicant):
    application = ApplicationFactory(applicant=applicant, status=status, complete=False)

    with nothing_written(PriorDegree), pytest.raises(PortalError) as error:
        _add(application, applicant)

    assert refusal(error) == (Conflict, SUBMITTED, None)


# --- application_withdraw ----------------------------------------------------------------------


def _told():
    """{recipient: {channels}} of every notification."""
    found: dict = {}
    for recipient, channel in Notification.objects.values_list("recipient", "channel"):
        found.setdefault(recipient, set()).add(channel)
    return found


def _withdrawn(application):
    stored = Application.objects.get(pk=application.pk)
    transition = ApplicationTransition.objects.get(application=application)
    return stored.status, (transition.from_status, transition.to_status, transition.actor, transition.reason)


@pytest.mark.parametrize(
    "status", [S.DRAFT, S.SUBMITTED, S.IN_REVIEW, S.APTITUDE_ASSESSMENT, S.ADMITTED, S.ADMITTED_WITH_CONDITIONS]
)
def test_the_applicant_withdraws_without_a_reason_and_is_told(status, applicant):
    application = ApplicationFactory(
        applicant=applicant,
        status=status,
        pathway=PathwayFactory(requires_aptitude_assessment=status == S.APTITUDE_ASSESSMENT),
        complete=False,
    )
    before = timezone.now()

    intake.application_withdraw(application=application, actor=applicant)

    assert _withdrawn(application) == (S.WITHDRAWN, (status, S.WITHDRAWN, applicant, ""))
    assert before <= Application.objects.get(pk=application.pk).withdrawn_at <= timezone.now()
    assert _told() == {applicant.pk: {Channel.EMAIL, Channel.IN_APP}}
    assert set(Notification.objects.values_list("category", flat=True)) == {notifications.APPLICATION}


def test_the_reason_for_withdrawing_is_recorded_trimmed(applicant):
    application = ApplicationFactory(applicant=applicant, status=S.IN_REVIEW, complete=False)

    intake.application_withdraw(application=application, actor=applicant, reason="  Andere baan gevonden.  ")

    assert _withdrawn(application) == (S.WITHDRAWN, (S.IN_REVIEW, S.WITHDRAWN, applicant, "Andere baan gevonden."))


def test_intake_staff_withdraw_for_the_applicant_who_is_told(intake_officer):
    application = ApplicationFactory(status=S.SUBMITTED, complete=False)

    intake.application_withdraw(application=application, actor=intake_officer, reason="Op verzoek per e-mail.")

    assert _withdrawn(application) == (
        S.WITHDRAWN,
        (S.SUBMITTED, S.WITHDRAWN, intake_officer, "Op verzoek per e-mail."),
    )
    assert _told() == {application.applicant.pk: {Channel.EMAIL, Channel.IN_APP}}


@pytest.mark.parametrize("role", ["programme_coordinator", "placement_coordinator", "school_a_contact", "outsider"])
def test_others_do_not_withdraw_an_application(role, persona):
    application = ApplicationFactory(status=S.IN_REVIEW, complete=False)

    with nothing_written(Application, ApplicationTransition, Notification), pytest.raises(NotAllowed):
        intake.application_withdraw(application=application, actor=persona(role))


@pytest.mark.parametrize(
    ("status", "label"), [(S.REJECTED, "Rejected"), (S.ENROLLED, "Enrolled"), (S.WITHDRAWN, "Withdrawn")]
)
def test_a_rejected_enrolled_or_withdrawn_application_is_not_withdrawn(status, label, applicant):
    application = ApplicationFactory(applicant=applicant, status=status, complete=False)

    with nothing_written(Application, ApplicationTransition, Notification), pytest.raises(PortalError) as error:
        intake.application_withdraw(application=application, actor=applicant)

    assert refusal(error) == (Conflict, f"An application that is “{label}” cannot become “Withdrawn”.", None)
