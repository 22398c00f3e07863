"""The support desk's forms: asking a question, a reply, assigning, the queue's filters and the
knowledge base's search. The services check everything again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from programmes.support.models import (
    STUDENT_REFERENCE_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    SupportState,
    SupportTopic,
)
from programmes.support.selectors import support_staff_list


class QuestionForm(forms.Form):
    topic = forms.ChoiceField(
        label=_("What is your question about?"),
        choices=[("", _("Choose a topic")), *SupportTopic.choices],
        error_messages={
            "required": _("Choose what the question is about."),
            "invalid_choice": _("Choose one of the topics."),
        },
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX_LENGTH,
        help_text=_("In one line, e.g. “How do I enter a resit in the study system?”"),
        error_messages={"required": _("Give your question a short title.")},
    )
    body = forms.CharField(
        label=_("Your question"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What you want to know, and what you tried already."),
        error_messages={"required": _("Describe your question.")},
    )
    student_reference = forms.CharField(
        label=_("Student number (optional)"),
        max_length=STUDENT_REFERENCE_MAX_LENGTH,
        required=False,
        help_text=_("Only when the question is about a student. Do not write other personal details."),
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Your reply"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write your reply.")},
    )
    internal = forms.BooleanField(
        label=_("Internal note (support staff only)"),
        required=False,
        help_text=_("The asker does not see an internal note."),
    )

    def __init__(self, *args, support_staff: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not support_staff:
            del self.fields["internal"]


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Assigned to"), queryset=None, required=False, empty_label=_("Nobody"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = support_staff_list()


class QueueFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), choices=[("", _("All states")), *SupportState.choices], required=False)
    topic = forms.ChoiceField(label=_("Topic"), choices=[("", _("All topics")), *SupportTopic.choices], required=False)
    assignee = forms.ChoiceField(label=_("Assigned to"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [
            ("", _("Anybody")),
            ("me", _("Me")),
            ("none", _("Nobody")),
            *[(str(user.pk), user.full_name or user.email) for user in support_staff_list()],
        ]


class ArticleSearchForm(forms.Form):
    q = forms.CharField(label=_("Search the knowledge base"), max_length=100, required=False)
    topic = forms.ChoiceField(label=_("Topic"), choices=[("", _("All topics")), *SupportTopic.choices], required=False)
