"""/api/v1/vog-certificates/: a trainee's certificates of conduct (never the file itself: its
address, served only to the trainee and staff). An upload is JSON with the file in base64."""

import base64
import binascii

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema_serializer
from rest_framework import serializers

from programmes.vog.models import VogCertificate

EXAMPLE = {
    "id": 12,
    "trainee": 345,
    "trainee_reference": "ICL-000345",
    "issued_on": "2026-11-20",
    "status": "submitted",
    "status_label": "Waiting for a check",
    "rejection_reason": "",
    "checked_at": None,
    "document_url": "/placements/vog/12/document/",
    "created_at": "2026-11-23T10:15:00+01:00",
}


@extend_schema_serializer(examples=[OpenApiExample("A certificate waiting for a check", value=EXAMPLE)])
class VogCertificateSerializer(serializers.ModelSerializer):
    trainee_reference = serializers.CharField(source="trainee.reference", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    document_url = serializers.SerializerMethodField()

    class Meta:
        model = VogCertificate
        fields = list(EXAMPLE)
        read_only_fields = fields

    def get_document_url(self, obj) -> str:
        return reverse("vog:document", args=[obj.pk])


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "Upload",
            value={"issued_on": "2026-11-20", "file_name": "vog.pdf", "content_base64": "JVBERi0xLjQK..."},
            request_only=True,
        )
    ]
)
class VogUploadSerializer(serializers.Serializer):
    issued_on = serializers.DateField(help_text="The date on the certificate.")
    file_name = serializers.CharField(max_length=200, help_text="The file's name, e.g. vog.pdf.")
    content_base64 = serializers.CharField(help_text="The file (PDF, JPEG or PNG, checked by content), base64-encoded.")

    def validate(self, attrs):
        try:
            content = base64.b64decode(attrs["content_base64"], validate=True)
        except (binascii.Error, ValueError):
            raise serializers.ValidationError({"content_base64": [_("This is not valid base64.")]}) from None
        attrs["file"] = SimpleUploadedFile(attrs["file_name"], content)
        return attrs


@extend_schema_serializer(
    examples=[
        OpenApiExample("Not accepted", value={"reason": "The certificate is for another person."}, request_only=True)
    ]
)
class VogRejectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000, help_text="Why it is not accepted; the trainee reads it.")
