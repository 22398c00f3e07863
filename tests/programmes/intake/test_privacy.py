"""Privacy of applicants: the data export (ZIP) and anonymisation after the retention period."""

import datetime
import io
import json
import zipfile

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from iclon.notifications.models import Notification
from programmes.intake.services import applications as intake_services
from programmes.intake.services.privacy import (
    application_anonymise,
    application_data_export,
    applications_due_for_anonymisation,
)
from programmes.intake.tasks import anonymise_application_task, anonymise_applications_task
from programmes.models import (
    AdmissionCondition,
    Application,
    ApplicationDocument,
    ApplicationStatus,
    ApplicationTransition,
    AptitudeAssessment,
    Exemption,
    InformationRequest,
    InternalNote,
    PriorDegree,
)
from tests.factories import StaffUserFactory, UserFactory
from tests.factories.programmes import (
    PDF_BYTES,
    AdmissionConditionFactory,
    ApplicationDocumentFactory,
    ApplicationFactory,
    ApplicationTransitionFactory,
    AptitudeAssessmentFactory,
    DeficiencyCourseFactory,
    ExemptionFactory,
    InformationRequestFactory,
    InternalNoteFactory,
)

S = ApplicationStatus
DECIDED = datetime.datetime(2024, 3, 1, 12, 0, tzinfo=datetime.UTC)


pytestmark = pytest.mark.usefixtures("private_storage")


def _zip(data: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(data))


def _read_data(archive: zipfile.ZipFile) -> dict:
    return json.loads(archive.read("data.json"))


# --- export -----------------------------------------------------------------------------------


def test_export_holds_exactly_the_users_applications_and_documents(applicant, intake_officer):
    mine = ApplicationFactory(applicant=applicant, status=S.IN_REVIEW)
    draft = ApplicationFactory(applicant=applicant)
    ApplicationDocumentFactory(application=draft, kind="other", original_name="../../etc/passwd")
    ApplicationTransitionFactory(application=mine, actor=applicant)
    ApplicationTransitionFactory(application=mine, from_status=S.SUBMITTED, to_status=S.IN_REVIEW, actor=intake_officer)
    InformationRequestFactory(application=mine, question="Which courses?", answer="Genetics, 10 EC")
    foreign = ApplicationFactory(applicant=UserFactory(), first_name="Fenna", last_name="Foreign")

    archive = _zip(application_data_export(user=applicant))
    data = _read_data(archive)

    assert data["account"] == {"email": applicant.email, "full_name": applicant.full_name, "language": "nl"}
    assert [a["reference"] for a in data["applications"]] == [mine.reference, draft.reference]
    stored = {
        f"documents/{d.application.reference}/{d.kind}-{d.original_name.replace('/', '_').strip(' .')}": d
        for d in ApplicationDocument.objects.filter(application__applicant=applicant)
    }
    documents = {name for name in archive.namelist() if name.startswith("documents/")}
    assert documents == set(stored)
    for name, document in stored.items():
        with document.file.open("rb") as file:
            assert archive.read(name) == file.read()
    assert all(".." not in name.split("/") for name in archive.namelist())
    exported = data["applications"][0]
    assert exported["personal_details"]["last_name"] == mine.last_name
    assert exported["information_requests"][0]["answer"] == "Genetics, 10 EC"
    assert [step["by"] for step in exported["timeline"]] == ["applicant", "intake staff"]
    raw = b"".join(archive.read(name) for name in archive.namelist())
    assert foreign.reference.encode() not in raw
    assert b"Foreign" not in raw


def test_export_leaves_out_internal_notes_and_staff_names(applicant):
    officer = StaffUserFactory(full_name="Ingrid Intakemedewerker")
    application = ApplicationFactory(applicant=applicant, status=S.IN_REVIEW, assigned_to=officer)
    InternalNoteFactory(application=application, author=officer, text="Twijfel over de motivatie")
    ApplicationTransitionFactory(application=application, from_status=S.SUBMITTED, to_status=S.IN_REVIEW, actor=officer)

    archive = _zip(application_data_export(user=applicant))
    data = archive.read("data.json").decode()

    assert "Twijfel" not in data
    assert "Ingrid" not in data
    assert officer.email not in data


