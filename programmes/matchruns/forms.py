"""The forms of matching runs: a new run (period, optional subject) and a pin or forbid."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programmes.catalogue.models import SchoolSubject
from programmes.matchruns.models import ConstraintKind
from programmes.placements.models import PlacementPeriod


class NewRunForm(forms.Form):
    period = forms.ModelChoiceField(
        label=_("Period"),
        queryset=PlacementPeriod.objects.none(),
        error_messages={
            "required": _("Choose a placement period."),
            "invalid_choice": _("Choose one of the coming periods."),
        },
    )
    subject = forms.ModelChoiceField(
        label=_("School subject"),
        queryset=SchoolSubject.objects.order_by("name_nl"),
        required=False,
        empty_label=_("All subjects"),
        error_messages={"invalid_choice": _("Choose one of the subjects.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = PlacementPeriod.objects.filter(ends_on__gte=timezone.localdate()).order_by(
            "starts_on", "kind"
        )


class ConstraintForm(forms.Form):
    trainee = forms.IntegerField(widget=forms.HiddenInput, error_messages={"required": _("Choose a trainee.")})
    offer = forms.IntegerField(label=_("Offer"), error_messages={"required": _("Choose an offer.")})
    kind = forms.ChoiceField(
        choices=ConstraintKind.choices,
        widget=forms.HiddenInput,
        error_messages={"required": _("Choose pin or forbid.")},
    )
