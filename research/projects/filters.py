"""The filters of the projects list, for the page (its GET form) and the API (the same parameter
names and meaning): kind, status, principle, year, researcher, partner school, education region and
a search. The filtering is selectors.project_filter, one implementation for both; a value that is
not valid is an error on its field (the page leaves it out, the API answers 400)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from partnerships.models import EducationRegion, School
from research.knowledge.models import TeachingLearningPrinciple
from research.people.filters import SlugChoiceFilter
from research.people.models import Researcher
from research.projects import selectors
from research.projects.models import ProjectKind, ProjectStatus, ResearchProject

FIRST_YEAR, LAST_YEAR = 1950, 2100


@extend_schema_field({"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR, "example": 2025})
class YearFilter(django_filters.Filter):
    field_class = forms.IntegerField


@extend_schema_field({"type": "integer", "minimum": 1, "example": 12})
class PartnerSchoolFilter(django_filters.ModelChoiceFilter):
    """A partner school of a published project, by its id (a select on the page)."""


class ProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        max_length=selectors.MAX_SEARCH,
        help_text=_("Words in the title, summary or the names of the people."),
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ProjectKind.choices, empty_label=_("All kinds"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ProjectStatus.choices, empty_label=_("Any status"))
    principle = SlugChoiceFilter(
        label=_("Teaching-learning principle"),
        queryset=TeachingLearningPrinciple.objects.order_by("order", "name_nl"),
        to_field_name="slug",
        empty_label=_("All principles"),
        help_text=_("The principle's slug, e.g. formatief."),
    )
    year = YearFilter(
        label=_("Year"),
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        help_text=_("Projects that ran in this year."),
    )
    researcher = SlugChoiceFilter(
        label=_("Researcher"),
        queryset=Researcher.objects.filter(active=True).order_by("full_name"),
        to_field_name="slug",
        empty_label=_("All researchers"),
        help_text=_("The researcher's slug: projects in which they have any role."),
    )
    school = PartnerSchoolFilter(
        label=_("Partner school"),
        queryset=School.objects.filter(research_projects__published=True).distinct().order_by("name"),
        empty_label=_("All partner schools"),
        help_text=_("The partner school's id."),
    )
    region = SlugChoiceFilter(
        label=_("Education region"),
        queryset=EducationRegion.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("All regions"),
        help_text=_("The education region's slug."),
    )

    class Meta:
        model = ResearchProject
        fields = ["q", "kind", "status", "principle", "year", "researcher", "school", "region"]

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        slug = {name: data[name].slug if data.get(name) else "" for name in ("principle", "researcher", "region")}
        return selectors.project_filter(
            queryset,
            kind=data.get("kind") or "",
            status=data.get("status") or "",
            year=data.get("year"),
            school=data["school"].pk if data.get("school") else None,
            q=data.get("q") or "",
            **slug,
        )
