"""/api/v1/vog-certificates/: a trainee lists and uploads their own certificates of conduct; staff
with the permission list everyone's and check them (`verify`, `reject`). Reads go through
programmes/vog/selectors.py (one place); writes through the services, as on the pages."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from iclon.core.api.views import TenantScopedMixin
from programmes.vog import services
from programmes.vog.api.serializers import VogCertificateSerializer, VogRejectSerializer, VogUploadSerializer
from programmes.vog.models import VogCertificate
from programmes.vog.selectors import trainee_record_of, vog_list_for_user

TAG = ["Certificates of conduct (VOG)"]


@extend_schema_view(
    list=extend_schema(tags=TAG, summary="List certificates of conduct", description="Your own; staff see all."),
    retrieve=extend_schema(tags=TAG, summary="Get a certificate of conduct"),
    create=extend_schema(
        tags=TAG,
        summary="Upload your certificate of conduct",
        description=(
            "JSON with `issued_on`, `file_name` and the file in `content_base64` (PDF, JPEG or PNG, checked by "
            "content). Trainees only; staff are asked to check it."
        ),
        request=VogUploadSerializer,
        responses={201: VogCertificateSerializer},
    ),
    verify=extend_schema(tags=TAG, summary="Mark as checked (staff)", request=None, responses=VogCertificateSerializer),
    reject=extend_schema(
        tags=TAG,
        summary="Not accept, with the reason (staff)",
        request=VogRejectSerializer,
        responses=VogCertificateSerializer,
    ),
)
class VogCertificateViewSet(
    TenantScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = VogCertificateSerializer
    permission_classes = [IsAuthenticated]
    filterset_fields = ["status"]
    search_fields: list = []
    ordering_fields = ["issued_on", "created_at"]
    lookup_value_regex = r"[0-9]{1,10}"
    queryset = VogCertificate.objects.none()  # for the schema; the real one comes from the selector

    def get_queryset(self):
        return vog_list_for_user(user=self.request.user).order_by("-created_at", "-pk")

    def create(self, request, *args, **kwargs):
        data = VogUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        trainee = trainee_record_of(request.user)
        if trainee is None:
            raise PermissionDenied(_("Only a trainee uploads a certificate of conduct."))
        certificate = services.vog_upload(
            trainee=trainee,
            issued_on=data.validated_data["issued_on"],
            upload=data.validated_data["file"],
            actor=request.user,
        )
        return Response(
            self.get_serializer(self.get_queryset().get(pk=certificate.pk)).data, status=status.HTTP_201_CREATED
        )

    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        certificate = services.vog_verify(certificate=self.get_object(), actor=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=certificate.pk)).data)

    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        data = VogRejectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        certificate = services.vog_reject(
            certificate=self.get_object(), actor=request.user, reason=data.validated_data["reason"]
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=certificate.pk)).data)
