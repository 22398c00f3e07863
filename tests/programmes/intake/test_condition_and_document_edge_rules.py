"""condition_add (who, when, what is stored, what is refused); the edges of document_add (a file
without a name, a row the database refuses) and whom the assignment e-mail names as the sender.

The services are called directly; messages are compared as written in the code (English). The
conditions' dates are checked on a fixed day, 15 June 2026 in Amsterdam."""

import datetime
import zoneinfo
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.utils import translation

from iclon.accounts.roles import StaffGroup
from iclon.core.errors import Conflict, NotAllowed, PortalError
from iclon.notifications.models import Channel, Notification
from programmes.intake import notifications
from programmes.intake.services import applications as intake
from programmes.models import AdmissionCondition, Application, ApplicationDocument, ApplicationStatus, DocumentKind
from tests.factories import ApplicationFactory, DeficiencyCourseFactory, StaffUserFactory
from tests.factories.programmes import PDF_BYTES
from tests.utils import nothing_written

S = ApplicationStatus
Kind = AdmissionCondition.Kind

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "private_storage")]

TODAY = datetime.date(2026, 6, 15)
NOON = datetime.datetime(2026, 6, 15, 12, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Amsterdam"))
CONDITION_STATUSES = [S.SUBMITTED, S.IN_REVIEW, S.APTITUDE_ASSESSMENT, S.ADMITTED, S.ADMITTED_WITH_CONDITIONS]


@pytest.fixture
def english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(NOON, tick=False):
        yield


@pytest.fixture
def reviewer(db):
    """ICLON staff who may review applications but not decide on them."""
    user = StaffUserFactory()
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="programmes", codename="review_application")
    )
    return user


def refusal(error):
    return type(error.value), str(error.value.message), error.value.field


# --- condition_add: what is stored -------------------------------------------------------------


def stored(condition):
    row = AdmissionCondition.objects.get(pk=condition.pk)
    return (
        row.application,
        row.kind,
        row.deficiency_course,
        row.description,
        row.due_on,
        row.status,
        row.status_changed_at,
    )


def history(condition):
    return list(
        AdmissionCondition.history.filter(id=condition.pk)
        .order_by("history_id")
        .values_list("history_type", "kind", "description", "due_on")
    )


def test_a_condition_without_a_description_or_a_date_is_stored_open_with_neither(intake_officer):
    application = ApplicationFactory(status=S.IN_REVIEW, complete=False)

    with nothing_written(Application):
        condition = intake.condition_add(application=application, kind=Kind.DUTCH_PROFICIENCY, actor=intake_officer)

    assert stored(condition) == (application, Kind.DUTCH_PROFICIENCY, None, "", None, "open", None)
    assert history(condition) == [("+", Kind.DUTCH_PROFICIENCY, "", None)]


def test_a_deficiency_course_is_stored_with_its_course_trimmed_description_and_date(intake_officer):
    application = ApplicationFactory(status=S.ADMITTED_WITH_CONDITIONS, complete=False)
    course = DeficiencyCourseFactory()
    due = datetime.date(2027, 1, 31)

    condition = intake.condition_add(
        application=application,
        kind=Kind.DEFICIENCY_COURSE,
        actor=intake_officer,
        deficiency_course=course,
        description="  Met een voldoende afgerond.  ",
        due_on=due,
    )

    assert stored(condition) == (
        application,
        Kind.DEFICIENCY_COURSE,
        course,
        "Met een voldoende afgerond.",
        due,
        "open",
        None,
    )
    assert history(condition) == [("+", Kind.DEFICIENCY_COURSE, "Met een voldoende afgerond.", due)]


def test_another_condition_is_stored_with_its_description_trimmed(intake_officer):
    application = ApplicationFactory(status=S.IN_REVIEW, complete=False)

    condition = intake.condition_add(
        application=application, kind=Kind.OTHER, actor=intake_officer, description="  Haal het staatsexamen NT2.  "
    )

    assert stored(condition) == (application, Kind.OTHER, None, "Haal het staatsexamen NT2.", None, "open", None)


def test_a_condition_may_be_due_today(intake_officer):
    application = ApplicationFactory(status=S.IN_REVIEW, complete=False)

    condition = intake.condition_add(
        application=application, kind=Kind.MASTER_DEGREE, actor=intake_officer, due_on=TODAY
    )

    assert stored(condition) == (application, Kind.MASTER_DEGREE, None, "", TODAY, "open", None)


@pytest.mark.parametrize("status", CONDITION_STATUSES)
def test_conditions_are_added_while_the_application_is_assessed_or_admitted(status, intake_officer):
    application = ApplicationFactory(status=status, complete=False)

    condition = intake.condition_add(application=application, kind=Kind.MASTER_DEGREE, actor=intake_officer)

    assert list(application.conditions.all()) == [condition]


# --- condition_add: what is refused ------------------------------------------------------------


def test_a_condition_due_yesterday_is_refused(intake_officer):
    application = ApplicationFactory(status=S.IN_REVIEW, complete=False)

    with nothing_written(AdmissionCondition), pytest.raises(PortalError) as error:
        intake.condition_add(
            application=application,
            kind=Kind.MASTER_DEGREE,
            actor=intake_officer,
            due_on=TODAY - datetime.timedelta(days=1),
        )

    assert refusal(error) == (PortalError, "The date to meet the condition by cannot be in the past.", "due_on")


