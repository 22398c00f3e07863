"""The PAL API: /api/v1/pal-requests/, /api/v1/pal-assignments/ and /api/v1/pal-hours/.

Reads go through professionalisation/outreach/selectors/pal.py, the one visibility rule: a school
sees its own requests, assignments and hours; a PAL student their own assignments and hours;
coordinators all; anybody else an empty list, and one row outside it is 404. Writes call the same
services as the pages and the admin, so the same rules hold and the same notifications go out; a
service's refusal becomes the one error shape (403 not allowed, 409 conflict such as a confirmed
week that can no longer change, 400 bad input)."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from iclon.core.api.schema import ErrorSerializer
from iclon.core.api.views import ModelViewSet, ReadOnlyViewSet
from partnerships.models import EducationRegion
from professionalisation.outreach.api.pal_serializers import (
    AssignmentListSerializer,
    AssignSerializer,
    ConfirmSideSerializer,
    HoursLogSerializer,
    PalAssignmentFilter,
    PalAssignmentSerializer,
    PalHoursFilter,
    PalHoursSerializer,
    PalRequestCreateSerializer,
    PalRequestFilter,
    PalRequestSerializer,
    ReasonSerializer,
    SuggestionListSerializer,
    TotalListSerializer,
)
from professionalisation.outreach.models.pal import (
    PalAssignment,
    PalHours,
    PalRequest,
    PalStudent,
)
from professionalisation.outreach.permissions.pal import is_pal_staff, may_export_hours
from professionalisation.outreach.selectors import pal as selectors
from professionalisation.outreach.services import pal as services

REQUESTS = ["PAL requests"]
ASSIGNMENTS = ["PAL assignments"]
HOURS = ["PAL hours"]
ID = r"[0-9]{1,10}"
ID_PARAMETER = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The row's id.")


def _error(description: str, name: str, value: dict) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=description, examples=[OpenApiExample(name, value=value)])


NOT_ALLOWED = _error("You may not do this.", "Not allowed", {"detail": "You are not allowed to do this."})
LOCKED = _error(
    "The week is confirmed, or the row's state does not allow this.",
    "Locked",
    {"detail": "The school has confirmed the hours of this week: they can no longer be changed."},
)

# --- views --------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        tags=REQUESTS,
        summary="List the PAL requests you may see",
        description="A school user sees their school's requests; coordinators all; others an empty list.",
    ),
    retrieve=extend_schema(tags=REQUESTS, summary="Get one PAL request", parameters=[ID_PARAMETER]),
    create=extend_schema(
        tags=REQUESTS,
        summary="Request PAL support for a school",
        description=(
            "For the school's contact, school leader or school-based teacher educator, and coordinators (403 for "
            "anybody else). Tasks and weekdays are required; `other` needs `tasks_other`; 0 < hours ≤ 40; the "
            "period must not be over. The region defaults to the school's."
        ),
        request=PalRequestCreateSerializer,
        responses={201: PalRequestSerializer, 403: NOT_ALLOWED},
    ),
)
class PalRequestViewSet(ModelViewSet):
    serializer_class = PalRequestSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = PalRequestFilter
    search_fields = ["school__name"]
    ordering_fields = ["created_at", "starts_on"]
    http_method_names = ["get", "post", "head", "options"]
    lookup_value_regex = ID
    queryset = PalRequest.objects.none()  # for the schema; the rows come from the selector

    def get_queryset(self):
        return selectors.pal_request_list_for_user(self.request.user).order_by("-created_at", "pk")

    def get_object(self):
        return selectors.pal_request_get_for_user(user=self.request.user, pk=self.kwargs["pk"])

    def _answer(self, row, code=status.HTTP_200_OK):
        row = selectors.pal_request_get_for_user(user=self.request.user, pk=row.pk)
        return Response(PalRequestSerializer(row, context=self.get_serializer_context()).data, status=code)

    def create(self, request, *args, **kwargs):
        data = PalRequestCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["tasks"] = sorted(values["tasks"])
        values["weekdays"] = sorted(values["weekdays"])
        row = services.pal_request_create(actor=request.user, **values)
        return self._answer(row, status.HTTP_201_CREATED)

    @extend_schema(
        tags=REQUESTS,
        summary="Withdraw a PAL request",
        description="The school or a coordinator, with the reason; its assignments are cancelled. 409 once closed "
        "or withdrawn, or when hours were logged for it.",
        request=ReasonSerializer,
        responses={200: PalRequestSerializer, 403: NOT_ALLOWED, 409: LOCKED},
        parameters=[ID_PARAMETER],
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        row = self.get_object()
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.pal_request_withdraw(actor=request.user, request=row, reason=data.validated_data["reason"])
        return self._answer(row)

    @extend_schema(
        tags=REQUESTS,
        summary="Close a confirmed PAL request",
        description="Coordinators only; 409 while hours of it wait for the school's confirmation.",
        request=None,
        responses={200: PalRequestSerializer, 403: NOT_ALLOWED, 409: LOCKED},
        parameters=[ID_PARAMETER],
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        row = services.pal_request_close(actor=request.user, request=self.get_object())
        return self._answer(row)

    @extend_schema(
        tags=REQUESTS,
        summary="Assign PAL students to a request",
        description="Coordinators only. Each student must be active and trained and not assigned to it already; "
        "the students and the school are asked to confirm. Answers 201 with the new assignments.",
        request=AssignSerializer,
        responses={201: AssignmentListSerializer, 403: NOT_ALLOWED, 409: LOCKED},
        parameters=[ID_PARAMETER],
    )
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        row = self.get_object()
        if not is_pal_staff(request.user):
            raise PermissionDenied
        data = AssignSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ids = list(dict.fromkeys(data.validated_data["students"]))
        students = {s.pk: s for s in PalStudent.objects.filter(pk__in=ids)}
        missing = [pk for pk in ids if pk not in students]
        if missing:
            raise ValidationError({"students": [_("There is no PAL student with the id %(id)s.") % {"id": missing[0]}]})
        reasons = {s.student.pk: s.reasons for s in selectors.pal_suggestions(row, limit=1000)}
        assignments = services.pal_assign(
            actor=request.user,
            request=row,
            students=[students[pk] for pk in ids],
            hours_per_week=data.validated_data.get("hours_per_week"),
            reasons=reasons,
        )
        rows = selectors.pal_assignment_list_for_user(request.user).filter(pk__in=[a.pk for a in assignments])
        serializer = AssignmentListSerializer(
            {"assignments": rows.order_by("pk")}, context=self.get_serializer_context()
        )
        return Response(serializer.data, status=status.HTTP_201_CREATED)

    @extend_schema(
        tags=REQUESTS,
        summary="Suggested PAL students for a request",
        description="Coordinators only: active, trained students by subject, days and region, best first, each "
        "with the reasons.",
        responses={200: SuggestionListSerializer, 403: NOT_ALLOWED},
        parameters=[ID_PARAMETER],
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def suggestions(self, request, pk=None):
        row = self.get_object()
        if not is_pal_staff(request.user):
            raise PermissionDenied
        return Response(SuggestionListSerializer({"suggestions": selectors.pal_suggestions(row)}).data)


@extend_schema_view(
    list=extend_schema(
        tags=ASSIGNMENTS,
        summary="List the PAL assignments you may see",
        description="A PAL student sees their own; a school user their school's; coordinators all.",
    ),
    retrieve=extend_schema(tags=ASSIGNMENTS, summary="Get one PAL assignment", parameters=[ID_PARAMETER]),
)
class PalAssignmentViewSet(ReadOnlyViewSet):
    serializer_class = PalAssignmentSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = PalAssignmentFilter
    search_fields = ["request__school__name", "student__user__full_name"]
    ordering_fields = ["created_at"]
    lookup_value_regex = ID
    queryset = PalAssignment.objects.none()  # for the schema; the rows come from the selector

    def get_queryset(self):
        return selectors.pal_assignment_list_for_user(self.request.user).order_by("-created_at", "pk")

    def get_object(self):
        return selectors.pal_assignment_get_for_user(user=self.request.user, pk=self.kwargs["pk"])

    def _answer(self, row):
        row = selectors.pal_assignment_get_for_user(user=self.request.user, pk=row.pk)
        return Response(PalAssignmentSerializer(row, context=self.get_serializer_context()).data)

    @extend_schema(
        tags=ASSIGNMENTS,
        summary="Confirm a proposed PAL assignment",
        description="`side`: `student` (the assigned student) or `school` (the school's contact, leader or "
        "school-based teacher educator). Confirmed by both, the assignment and its request are confirmed.",
        request=ConfirmSideSerializer,
        responses={200: PalAssignmentSerializer, 403: NOT_ALLOWED, 409: LOCKED},
        parameters=[ID_PARAMETER],
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        row = self.get_object()
        data = ConfirmSideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.pal_assignment_confirm(actor=request.user, assignment=row, side=data.validated_data["side"])
        return self._answer(row)

    @extend_schema(
        tags=ASSIGNMENTS,
        summary="Decline a proposed PAL assignment",
        description="The student, the school or a coordinator, with the reason.",
        request=ReasonSerializer,
        responses={200: PalAssignmentSerializer, 403: NOT_ALLOWED, 409: LOCKED},
        parameters=[ID_PARAMETER],
    )
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        row = self.get_object()
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.pal_assignment_decline(actor=request.user, assignment=row, reason=data.validated_data["reason"])
        return self._answer(row)


FROM = OpenApiParameter("from", OpenApiTypes.DATE, description="Weeks overlapping the period from this day.")
UNTIL = OpenApiParameter("until", OpenApiTypes.DATE, description="… until this day.")


def _period(params) -> dict:
    values = {}
    for name, key in (("from", "starts_on"), ("until", "ends_on")):
        field = serializers.DateField(required=False)
        raw = params.get(name)
        if raw:
            try:
                values[key] = field.to_internal_value(raw)
            except serializers.ValidationError as error:
                raise ValidationError({name: error.detail}) from error
    return values


@extend_schema_view(
    list=extend_schema(
        tags=HOURS,
        summary="List the PAL hours you may see",
        description="A PAL student sees their own; a school user their school's; coordinators all.",
    ),
    retrieve=extend_schema(tags=HOURS, summary="Get one week's PAL hours", parameters=[ID_PARAMETER]),
    create=extend_schema(
        tags=HOURS,
        summary="Log the hours of one week",
        description=(
            "The assigned student, for a confirmed assignment, a week that overlaps the request's period and has "
            "begun. Logging the same week again changes it (200) while the school has not confirmed it; a "
            "confirmed week is locked (409). At most 8 hours for each working day of the week in the period."
        ),
        request=HoursLogSerializer,
        responses={201: PalHoursSerializer, 200: PalHoursSerializer, 403: NOT_ALLOWED, 409: LOCKED},
    ),
    destroy=extend_schema(
        tags=HOURS,
        summary="Remove a week's hours",
        description="The student, while the school has not confirmed them (409 once confirmed).",
        responses={204: None, 403: NOT_ALLOWED, 409: LOCKED},
        parameters=[ID_PARAMETER],
    ),
)
class PalHoursViewSet(ModelViewSet):
    serializer_class = PalHoursSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = PalHoursFilter
    search_fields = ["assignment__student__user__full_name", "assignment__request__school__name"]
    ordering_fields = ["year", "week"]
    http_method_names = ["get", "post", "delete", "head", "options"]
    lookup_value_regex = ID
    queryset = PalHours.objects.none()  # for the schema; the rows come from the selector

    def get_queryset(self):
        return selectors.pal_hours_list_for_user(self.request.user).order_by("-year", "-week", "pk")

    def get_object(self):
        return selectors.pal_hours_get_for_user(user=self.request.user, pk=self.kwargs["pk"])

    def _answer(self, row, code=status.HTTP_200_OK):
        row = selectors.pal_hours_get_for_user(user=self.request.user, pk=row.pk)
        return Response(PalHoursSerializer(row, context=self.get_serializer_context()).data, status=code)

    def create(self, request, *args, **kwargs):
        data = HoursLogSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        assignment = selectors.pal_assignment_list_for_user(request.user).filter(pk=values.pop("assignment")).first()
        if assignment is None:
            raise ValidationError({"assignment": [_("There is no assignment with this id.")]})
        existed = PalHours.objects.filter(assignment=assignment, year=values["year"], week=values["week"]).exists()
        row = services.pal_hours_log(actor=request.user, assignment=assignment, **values)
        return self._answer(row, status.HTTP_200_OK if existed else status.HTTP_201_CREATED)

    def destroy(self, request, *args, **kwargs):
        services.pal_hours_delete(actor=request.user, hours=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        tags=HOURS,
        summary="Confirm a week's hours (the school)",
        description="The school's contact, leader or school-based teacher educator. Confirmed hours are locked.",
        request=None,
        responses={200: PalHoursSerializer, 403: NOT_ALLOWED, 409: LOCKED},
        parameters=[ID_PARAMETER],
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        return self._answer(services.pal_hours_confirm(actor=request.user, hours=self.get_object()))

    @extend_schema(
        tags=HOURS,
        summary="Reject a week's hours (the school)",
        description="With the reason; the student may log the week again. 409 for confirmed hours.",
        request=ReasonSerializer,
        responses={200: PalHoursSerializer, 403: NOT_ALLOWED, 409: LOCKED},
        parameters=[ID_PARAMETER],
    )
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        row = self.get_object()
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(
            services.pal_hours_reject(actor=request.user, hours=row, reason=data.validated_data["reason"])
        )

    @extend_schema(
        tags=HOURS,
        summary="Totals of confirmed hours",
        description="Per school or per region (`by`), of the weeks in the period, over the hours you may see "
        "(a school its own; coordinators all).",
        parameters=[
            OpenApiParameter("by", str, enum=list(selectors.TOTAL_GROUPS), description="school (default) or region"),
            FROM,
            UNTIL,
        ],
        responses={200: TotalListSerializer},
    )
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def totals(self, request):
        by = request.query_params.get("by", "school")
        if by not in selectors.TOTAL_GROUPS:
            raise ValidationError({"by": [_("Choose school or region.")]})
        rows = selectors.hours_totals(request.user, by=by, **_period(request.query_params))
        return Response(TotalListSerializer({"by": by, "totals": rows}).data)

    @extend_schema(
        tags=HOURS,
        summary="Export a region's confirmed hours for payroll",
        description="Coordinators only: CSV or XLSX (`file`), one line per confirmed week of the region's requests.",
        parameters=[
            OpenApiParameter("region", str, required=True, description="Education region slug."),
            OpenApiParameter("file", str, enum=list(selectors.EXPORT_TYPES), description="csv (default) or xlsx"),
            FROM,
            UNTIL,
        ],
        responses={
            (200, "text/csv"): OpenApiTypes.BINARY,
            (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiTypes.BINARY,
            403: NOT_ALLOWED,
        },
    )
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def export(self, request):
        if not may_export_hours(request.user):
            raise PermissionDenied
        fmt = request.query_params.get("file", "csv")
        if fmt not in selectors.EXPORT_TYPES:
            raise ValidationError({"file": [_("Choose csv or xlsx.")]})
        region = EducationRegion.objects.filter(slug=request.query_params.get("region", "")).first()
        if region is None:
            raise ValidationError({"region": [_("Choose an education region.")]})
        content = selectors.payroll_export(request.user, region=region, fmt=fmt, **_period(request.query_params))
        response = HttpResponse(content, content_type=selectors.EXPORT_TYPES[fmt])
        name = f"pal-hours-{region.slug}-{timezone.localdate().isoformat()}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


router = SimpleRouter()
router.register("pal-requests", PalRequestViewSet, basename="pal-request")
router.register("pal-assignments", PalAssignmentViewSet, basename="pal-assignment")
router.register("pal-hours", PalHoursViewSet, basename="pal-hours")

urlpatterns = router.urls
