"""The forms of research questions' pages: what the school asks (logged in, or through the public
form with the school typed), the staff's review, match and answer, and the school's clarification,
rating and public choice. The services check everything again."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from research.people.models import Researcher
from research.projects.models import ResearchProject
from research.questions.models import MAX_TEXT, MatchKind, QuestionStatus, Sector, Urgency
from research.questions.services import MAX_LINKS


def _textarea(label, help_text="", rows=4, required=True, missing=None):
    """A text of at most MAX_TEXT characters; `missing` says what to write when it is required."""
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=MAX_TEXT,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": missing} if missing else None,
    )


class QuestionForm(forms.Form):
    """A school's question (the school chosen from the visitor's schools)."""

    # Each required field says what to fill in (the services' own messages where they have one).
    school = forms.ModelChoiceField(
        label=_("school"),
        queryset=None,
        empty_label=None,
        error_messages={"required": _("Choose the school the question is for.")},
    )
    title = forms.CharField(
        label=_("your question"),
        max_length=200,
        help_text=_("One sentence, e.g. “How do we give feedback that pupils use?”"),
        error_messages={"required": _("Give your question.")},
    )
    context = _textarea(
        _("context"),
        _("The situation the question comes from: the pupils, the lessons, what you tried."),
        missing=_("Describe the situation your question comes from."),
    )
    subject = forms.CharField(
        label=_("subject"), max_length=120, required=False, help_text=_("The school subject, if any.")
    )
    sector = forms.ChoiceField(
        label=_("sector"),
        choices=Sector.choices,
        error_messages={"required": _("Choose the sector your question is about.")},
    )
    intended_use = _textarea(
        _("what would you do with an answer?"), rows=3, missing=_("Say what the school would do with an answer.")
    )
    urgency = forms.ChoiceField(
        label=_("urgency"),
        choices=Urgency.choices,
        initial=Urgency.MEDIUM,
        error_messages={"required": _("Choose how urgent your question is.")},
    )

    def __init__(self, *args, schools=None, **kwargs):
        super().__init__(*args, **kwargs)
        if schools is None:
            del self.fields["school"]
        else:
            self.fields["school"].queryset = schools


class QuestionAskForm(QuestionForm):
    """The public form: the teacher's name and address, and the school typed (its code or name)."""

    contact_name = forms.CharField(
        label=_("your name"), max_length=200, error_messages={"required": _("Give your name.")}
    )
    contact_email = forms.EmailField(
        label=_("your e-mail address"),
        help_text=_("We send you a link to confirm your question."),
        error_messages={"required": _("Enter your e-mail address.")},
    )
    school_text = forms.CharField(
        label=_("school"),
        max_length=250,
        error_messages={"required": _("Name your school.")},
        help_text=_(
            "Type the school's name (and town) or its vestigingscode, e.g. 02EA03, and choose it from the suggestions."
        ),
    )
    field_order = ["contact_name", "contact_email", "school_text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, schools=None, **kwargs)
        self.fields["school_text"].widget.attrs.update(
            {
                "list": "question-school-options",
                "autocomplete": "off",
                "hx-get": reverse("research_questions:ask-schools"),
                "hx-trigger": "input changed delay:300ms",
                "hx-target": "#question-school-options",
                "hx-swap": "innerHTML",
                "hx-sync": "this:replace",
            }
        )


class ClarifyForm(forms.Form):
    clarification = _textarea(_("your clarification"), missing=_("Give the clarification."))


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[
            ("accept", _("Accept")),
            ("clarify", _("Ask the school to clarify")),
            ("decline", _("Decline")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose accept, ask for clarification or decline.")},
    )
    reason = _textarea(
        _("reason or what to clarify"),
        _("Required to decline or to ask for clarification; the school reads it."),
        3,
        False,
    )


class MatchForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("match to"),
        choices=MatchKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what to match the question to.")},
    )
    researcher = forms.ModelChoiceField(
        label=_("researcher"),
        queryset=Researcher.objects.filter(active=True).order_by("full_name"),
        required=False,
        help_text=_("Required for a researcher; optional (the supervisor) for the other kinds."),
    )
    project = forms.ModelChoiceField(
        label=_("research project"),
        queryset=ResearchProject.objects.order_by("title_nl"),
        required=False,
        help_text=_("Required for a research project."),
    )


class AnswerForm(forms.Form):
    summary = _textarea(
        _("answer"),
        _("What the school reads: the answer in a few paragraphs."),
        6,
        missing=_("Write the answer's summary."),
    )
    products = _textarea(_("products"), _("What was made: a report, a tool, a workshop…"), 3, False)
    links = forms.CharField(
        label=_("links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One web address a line, at most %(max)d.") % {"max": MAX_LINKS},
    )

    def clean_links(self):
        return [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("how useful is the answer?"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("1 is not useful, 5 is very useful."),
        error_messages={"required": _("Choose how useful the answer is.")},
    )
    comment = _textarea(_("comment"), rows=3, required=False)


class PublicForm(forms.Form):
    public = forms.BooleanField(
        label=_("Show this question and its answer in the knowledge base"),
        required=False,
        help_text=_("Everybody can then read the question, the answer and your school's name."),
    )


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("status"), choices=[("", _("All"))] + list(QuestionStatus.choices), required=False
    )
    urgency = forms.ChoiceField(label=_("urgency"), choices=[("", _("All"))] + list(Urgency.choices), required=False)
    q = forms.CharField(label=_("search"), max_length=100, required=False)


class ChooseForm(forms.Form):
    """A trainee chooses a thesis topic: a button, no fields."""
