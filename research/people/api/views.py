"""/api/v1/research-people/: ICLON's researchers (public, read-only). The active profiles for
everybody, the inactive ones too for research staff (selectors.researcher_list_for_user); filters
as on the people page (filters.ResearcherFilter).

Not /api/v1/researchers/: that is Meet the Professor's pool (professionalisation/outreach/api)."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.permissions import AllowAny

from iclon.core.api.views import ReadOnlyViewSet
from research.people import selectors
from research.people.api import serializers
from research.people.filters import ResearcherFilter

SLUG = r"[-a-zA-Z0-9_]+"
TAGS = ["Research: people"]


@extend_schema_view(
    list=extend_schema(
        summary="List researchers",
        description="ICLON's researchers (professors, assistant professors, postdocs, PhD candidates and "
        "teacher-researchers at schools), by name. Public: the active profiles.",
        tags=TAGS,
    ),
    retrieve=extend_schema(summary="Get one researcher by slug", tags=TAGS),
)
class ResearcherViewSet(ReadOnlyViewSet):
    permission_classes = [AllowAny]
    lookup_field = "slug"
    lookup_value_regex = SLUG
    serializer_class = serializers.ResearchPersonSerializer
    filterset_class = ResearcherFilter
    ordering_fields = ["full_name", "role"]
    ordering = ["full_name", "pk"]

    def get_queryset(self):
        return selectors.researcher_list_for_user(self.request.user).order_by("full_name", "pk")
