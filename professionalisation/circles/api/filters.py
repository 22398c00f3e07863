"""Filters of the learning-circles API."""

import django_filters

from professionalisation.circles.models import LearningCircle


class LearningCircleFilter(django_filters.FilterSet):
    region = django_filters.CharFilter(field_name="region__slug", max_length=120, help_text="Education region slug.")
    active = django_filters.BooleanFilter(help_text="true: only circles that are running; false: only ended ones.")
    principle = django_filters.CharFilter(
        field_name="principles__slug", max_length=60, help_text="Teaching-learning principle slug, e.g. formatief."
    )

    class Meta:
        model = LearningCircle
        fields = ["region", "active", "principle"]
