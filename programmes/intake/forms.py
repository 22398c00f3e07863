"""The applicant's forms: starting an application, the steps of the draft, answers and withdrawal.

Forms only read and validate input; the views hand the cleaned data to the intake services,
which hold every rule. A field that a step must have before the application can be submitted is
required here too, so the applicant hears about it at the step rather than only on the review page.
"""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from partnerships.models import School
from programmes.catalogue.models import DegreeField, PriorEducation, SchoolSubject, StartMoment
from programmes.intake.models import (
    EMPLOYMENT_HOURS_MAX,
    EMPLOYMENT_HOURS_MIN,
    Application,
    DocumentKind,
    DutchProficiency,
)

OTHER_FIELD = "other"
SCHOOL_SEARCH_LIMIT = 30
MOTIVATION_MIN = 50
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class StartMomentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _("Starts %(start)s (apply by %(deadline)s)") % {
            "start": date_format(obj.starts_on, "j F Y"),
            "deadline": date_format(obj.application_deadline, "j F Y"),
        }


class ApplicationStartForm(forms.Form):
    """Which start moment (only those still open) and, where the route has several, which subject."""

    start_moment = StartMomentChoiceField(
        label=_("Start moment"),
        queryset=StartMoment.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Choose when you want to start."),
            "invalid_choice": _("Choose one of the start moments that are open for applications."),
        },
    )
    subject = forms.ModelChoiceField(
        label=_("School subject"),
        queryset=SchoolSubject.objects.none(),
        to_field_name="slug",
        empty_label=_("— choose a subject —"),
        error_messages={
            "required": _("Choose the school subject you want to teach."),
            "invalid_choice": _("Choose one of the subjects this route is offered for."),
        },
    )

    def __init__(self, *args, open_starts, subjects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start_moment"].queryset = StartMoment.objects.filter(pk__in=[start.pk for start in open_starts])
        # The choices are the starts already loaded, so rendering runs no query.
        self.fields["start_moment"].choices = [
            (start.pk, self.fields["start_moment"].label_from_instance(start)) for start in open_starts
        ]
        if len(subjects) > 1:
            self.fields["subject"].queryset = SchoolSubject.objects.filter(pk__in=[subject.pk for subject in subjects])
            self.fields["subject"].choices = [("", self.fields["subject"].empty_label)] + [
                (subject.slug, subject.name) for subject in subjects
            ]
        else:
            del self.fields["subject"]


class DraftStepForm(forms.ModelForm):
    """A step of the draft: a ModelForm only for its widgets and labels; the service saves it."""

    def __init__(self, *args, application: Application, **kwargs):
        self.application = application
        super().__init__(*args, instance=application, **kwargs)

    def draft_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data}

    def _post_clean(self):
        # The service validates the model (full_clean) in its own transaction; do not do it twice
        # here, and never write to the instance the view still reads for re-rendering.
        pass


class PersonalDetailsForm(DraftStepForm):
    class Meta:
        model = Application
        fields = ["first_name", "last_name", "date_of_birth", "phone", "street", "postcode", "city", "country"]
        widgets = {"date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        required = {
            "first_name": _("Enter your first name."),
            "last_name": _("Enter your last name."),
            "date_of_birth": _("Enter your date of birth."),
            "postcode": _("Enter the postcode of your address."),
            "city": _("Enter the town or city you live in."),
        }
        for name, message in required.items():
            self.fields[name].required = True
            self.fields[name].error_messages["required"] = message
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["date_of_birth"].widget.attrs["autocomplete"] = "bday"
        self.fields["phone"].widget.attrs.update(autocomplete="tel", type="tel")
        self.fields["street"].widget.attrs["autocomplete"] = "address-line1"
        self.fields["postcode"].widget.attrs["autocomplete"] = "postal-code"
        self.fields["city"].widget.attrs["autocomplete"] = "address-level2"
        self.fields["country"].widget.attrs["autocomplete"] = "country-name"

    def clean_date_of_birth(self):
        value = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if value and not (today.year - 100 <= value.year <= today.year - 15):
            raise forms.ValidationError(_("Enter your real date of birth."))
        return value


