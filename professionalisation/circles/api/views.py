"""/api/v1/development-paths/ (public: the published paths with their steps) and
/api/v1/learning-circles/ (the circles the caller may see: staff all, people their own circles,
school contacts and leaders the circles with members from their schools; see
professionalisation/circles/selectors.py). Read-only; the rows come from the selectors."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.permissions import AllowAny, IsAuthenticated

from iclon.core.api.views import ReadOnlyViewSet
from professionalisation.circles import selectors
from professionalisation.circles.api import filters, serializers
from professionalisation.circles.models import DevelopmentPath, LearningCircle

SLUG = r"[-a-zA-Z0-9_]+"
ID = r"[0-9]{1,10}"
TAGS = ["Professional development"]


@extend_schema_view(
    list=extend_schema(
        tags=TAGS,
        summary="List development paths",
        description="The published development paths (ontwikkelpaden) with their steps in order; public. A step "
        "is done by completing any one of its activities or modules.",
    ),
    retrieve=extend_schema(tags=TAGS, summary="Get one development path by slug"),
)
class DevelopmentPathViewSet(ReadOnlyViewSet):
    permission_classes = [AllowAny]
    serializer_class = serializers.DevelopmentPathSerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG
    search_fields = ["name_nl", "name_en"]
    ordering_fields = ["name_nl", "name_en"]
    queryset = DevelopmentPath.objects.none()  # for the schema; the rows come from the selectors

    def get_queryset(self):
        return selectors.path_catalogue()


@extend_schema_view(
    list=extend_schema(
        tags=TAGS,
        summary="List the learning circles you may see",
        description="Staff see every circle; a member, facilitator or researcher their own circles; a school "
        "contact or school leader the circles with members from their schools. Each with its current people "
        "and coming meetings.",
    ),
    retrieve=extend_schema(
        tags=TAGS,
        summary="Get one learning circle",
        description="With its practice questions; 404 for a circle you may not see.",
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH, description="The circle's id.")],
    ),
)
class LearningCircleViewSet(ReadOnlyViewSet):
    permission_classes = [IsAuthenticated]
    filterset_class = filters.LearningCircleFilter
    search_fields = ["name_nl", "name_en", "theme_nl", "theme_en"]
    ordering_fields = ["name_nl", "starts_on"]
    lookup_value_regex = ID
    queryset = LearningCircle.objects.none()  # for the schema; the rows come from the selectors

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.LearningCircleDetailSerializer
        return serializers.LearningCircleSerializer

    def get_queryset(self):
        return selectors.with_counts(selectors.circle_list_for_user(self.request.user))

    def get_object(self):
        return selectors.circle_get_for_user(user=self.request.user, pk=self.kwargs["pk"])
