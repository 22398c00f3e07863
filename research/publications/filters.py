"""The filters of the publications list, for the page (its GET form) and the API (the same
parameter names and meaning): category, type, year, principle, researcher, project, open access
and a search. The filtering is selectors.publication_filter, one implementation for both."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from research.knowledge.models import TeachingLearningPrinciple
from research.people.filters import SlugChoiceFilter
from research.people.models import Researcher
from research.projects.filters import FIRST_YEAR, LAST_YEAR, YearFilter
from research.projects.models import ResearchProject
from research.publications import selectors
from research.publications.models import Publication, PublicationCategory, PublicationType


@extend_schema_field({"type": "boolean"})
class OpenAccessFilter(django_filters.Filter):
    field_class = forms.NullBooleanField


class PublicationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        max_length=selectors.MAX_SEARCH,
        help_text=_("Words in the title, the journal or book, the DOI or the authors' names."),
    )
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=PublicationCategory.choices, empty_label=_("Scientific and professional")
    )
    type = django_filters.ChoiceFilter(label=_("Type"), choices=PublicationType.choices, empty_label=_("All types"))
    year = YearFilter(
        label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR, help_text=_("The year of publication.")
    )
    principle = SlugChoiceFilter(
        label=_("Teaching-learning principle"),
        queryset=TeachingLearningPrinciple.objects.order_by("order", "name_nl"),
        to_field_name="slug",
        empty_label=_("All principles"),
        help_text=_("The principle's slug, e.g. formatief."),
    )
    researcher = SlugChoiceFilter(
        label=_("Researcher"),
        queryset=Researcher.objects.filter(active=True).order_by("full_name"),
        to_field_name="slug",
        empty_label=_("All researchers"),
        help_text=_("The researcher's slug: publications of which they are an author."),
    )
    project = SlugChoiceFilter(
        label=_("Research project"),
        queryset=ResearchProject.objects.filter(published=True, publications__isnull=False).distinct(),
        to_field_name="slug",
        empty_label=_("All projects"),
        help_text=_("The project's slug."),
    )
    open_access = OpenAccessFilter(
        label=_("Open access"),
        widget=forms.Select(choices=[("", _("Any")), ("true", _("Open access only")), ("false", _("Not open access"))]),
        help_text=_("true: open access only; false: the others."),
    )

    class Meta:
        model = Publication
        fields = ["q", "category", "type", "year", "principle", "researcher", "project", "open_access"]

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        slug = {name: data[name].slug if data.get(name) else "" for name in ("principle", "researcher", "project")}
        return selectors.publication_filter(
            queryset,
            category=data.get("category") or "",
            type=data.get("type") or "",
            year=data.get("year"),
            open_access=data.get("open_access"),
            q=data.get("q") or "",
            **slug,
        )
