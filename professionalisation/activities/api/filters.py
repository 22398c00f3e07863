"""Filters of the activities API: those of the catalogue page, as query parameters with the same
names and the same meaning (selectors.activity_filter does the filtering for both)."""

import django_filters
from drf_spectacular.utils import extend_schema_field

from iclon.core.api.filters import IdFilter
from professionalisation.activities import selectors
from professionalisation.activities.forms import MONTH_PATTERN, PRICE_CHOICES, MonthField
from professionalisation.activities.models import (
    Activity,
    ActivityFormat,
    Audience,
    Registration,
    RegistrationStatus,
    Session,
    WaitingListEntry,
    WaitingStatus,
)


@extend_schema_field({"type": "string", "pattern": MONTH_PATTERN.pattern, "example": "2027-03"})
class MonthFilter(django_filters.Filter):
    """A month as YYYY-MM (the page's MonthField)."""

    field_class = MonthField


class ActivityFilter(django_filters.FilterSet):
    audience = django_filters.ChoiceFilter(choices=Audience.choices, help_text="Only activities for this audience.")
    subject = django_filters.CharFilter(max_length=80, help_text="School subject slug, e.g. biologie.")
    principle = django_filters.CharFilter(max_length=60, help_text="Teaching-learning principle slug, e.g. formatief.")
    region = django_filters.CharFilter(
        max_length=120,
        help_text="Education region slug: the activities of that region and those open to every region.",
    )
    # Not "format": DRF reads that parameter as the response format (?format=json).
    delivery = django_filters.ChoiceFilter(
        choices=ActivityFormat.choices, help_text="The format: on_site, online or hybrid."
    )
    month = MonthFilter(help_text="YYYY-MM: a session (not cancelled) has a meeting in this month.")
    price = django_filters.ChoiceFilter(choices=PRICE_CHOICES, help_text="free or paid.")
    microcredential = django_filters.BooleanFilter(
        help_text="true: only activities whose completion gives a microcredential; false: only the others."
    )

    class Meta:
        model = Activity
        fields = ["audience", "subject", "principle", "region", "delivery", "month", "price", "microcredential"]

    def filter_queryset(self, queryset):
        # One implementation of the filters, the page's: not the filters' own lookups.
        data = {name: value for name, value in self.form.cleaned_data.items() if value not in (None, "")}
        return selectors.activity_filter(queryset, **data)


class SessionFilter(django_filters.FilterSet):
    activity = django_filters.CharFilter(field_name="activity__slug", max_length=140, help_text="The activity's slug.")

    class Meta:
        model = Session
        fields = ["activity"]


# --- Registrations and waiting-list entries (they narrow what access.py lets the viewer see) ----


class RegistrationFilter(django_filters.FilterSet):
    session = IdFilter(field_name="session_id", help_text="The session's id.")
    activity = django_filters.CharFilter(
        field_name="session__activity__slug", max_length=140, help_text="The activity's slug."
    )
    status = django_filters.ChoiceFilter(choices=RegistrationStatus.choices, help_text="confirmed or cancelled.")
    school = IdFilter(field_name="school_id", help_text="The school's id.")

    class Meta:
        model = Registration
        fields = ["session", "activity", "status", "school"]


class WaitingListFilter(django_filters.FilterSet):
    session = IdFilter(field_name="session_id", help_text="The session waited for (its id).")
    activity = django_filters.CharFilter(field_name="activity__slug", max_length=140, help_text="The activity's slug.")
    status = django_filters.ChoiceFilter(choices=WaitingStatus.choices, help_text="The entry's status.")
    school = IdFilter(field_name="school_id", help_text="The school's id.")

    class Meta:
        model = WaitingListEntry
        fields = ["session", "activity", "status", "school"]
