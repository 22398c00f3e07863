"""/api/v1/publications/: publications (public, read-only). The published publications for
everybody, unpublished ones too for research staff (selectors.publication_list_for_user); filters as
on the publications page (filters.PublicationFilter), in a fixed number of queries whatever the
page holds; /api/v1/publications/export/?as=bibtex|ris|csljson exports the whole filtered list."""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny

from iclon.core.api.views import ReadOnlyViewSet
from research.publications import selectors
from research.publications.api import serializers
from research.publications.exporting import CONTENT_TYPES, EXPORTERS
from research.publications.filters import PublicationFilter

TAGS = ["Research: publications"]

#: The most rows one export holds.
MAX_EXPORT = 5000


@extend_schema_view(
    list=extend_schema(
        summary="List publications",
        description="Scientific and professional publications of ICLON's researchers, newest first, with their "
        "authors in order (linked to our researchers) and their APA 7 citation. Public: the published ones.",
        tags=TAGS,
    ),
    retrieve=extend_schema(summary="Get one publication", tags=TAGS),
)
class PublicationViewSet(ReadOnlyViewSet):
    permission_classes = [AllowAny]
    serializer_class = serializers.PublicationSerializer
    filterset_class = PublicationFilter
    ordering_fields = ["year", "title"]
    ordering = ["-year", "title", "pk"]

    def get_queryset(self):
        return selectors.publication_list_for_user(self.request.user)

    @extend_schema(
        summary="Export the filtered publications",
        description="The publications the filters select (at most 5000), as BibTeX, RIS or CSL-JSON: a file "
        "that the portal's import reads back without creating anything.",
        tags=TAGS,
        parameters=[
            OpenApiParameter(
                "as",
                OpenApiTypes.STR,
                enum=list(EXPORTERS),
                default="bibtex",
                description="The format of the file.",
            )
        ],
        responses={
            (200, "application/x-bibtex"): OpenApiResponse(OpenApiTypes.BINARY, description="BibTeX"),
            (200, "application/x-research-info-systems"): OpenApiResponse(OpenApiTypes.BINARY, description="RIS"),
            (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY, description="CSL-JSON"),
        },
    )
    @action(detail=False, methods=["get"], url_path="export", pagination_class=None)
    def export(self, request):
        chosen = request.query_params.get("as") or "bibtex"
        if chosen not in EXPORTERS:
            raise ValidationError({"as": [_("Choose bibtex, ris or csljson.")]})
        rows = self.filter_queryset(self.get_queryset())[:MAX_EXPORT]
        content_type, extension = CONTENT_TYPES[chosen]
        response = HttpResponse(EXPORTERS[chosen](rows), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="publications.{extension}"'
        return response
