"""document_add: who may add a document when, what is stored, and that a refusal leaves nothing
behind (no row, no file). Messages are compared as written in the code (English)."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from iclon.core.errors import Conflict, NotAllowed, PortalError
from programmes.intake.services.applications import document_add
from programmes.models import ApplicationDocument, DocumentKind
from tests.factories import ApplicationFactory, InformationRequestFactory
from tests.factories.programmes import PDF_BYTES
from tests.utils import nothing_written

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_storage")]

DRAFT_OR_REQUEST = "Documents can be added to a draft, or to answer a request for information."


@pytest.fixture
def storage(private_storage):
    """The folder the documents go to."""
    return Path(private_storage.location)


def pdf(name="diploma.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def files_in(folder):
    return sorted(path.name for path in folder.rglob("*") if path.is_file()) if folder.exists() else []


def test_the_applicant_adds_a_document_to_their_draft_and_everything_about_it_is_stored():
    application = ApplicationFactory(complete=False)

    document = document_add(
        application=application, kind=DocumentKind.DIPLOMA, upload=pdf("Diploma Anna.pdf"), actor=application.applicant
    )

    stored = ApplicationDocument.objects.get(pk=document.pk)
    assert (stored.application, stored.kind, stored.original_name) == (
        application,
        DocumentKind.DIPLOMA,
        "Diploma Anna.pdf",
    )
    assert (stored.content_type, stored.size, stored.uploaded_by) == (
        "application/pdf",
        len(PDF_BYTES),
        application.applicant,
    )
    assert stored.file.read() == PDF_BYTES


def test_a_long_file_name_keeps_its_last_200_characters():
    application = ApplicationFactory(complete=False)
    name = "a" * 250 + ".pdf"
    document = document_add(
        application=application, kind=DocumentKind.CV, upload=pdf(name), actor=application.applicant
    )
    assert ApplicationDocument.objects.get(pk=document.pk).original_name == name[-200:]


def test_a_submitted_application_takes_no_document_from_its_applicant_without_an_open_request(storage):
    application = ApplicationFactory(status="submitted")
    InformationRequestFactory(application=application, answer="Al gedaan.", answered_at=timezone.now())
    before = files_in(storage)
    with translation.override("en"), nothing_written(ApplicationDocument), pytest.raises(Conflict) as error:
        document_add(application=application, kind=DocumentKind.CV, upload=pdf(), actor=application.applicant)
    assert str(error.value) == DRAFT_OR_REQUEST
    assert files_in(storage) == before


def test_an_open_request_for_information_lets_the_applicant_add_a_document():
    request = InformationRequestFactory()
    application = request.application
    document = document_add(application=application, kind=DocumentKind.OTHER, upload=pdf(), actor=application.applicant)
    assert ApplicationDocument.objects.get(pk=document.pk).uploaded_by == application.applicant


def test_intake_staff_add_a_document_at_any_time(intake_officer):
    application = ApplicationFactory(status="submitted")
    document = document_add(application=application, kind=DocumentKind.OTHER, upload=pdf(), actor=intake_officer)
    assert ApplicationDocument.objects.get(pk=document.pk).uploaded_by == intake_officer


@pytest.mark.parametrize("who", ["outsider", "placement_coordinator", "school_a_contact"])
def test_nobody_else_adds_a_document(request, storage, who):
    application = ApplicationFactory(complete=False)
    before = files_in(storage)
    with nothing_written(ApplicationDocument), pytest.raises(NotAllowed):
        document_add(application=application, kind=DocumentKind.CV, upload=pdf(), actor=request.getfixturevalue(who))
    assert files_in(storage) == before


def test_an_unknown_kind_of_document_is_refused_on_its_field(storage):
    application = ApplicationFactory(complete=False)
    before = files_in(storage)
    with translation.override("en"), nothing_written(ApplicationDocument), pytest.raises(PortalError) as error:
        document_add(application=application, kind="passport", upload=pdf(), actor=application.applicant)
    assert (str(error.value), error.value.field) == ("Choose the kind of document.", "kind")
    assert files_in(storage) == before
