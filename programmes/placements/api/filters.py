"""Filters of the placements API's lists. They narrow what the selector already scoped to the
viewer, so a school user filtering by another school's id only gets an empty list."""

import django_filters
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from iclon.core.api.filters import IdFilter
from programmes.placements.models import Placement, PlacementOffer, PlacementStatus


class PlacementOfferFilter(django_filters.FilterSet):
    period = django_filters.CharFilter(field_name="period__slug", max_length=40, help_text=_("Placement period slug."))
    subject = django_filters.CharFilter(field_name="subject__slug", max_length=120, help_text=_("School subject slug."))
    school = IdFilter(field_name="school_id", help_text=_("The school's id."))
    open = django_filters.BooleanFilter(field_name="is_open", help_text=_("true: only offers open for matching."))
    has_free_places = django_filters.BooleanFilter(
        method="filter_has_free_places", help_text=_("true: only offers with a place left; false: only full ones.")
    )

    class Meta:
        model = PlacementOffer
        fields = ["period", "subject", "school", "open", "has_free_places"]

    def filter_has_free_places(self, queryset, name, value):
        # `taken` is annotated by the selector (offer_list_for_user).
        return queryset.filter(taken__lt=F("places")) if value else queryset.filter(taken__gte=F("places"))


class PlacementFilter(django_filters.FilterSet):
    period = django_filters.CharFilter(field_name="period__slug", max_length=40, help_text=_("Placement period slug."))
    status = django_filters.MultipleChoiceFilter(
        choices=PlacementStatus.choices, help_text=_("Status; repeat the parameter for several.")
    )
    school = IdFilter(field_name="school_id", help_text=_("The school's id."))
    subject = django_filters.CharFilter(
        field_name="trainee__subject__slug", max_length=120, help_text=_("The trainee's school subject slug.")
    )

    class Meta:
        model = Placement
        fields = ["period", "status", "school", "subject"]
