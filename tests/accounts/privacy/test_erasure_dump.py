"""Erasure leaves none of the person's values anywhere: after staff carry out the request (and
the retention jobs run), a dump of every table of the database (history tables and the
notification outbox included) and every file under the media and documents folders holds none of
the person's distinctive values."""

import datetime
import pathlib

from django.core import mail
from django.db import connection
from django.utils import timezone
from django_scopes import scopes_disabled

from iclon.accounts.models import ErasureRequest
from iclon.accounts.services import erasure_request_carry_out
from iclon.core.privacy import ERASED
from iclon.notifications.models import Notification
from professionalisation.outreach.services.visit_public import visit_submissions_purge
from programmes.intake.models import Application, ApplicationStatus
from programmes.intake.services.privacy import application_anonymise_if_due, applications_due_for_anonymisation
from programmes.placements.models import Placement, PlacementStatus
from tests.accounts.privacy.conftest import (
    ANSWER,
    DISTINCTIVE,
    DOCUMENT,
    EMAIL,
    MOTIVATION,
    NAME,
    PHONE,
    PHOTO,
    STRENGTHS,
    WISH,
)
from tests.factories import ErasureRequestFactory, StaffUserFactory


def _dump_database() -> dict[str, str]:
    """Every table's rows as text, one string per table."""
    dump = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            # The table names come from the database itself, quoted.
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            dump[table] = "\n".join(" | ".join(str(value) for value in row) for row in cursor.fetchall())
    return dump


def _files(root: pathlib.Path) -> dict[str, bytes]:
    return {str(path): path.read_bytes() for path in root.rglob("*") if path.is_file()}


def _found(dump: dict[str, str], files: dict[str, bytes]) -> list[str]:
    found = []
    for value in DISTINCTIVE:
        for table, text in dump.items():
            if value.lower() in text.lower():
                found.append(f"{value!r} in table {table}")
        for path, content in files.items():
            if value.lower().encode() in content.lower():
                found.append(f"{value!r} in file {path}")
    found += [f"the document in {path}" for path, content in files.items() if content == DOCUMENT]
    return found


def test_the_dump_finds_the_persons_values_before_erasure(person, private_storage):
    """The check itself sees the values where they are (else the test below would prove nothing)."""
    found = _found(_dump_database(), _files(private_storage))

    tables = {line.split(" in table ")[1] for line in found if " in table " in line}
    assert {"accounts_user", "account_emailaddress", "notifications_notification", "programmes_application"} <= tables
    assert {"programmes_historicalapplication", "programmes_placementwish", "programmes_evaluation"} <= tables
    assert {"professionalisation_registration", "professionalisation_historicalregistrationinvitation"} <= tables
    assert any(line.startswith("the document in ") for line in found)
    files = {line.split(" in file ")[0] for line in found if " in file " in line}
    assert repr(PHOTO.decode()) in files  # the researcher's photo under MEDIA_ROOT
    assert {"research_researcher", "research_historicalresearcher", "partnerships_schoolinvitation"} <= tables
    assert {
        "professionalisation_palhours",
        "professionalisation_visitevaluation",
        "professionalisation_visitsubmission",
    } <= tables
    assert {"professionalisation_historicalvisitrequest", "professionalisation_researcherunavailability"} <= tables
    assert "django_admin_log" in tables


def test_after_erasure_no_table_and_no_file_holds_any_of_the_persons_values(
    person, private_storage, django_capture_on_commit_callbacks
):
    administrator = StaffUserFactory(is_superuser=True)
    request = ErasureRequestFactory(user=person.user, reason=f"Please forget {NAME}.")

    with django_capture_on_commit_callbacks(execute=True):
        erasure_request_carry_out(request=request, actor=administrator)
        # The retention jobs that run afterwards leave nothing of the person either.
        later = timezone.now() + datetime.timedelta(days=4000)
        with scopes_disabled():
            for pk in applications_due_for_anonymisation(now=later).values_list("pk", flat=True):
                application_anonymise_if_due(application_id=pk, now=later)
        visit_submissions_purge(now=later)

    found = _found(_dump_database(), _files(private_storage))
    assert found == []
    # What the law keeps stays, without the person: the study record and the registration.
    with scopes_disabled():
        application = Application.objects.get(pk=person.application.pk)
    assert application.status == ApplicationStatus.ADMITTED and application.applicant is None
    assert application.anonymised_at is not None
    person.user.refresh_from_db()
    assert not person.user.is_active and not person.user.has_usable_password()
    assert person.user.email == f"erased-{person.user.pk}@erased.invalid"
    # Staff's notification about the person keeps its event, not the person.
    staff_notification = Notification.objects.get(subject__startswith="Nieuwe aanmelding")
    assert staff_notification.subject == f"Nieuwe aanmelding van {ERASED}"
    # The person was told, at the address they had, and the outbox kept no copy.
    assert [message.to for message in mail.outbox] == [[EMAIL]]
    assert NAME in mail.outbox[0].body
    assert ErasureRequest.objects.get(pk=request.pk).status == ErasureRequest.Status.CARRIED_OUT


def test_the_retention_job_alone_leaves_none_of_the_applications_values(
    person, private_storage, django_capture_on_commit_callbacks
):
    """Intake's anonymisation after the retention period (no erasure request): the application's
    own values (phone, motivation, answers, wishes, evaluations, the document) are gone from every
    table and file; the account stays, so its name and address stay."""
    later = timezone.now() + datetime.timedelta(days=4000)
    with scopes_disabled(), django_capture_on_commit_callbacks(execute=True):
        Application.objects.filter(pk=person.application.pk).update(decided_at=timezone.now())
        # The placement is over (a live one holds the anonymisation back).
        Placement.objects.filter(pk=person.placement.pk).update(status=PlacementStatus.COMPLETED)
        due = list(applications_due_for_anonymisation(now=later).values_list("pk", flat=True))
        for pk in due:
            application_anonymise_if_due(application_id=pk, now=later)

    dump, files = _dump_database(), _files(private_storage)

    assert person.application.pk in due
    application_values = [PHONE, MOTIVATION, WISH, STRENGTHS, ANSWER]
    assert [v for v in application_values if any(v.lower() in text.lower() for text in dump.values())] == []
    assert [path for path, content in files.items() if content == DOCUMENT] == []
