"""The catalogue's filters (GET parameters of the list page; the API reads the same names).

Every filter is optional. A value that is not valid is shown as an error on its field and left
out, so the other filters still apply: a shared link with a mistyped month still shows a list."""

import datetime
import re
from collections.abc import Sequence

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from partnerships.models import EducationRegion
from professionalisation.activities.models import ActivityFormat, Audience, Session
from professionalisation.activities.selectors import PRICE_FREE, PRICE_PAID
from programmes.catalogue.models import SchoolSubject
from research.models import TeachingLearningPrinciple

# Plain syntax (no named groups): the API's schema states it as its pattern, for any client.
MONTH_PATTERN = re.compile(r"^2\d{3}-(0[1-9]|1[0-2])$")
PRICE_CHOICES = [(PRICE_FREE, _("Free")), (PRICE_PAID, _("Paid"))]


def month_value(month: datetime.date) -> str:
    return f"{month:%Y-%m}"


class MonthField(forms.CharField):
    """A month as YYYY-MM (e.g. 2027-03), cleaned to its first day."""

    default_error_messages = {"invalid": _("Enter a month as YYYY-MM, e.g. 2027-03.")}

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        if not MONTH_PATTERN.match(value):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        year, month = value.split("-")
        return datetime.date(int(year), int(month), 1)


class ActivityFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    audience = forms.ChoiceField(
        label=_("For whom"), choices=[("", _("All audiences")), *Audience.choices], required=False
    )
    subject = forms.ModelChoiceField(
        label=_("School subject"),
        queryset=SchoolSubject.objects.order_by("order", "name_nl"),
        to_field_name="slug",
        required=False,
        empty_label=_("All subjects"),
    )
    principle = forms.ModelChoiceField(
        label=_("Teaching-learning principle"),
        queryset=TeachingLearningPrinciple.objects.order_by("order", "name_nl"),
        to_field_name="slug",
        required=False,
        empty_label=_("All principles"),
    )
    region = forms.ModelChoiceField(
        label=_("Education region"),
        queryset=EducationRegion.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("All regions"),
        help_text=_("Activities open to every region are always shown."),
    )
    # Not "format": DRF reads that parameter as the API's response format.
    delivery = forms.ChoiceField(
        label=_("Format"), choices=[("", _("All formats")), *ActivityFormat.choices], required=False
    )
    month = MonthField(label=_("Month"), required=False, widget=forms.Select)
    price = forms.ChoiceField(label=_("Price"), choices=[("", _("Free or paid")), *PRICE_CHOICES], required=False)
    microcredential = forms.BooleanField(label=_("Only activities that give a microcredential"), required=False)

    def __init__(self, *args, months: Sequence[datetime.date] = (), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(month_value(month), date_format(month, "F Y")) for month in months]
        # A valid month without meetings (from a shared link) stays selected, and lists nothing.
        asked = self.data.get(self.add_prefix("month"), "") if self.is_bound else ""
        if isinstance(asked, str) and MONTH_PATTERN.match(asked) and asked not in dict(choices):
            year, month = asked.split("-")
            choices = sorted([*choices, (asked, date_format(datetime.date(int(year), int(month), 1), "F Y"))])
        self.fields["month"].widget.choices = [("", _("Any month")), *choices]

    def filters(self) -> dict:
        """The valid filters that are set, as keyword arguments of selectors.activity_filter."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: value for name, value in data.items() if value not in (None, "", False)}


class InviteTeacherForm(forms.Form):
    """A school contact registers a teacher of their school: the teacher confirms by e-mail. The
    service checks everything again (the session may close or fill up meanwhile)."""

    session = forms.ModelChoiceField(
        label=_("Activity and session"),
        queryset=Session.objects.none(),
        empty_label=_("Choose a session"),
        error_messages={"required": _("Choose a session."), "invalid_choice": _("Choose one of the open sessions.")},
    )
    name = forms.CharField(
        label=_("Teacher's name"), max_length=150, error_messages={"required": _("Give the teacher's name.")}
    )
    email = forms.EmailField(
        label=_("Teacher's e-mail address"),
        help_text=_("The teacher confirms by logging in with this address."),
        error_messages={
            "required": _("Give the teacher's e-mail address."),
            "invalid": _("Enter a valid e-mail address."),
        },
    )
    language = forms.ChoiceField(
        label=_("Language of the invitation"), choices=[("nl", _("Dutch")), ("en", _("English"))], initial="nl"
    )

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["session"]
        field.queryset = sessions
        field.label_from_instance = lambda session: (
            f"{session.activity.title} – {session.name} "
            f"({_('register before')} {date_format(timezone.localtime(session.registration_deadline), 'j M Y')})"
        )
