"""The forms of the support requests' pages. They only read the input; every rule is the
services' (a refusal is shown on the form with `add_portal_error`)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerships.models import Faculty
from research.coordination import selectors
from research.coordination.models import SupportKind, SupportStatus

DATE = forms.DateInput(attrs={"type": "date"})


class SupportRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("What would you like support with?"), choices=SupportKind.choices)
    title = forms.CharField(label=_("title"), max_length=200)
    description = forms.CharField(
        label=_("description"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What is the question or the plan, and what would you like the research team to do?"),
    )
    faculty = forms.ModelChoiceField(
        label=_("faculty"), queryset=Faculty.objects.none(), required=False, empty_label=_("(not listed)")
    )
    department = forms.CharField(label=_("department or institute"), max_length=200, required=False)
    course = forms.CharField(label=_("related course or programme"), max_length=200, required=False)
    desired_start = forms.DateField(label=_("desired start"), required=False, widget=DATE)
    funder = forms.CharField(
        label=_("funder"), max_length=200, required=False, help_text=_("For a grant proposal: e.g. NWO, NRO, Comenius.")
    )
    grant_call = forms.CharField(label=_("call"), max_length=200, required=False, help_text=_("For a grant proposal."))
    submission_deadline = forms.DateField(
        label=_("submission deadline"), required=False, widget=DATE, help_text=_("For a grant proposal: required.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["faculty"].queryset = Faculty.objects.select_related("institution").order_by("name")


class MessageForm(forms.Form):
    text = forms.CharField(label=_("your message"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("reason (optional)"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class TransitionForm(forms.Form):
    status = forms.ChoiceField(label=_("new status"), choices=())
    reason = forms.CharField(
        label=_("reason (required when declining)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, options, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(SupportStatus.choices)
        self.fields["status"].choices = [(value, labels.get(value, value)) for value in options]


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("assignee"), queryset=selectors.team_members(), required=False, empty_label=_("(nobody)")
    )


class NotesForm(forms.Form):
    internal_notes = forms.CharField(
        label=_("internal notes (the requester does not see them)"),
        max_length=8000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("status"),
        required=False,
        choices=[(selectors.OPEN, _("Open")), ("", _("All")), *SupportStatus.choices],
    )
    kind = forms.ChoiceField(label=_("kind"), required=False, choices=[("", _("All")), *SupportKind.choices])
    assignee = forms.ChoiceField(label=_("assignee"), required=False, choices=())
    deadline_soon = forms.BooleanField(label=_("deadline within 14 days or passed"), required=False)
    q = forms.CharField(label=_("search"), required=False, max_length=100)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [
            ("", _("Anybody")),
            (selectors.MINE, _("Mine")),
            (selectors.UNASSIGNED, _("Unassigned")),
            *[(str(member.pk), member.full_name or member.email) for member in members],
        ]
