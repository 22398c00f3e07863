"""A PDF is checked deeper than its first and last bytes: a PDF/HTML polyglot, a PDF with scripts,
a PDF without pages and a file that only wears a PDF's signature and trailer are refused, each with
a message that says why; a real PDF passes."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from programmes.intake.services.documents import BadDocument, check_upload
from tests.factories.programmes import PDF_BYTES


def _upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("diploma.pdf", content, content_type="application/pdf")


def _refusal(content: bytes) -> str:
    with pytest.raises(BadDocument) as error, translation.override("en"):
        check_upload(_upload(content))
    with translation.override("en"):
        return str(error.value.message)


def test_a_real_pdf_passes():
    assert check_upload(_upload(PDF_BYTES)) == "application/pdf"


@pytest.mark.parametrize(
    "markup",
    [
        b"<html><body><script>fetch('/api/v1/me/')</script></body></html>",
        b"<!DOCTYPE html><p>hi</p>",
        b"<svg onload=alert(1)>",
        b"<  SCRIPT>alert(1)</script>",
    ],
)
def test_a_pdf_html_polyglot_is_refused(markup):
    # A comment line after the header: PDF readers skip it, a sniffing browser renders it.
    polyglot = PDF_BYTES.replace(b"\n", b"\n%" + markup + b"\n", 1)
    assert polyglot.startswith(b"%PDF-") and polyglot.rstrip().endswith(b"%%EOF")
    assert _refusal(polyglot) == "This file is not only a PDF: it also holds a web page."


def _pdf_with_script() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    action = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")}
    )
    writer._root_object[NameObject("/OpenAction")] = action
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_a_pdf_with_a_script_is_refused():
    assert _refusal(_pdf_with_script()) == "A PDF with scripts cannot be uploaded: print it to a new PDF first."


def test_a_pdf_without_pages_is_refused():
    buffer = io.BytesIO()
    PdfWriter().write(buffer)
    assert _refusal(buffer.getvalue()) == "This PDF has no pages."


def test_a_pdf_without_its_cross_reference_table_is_refused():
    # What the portal accepted until now: the signature, two objects and a trailer.
    bare = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )
    assert _refusal(bare) == "This PDF is damaged or incomplete."


def test_a_signature_and_a_trailer_around_anything_else_is_refused():
    assert _refusal(b"%PDF-1.7\n" + b"\x00\x01garbage" * 100 + b"\n%%EOF\n") == "This PDF is damaged or incomplete."
