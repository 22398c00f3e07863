"""Filters of the intake API's list. They narrow what the viewer may see already (the selector
scopes first), so an applicant using them only narrows their own applications."""

import datetime

import django_filters
from django.utils.translation import gettext_lazy as _

from iclon.core.api.filters import IdFilter
from programmes.catalogue.models import DEADLINE_ZONE
from programmes.intake.models import Application, ApplicationStatus


def _start_of_day(day: datetime.date) -> datetime.datetime:
    """Midnight of `day` in Amsterdam, where the portal keeps its days."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=DEADLINE_ZONE)


class ApplicationFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(
        choices=ApplicationStatus.choices, help_text=_("Status; repeat the parameter for several.")
    )
    pathway = django_filters.CharFilter(field_name="pathway__slug", max_length=140, help_text=_("Pathway slug."))
    subject = django_filters.CharFilter(field_name="subject__slug", max_length=120, help_text=_("School subject slug."))
    start_moment = IdFilter(field_name="start_moment_id", help_text=_("Start moment id."))
    assigned_to = IdFilter(
        field_name="assigned_to_id", help_text=_("User id of the intake officer the application is assigned to.")
    )
    unassigned = django_filters.BooleanFilter(
        field_name="assigned_to", lookup_expr="isnull", help_text=_("true: only applications assigned to nobody.")
    )
    submitted_after = django_filters.DateFilter(
        method="filter_submitted_after", help_text=_("Submitted on or after this day (Europe/Amsterdam).")
    )
    submitted_before = django_filters.DateFilter(
        method="filter_submitted_before", help_text=_("Submitted on or before this day (Europe/Amsterdam).")
    )

    class Meta:
        model = Application
        fields = [
            "status",
            "pathway",
            "subject",
            "start_moment",
            "assigned_to",
            "unassigned",
            "submitted_after",
            "submitted_before",
        ]

    def filter_submitted_after(self, queryset, name, value):
        return queryset.filter(submitted_at__gte=_start_of_day(value))

    def filter_submitted_before(self, queryset, name, value):
        return queryset.filter(submitted_at__lt=_start_of_day(value + datetime.timedelta(days=1)))
