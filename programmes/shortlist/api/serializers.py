"""Serializers of the shortlist API (/api/v1/shortlist/): explicit fields; the output and the
input differ (a saved route is created from a route's slug and an optional note)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema_serializer
from rest_framework import serializers

from programmes.catalogue.models import Pathway
from programmes.shortlist.models import NOTE_MAX_LENGTH, SavedRoute
from programmes.shortlist.selectors import savable_pathways


class SavedRoutePathwaySerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="In the request's language (Accept-Language: nl or en).")
    qualification = serializers.CharField(source="qualification.name", read_only=True)
    page = serializers.SerializerMethodField(help_text="The route's public page.")

    class Meta:
        model = Pathway
        fields = ["slug", "name", "qualification", "mode", "ec", "is_published", "page"]

    def get_page(self, obj) -> str:
        path = reverse("programmes:pathway-detail", kwargs={"slug": obj.slug})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A saved route",
            response_only=True,
            value={
                "id": 42,
                "pathway": {
                    "slug": "eerstegraads-biologie-deeltijd",
                    "name": "Eerstegraads biologie (deeltijd)",
                    "qualification": "Eerstegraads bevoegdheid",
                    "mode": "part_time",
                    "ec": 60,
                    "is_published": True,
                    "page": "https://portal.iclon.example/routes/eerstegraads-biologie-deeltijd/",
                },
                "note": "Open dag op 12 maart",
                "created_at": "2026-12-06T20:15:00+01:00",
            },
        )
    ]
)
class SavedRouteSerializer(serializers.ModelSerializer):
    pathway = SavedRoutePathwaySerializer(read_only=True)

    class Meta:
        model = SavedRoute
        fields = ["id", "pathway", "note", "created_at"]


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "Save a route with a note",
            request_only=True,
            value={"pathway": "eerstegraads-biologie-deeltijd", "note": "Open dag op 12 maart"},
        ),
    ]
)
class SavedRouteInputSerializer(serializers.Serializer):
    pathway = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=savable_pathways(),
        help_text="The slug of a published route (as in /api/v1/pathways/).",
        error_messages={
            "does_not_exist": _("This route cannot be saved: it is not (or no longer) offered."),
        },
    )
    note = serializers.CharField(
        max_length=NOTE_MAX_LENGTH, required=False, allow_blank=True, default="", help_text="A note for yourself."
    )
