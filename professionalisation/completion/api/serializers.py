"""Serializers of the completion API: explicit fields; input separate from output where they differ."""

from drf_spectacular.utils import OpenApiExample, extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from professionalisation.completion.models import Attendance, Certificate
from professionalisation.completion.notifications import absolute, pdf_path, verification_url


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A mark",
            value={
                "id": 7,
                "meeting": 31,
                "session": 12,
                "registration": 204,
                "participant": "Dana Docent",
                "present": True,
                "recorded_by": "Nina Nascholing",
                "updated_at": "2027-03-10T17:42:00+01:00",
            },
            response_only=True,
        )
    ]
)
class AttendanceSerializer(serializers.ModelSerializer):
    session = serializers.IntegerField(source="meeting.session_id", read_only=True, help_text="The meeting's session.")
    participant = serializers.SerializerMethodField(help_text="The participant's full name.")
    recorded_by = serializers.SerializerMethodField(help_text="Who recorded the mark last (null: unknown).")

    class Meta:
        model = Attendance
        fields = ["id", "meeting", "session", "registration", "participant", "present", "recorded_by", "updated_at"]
        read_only_fields = fields

    def get_participant(self, obj) -> str:
        return obj.registration.participant.full_name or obj.registration.participant.email

    def get_recorded_by(self, obj) -> str | None:
        return obj.recorded_by.full_name if obj.recorded_by_id else None


@extend_schema_serializer(
    examples=[
        OpenApiExample("Present", value={"meeting": 31, "registration": 204, "present": True}, request_only=True),
        OpenApiExample("Absent", value={"meeting": 31, "registration": 205, "present": False}, request_only=True),
    ]
)
class AttendanceCreateSerializer(serializers.Serializer):
    meeting = serializers.IntegerField(min_value=1, max_value=2**31 - 1, help_text="The meeting's id.")
    registration = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, help_text="A confirmed registration of the meeting's session."
    )
    present = serializers.BooleanField(help_text="true: present; false: absent.")


@extend_schema_serializer(examples=[OpenApiExample("Correct to absent", value={"present": False}, request_only=True)])
class AttendanceUpdateSerializer(serializers.Serializer):
    present = serializers.BooleanField(help_text="true: present; false: absent.")


_CERTIFICATE_EXAMPLE = {
    "id": 18,
    "number": "ICLON-PD-2027-00018",
    "participant": "Dana Docent",
    "activity": "formatief-handelen-in-de-les",
    "session": "Voorjaar 2027, Leiden",
    "language": "nl",
    "issued_at": "2027-03-24T14:02:11+01:00",
    "valid": True,
    "revoked_at": None,
    "pdf": "https://portal.iclon.example/professionalisation/certificates/18/pdf/",
    "verification_url": "https://portal.iclon.example/professionalisation/verify/3F9A0C2B7E41D8A6C5B0/",
}


@extend_schema_serializer(
    examples=[
        OpenApiExample("A certificate", value=_CERTIFICATE_EXAMPLE, response_only=True),
        OpenApiExample(
            "A revoked certificate",
            value={**_CERTIFICATE_EXAMPLE, "valid": False, "revoked_at": "2027-04-02T10:15:00+02:00"},
            response_only=True,
        ),
    ]
)
class CertificateSerializer(serializers.ModelSerializer):
    participant = serializers.SerializerMethodField(help_text="The participant's full name.")
    activity = serializers.SlugRelatedField(
        source="completion.registration.session.activity",
        slug_field="slug",
        read_only=True,
        help_text="The activity's slug.",
    )
    session = serializers.CharField(source="completion.registration.session.name", read_only=True)
    valid = serializers.BooleanField(read_only=True, help_text="false once revoked.")
    pdf = serializers.SerializerMethodField(help_text="The certificate as PDF (for the participant and staff).")
    verification_url = serializers.SerializerMethodField(help_text="The public page that says whether it is valid.")

    class Meta:
        model = Certificate
        fields = [
            "id",
            "number",
            "participant",
            "activity",
            "session",
            "language",
            "issued_at",
            "valid",
            "revoked_at",
            "pdf",
            "verification_url",
        ]
        read_only_fields = fields

    def get_participant(self, obj) -> str:
        participant = obj.completion.registration.participant
        return participant.full_name or participant.email

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_pdf(self, obj) -> str:
        return absolute(pdf_path(obj))

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_verification_url(self, obj) -> str:
        return verification_url(obj)
