"""The weekdays a school offers and a trainee can be at school: stored as codes ("mon"), shown by
name in the reader's language ("maandag")."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Weekday(models.TextChoices):
    MONDAY = "mon", _("Monday")
    TUESDAY = "tue", _("Tuesday")
    WEDNESDAY = "wed", _("Wednesday")
    THURSDAY = "thu", _("Thursday")
    FRIDAY = "fri", _("Friday")


def day_names(days) -> str:
    """Weekday codes ("mon", "tue") as names in the active language ("maandag, dinsdag")."""
    labels = dict(Weekday.choices)
    return ", ".join(str(labels[day]) for day in days or () if day in labels)
