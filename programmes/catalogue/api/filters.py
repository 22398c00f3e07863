"""Filters of the programmes API: those of the catalogue page, as query parameters."""

import django_filters
from django.db.models import Exists, OuterRef, Q

from programmes.catalogue import search
from programmes.catalogue.models import (
    DeficiencyCourse,
    Pathway,
    Qualification,
    SchoolSubject,
    Sector,
    StartMoment,
    StudyMode,
)

MONTHS = [(month, str(month)) for month in range(1, 13)]

#: As the catalogue page's search box (CatalogueFilterForm.q).
SEARCH_MAX_LENGTH = 100
SEARCH_HELP = (
    "Words, as in the catalogue page's search box, answered by the same search "
    '(programmes/catalogue/search.py): filler such as "leraar" or "teacher" is dropped; a common '
    'word stands for a property of a route ("pabo": primary education, "zij-instroom": for people '
    'who already work as a teacher, "deeltijd": part-time); every other word must occur in the '
    "route's name, summary, programme or one of its school subjects, in Dutch or English. Every word "
    "must match; at most 8 words count. No match: an empty list."
)


class PathwayFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(method="filter_search", max_length=SEARCH_MAX_LENGTH, help_text=SEARCH_HELP)
    subject = django_filters.CharFilter(
        field_name="subjects__slug", max_length=80, help_text="School subject slug, e.g. biologie."
    )
    qualification = django_filters.CharFilter(
        method="filter_qualification",
        max_length=80,
        help_text="Qualification slug (e.g. eerstegraads) or kind (first_degree, second_degree, primary).",
    )
    programme = django_filters.CharFilter(field_name="programme__slug", max_length=120, help_text="Programme slug.")
    sector = django_filters.ChoiceFilter(choices=Sector.choices)
    mode = django_filters.ChoiceFilter(choices=StudyMode.choices)
    for_teachers = django_filters.BooleanFilter(
        field_name="requires_teaching_job",
        help_text="true: only routes for people who already work as a teacher; false: only the others.",
    )
    # The three start filters describe one start moment together (see filter_queryset).
    starts_after = django_filters.DateFilter(method="filter_nothing", help_text="Has a start on or after this date.")
    starts_before = django_filters.DateFilter(method="filter_nothing", help_text="Has a start on or before this date.")
    start_month = django_filters.ChoiceFilter(
        choices=MONTHS, method="filter_nothing", help_text="Has a start in this month (1–12)."
    )

    class Meta:
        model = Pathway
        fields = [
            "search",
            "subject",
            "qualification",
            "programme",
            "sector",
            "mode",
            "for_teachers",
            "starts_after",
            "starts_before",
            "start_month",
        ]

    def filter_search(self, queryset, name, value):
        # The page's search (selectors.pathway_catalogue), so that the API and the page agree.
        matches = search.search_filter(value)
        return queryset if matches is None else queryset.filter(matches)

    def filter_qualification(self, queryset, name, value):
        return queryset.filter(Q(qualification__slug=value) | Q(qualification__kind=value))

    def filter_nothing(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        lookups = {}
        if data.get("starts_after"):
            lookups["starts_on__gte"] = data["starts_after"]
        if data.get("starts_before"):
            lookups["starts_on__lte"] = data["starts_before"]
        if data.get("start_month"):
            lookups["starts_on__month"] = int(data["start_month"])
        if lookups:
            starts = StartMoment.objects.filter(pathway=OuterRef("pk"), **lookups)
            queryset = queryset.filter(Exists(starts))
        return queryset


class SchoolSubjectFilter(django_filters.FilterSet):
    class Meta:
        model = SchoolSubject
        fields = ["domain", "is_shortage_subject"]


class QualificationFilter(django_filters.FilterSet):
    sector = django_filters.ChoiceFilter(choices=Sector.choices)

    class Meta:
        model = Qualification
        fields = ["sector", "kind"]


class DeficiencyCourseFilter(django_filters.FilterSet):
    subject = django_filters.CharFilter(
        field_name="subject__slug", max_length=80, help_text="School subject slug, e.g. biologie."
    )

    class Meta:
        model = DeficiencyCourse
        fields = ["subject", "provider"]
