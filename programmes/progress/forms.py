"""The bulk entry per module (a header: module, date, examiner; a row per trainee) and the CSV
import's upload. The forms only read the input; the services check it (programmes/progress/
services.py) and their errors are shown on the row and field they concern."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from iclon.accounts.models import User
from programmes.catalogue.models import Module, Pathway
from programmes.progress.models import FIRST_RESULT_DATE, HIGHEST_GRADE, LOWEST_GRADE, Outcome
from programmes.progress.permissions import may_examine


class ModuleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Module) -> str:
        return f"{obj.pathway.name} – {obj.name}"


class ExaminerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.full_name} ({obj.email})"


class BulkHeaderForm(forms.Form):
    module = ModuleChoiceField(
        label=_("Module"),
        queryset=Module.objects.select_related("pathway").order_by("pathway__name_nl", "order", "pk"),
        error_messages={"required": _("Choose the module."), "invalid_choice": _("Choose the module.")},
    )
    date = forms.DateField(
        label=_("Date of the assessment"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        error_messages={"required": _("Enter the date of the result."), "invalid": _("Enter a valid date.")},
    )
    examiner = ExaminerChoiceField(
        label=_("Examiner"),
        queryset=User.objects.filter(is_staff=True, is_active=True).order_by("full_name", "pk"),
        error_messages={"required": _("Choose the examiner."), "invalid_choice": _("Choose the examiner.")},
    )

    def clean(self):
        """The header's checks, once for the whole table (the services check each row again)."""
        data = super().clean()
        day = data.get("date")
        if day is not None and day > timezone.localdate():
            self.add_error("date", _("The date of a result cannot be in the future."))
        elif day is not None and day < FIRST_RESULT_DATE:
            self.add_error(
                "date",
                _("The date of a result cannot be before %(date)s, the start of the modular education.")
                % {"date": date_format(FIRST_RESULT_DATE, "j F Y")},
            )
        examiner = data.get("examiner")
        if examiner is not None and not may_examine(examiner):
            self.add_error("examiner", _("The examiner must be an active ICLON staff member."))
        return data


class BehindFilterForm(forms.Form):
    """The filters of the behind-plan list (GET): whose trainees and which pathway."""

    adviser = forms.ChoiceField(
        label=_("Study adviser"),
        required=False,
        choices=[("mine", _("My trainees")), ("none", _("Without a study adviser")), ("all", _("All trainees"))],
    )
    pathway = forms.ModelChoiceField(
        label=_("Route"),
        required=False,
        queryset=Pathway.objects.order_by("name_nl", "pk"),
        empty_label=_("All routes"),
    )


class GradeField(forms.DecimalField):
    """A grade as people type it in either language: 7.5 or 7,5."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)


class BulkRowForm(forms.Form):
    trainee = forms.IntegerField(widget=forms.HiddenInput)
    grade = GradeField(
        label=_("Grade"),
        required=False,
        max_digits=3,
        decimal_places=1,
        min_value=LOWEST_GRADE,
        max_value=HIGHEST_GRADE,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 4, "autocomplete": "off"}),
        error_messages={
            "invalid": _("A grade is a number from 1.0 to 10.0, with one decimal."),
            "min_value": _("A grade is a number from 1.0 to 10.0, with one decimal."),
            "max_value": _("A grade is a number from 1.0 to 10.0, with one decimal."),
            "max_decimal_places": _("A grade is a number from 1.0 to 10.0, with one decimal."),
            "max_digits": _("A grade is a number from 1.0 to 10.0, with one decimal."),
        },
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        required=False,
        choices=[("", _("– (from the grade)")), *Outcome.choices],
    )

    @property
    def entered(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return data.get("grade") is not None or bool(data.get("outcome"))


BulkRowFormSet = forms.formset_factory(BulkRowForm, extra=0, max_num=500, validate_max=True)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        required=False,
        error_messages={"empty": _("The file is empty.")},
    )
    content = forms.CharField(widget=forms.HiddenInput, required=False)