def test_export_of_a_user_without_applications_holds_the_account_alone(outsider):
    archive = _zip(application_data_export(user=outsider))

    assert archive.namelist() == ["data.json"]
    assert _read_data(archive)["applications"] == []


def test_data_export_page_needs_login(client):
    url = reverse("intake:data-export")

    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302
        assert "/login/" in response["Location"]


def test_data_export_page_lists_the_applications_and_the_post_returns_the_zip(client, applicant):
    application = ApplicationFactory(applicant=applicant)
    client.force_login(applicant)
    url = reverse("intake:data-export")

    page = client.get(url)
    download = client.post(url)

    assert page.status_code == 200
    assert application.reference in page.content.decode()
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    assert download["Content-Disposition"].startswith("attachment;")
    assert "no-store" in download["Cache-Control"]
    assert application.reference in _read_data(_zip(download.content))["applications"][0]["reference"]


def test_profile_links_to_the_data_export(client, applicant):
    client.force_login(applicant)

    response = client.get(reverse("accounts:profile"))

    assert reverse("accounts:data") in response.content.decode()


@pytest.mark.parametrize("count", [1, 50])
def test_data_export_page_runs_a_fixed_number_of_queries(client, applicant, count, django_assert_max_num_queries):
    for _ in range(count):
        ApplicationFactory(applicant=applicant, complete=False)
    client.force_login(applicant)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("intake:data-export"))

    assert response.status_code == 200


# --- which applications are due ----------------------------------------------------------------


def _decided(status=S.REJECTED, when=DECIDED, **fields):
    with time_machine.travel(when, tick=False):
        return ApplicationFactory(status=status, decided_at=when, **fields)


@pytest.mark.parametrize(
    ("after", "due"),
    [
        (datetime.timedelta(days=730), False),
        (datetime.timedelta(days=730, seconds=1), True),
        (datetime.timedelta(days=729, hours=23), False),
    ],
)
def test_a_decided_application_is_due_only_after_the_retention_period(db, after, due):
    application = _decided()

    found = applications_due_for_anonymisation(now=DECIDED + after).filter(pk=application.pk).exists()

    assert found is due


def test_the_retention_period_follows_the_setting(db, settings):
    settings.APPLICATION_RETENTION_DAYS = 30
    application = _decided()

    assert applications_due_for_anonymisation(now=DECIDED + datetime.timedelta(days=31)).get() == application


@pytest.mark.parametrize(
    ("status", "date_field"),
    [
        (S.ADMITTED, "decided_at"),
        (S.ADMITTED_WITH_CONDITIONS, "decided_at"),
        (S.ENROLLED, "decided_at"),
        (S.WITHDRAWN, "withdrawn_at"),
    ],
)
def test_decided_enrolled_and_withdrawn_applications_become_due(db, status, date_field):
    with time_machine.travel(DECIDED, tick=False):
        application = ApplicationFactory(status=status, **{date_field: DECIDED})

    assert applications_due_for_anonymisation(now=DECIDED + datetime.timedelta(days=731)).get() == application


def test_an_untouched_draft_becomes_due_but_a_recently_edited_one_does_not(db):
    with time_machine.travel(DECIDED, tick=False):
        old = ApplicationFactory()
    with time_machine.travel(DECIDED + datetime.timedelta(days=400), tick=False):
        edited = ApplicationFactory()

    due = applications_due_for_anonymisation(now=DECIDED + datetime.timedelta(days=731))

    assert list(due) == [old]
    assert edited not in due


@pytest.mark.parametrize("status", [S.SUBMITTED, S.IN_REVIEW, S.APTITUDE_ASSESSMENT])
def test_applications_in_progress_are_never_due(db, status):
    with time_machine.travel(DECIDED, tick=False):
        ApplicationFactory(status=status, submitted_at=DECIDED)

    assert not applications_due_for_anonymisation(now=DECIDED + datetime.timedelta(days=3000)).exists()


def test_an_anonymised_application_is_no_longer_due(db):
    application = _decided()
    application_anonymise(application=application)

    assert not applications_due_for_anonymisation(now=DECIDED + datetime.timedelta(days=731)).exists()


