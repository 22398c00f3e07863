"""/api/v1/vog-certificates/: a trainee's certificates of conduct (never the file itself: its
address, served only to the trainee and staff)."""

from django.urls import reverse
from rest_framework import serializers

from programmes.vog.models import VogCertificate


class VogCertificateSerializer(serializers.ModelSerializer):
    trainee_reference = serializers.CharField(source="trainee.reference", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    document_url = serializers.SerializerMethodField()

    class Meta:
        model = VogCertificate
        fields = [
            "id",
            "trainee",
            "trainee_reference",
            "issued_on",
            "status",
            "status_label",
            "rejection_reason",
            "checked_at",
            "document_url",
            "created_at",
        ]
        read_only_fields = fields

    def get_document_url(self, obj) -> str:
        return reverse("vog:document", args=[obj.pk])


class VogUploadSerializer(serializers.Serializer):
    issued_on = serializers.DateField(help_text="The date on the certificate.")
    file = serializers.FileField(help_text="PDF, JPEG or PNG (checked by content).")


class VogRejectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000, help_text="Why it is not accepted; the trainee reads it.")
