"""The filters of the people list, for the page (its GET form) and the API (the same parameter
names and meaning): role, principle, school and a search in names and expertise. The filtering is
selectors.researcher_filter, one implementation for both."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from iclon.core.api.filters import IdFilter
from research.knowledge.models import TeachingLearningPrinciple
from research.people import selectors
from research.people.models import Researcher, ResearcherRole


@extend_schema_field({"type": "string", "pattern": r"^[-a-zA-Z0-9_]+$", "example": "formatief"})
class SlugChoiceFilter(django_filters.ModelChoiceFilter):
    """A row chosen by its slug (a select on the page)."""


class ResearcherFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), max_length=selectors.MAX_SEARCH, help_text=_("Words in the name or expertise.")
    )
    role = django_filters.ChoiceFilter(label=_("Role"), choices=ResearcherRole.choices, empty_label=_("All roles"))
    principle = SlugChoiceFilter(
        label=_("Teaching-learning principle"),
        queryset=TeachingLearningPrinciple.objects.order_by("order", "name_nl"),
        to_field_name="slug",
        empty_label=_("All principles"),
    )
    school = IdFilter(label=_("School"), help_text=_("The school's id (teacher-researchers)."))

    class Meta:
        model = Researcher
        fields = ["q", "role", "principle", "school"]

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        principle = data.get("principle")
        return selectors.researcher_filter(
            queryset,
            role=data.get("role") or "",
            principle=principle.slug if principle else "",
            school=int(data["school"]) if data.get("school") else None,
            q=data.get("q") or "",
        )