# --- anonymising ------------------------------------------------------------------------------


@pytest.fixture
def full_application(applicant, intake_officer, django_capture_on_commit_callbacks):
    """A decided application with everything attached, made (as far as possible) through the
    services, so that history rows and notifications exist as in real life."""
    application = ApplicationFactory(applicant=applicant, status=S.IN_REVIEW, submitted_at=DECIDED)
    application.degrees.update(institution="Universiteit Utrecht")
    ApplicationTransitionFactory(application=application, actor=applicant)
    InformationRequestFactory(application=application, question="Cijferlijst?", answer="Zie bijlage")
    InternalNoteFactory(application=application, text="Intern: let op")
    AdmissionConditionFactory(
        application=application,
        kind=AdmissionCondition.Kind.DEFICIENCY_COURSE,
        deficiency_course=DeficiencyCourseFactory(),
        description="Bèta4all: genetica, vóór 1 september",
    )
    ExemptionFactory(application=application, reason="EVC: jaren lesgegeven op het Stedelijk")
    with django_capture_on_commit_callbacks(execute=True):
        intake_services.application_transition(
            application=application, to_status=S.ADMITTED_WITH_CONDITIONS, actor=intake_officer, reason="Welkom, Ayla"
        )
    application.refresh_from_db()
    return application


def test_anonymising_clears_personal_data_and_keeps_the_statistics(full_application, applicant):
    application = full_application
    degree = application.degrees.get()
    kept = {
        "pathway_id": application.pathway_id,
        "subject_id": application.subject_id,
        "start_moment_id": application.start_moment_id,
        "status": application.status,
        "submitted_at": application.submitted_at,
        "decided_at": application.decided_at,
        "decided_by_id": application.decided_by_id,
    }

    assert application_anonymise(application=application) is True

    application.refresh_from_db()
    assert application.applicant is None
    assert application.anonymised_at is not None
    for field in (
        "first_name",
        "last_name",
        "phone",
        "street",
        "postcode",
        "city",
        "country",
        "employer_name",
        "english_proficiency_notes",
        "motivation",
        "decision_explanation",
    ):
        assert getattr(application, field) == "", field
    assert application.date_of_birth is None
    assert {name: getattr(application, name) for name in kept} == kept
    degree_after = PriorDegree.objects.get(pk=degree.pk)
    assert (degree_after.level, degree_after.field_id, degree_after.year) == (
        degree.level,
        degree.field_id,
        degree.year,
    )
    assert degree_after.institution == ""
    assert InformationRequest.objects.get(application=application).question == ""
    condition = AdmissionCondition.objects.get(application=application)
    assert (condition.kind, condition.description) == (AdmissionCondition.Kind.DEFICIENCY_COURSE, "")
    assert condition.deficiency_course_id is not None
    exemption = Exemption.objects.get(application=application)
    assert exemption.reason == "" and exemption.ec == 5
    assert not InternalNote.objects.filter(application=application).exists()
    transitions = ApplicationTransition.objects.filter(application=application)
    assert transitions.count() == 2
    assert not transitions.filter(actor=applicant).exists()
    assert set(transitions.values_list("reason", flat=True)) == {""}


def test_anonymising_deletes_the_documents_from_storage(
    full_application, private_storage, django_capture_on_commit_callbacks
):
    names = list(ApplicationDocument.objects.filter(application=full_application).values_list("file", flat=True))
    assert names and all(private_storage.exists(name) for name in names)

    with django_capture_on_commit_callbacks(execute=True):
        application_anonymise(application=full_application)

    assert not ApplicationDocument.objects.filter(application=full_application).exists()
    assert not any(private_storage.exists(name) for name in names)


def test_anonymising_deletes_the_history_that_holds_the_old_values(full_application):
    last_name = full_application.last_name
    assert full_application.history.count() > 1
    AptitudeAssessmentFactory(application=full_application, advice=f"Advies voor {last_name}")

    application_anonymise(application=full_application)

    history = list(Application.history.filter(id=full_application.pk))
    assert len(history) == 1
    assert history[0].last_name == "" and history[0].applicant_id is None
    for model in (PriorDegree, InformationRequest, AptitudeAssessment, Exemption, AdmissionCondition):
        assert not model.history.filter(application_id=full_application.pk).exists(), model


