"""/api/v1/supply-demand/ (staff): the figures of the staff page, one row per subject and region,
filtered by `subject` and `region` (slugs; `subject=primary` for primary education). One answer
of a few dozen rows, computed in six queries: not paginated."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from iclon.core.api.views import TenantScopedMixin
from programmes.supply.api.serializers import SupplyDemandSerializer
from programmes.supply.permissions import can_view_supply_demand
from programmes.supply.selectors import supply_demand

PRIMARY = "primary"


def _rows(data):
    for subject, region, cell in data.rows():
        shortage = cell.shortage
        yield {
            "subject": subject.slug if subject else None,
            "subject_name": str(subject.name) if subject else _("Primary education"),
            "region": region.slug if region else None,
            "region_name": region.name if region else _("Region unknown"),
            "assessing": cell.assessing,
            "admitted": cell.admitted,
            "enrolled": cell.enrolled,
            "placements_proposed": cell.proposed,
            "placements_confirmed": cell.confirmed,
            "places_offered": cell.open_places,
            "shortage": {
                "level": shortage.level,
                "level_label": shortage.get_level_display(),
                "source": shortage.source,
                "source_url": shortage.source_url,
                "measured_on": shortage.measured_on,
            }
            if shortage
            else None,
        }


class SupplyDemandView(TenantScopedMixin, APIView):
    @extend_schema(
        operation_id="supply_demand_list",
        summary="Supply and demand per subject and region (staff)",
        parameters=[
            OpenApiParameter("subject", str, description="A school subject's slug, or 'primary'."),
            OpenApiParameter("region", str, description="An education region's slug."),
        ],
        responses=SupplyDemandSerializer,
        description=(
            "Trainees, placements, places offered and shortage status per school subject and education region (staff)."
        ),
    )
    def get(self, request):
        if not can_view_supply_demand(request.user):
            raise PermissionDenied
        data = supply_demand()
        rows = list(_rows(data))
        subject = request.query_params.get("subject")
        region = request.query_params.get("region")
        if subject:
            if subject != PRIMARY and subject not in {s.slug for s in data.subjects}:
                raise ValidationError({"subject": [_("There is no school subject with this slug.")]})
            rows = [row for row in rows if row["subject"] == (None if subject == PRIMARY else subject)]
        if region:
            if region not in {r.slug for r in data.regions}:
                raise ValidationError({"region": [_("There is no education region with this slug.")]})
            rows = [row for row in rows if row["region"] == region]
        return Response(SupplyDemandSerializer({"as_of": data.as_of, "rows": rows}).data)