class DegreeForm(forms.Form):
    level = forms.ChoiceField(
        label=_("Level"),
        choices=[("", _("— choose a level —")), *[(v, lbl) for v, lbl in PriorEducation.choices if v != "none"]],
        error_messages={"required": _("Choose the level of the degree.")},
    )
    field = forms.ChoiceField(
        label=_("Field of the degree"),
        choices=[],
        error_messages={"required": _("Choose the field of the degree, or “Other” and describe it.")},
    )
    field_other = forms.CharField(
        label=_("Describe the field, if it is not in the list"), max_length=200, required=False
    )
    institution = forms.CharField(
        label=_("University or school"),
        max_length=200,
        error_messages={"required": _("Enter the university or school where you took the degree.")},
    )
    year = forms.IntegerField(
        label=_("Year completed (or expected)"),
        min_value=1950,
        max_value=2100,
        widget=forms.NumberInput,
        error_messages={"required": _("Enter the year you completed the degree, or expect to.")},
    )
    subject_content_ec = forms.IntegerField(
        label=_("EC of subject content"),
        min_value=0,
        max_value=600,
        required=False,
        help_text=_("Credits of courses in the discipline of the school subject; leave empty if you do not know."),
    )

    def __init__(self, *args, degree_fields, **kwargs):
        super().__init__(*args, **kwargs)
        self.degree_fields = {str(field.pk): field for field in degree_fields}
        self.fields["field"].choices = [
            ("", _("— choose a field —")),
            *[(str(field.pk), field.name) for field in degree_fields],
            (OTHER_FIELD, _("Other (describe it below)")),
        ]

    def clean(self):
        cleaned = super().clean()
        field = cleaned.get("field")
        if field == OTHER_FIELD and not (cleaned.get("field_other") or "").strip():
            self.add_error("field_other", _("Describe the field of your degree."))
        return cleaned

    def degree_fields_for_service(self) -> dict:
        data = self.cleaned_data
        field = None if data["field"] == OTHER_FIELD else self.degree_fields[data["field"]]
        return {
            "level": data["level"],
            "field": field,
            "field_other": data["field_other"].strip() if field is None else "",
            "institution": data["institution"].strip(),
            "year": data["year"],
            "subject_content_ec": data.get("subject_content_ec"),
        }


def degree_field_choices():
    return list(DegreeField.objects.order_by("name_nl"))


class SchoolChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        place = f", {obj.city}" if obj.city else ""
        return f"{obj.name}{place} ({obj.code})"


