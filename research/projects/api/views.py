"""/api/v1/research-projects/: research projects (public, read-only). The published projects for
everybody, drafts too for research staff (selectors.project_list_for_user); filters as on the
projects page (filters.ProjectFilter), in a fixed number of queries whatever the page holds."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.permissions import AllowAny

from iclon.core.api.views import ReadOnlyViewSet
from research.projects import selectors
from research.projects.api import serializers
from research.projects.filters import ProjectFilter

SLUG = r"[-a-zA-Z0-9_]+"
TAGS = ["Research: projects"]


@extend_schema_view(
    list=extend_schema(
        summary="List research projects",
        description="PhD and postdoc projects, practice-based research with schools, innovation projects, "
        "higher-education research and NRO/NWO-funded projects, newest first, with their people in their "
        "roles. Public: the published projects.",
        tags=TAGS,
    ),
    retrieve=extend_schema(summary="Get one research project by slug", tags=TAGS),
)
class ResearchProjectViewSet(ReadOnlyViewSet):
    permission_classes = [AllowAny]
    lookup_field = "slug"
    lookup_value_regex = SLUG
    serializer_class = serializers.ResearchProjectSerializer
    filterset_class = ProjectFilter
    ordering_fields = ["start_date", "end_date", "defence_date", "title_nl"]
    ordering = ["-start_date", "pk"]

    def get_queryset(self):
        return (
            selectors.project_list_for_user(self.request.user)
            .prefetch_related("partner_schools", "school_boards", "outputs")
            .order_by("-start_date", "pk")
        )
