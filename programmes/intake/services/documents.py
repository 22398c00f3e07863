"""Checks of uploaded documents: PDF, JPEG or PNG, recognised by their content, never by the name."""

from __future__ import annotations

import re

import filetype
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.functional import Promise as StrPromise
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from iclon.core.errors import PortalError

ACCEPTED = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


class BadDocument(PortalError):
    """The uploaded file itself is refused: the error belongs to the form's (or the API's) "file"."""

    default_message = _("Upload a PDF, JPEG or PNG file.")

    def __init__(self, message: str | StrPromise | None = None, *, field: str = "file") -> None:
        super().__init__(message, field=field)


def check_upload(upload: UploadedFile) -> str:
    """Return the content type of `upload` if it is an accepted document; raise BadDocument if not.

    The type comes from the file's first bytes (its signature), and the file must then open as
    that type: a PDF must have a PDF header and trailer, an image must decode. The extension and
    the browser's content type are ignored."""
    size = upload.size or 0
    if size == 0:
        raise BadDocument(_("The file is empty."))
    limit = settings.APPLICATION_DOCUMENT_MAX_BYTES
    if size > limit:
        raise BadDocument(
            _("The file is too big (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
        )
    upload.seek(0)
    head = upload.read(2048)
    kind = filetype.guess(head)
    content_type = kind.mime if kind else None
    if content_type not in ACCEPTED:
        raise BadDocument()
    if content_type == "application/pdf":
        _check_pdf(upload, size)
    else:
        _check_image(upload, content_type)
    upload.seek(0)
    return content_type


#: What a browser that sniffs a file's first bytes would take for a web page (a PDF/HTML polyglot).
_MARKUP = re.compile(rb"<\s*(?:!doctype|html|head|body|script|iframe|svg|object|embed|meta|a\s|img|style|\?xml)", re.I)
#: Names under which a PDF carries a script (document or page actions).
_SCRIPT = re.compile(rb"/(?:JavaScript|JS)(?![A-Za-z])")
#: How far browsers look for markup when they sniff (the HTML standard: 1,445 bytes; with margin).
SNIFFED_BYTES = 4096


def _check_pdf(upload: UploadedFile, size: int) -> None:
    """A PDF and nothing else: no markup where a browser sniffs, no scripts, and it must open, with
    at least one page (the signature and %%EOF alone are easy to fake around another file)."""
    upload.seek(max(0, size - 2048))
    if b"%%EOF" not in upload.read():
        raise BadDocument(_("This PDF is damaged or incomplete."))
    upload.seek(0)
    if _MARKUP.search(upload.read(SNIFFED_BYTES)):
        raise BadDocument(_("This file is not only a PDF: it also holds a web page."))
    upload.seek(0)
    if _SCRIPT.search(upload.read()):
        raise BadDocument(_("A PDF with scripts cannot be uploaded: print it to a new PDF first."))
    upload.seek(0)
    try:
        reader = PdfReader(upload, strict=False)
        pages = len(reader.pages)
        names = reader.root_object.get("/Names")
        scripted = names is not None and "/JavaScript" in names.get_object()
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as error:
        raise BadDocument(_("This PDF is damaged or incomplete.")) from error
    if scripted:
        raise BadDocument(_("A PDF with scripts cannot be uploaded: print it to a new PDF first."))
    if pages < 1:
        raise BadDocument(_("This PDF has no pages."))


def _check_image(upload: UploadedFile, content_type: str) -> None:
    from PIL import Image, UnidentifiedImageError

    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image.verify()
            # An image without a format has no MIME type: .get answers None and the check refuses it.
            if Image.MIME.get(image.format) != content_type:  # type: ignore[arg-type]
                raise BadDocument()
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise BadDocument(_("This image is damaged or incomplete.")) from error
