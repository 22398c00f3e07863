"""Forms of the partner-school portal and the trainee's placement pages.

Forms read and validate input only; the views pass the cleaned data to the placement services,
which hold every rule (a mentor from another school, a period that is over, the places already
taken) and answer with a PortalError the view puts back on the form. Choices are built from rows
the view already loaded, so rendering a form runs no extra query.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerships.models import EducationRegion, School, TrainingSchoolPartnership
from programmes.catalogue.models import SchoolSubject
from programmes.intake.forms import school_search
from programmes.intake.models import EMPLOYMENT_HOURS_MAX, EMPLOYMENT_HOURS_MIN, EMPLOYMENT_HOURS_VALIDATORS
from programmes.placements.models import INTRODUCTION_MAX_LENGTH, Evaluation, PlacementPeriod, Weekday


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name or obj.email


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name or obj.email


class SchoolChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        place = f", {obj.city}" if obj.city else ""
        return f"{obj.name}{place} ({obj.code})"


def _days_field(label, help_text=""):
    return forms.MultipleChoiceField(
        label=label,
        choices=Weekday.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=help_text,
    )


class OfferForm(forms.Form):
    """An offer of places: the school (among those the user manages), subject, period, places,
    mentors (members of the school), days, whether a paid job can count, notes."""

    school = SchoolChoiceField(
        label=_("School"),
        queryset=School.objects.none(),
        empty_label=None,
        error_messages={"required": _("Choose the school that offers the places.")},
    )
    subject = forms.ModelChoiceField(
        label=_("School subject"),
        queryset=SchoolSubject.objects.none(),
        required=False,
        empty_label=_("— primary education (no subject) —"),
    )
    period = forms.ModelChoiceField(
        label=_("Period"),
        queryset=PlacementPeriod.objects.none(),
        empty_label=None,
        error_messages={"required": _("Choose the period of the placement.")},
    )
    places = forms.IntegerField(
        label=_("Number of places"),
        min_value=1,
        max_value=99,
        error_messages={"required": _("Enter how many trainees your school can place.")},
    )
    mentors = PeopleChoiceField(
        label=_("Workplace mentors"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Colleagues at the school who will mentor the trainees."),
    )
    days_available = _days_field(_("Days available"), _("The weekdays the trainee can be at school."))
    paid_job_possible = forms.BooleanField(
        label=_("A paid teaching job can count as the placement"),
        required=False,
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)
    is_open = forms.BooleanField(label=_("Open for matching"), required=False, initial=True)

    def __init__(self, *args, schools, subjects, periods, members, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        self.fields["school"].queryset = School.objects.filter(pk__in=[school.pk for school in schools])
        self.fields["school"].widget.choices = [
            (school.pk, self.fields["school"].label_from_instance(school)) for school in schools
        ]
        self.fields["subject"].queryset = SchoolSubject.objects.filter(pk__in=[subject.pk for subject in subjects])
        self.fields["subject"].widget.choices = [("", self.fields["subject"].empty_label)] + [
            (subject.pk, subject.name) for subject in subjects
        ]
        self.fields["period"].queryset = PlacementPeriod.objects.filter(pk__in=[period.pk for period in periods])
        self.fields["period"].widget.choices = [(period.pk, str(period)) for period in periods]
        self.fields["mentors"].queryset = get_user_model().objects.filter(pk__in=[user.pk for user in members])
        self.fields["mentors"].widget.choices = [
            (user.pk, self.fields["mentors"].label_from_instance(user)) for user in members
        ]
        if len(schools) == 1:
            self.fields["school"].initial = schools[0].pk
        if editing:
            del self.fields["school"]
        else:
            del self.fields["is_open"]

    def service_fields(self) -> dict:
        data = self.cleaned_data
        fields = {
            "subject": data.get("subject"),
            "period": data["period"],
            "places": data["places"],
            "days_available": data.get("days_available") or [],
            "paid_job_possible": data.get("paid_job_possible", False),
            "notes": data.get("notes", ""),
        }
        if "is_open" in self.fields:
            fields["is_open"] = data.get("is_open", False)
        return fields


class ConfirmForm(forms.Form):
    """The school confirms a match; naming the workplace mentor now is optional."""

    workplace_mentor = PersonChoiceField(
        label=_("Workplace mentor"),
        queryset=None,
        required=False,
        empty_label=_("— name the mentor later —"),
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        field = self.fields["workplace_mentor"]
        field.queryset = get_user_model().objects.filter(pk__in=[user.pk for user in members])
        field.widget.choices = [("", field.empty_label)] + [
            (user.pk, field.label_from_instance(user)) for user in members
        ]


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for declining"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("The placement coordinator reads this to find a better match."),
        error_messages={"required": _("Give the reason, so the coordinator can find a better match.")},
    )


class EvaluationForm(forms.Form):
    strengths = forms.CharField(
        label=_("Strengths"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages={"required": _("Describe the trainee's strengths.")},
    )
    development_points = forms.CharField(
        label=_("Points to develop"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000, required=False
    )
    judgement = forms.ChoiceField(
        label=_("Judgement"),
        choices=Evaluation.Judgement.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a judgement.")},
    )


class WishForm(forms.Form):
    region = forms.ModelChoiceField(
        label=_("Preferred education region"),
        queryset=EducationRegion.objects.order_by("name"),
        required=False,
        empty_label=_("— no preference —"),
    )
    municipality = forms.CharField(label=_("Preferred municipality"), max_length=120, required=False)
    partnership = forms.ModelChoiceField(
        label=_("Preferred training-school partnership"),
        queryset=TrainingSchoolPartnership.objects.order_by("name"),
        required=False,
        empty_label=_("— no preference —"),
    )
    days_available = _days_field(_("Days I can be at school"))
    notes = forms.CharField(
        label=_("Anything else"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
        help_text=_("E.g. travel time, a school you would like, or what you need from a mentor."),
    )
    introduction = forms.CharField(
        label=_("Introduction for the school"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=INTRODUCTION_MAX_LENGTH,
        required=False,
        help_text=_(
            "A few sentences about yourself and what you hope to learn. The school reads this, with your subject, "
            "period, wishes and days, when it is asked to take you."
        ),
        error_messages={
            "max_length": _("Keep your introduction to %(limit_value)d characters (it has %(show_value)d).")
        },
    )


class EmploymentForm(forms.Form):
    """A paid teaching job as the placement. The school comes from the school register: a search
    by name, town or BRIN code narrows the list (a plain form submit, so it works without JavaScript)."""

    school_query = forms.CharField(
        label=_("Find your school"),
        required=False,
        max_length=100,
        help_text=_("Type the school's name, town or BRIN code (e.g. 18BR) and choose Search."),
    )
    school = SchoolChoiceField(
        label=_("School"),
        queryset=School.objects.filter(is_active=True),
        empty_label=_("— search first, then choose the school —"),
        error_messages={"required": _("Search for your school and choose it.")},
    )
    period = forms.ModelChoiceField(label=_("Period"), queryset=PlacementPeriod.objects.none(), empty_label=None)
    hours = forms.IntegerField(
        label=_("Hours a week"),
        required=False,
        help_text=_("Hours a week, as in your contract."),
        validators=EMPLOYMENT_HOURS_VALIDATORS,
        widget=forms.NumberInput(attrs={"min": EMPLOYMENT_HOURS_MIN, "max": EMPLOYMENT_HOURS_MAX}),
    )

    def __init__(self, *args, periods, initial_school=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = PlacementPeriod.objects.filter(pk__in=[period.pk for period in periods])
        self.fields["period"].widget.choices = [(period.pk, str(period)) for period in periods]
        source = self.data if self.is_bound else self.initial
        query = (source.get("school_query") or "").strip()
        self.searched_query = query
        self.school_matches = school_search(query) if query else []
        options = list(self.school_matches)
        chosen = source.get("school")
        if chosen and str(chosen).isdigit() and all(str(school.pk) != str(chosen) for school in options):
            options = list(School.objects.filter(pk=chosen, is_active=True)) + options
        elif not options and initial_school is not None:
            options = [initial_school]
            self.fields["school"].initial = initial_school.pk
        field = self.fields["school"]
        field.widget.choices = [("", field.empty_label)] + [
            (school.pk, field.label_from_instance(school)) for school in options
        ]
