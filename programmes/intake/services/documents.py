"""Checks of uploaded documents: PDF, JPEG or PNG, recognised by their content, never by the name."""

from __future__ import annotations

import filetype
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.functional import Promise as StrPromise
from django.utils.translation import gettext_lazy as _

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


def _check_pdf(upload: UploadedFile, size: int) -> None:
    upload.seek(max(0, size - 2048))
    if b"%%EOF" not in upload.read():
        raise BadDocument(_("This PDF is damaged or incomplete."))


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
