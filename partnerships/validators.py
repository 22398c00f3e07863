"""Validation of DUO identifiers and Dutch addresses, shared by models, forms and the import."""

import re

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

BRIN_RE = re.compile(r"^[0-9]{2}[A-Z0-9]{2}$")
BRANCH_RE = re.compile(r"^[0-9]{2}$")
POSTCODE_RE = re.compile(r"^[1-9][0-9]{3} [A-Z]{2}$")
BOARD_NUMBER_RE = re.compile(r"^[0-9]{1,8}$")
MUNICIPALITY_CODE_RE = re.compile(r"^[0-9]{4}$")

validate_brin_code = RegexValidator(
    BRIN_RE,
    _("A BRIN code is four characters: two digits, then two letters or digits (e.g. 12AB)."),
    code="invalid_brin",
)
validate_branch_number = RegexValidator(BRANCH_RE, _("A branch number is two digits (e.g. 00)."), code="invalid_branch")
validate_postcode = RegexValidator(
    POSTCODE_RE, _("Enter a Dutch postcode: four digits and two letters (e.g. 2311 EZ)."), code="invalid_postcode"
)
validate_board_number = RegexValidator(
    BOARD_NUMBER_RE, _("A board number (bevoegd gezag) is up to eight digits."), code="invalid_board"
)
validate_municipality_code = RegexValidator(
    MUNICIPALITY_CODE_RE, _("A municipality code (CBS) is four digits (e.g. 0546)."), code="invalid_municipality"
)


def normalise_postcode(value: str) -> str:
    """'2311ez' and ' 2311  EZ ' become '2311 EZ'; anything else is returned stripped, uppercased."""
    compact = re.sub(r"\s+", "", value or "").upper()
    if len(compact) == 6:
        return f"{compact[:4]} {compact[4:]}"
    return (value or "").strip().upper()


class UpperCaseCharField(models.CharField):
    """A CharField that stores its value stripped and in capitals (codes such as BRIN)."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.strip().upper() if isinstance(value, str) else value


class PostcodeField(models.CharField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 7)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_postcode(value) if isinstance(value, str) and value.strip() else value
