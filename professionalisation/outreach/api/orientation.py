"""The API of orientation on the teaching profession: what the route finder's answer holds about it
(`orientation_activities`, `orientation_materials`; added through the catalogue's hook, see
receivers/orientation.py) and the staff's funnel from orientation to application (counts only)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from professionalisation.outreach.models.orientation import ORIENTATION_KINDS
from professionalisation.outreach.permissions.orientation import can_view_funnel
from professionalisation.outreach.selectors import orientation as selectors
from professionalisation.outreach.selectors.orientation import FIRST_YEAR

LOCALIZED = "In the request's language (Accept-Language: nl or en)."
TAGS = ["Orientation on the teaching profession"]


def _absolute(context: dict, path: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


class OrientationActivitySerializer(serializers.Serializer):
    """A coming orientation activity (selectors.orientation.ComingOrientation) with its next session
    that has a place left."""

    id = serializers.IntegerField(source="activity.pk", help_text="The activity's id.")
    slug = serializers.CharField(source="activity.slug", help_text="See /api/v1/activities/{slug}/.")
    title = serializers.CharField(source="activity.title", help_text=LOCALIZED)
    kind = serializers.ChoiceField(
        source="activity.kind", choices=[(kind.value, kind.label) for kind in ORIENTATION_KINDS]
    )
    session = serializers.IntegerField(source="session.pk", help_text="The next session with a place left.")
    date = serializers.DateField(help_text="The date of that session's next meeting.")
    starts_at = serializers.TimeField(format="%H:%M", help_text="Its start, local time in the Netherlands.")
    place = serializers.CharField(help_text="Where it is; empty when online.")
    places_left = serializers.IntegerField(help_text="Places a newcomer can still take in that session.")
    url = serializers.SerializerMethodField(help_text="The activity's page, where one registers.")

    def get_url(self, obj: selectors.ComingOrientation) -> str:
        return _absolute(self.context, obj.url)


class OrientationMaterialSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField(help_text=LOCALIZED)
    url = serializers.URLField()


class FunnelRowSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="The orientation activity's kind, or `all`.")
    label = serializers.CharField(help_text=LOCALIZED)
    attended = serializers.IntegerField(help_text="People who attended an orientation activity of this kind.")
    applied = serializers.IntegerField(help_text="Of them, people who applied afterwards (a submitted application).")
    admitted = serializers.IntegerField(help_text="Of them, people admitted (with or without conditions, or enrolled).")


def _row(kind: str, label: str, attended: int, applied: int, admitted: int) -> dict:
    return {"kind": kind, "label": label, "attended": attended, "applied": applied, "admitted": admitted}


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "The funnel of 2027",
            value={
                "year": 2027,
                "rows": [
                    _row("all", "All orientation activities", 120, 41, 33),
                    _row("taster_day", "Taster day", 52, 22, 18),
                    _row("day_as_teacher", "A day as a teacher", 16, 9, 8),
                    _row("information_evening", "Information evening", 71, 19, 14),
                ],
            },
            response_only=True,
        )
    ]
)
class FunnelSerializer(serializers.Serializer):
    year = serializers.IntegerField(allow_null=True, help_text="The year asked for; null: every year.")
    rows = FunnelRowSerializer(many=True, help_text="Overall first, then per kind of orientation activity.")


class OrientationFunnelView(APIView):
    """Staff: how many people who attended an orientation activity applied and were admitted; counts only."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAGS,
        summary="The funnel from orientation to application",
        description="Of the people who attended an orientation activity on the teaching profession (in the "
        "year given, by the date of the activity), how many applied for a route into teaching afterwards and how "
        "many were admitted; overall and per kind of activity. Counts only, never names. For staff who may see "
        "the funnel (professionalisation coordinators, intake officers, administrators).",
        parameters=[OpenApiParameter("year", int, description="Only orientation activities in this year.")],
        responses=FunnelSerializer,
    )
    def get(self, request):
        if not can_view_funnel(request.user):
            raise PermissionDenied()
        given = request.query_params.get("year")
        year = selectors.funnel_year(given)
        if given not in (None, "") and year is None:
            last = timezone.localdate().year + 1
            raise ValidationError(
                {"year": [_("Give a year from %(first)d to %(last)d.") % {"first": FIRST_YEAR, "last": last}]}
            )
        return Response(FunnelSerializer({"year": year, "rows": selectors.funnel(year=year)}).data)
