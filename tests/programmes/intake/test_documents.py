"""Documents through the pages: uploads checked by content (wrong type, spoofed extension, too big,
empty), removal, uploads while a request for information is open, and the download's tenancy and
headers."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from programmes.intake.services.documents import BadDocument, check_upload
from programmes.models import ApplicationDocument, ApplicationStatus, DocumentKind
from tests.factories import ApplicationDocumentFactory, ApplicationFactory, InformationRequestFactory
from tests.factories.programmes import PDF_BYTES

S = ApplicationStatus


@pytest.fixture(autouse=True)
def _english(client, settings):
    """The pages in English, so the assertions read the (untranslated) source strings."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def documents_url(application):
    return reverse("intake:application-step", kwargs={"pk": application.pk, "step": "documents"})


def download_url(document):
    return reverse("intake:document-download", kwargs={"pk": document.application_id, "document_pk": document.pk})


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "navy").save(buffer, format="PNG")
    return buffer.getvalue()


def assert_no_file(response):
    """A refused download sends a page, not the document."""
    assert not response.streaming
    assert not response.has_header("Content-Disposition")
    assert PDF_BYTES not in response.content


def upload(client, application, name, content, content_type="application/pdf", kind=DocumentKind.DIPLOMA):
    return client.post(
        documents_url(application),
        {"action": "upload", "kind": kind, "file": SimpleUploadedFile(name, content, content_type=content_type)},
    )


@pytest.fixture
def draft(client, applicant):
    client.force_login(applicant)
    return ApplicationFactory(applicant=applicant, complete=False)


# --- uploads ------------------------------------------------------------------------------------


def test_a_pdf_is_stored_privately_with_its_checked_type(client, draft, settings):
    response = upload(client, draft, "mijn diploma.pdf", PDF_BYTES)
    assert response["Location"] == documents_url(draft)
    document = draft.documents.get()
    assert (document.kind, document.original_name, document.content_type, document.size) == (
        DocumentKind.DIPLOMA,
        "mijn diploma.pdf",
        "application/pdf",
        len(PDF_BYTES),
    )
    assert "diploma" not in document.file.name  # a random name, outside the media folder
    assert not document.file.path.startswith(str(settings.MEDIA_ROOT))
    with document.file.open("rb") as handle:
        assert handle.read() == PDF_BYTES


def test_a_png_is_accepted(client, draft):
    upload(client, draft, "scan.png", png_bytes(), "image/png", kind=DocumentKind.CV)
    assert draft.documents.get().content_type == "image/png"


@pytest.mark.parametrize(
    ("name", "content", "content_type", "message"),
    [
        ("notes.txt", b"just some text, not a document", "text/plain", "Upload a PDF, JPEG or PNG file."),
        ("archive.zip", b"PK\x03\x04" + b"\x00" * 64, "application/zip", "Upload a PDF, JPEG or PNG file."),
        (
            "diploma.pdf",
            b"<!DOCTYPE html><html><script>alert(1)</script></html>",
            "application/pdf",
            "Upload a PDF, JPEG or PNG file.",
        ),
        ("cut.pdf", PDF_BYTES[:40], "application/pdf", "This PDF is damaged or incomplete."),
        ("photo.png", png_bytes()[:30], "image/png", "This image is damaged or incomplete."),
        ("empty.pdf", b"", "application/pdf", "The file is empty."),
    ],
    ids=["text", "zip", "html-named-pdf", "truncated-pdf", "broken-image", "empty"],
)
def test_a_bad_upload_is_refused_with_a_clear_error(client, draft, name, content, content_type, message):
    response = upload(client, draft, name, content, content_type)
    assert response.status_code == 200
    assert message in response.context["document_form"].errors["file"]
    assert message in response.content.decode()
    assert not ApplicationDocument.objects.exists()
    # What was chosen stays chosen.
    assert response.context["document_form"]["kind"].value() == DocumentKind.DIPLOMA


def test_a_refused_file_names_the_file_field_for_every_edge():
    """BadDocument is about the uploaded file: pages and the API show it on "file" through the one
    helper (core.forms.add_portal_error), not a hand-made mapping."""
    with pytest.raises(BadDocument) as refused:
        check_upload(SimpleUploadedFile("empty.pdf", b"", "application/pdf"))
    assert refused.value.field == "file"


