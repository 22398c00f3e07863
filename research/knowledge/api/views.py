"""The research API: the teaching-learning principles of ICLON's strategic plan (public, read-only)."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.permissions import AllowAny

from iclon.core.api.views import ReadOnlyViewSet
from research.knowledge.api import serializers
from research.knowledge.models import TeachingLearningPrinciple

# What a slug is (SlugField): the URL pattern, and so the schema, admit nothing else.
SLUG = r"[-a-zA-Z0-9_]+"


@extend_schema_view(
    list=extend_schema(
        summary="List teaching-learning principles",
        description="The twelve teaching-learning principles of ICLON's strategic plan, in their order; "
        "modules of the pathways are tagged with their slugs. Public.",
    ),
    retrieve=extend_schema(summary="Get one teaching-learning principle by slug"),
)
class TeachingLearningPrincipleViewSet(ReadOnlyViewSet):
    permission_classes = [AllowAny]
    lookup_field = "slug"
    lookup_value_regex = SLUG
    queryset = TeachingLearningPrinciple.objects.order_by("order", "name_nl")
    serializer_class = serializers.TeachingLearningPrincipleSerializer
    search_fields = ["name_nl", "name_en", "statement_nl", "statement_en"]
    ordering_fields = ["order", "name_nl", "name_en"]
    filterset_fields = []