class EmploymentForm(DraftStepForm):
    """Employment as a teacher. The school comes from the school register: a search by name, town
    or BRIN code narrows the list (a plain form submit, so it works without JavaScript)."""

    employed_as_teacher = forms.TypedChoiceField(
        label=_("Do you work as a teacher at a school?"),
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether you work as a teacher at a school.")},
    )
    school_query = forms.CharField(
        label=_("Find your school"),
        required=False,
        max_length=100,
        help_text=_("Type the school's name, town or BRIN code (e.g. 18BR) and choose Search."),
    )
    employing_school = SchoolChoiceField(
        label=_("School"),
        queryset=School.objects.filter(is_active=True),
        required=False,
        empty_label=_("— search first, then choose the school —"),
    )

    class Meta:
        model = Application
        fields = ["employed_as_teacher", "employing_school", "employer_name", "employment_hours"]

    def __init__(self, *args, school_query: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if "employed_as_teacher" not in self.initial or isinstance(self.initial["employed_as_teacher"], bool):
            self.initial["employed_as_teacher"] = "yes" if self.application.employed_as_teacher else "no"
        self.fields["employment_hours"].widget.attrs.update(min=EMPLOYMENT_HOURS_MIN, max=EMPLOYMENT_HOURS_MAX)
        self.fields["employment_hours"].help_text = _("Hours a week, as in your contract.")
        # Only the matches (and the school already chosen) are offered; any active school validates.
        source = self.data if self.is_bound else self.initial
        if school_query is None:
            school_query = source.get("school_query") or ""
        query = school_query.strip()
        chosen_pk = source.get("employing_school") or self.application.employing_school_id
        self.school_matches = school_search(query) if query else []
        options = list(self.school_matches)
        if chosen_pk and str(chosen_pk).isdigit() and all(str(school.pk) != str(chosen_pk) for school in options):
            options = list(School.objects.filter(pk=chosen_pk)) + options
        field = self.fields["employing_school"]
        field.widget.choices = [("", field.empty_label)] + [
            (school.pk, field.label_from_instance(school)) for school in options
        ]
        self.searched_query = query

    def clean(self):
        cleaned = super().clean()
        employed = cleaned.get("employed_as_teacher")
        if employed:
            if not cleaned.get("employing_school") and not (cleaned.get("employer_name") or "").strip():
                self.add_error("employing_school", _("Choose your school, or write the name of your employer."))
        elif employed is False and self.application.pathway.requires_teaching_job:
            self.add_error(
                "employed_as_teacher", _("This route is for teachers in employment at a school (lateral entry).")
            )
        return cleaned

    def draft_fields(self) -> dict:
        fields = super().draft_fields()
        fields["employer_name"] = (fields.get("employer_name") or "").strip()
        return fields


def school_search(query: str):
    """Active schools whose name, town or code matches `query` (at most SCHOOL_SEARCH_LIMIT)."""
    query = query.strip()
    condition = Q(name__icontains=query) | Q(city__icontains=query)
    compact = query.replace(" ", "").upper()
    if 4 <= len(compact) <= 6 and compact[:2].isalnum():
        condition |= Q(brin_code=compact[:4], branch_number__startswith=compact[4:])
    return list(School.objects.filter(condition, is_active=True).order_by("name", "city")[:SCHOOL_SEARCH_LIMIT])


class LanguageForm(DraftStepForm):
    class Meta:
        model = Application
        fields = ["dutch_proficiency", "english_proficiency_notes"]
        widgets = {"dutch_proficiency": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        pathway = self.application.pathway
        field = self.fields["dutch_proficiency"]
        field.label = _("How do you show your command of Dutch?")
        field.choices = list(DutchProficiency.choices)
        field.required = pathway.dutch_proficiency_required
        field.error_messages["required"] = _("Choose how you show your command of Dutch.")
        field.help_text = _(
            "The programme is taught in Dutch. With a certificate or a degree taught in Dutch, you upload the proof "
            "with your documents."
        )
        if pathway.requires_english:
            notes = self.fields["english_proficiency_notes"]
            notes.label = _("Your command of English")
            notes.help_text = _(
                "This route asks for good English: name a test and score, or a degree taught in English."
            )
            notes.required = True
            notes.error_messages["required"] = _("Describe your command of English: a test and score, or a degree.")
        else:
            del self.fields["english_proficiency_notes"]


class MotivationForm(DraftStepForm):
    class Meta:
        model = Application
        fields = ["motivation"]
        widgets = {"motivation": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["motivation"]
        field.label = _("Why do you want to become a teacher, and why this route?")
        field.required = True
        field.error_messages["required"] = _("Write why you want to become a teacher and why this route.")
        field.help_text = _("At least %(count)s characters.") % {"count": MOTIVATION_MIN}

    def clean_motivation(self):
        text = self.cleaned_data["motivation"].strip()
        if len(text) < MOTIVATION_MIN:
            raise forms.ValidationError(
                _("Write at least %(count)s characters (you wrote %(length)s).")
                % {"count": MOTIVATION_MIN, "length": len(text)}
            )
        return text


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of document"),
        choices=[("", _("— choose the kind —")), *DocumentKind.choices],
        error_messages={"required": _("Choose what kind of document this is.")},
    )
    file = forms.FileField(
        label=_("File"),
        # The service checks emptiness, size and type by content, with its own messages.
        allow_empty_file=True,
        error_messages={"required": _("Choose the file to upload.")},
        help_text=_("PDF, JPEG or PNG, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}),
    )

    def __init__(self, *args, max_bytes: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if max_bytes:
            from django.template.defaultfilters import filesizeformat

            self.fields["file"].help_text = _("PDF, JPEG or PNG, at most %(size)s.") % {
                "size": filesizeformat(max_bytes)
            }


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Your answer"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages={"required": _("Write your answer to ICLON's question.")},
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you withdraw? This helps ICLON"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
    )
