"""The year rollover's form: which academic year to copy (by its first calendar year)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programmes.cycle.models import academic_year_label
from programmes.cycle.selectors import academic_year_of
from programmes.cycle.services import EARLIEST_YEAR, LATEST_YEAR


class YearRolloverForm(forms.Form):
    from_year = forms.TypedChoiceField(
        label=_("Academic year to copy"),
        coerce=int,
        error_messages={
            "required": _("Choose the academic year to copy."),
            "invalid_choice": _("Choose one of the academic years in the list."),
        },
        help_text=_("Its start moments and placement periods are copied to the next academic year, a year later."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = academic_year_of(timezone.localdate())
        first, last = max(EARLIEST_YEAR, this_year - 3), min(LATEST_YEAR, this_year + 3)
        self.fields["from_year"].choices = [
            (year, f"{academic_year_label(year)} → {academic_year_label(year + 1)}") for year in range(first, last + 1)
        ]
        self.fields["from_year"].initial = this_year