def test_a_file_over_the_limit_is_refused(client, draft, settings):
    settings.APPLICATION_DOCUMENT_MAX_BYTES = len(PDF_BYTES) - 1
    response = upload(client, draft, "big.pdf", PDF_BYTES)
    assert "too big" in response.context["document_form"].errors["file"][0]
    assert not ApplicationDocument.objects.exists()


def test_the_kind_is_required(client, draft):
    response = upload(client, draft, "diploma.pdf", PDF_BYTES, kind="")
    assert "kind" in response.context["document_form"].errors


def test_a_document_of_the_draft_can_be_removed(client, draft, django_capture_on_commit_callbacks):
    document = ApplicationDocumentFactory(application=draft)
    name, storage = document.file.name, document.file.storage
    with django_capture_on_commit_callbacks(execute=True):
        client.post(documents_url(draft), {"action": "remove", "document": document.pk})
    assert not draft.documents.exists()
    assert not storage.exists(name)


def test_another_applicants_draft_takes_no_upload(client, draft, outsider):
    other = ApplicationFactory(applicant=outsider, complete=False)
    assert upload(client, other, "diploma.pdf", PDF_BYTES).status_code == 404
    assert not other.documents.exists()


def test_a_submitted_application_takes_a_document_while_a_request_is_open(client, applicant):
    client.force_login(applicant)
    application = ApplicationFactory(applicant=applicant, status=S.IN_REVIEW)
    url = reverse("intake:document-upload", kwargs={"pk": application.pk})
    file = {"kind": DocumentKind.OTHER, "file": SimpleUploadedFile("extra.pdf", PDF_BYTES, "application/pdf")}
    response = client.post(url, file, follow=True)
    assert not application.documents.filter(kind=DocumentKind.OTHER).exists()
    # The service's own refusal, not a generic message.
    assert [str(m) for m in response.context["messages"]] == [
        "Documents can be added to a draft, or to answer a request for information."
    ]

    InformationRequestFactory(application=application)
    assert "Add a document" in client.get(reverse("intake:application-detail", args=[application.pk])).content.decode()
    file["file"] = SimpleUploadedFile("extra.pdf", PDF_BYTES, "application/pdf")
    response = client.post(url, file)
    assert response.status_code == 302
    assert application.documents.filter(kind=DocumentKind.OTHER).exists()

    file["file"] = SimpleUploadedFile("page.pdf", b"<html></html>", "application/pdf")
    response = client.post(url, file)
    assert response.status_code == 400
    assert "Upload a PDF, JPEG or PNG file." in response.content.decode()


def test_a_submitted_application_without_open_request_removes_nothing(client, applicant):
    client.force_login(applicant)
    application = ApplicationFactory(applicant=applicant, status=S.SUBMITTED)
    document = application.documents.first()
    client.post(documents_url(application), {"action": "remove", "document": document.pk})
    assert ApplicationDocument.objects.filter(pk=document.pk).exists()


# --- download -----------------------------------------------------------------------------------


@pytest.fixture
def document(applicant):
    return ApplicationDocumentFactory(application=ApplicationFactory(applicant=applicant, complete=False))


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("applicant", 200),
        ("outsider", 404),
        ("school_a_contact", 404),
        ("intake_officer", 200),
        ("programme_coordinator", 200),
        ("placement_coordinator", 404),
        ("anonymous", 302),
    ],
)
def test_download_is_for_the_applicant_and_intake_staff_only(client, persona, document, who, expected):
    user = persona(who)
    if user is not None:
        client.force_login(user)
    response = client.get(download_url(document))
    assert response.status_code == expected
    if expected == 200:
        assert b"".join(response.streaming_content) == PDF_BYTES
    else:
        assert_no_file(response)
    if expected == 302:
        assert response["Location"].startswith(reverse("account_login"))


def test_download_streams_the_file_as_an_attachment_with_safe_headers(client, applicant, document):
    client.force_login(applicant)
    response = client.get(download_url(document))
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "diploma.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_a_document_under_another_applications_url_is_404(client, applicant, document):
    client.force_login(applicant)
    mine = ApplicationFactory(applicant=applicant, complete=False)
    url = reverse("intake:document-download", kwargs={"pk": mine.pk, "document_pk": document.pk})
    response = client.get(url)
    assert response.status_code == 404
    assert_no_file(response)


def test_a_file_missing_from_storage_is_404(client, applicant, document):
    client.force_login(applicant)
    document.file.storage.delete(document.file.name)
    response = client.get(download_url(document))
    assert response.status_code == 404
    assert_no_file(response)
    assert "404.html" in [template.name for template in response.templates], "the portal's 404 page, not a 500"
