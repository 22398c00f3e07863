"""The shortlist's forms: save or remove a route (the toggle), and e-mail a route finder's answer.

Every one is validated here and again by the service it feeds; the route is looked up among the
published ones by its slug, so an unknown or unpublished route is a clear error, not a 500."""

from __future__ import annotations

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from programmes.catalogue.forms import RouteFinderForm
from programmes.shortlist.models import NOTE_MAX_LENGTH
from programmes.shortlist.selectors import savable_pathways

QUESTION_MAX_LENGTH = 1000


class PathwayForm(forms.Form):
    """Which route (its slug), and where to return to afterwards."""

    pathway = forms.ModelChoiceField(
        label=_("Route"),
        queryset=savable_pathways(),
        to_field_name="slug",
        error_messages={
            "required": _("Choose the route to save."),
            "invalid_choice": _("This route cannot be saved: it is not (or no longer) offered."),
        },
    )
    next = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)


class SaveRouteForm(PathwayForm):
    note = forms.CharField(
        label=_("Note for yourself (optional)"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _("Keep the note to %(limit_value)d characters.")},
    )


class FinderEmailForm(forms.Form):
    """The route finder's question, as the answer's address carries it (its query string)."""

    question = forms.CharField(
        max_length=QUESTION_MAX_LENGTH,
        error_messages={
            "required": _("Ask the route finder your question first."),
            "max_length": _("This question is too long to e-mail."),
        },
    )

    def clean_question(self):
        given = QueryDict(self.cleaned_data["question"])
        # Only the finder's own parameters, encoded again: the answer's address is made of them.
        question = QueryDict(mutable=True)
        for name in RouteFinderForm.base_fields:
            if name in given:
                question.setlist(name, given.getlist(name))
        finder = RouteFinderForm(question)
        if not finder.is_valid():
            raise forms.ValidationError(
                _("The route finder's question is incomplete or invalid: answer it again and e-mail the answer then.")
            )
        self.finder_form = finder
        return question.urlencode()

    def finder_input(self):
        return self.finder_form.finder_input()
