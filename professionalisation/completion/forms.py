"""The participant's evaluation form. Its save is `evaluation_submit` (the view calls it); the
form only reads the input."""

from django import forms
from django.utils.translation import gettext_lazy as _

from professionalisation.completion.services import COMMENT_LENGTH

RATINGS = [
    (1, _("1 – poor")),
    (2, _("2 – fair")),
    (3, _("3 – good")),
    (4, _("4 – very good")),
    (5, _("5 – excellent")),
]


class EvaluationForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Your rating"),
        choices=RATINGS,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Give a rating from 1 to 5.")},
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What went well, and what could be better? ICLON's staff read it per session."),
    )