def test_anonymising_removes_the_notifications_about_the_application(full_application, applicant):
    assert Notification.objects.filter(recipient=applicant).exists()

    application_anonymise(application=full_application)

    assert not Notification.objects.filter(recipient=applicant).exists()


def test_anonymising_twice_changes_nothing_the_second_time(full_application):
    application_anonymise(application=full_application)
    full_application.refresh_from_db()
    stamp = full_application.anonymised_at

    assert application_anonymise(application=full_application) is False

    full_application.refresh_from_db()
    assert full_application.anonymised_at == stamp
    assert Application.history.filter(id=full_application.pk).count() == 1


def test_other_applications_are_untouched(full_application):
    other = ApplicationFactory(applicant=UserFactory(), status=S.REJECTED, decided_at=timezone.now())
    note = InternalNoteFactory(application=other)
    history = other.history.count()

    application_anonymise(application=full_application)

    other.refresh_from_db()
    assert other.applicant is not None and other.last_name
    assert InternalNote.objects.filter(pk=note.pk).exists()
    assert other.history.count() == history
    assert ApplicationDocument.objects.filter(application=other).count() == 3


# --- the command and the tasks ----------------------------------------------------------------


def test_dry_run_counts_and_changes_nothing(db):
    due = _decided()
    not_due = ApplicationFactory(status=S.REJECTED, decided_at=timezone.now())
    out = io.StringIO()

    call_command("anonymise_applications", "--dry-run", stdout=out)

    assert "1 applications due" in out.getvalue()
    assert "Rejected: 1" in out.getvalue()
    assert Application.objects.filter(anonymised_at__isnull=False).count() == 0
    assert {due.pk, not_due.pk} == set(Application.objects.filter(applicant__isnull=False).values_list("pk", flat=True))


def test_command_anonymises_the_due_applications_only(db, django_capture_on_commit_callbacks):
    due = _decided()
    not_due = ApplicationFactory(status=S.REJECTED, decided_at=timezone.now())
    out = io.StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("anonymise_applications", stdout=out)

    due.refresh_from_db()
    not_due.refresh_from_db()
    assert due.anonymised_at is not None and due.applicant is None
    assert not_due.anonymised_at is None and not_due.applicant is not None
    assert "1 applications anonymised" in out.getvalue()


def test_the_daily_task_fans_out_one_task_per_due_application(db, monkeypatch):
    due = [_decided(), _decided(status=S.ADMITTED)]
    ApplicationFactory(status=S.REJECTED, decided_at=timezone.now())
    queued = []
    monkeypatch.setattr(anonymise_application_task, "delay", queued.append)

    assert anonymise_applications_task() == 2

    assert sorted(queued) == sorted(a.pk for a in due)


def test_the_task_rechecks_and_is_idempotent(db):
    due = _decided()
    recent = ApplicationFactory(status=S.REJECTED, decided_at=timezone.now())

    assert anonymise_application_task(due.pk) is True
    assert anonymise_application_task(due.pk) is False
    assert anonymise_application_task(recent.pk) is False
    assert anonymise_application_task(999_999) is False

    recent.refresh_from_db()
    assert recent.anonymised_at is None


def test_the_beat_schedule_runs_the_fan_out_task_daily(settings):
    from iclon.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["anonymise-applications"]
    app.loader.import_default_modules()

    assert entry["task"] == anonymise_applications_task.name
    assert entry["task"] in app.tasks
    assert entry["schedule"].hour == {3}


def test_export_after_anonymisation_no_longer_holds_the_application(full_application, applicant):
    application_anonymise(application=full_application)

    assert _read_data(_zip(application_data_export(user=applicant)))["applications"] == []


def test_bytes_of_the_factory_pdf_are_what_the_export_returns(applicant):
    application = ApplicationFactory(applicant=applicant)

    archive = _zip(application_data_export(user=applicant))

    diploma = f"documents/{application.reference}/diploma-diploma.pdf"
    assert archive.read(diploma) == PDF_BYTES
