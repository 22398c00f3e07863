"""The forms of the circle page: bring in a practice question, share a product of a meeting, plan
a meeting and move a question along. They only read input: the services decide who may do what
(a refusal is shown on the form through add_portal_error)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from professionalisation.circles.models import CircleMeeting, QuestionStatus


class QuestionForm(forms.Form):
    school = forms.ChoiceField(label=_("For school"))
    title = forms.CharField(label=_("Question"), max_length=200)
    context = forms.CharField(
        label=_("Context"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What happens in your school, and what you would like to find out."),
    )

    def __init__(self, *args, schools=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.schools = {str(school.pk): school for school in schools}
        self.fields["school"].choices = [(str(school.pk), school.name) for school in schools]

    def clean_school(self):
        return self.schools[self.cleaned_data["school"]]


class ProductForm(forms.Form):
    meeting = forms.TypedChoiceField(label=_("Meeting"), coerce=int)
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Text"), required=False, max_length=8000, widget=forms.Textarea(attrs={"rows": 4}))
    link = forms.URLField(
        label=_("Link"), required=False, help_text=_("E.g. a shared document. Give a text, a link or both.")
    )

    def __init__(self, *args, meetings: list[CircleMeeting] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].choices = [(m.pk, f"{m.date:%d-%m-%Y}") for m in meetings]


class MeetingForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    starts_at = forms.TimeField(label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends_at = forms.TimeField(label=_("End time"), widget=forms.TimeInput(attrs={"type": "time"}))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    online_link = forms.URLField(label=_("Online link"), required=False)
    agenda = forms.CharField(
        label=_("Agenda"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class QuestionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=QuestionStatus.choices)
