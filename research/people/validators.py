"""Validation of what a researcher's profile holds: the ORCID iD (ISO 7064 MOD 11-2 check digit),
the languages and the photo (recognised by its content, never by its name).

An ORCID iD is sixteen characters in four groups of four, the last of which is a check digit
(0-9 or X for ten) over the first fifteen digits (https://support.orcid.org/hc/en-us/articles/
360006897674). People paste it bare (`0000-0002-1825-0097`), as the URL ORCID shows
(`https://orcid.org/0000-0002-1825-0097`), or without dashes; the portal stores the bare form."""

from __future__ import annotations

import re

import filetype
from django.core.exceptions import ValidationError
from django.core.files import File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

_ORCID_URL = re.compile(r"^(?:https?://)?(?:www\.)?orcid\.org/", re.IGNORECASE)
_ORCID_BARE = re.compile(r"^[0-9]{4}-?[0-9]{4}-?[0-9]{4}-?[0-9]{3}[0-9Xx]$")
LANGUAGE_CODE = re.compile(r"^[a-z]{2}$")

#: The largest photo a profile takes.
PHOTO_MAX_BYTES = 2 * 1024 * 1024
PHOTO_TYPES = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}


def orcid_check_digit(base_digits: str) -> str:
    """The ISO 7064 MOD 11-2 check character of the fifteen digits `base_digits` ("0"-"9" or "X")."""
    total = 0
    for digit in base_digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def normalise_orcid(value: str | None) -> str:
    """`value` in the stored form `0000-0002-1825-0097` when it has the shape of an ORCID iD (bare,
    without dashes, or as the orcid.org URL; a lower-case x becomes X), else `value` stripped. The
    checksum is the validator's business."""
    text = _ORCID_URL.sub("", (value or "").strip()).strip("/ ")
    if not _ORCID_BARE.match(text):
        return (value or "").strip()
    compact = text.replace("-", "").upper()
    return "-".join(compact[i : i + 4] for i in range(0, 16, 4))


def validate_orcid(value: str) -> None:
    """Refuse what is not an ORCID iD, or one whose check digit does not match."""
    if not value:
        return
    normal = normalise_orcid(value)
    if not _ORCID_BARE.match(normal) or len(normal) != 19:
        raise ValidationError(
            _("Enter an ORCID iD as 0000-0002-1825-0097 or https://orcid.org/0000-0002-1825-0097."),
            code="invalid_orcid",
        )
    digits = normal.replace("-", "")
    if orcid_check_digit(digits[:15]) != digits[15]:
        raise ValidationError(
            _("This ORCID iD does not exist: its last character (the check digit) does not match. Check for a typo."),
            code="orcid_checksum",
        )


def clean_languages(value: str | None) -> str:
    """Comma-separated two-letter language codes (ISO 639-1), trimmed, lower case, each once:
    ' NL, en,nl ' becomes 'nl, en'. Raises ValidationError for anything else."""
    codes = [code.strip().lower() for code in (value or "").split(",") if code.strip()]
    if not codes or any(not LANGUAGE_CODE.match(code) for code in codes):
        raise ValidationError(_("Give the languages as two-letter codes, e.g. nl, en."), code="invalid_languages")
    return ", ".join(dict.fromkeys(codes))


def validate_languages(value: str) -> None:
    clean_languages(value)


def validate_photo(photo: File) -> None:
    """A JPEG, PNG or WebP image of at most 2 MB that decodes as the type its first bytes say. A
    photo already stored (not a new upload) is not read again."""
    if not photo or getattr(photo, "_committed", False):
        return
    size = photo.size or 0
    if size == 0:
        raise ValidationError(_("The photo is empty."), code="empty_photo")
    if size > PHOTO_MAX_BYTES:
        raise ValidationError(
            _("The photo is too big (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(PHOTO_MAX_BYTES)},
            code="photo_too_big",
        )
    photo.seek(0)
    kind = filetype.guess(photo.read(2048))
    content_type = kind.mime if kind else None
    if content_type not in PHOTO_TYPES:
        raise ValidationError(_("Upload the photo as a JPEG, PNG or WebP image."), code="photo_type")
    photo.seek(0)
    try:
        with Image.open(photo) as image:
            image.verify()
            if image.format != PHOTO_TYPES[content_type]:
                raise ValidationError(_("Upload the photo as a JPEG, PNG or WebP image."), code="photo_type")
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise ValidationError(_("This image is damaged or incomplete."), code="photo_damaged") from error
    finally:
        photo.seek(0)
