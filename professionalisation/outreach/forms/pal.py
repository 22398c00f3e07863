"""The forms of the PAL pages: a school's request, a reason (declining, rejecting, withdrawing), a
student's week of hours and a coordinator's assignment. They check the input's shape; the
services check the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerships.models import School
from professionalisation.outreach.models.pal import PalTask, PalWeekday
from programmes.catalogue.models import SchoolSubject


class PalRequestForm(forms.Form):
    school = forms.ModelChoiceField(label=_("School"), queryset=School.objects.none())
    tasks = forms.MultipleChoiceField(label=_("Tasks"), choices=PalTask.choices, widget=forms.CheckboxSelectMultiple)
    tasks_other = forms.CharField(label=_("Other tasks"), max_length=200, required=False)
    subject = forms.ModelChoiceField(
        label=_("Subject"),
        queryset=SchoolSubject.objects.order_by("order", "name_nl"),
        required=False,
        empty_label=_("Not tied to one subject"),
    )
    hours_per_week = forms.DecimalField(
        label=_("Hours per week"), min_value=0.5, max_value=40, max_digits=4, decimal_places=1
    )
    starts_on = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}))
    weekdays = forms.MultipleChoiceField(
        label=_("Weekdays"), choices=PalWeekday.choices, widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(label=_("Notes"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, schools=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools if schools is not None else School.objects.none()


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class HoursForm(forms.Form):
    week = forms.ChoiceField(label=_("Week"), choices=())
    hours = forms.DecimalField(label=_("Hours"), min_value=0.01, max_value=40, max_digits=4, decimal_places=2)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, weeks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["week"].choices = [(f"{y}-{w}", label) for y, w, label in weeks]

    def year_week(self) -> tuple[int, int]:
        year, week = self.cleaned_data["week"].split("-")
        return int(year), int(week)


class AssignForm(forms.Form):
    students = forms.TypedMultipleChoiceField(label=_("PAL students"), coerce=int, choices=())
    hours_per_week = forms.DecimalField(
        label=_("Hours per week"), required=False, min_value=0.5, max_value=40, max_digits=4, decimal_places=1
    )

    def __init__(self, *args, suggestions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["students"].choices = [(s.student.pk, s.student.user.full_name) for s in suggestions]
        self.fields["students"].widget = forms.CheckboxSelectMultiple(choices=self.fields["students"].choices)