@pytest.mark.parametrize("description", [None, "", "  \n "], ids=["not given", "empty", "spaces"])
def test_another_condition_needs_its_description(description, intake_officer):
    application = ApplicationFactory(status=S.IN_REVIEW, complete=False)
    given = {} if description is None else {"description": description}

    with nothing_written(AdmissionCondition), pytest.raises(PortalError) as error:
        intake.condition_add(application=application, kind=Kind.OTHER, actor=intake_officer, **given)

    assert refusal(error) == (PortalError, "Describe the condition.", "description")


def test_a_deficiency_course_condition_needs_its_course(intake_officer):
    application = ApplicationFactory(status=S.IN_REVIEW, complete=False)

    with nothing_written(AdmissionCondition), pytest.raises(PortalError) as error:
        intake.condition_add(application=application, kind=Kind.DEFICIENCY_COURSE, actor=intake_officer)

    assert refusal(error) == (PortalError, "Choose the deficiency course.", "deficiency_course")


def test_an_unknown_kind_of_condition_is_refused_on_its_field(intake_officer):
    application = ApplicationFactory(status=S.IN_REVIEW, complete=False)

    with nothing_written(AdmissionCondition), pytest.raises(PortalError) as error:
        intake.condition_add(application=application, kind="interview", actor=intake_officer)

    assert refusal(error) == (PortalError, "Value 'interview' is not a valid choice.", "kind")


def test_a_description_longer_than_300_characters_is_refused(intake_officer):
    application = ApplicationFactory(status=S.IN_REVIEW, complete=False)

    with nothing_written(AdmissionCondition), pytest.raises(PortalError) as error:
        intake.condition_add(application=application, kind=Kind.OTHER, actor=intake_officer, description="x" * 301)

    assert refusal(error) == (
        PortalError,
        "Ensure this value has at most 300 characters (it has 301).",
        "description",
    )


@pytest.mark.parametrize("role", ["owner", "reviewer", "programme_coordinator", "placement_coordinator", "outsider"])
def test_only_staff_who_decide_add_a_condition(role, persona):
    application = ApplicationFactory(status=S.IN_REVIEW, complete=False)
    actor = application.applicant if role == "owner" else persona(role)

    with nothing_written(AdmissionCondition), pytest.raises(NotAllowed) as error:
        intake.condition_add(application=application, kind=Kind.MASTER_DEGREE, actor=actor)

    assert refusal(error) == (NotAllowed, "You are not allowed to do this.", None)


@pytest.mark.parametrize("status", [S.DRAFT, S.REJECTED, S.ENROLLED, S.WITHDRAWN])
def test_no_condition_is_added_before_submitting_or_after_the_end(status, intake_officer):
    application = ApplicationFactory(status=status, complete=False)

    with nothing_written(AdmissionCondition), pytest.raises(Conflict) as error:
        intake.condition_add(
            application=application, kind=Kind.OTHER, actor=intake_officer, description="Haal het staatsexamen NT2."
        )

    assert refusal(error) == (Conflict, "Conditions are set while the application is assessed or admitted.", None)


# --- document_add: the edges -------------------------------------------------------------------


def files_in(folder):
    return sorted(path.name for path in folder.rglob("*") if path.is_file()) if folder.exists() else []


def test_a_file_without_a_name_is_stored_as_document():
    """As a script may pass it (Django's and DRF's upload parsers drop files without a name)."""
    application = ApplicationFactory(complete=False)
    upload = SimpleUploadedFile(None, PDF_BYTES, content_type="application/pdf")

    document = intake.document_add(
        application=application, kind=DocumentKind.CV, upload=upload, actor=application.applicant
    )

    stored_document = ApplicationDocument.objects.get(pk=document.pk)
    assert (stored_document.kind, stored_document.original_name, stored_document.size) == (
        DocumentKind.CV,
        "document",
        len(PDF_BYTES),
    )
    assert stored_document.file.read() == PDF_BYTES


def test_a_document_the_database_refuses_leaves_no_file_behind(private_storage, monkeypatch):
    """The file is written before the row; when the row is refused, the file goes too and the
    database's error reaches the caller unchanged."""
    application = ApplicationFactory(complete=False)
    folder = Path(private_storage.location)
    before = files_in(folder)

    def refuse(document, *args, **kwargs):
        raise IntegrityError("refused by the database")

    monkeypatch.setattr(ApplicationDocument, "save", refuse)
    upload = SimpleUploadedFile("cv.pdf", PDF_BYTES, content_type="application/pdf")

    with nothing_written(ApplicationDocument), pytest.raises(IntegrityError, match="^refused by the database$"):
        intake.document_add(application=application, kind=DocumentKind.CV, upload=upload, actor=application.applicant)

    assert files_in(folder) == before


# --- application_assign: the e-mail names who assigned -------------------------------------------


def test_the_assigned_officer_is_told_who_assigned_the_application(intake_officer):
    application = ApplicationFactory(status=S.SUBMITTED, complete=False)
    colleague = StaffUserFactory(group=StaffGroup.INTAKE_OFFICER, full_name="Iris Intake", language="en")
    sentence = (
        f"{intake_officer.full_name} has assigned application {application.reference} "
        f"({application.pathway.name_en}, status: Submitted) to you."
    )

    intake.application_assign(application=application, assignee=colleague, actor=intake_officer)

    found = {
        row.channel: row for row in Notification.objects.filter(category=notifications.ASSIGNMENT, recipient=colleague)
    }
    assert set(found) == {Channel.EMAIL, Channel.IN_APP}
    for row in found.values():
        assert sentence in row.body_text.splitlines()
    assert not Notification.objects.exclude(recipient=colleague).exists()
