"""The completion API: /api/v1/attendance/ (staff who record attendance: list, record, correct)
and /api/v1/certificates/ (read-only: the participant's own, staff all, each with a `pdf` link).

Reads go through professionalisation/completion/selectors.py; writes call `attendance_record`,
the service of the day list and the admin, so the same rules hold (confirmed registrations of the
meeting's session only, not before the meeting's day) and the completion rule is evaluated at once.
A service's refusal becomes the one error shape (403, 409, 400)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from iclon.core.api.views import ModelViewSet, ReadOnlyViewSet
from professionalisation.activities.models import Meeting, Registration
from professionalisation.completion import selectors, services
from professionalisation.completion.api import filters, serializers
from professionalisation.completion.models import Attendance, Certificate
from professionalisation.completion.permissions import is_attendance_staff

ATTENDANCE = ["Professional development: attendance"]
CERTIFICATES = ["Professional development: certificates"]
ID = r"[0-9]{1,10}"
ID_PARAMETER = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The row's id.")


class IsAttendanceStaff(BasePermission):
    message = "You are not allowed to do this."

    def has_permission(self, request, view):
        return is_attendance_staff(request.user)


@extend_schema_view(
    list=extend_schema(
        tags=ATTENDANCE,
        summary="List attendance marks",
        description="Staff who record attendance only (403 for others). Filter by meeting or session.",
    ),
    retrieve=extend_schema(tags=ATTENDANCE, summary="Get one attendance mark", parameters=[ID_PARAMETER]),
    create=extend_schema(
        tags=ATTENDANCE,
        summary="Record a participant present or absent at a meeting",
        description=(
            "Records (or overwrites) the mark of a confirmed registration of the meeting's session and evaluates "
            "the completion rule at once: a completion, certificate and e-mail may follow. 409 before the meeting's "
            "day; 400 for a registration that is not a confirmed one of the meeting's session."
        ),
        request=serializers.AttendanceCreateSerializer,
        responses={201: serializers.AttendanceSerializer},
    ),
    partial_update=extend_schema(
        tags=ATTENDANCE,
        summary="Correct an attendance mark",
        description="Present or absent; the completion rule is evaluated again (a completion may be withdrawn).",
        request=serializers.AttendanceUpdateSerializer,
        responses={200: serializers.AttendanceSerializer},
        parameters=[ID_PARAMETER],
    ),
)
class AttendanceViewSet(ModelViewSet):
    serializer_class = serializers.AttendanceSerializer
    permission_classes = [IsAuthenticated, IsAttendanceStaff]
    filterset_class = filters.AttendanceFilter
    ordering_fields = ["updated_at"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    lookup_value_regex = ID
    queryset = Attendance.objects.none()  # for the schema; the rows come from the selector

    def get_queryset(self):
        return selectors.attendance_list_for_user(user=self.request.user)

    def _answer(self, mark: Attendance, code: int) -> Response:
        mark = self.get_queryset().get(pk=mark.pk)
        return Response(serializers.AttendanceSerializer(mark, context=self.get_serializer_context()).data, status=code)

    def create(self, request, *args, **kwargs):
        data = serializers.AttendanceCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        meeting = Meeting.objects.filter(pk=data.validated_data["meeting"]).first()
        if meeting is None:
            raise ValidationError({"meeting": [_("There is no meeting with this id.")]})
        registration = Registration.objects.filter(pk=data.validated_data["registration"]).first()
        if registration is None:
            raise ValidationError({"registration": [_("There is no registration with this id.")]})
        mark = services.attendance_record(
            meeting=meeting, registration=registration, present=data.validated_data["present"], actor=request.user
        )
        return self._answer(mark, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        mark = self.get_object()
        data = serializers.AttendanceUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        mark = services.attendance_record(
            meeting=mark.meeting,
            registration=mark.registration,
            present=data.validated_data["present"],
            actor=request.user,
        )
        return self._answer(mark, status.HTTP_200_OK)


@extend_schema_view(
    list=extend_schema(
        tags=CERTIFICATES,
        summary="List certificates",
        description="Your own certificates (valid and revoked); staff with the permission see all. Latest first.",
    ),
    retrieve=extend_schema(
        tags=CERTIFICATES,
        summary="Get one certificate",
        description="404 for a certificate that is not yours.",
        parameters=[ID_PARAMETER],
    ),
)
class CertificateViewSet(ReadOnlyViewSet):
    serializer_class = serializers.CertificateSerializer
    permission_classes = [IsAuthenticated]
    ordering_fields = ["issued_at"]
    lookup_value_regex = ID
    queryset = Certificate.objects.none()  # for the schema; the rows come from the selector

    def get_queryset(self):
        return selectors.certificate_list_for_user(user=self.request.user)
