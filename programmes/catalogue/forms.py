"""The route finder's question, shared by the page and the API (GET parameters, same names)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from programmes.catalogue.models import DegreeField, PriorEducation, SchoolSubject, Sector
from programmes.catalogue.route_finder import FinderInput

STUDY_MODE_CHOICES = [
    ("any", _("No preference")),
    ("full_time", _("Full-time")),
    ("part_time", _("Part-time (or work-study)")),
]
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class YesNoField(forms.TypedChoiceField):
    """A yes/no question as radio buttons; also accepts true/false/1/0 from scripts."""

    def __init__(self, *args, default: bool, **kwargs):
        self.default = default
        super().__init__(*args, choices=YES_NO, widget=forms.RadioSelect, required=False, **kwargs)
        self.initial = "yes" if default else "no"

    def to_python(self, value):
        aliases = {"true": "yes", "1": "yes", "on": "yes", "false": "no", "0": "no", "off": "no"}
        value = super().to_python(value)
        return aliases.get(str(value).lower(), value) if value not in (None, "") else value

    def clean(self, value):
        value = super().clean(value)
        return self.default if value in (None, "") else value == "yes"


class RouteFinderForm(forms.Form):
    prior_education = forms.ChoiceField(
        label=_("Your highest education"), choices=PriorEducation.choices, widget=forms.RadioSelect
    )
    degree_field = forms.ModelChoiceField(
        label=_("Field of that degree"),
        queryset=DegreeField.objects.order_by("name_nl"),
        to_field_name="slug",
        required=False,
        empty_label=_("— choose a field —"),
        help_text=_("The field of your bachelor or master, e.g. biology or law."),
    )
    subject = forms.ModelChoiceField(
        label=_("School subject you want to teach"),
        queryset=SchoolSubject.objects.order_by("order", "name_nl"),
        to_field_name="slug",
        required=False,
        empty_label=_("— choose a subject —"),
        help_text=_("Only for secondary education."),
    )
    sector = forms.ChoiceField(label=_("Where do you want to teach?"), choices=Sector.choices, widget=forms.RadioSelect)
    employed_as_teacher = YesNoField(label=_("Do you already work as a teacher at a school?"), default=False)
    study_mode = forms.ChoiceField(
        label=_("Full-time or part-time?"), choices=STUDY_MODE_CHOICES, initial="any", required=False
    )
    dutch_secondary_diploma = YesNoField(label=_("Do you have a Dutch secondary-school diploma?"), default=True)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("sector") == Sector.VO and not cleaned.get("subject") and not self.has_error("subject"):
            self.add_error("subject", _("Choose the subject you want to teach in secondary education."))
        if cleaned.get("sector") == Sector.PO:
            cleaned["subject"] = None  # primary school teachers teach every subject
        return cleaned

    def finder_input(self) -> FinderInput:
        data = self.cleaned_data
        return FinderInput(
            prior_education=data["prior_education"],
            sector=data["sector"],
            study_mode=data.get("study_mode") or "any",
            degree_field=data.get("degree_field"),
            subject=data.get("subject"),
            employed_as_teacher=data["employed_as_teacher"],
            dutch_secondary_diploma=data["dutch_secondary_diploma"],
        )
