"""Serializers of the intake API (/api/v1/applications/): explicit fields, output only, plus the
transition's input.

What staff see beyond the applicant (the assigned officer, the applicant's name and e-mail, who
made each move and the reason of every move) is null or left out for applicants, decided by
`sees_all_applications` in the serializer context. Statuses are plain strings (the values of
ApplicationStatus, listed in the help texts) so the schema's enums stay unambiguous."""

from django.urls import reverse
from drf_spectacular.utils import OpenApiExample, extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from programmes.catalogue.models import Pathway, StartMoment
from programmes.intake.models import (
    DECIDED_STATUSES,
    AdmissionCondition,
    Application,
    ApplicationDocument,
    ApplicationStatus,
    ApplicationTransition,
    Exemption,
)
from programmes.intake.services.applications import allowed_transitions

S = ApplicationStatus
STATUS_HELP = "One of: " + ", ".join(S.values) + "."
# The reason of these moves is for the applicant (the decision's explanation, their withdrawal);
# the reason of the other moves is staff's own remark.
REASON_SHOWN_TO_APPLICANT = frozenset({*DECIDED_STATUSES, S.WITHDRAWN})


def _is_staff_view(serializer) -> bool:
    return bool(serializer.context.get("sees_all"))


class ApplicationPathwaySerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="In the request's language (Accept-Language: nl or en).")

    class Meta:
        model = Pathway
        fields = ["slug", "name"]


class ApplicationStartMomentSerializer(serializers.ModelSerializer):
    class Meta:
        model = StartMoment
        fields = ["id", "starts_on", "application_deadline"]


class ApplicationDocumentSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True, help_text="diploma, transcript, cv, dutch_proficiency, …")
    download = serializers.SerializerMethodField(help_text="Where to download the file (same permission rule).")

    class Meta:
        model = ApplicationDocument
        fields = ["id", "kind", "original_name", "content_type", "size", "created_at", "download"]

    def get_download(self, obj) -> str:
        path = reverse("api:application-document", kwargs={"pk": obj.application_id, "document_id": obj.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class AdmissionConditionSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(
        read_only=True, help_text="deficiency_course, dutch_proficiency, master_degree, other."
    )
    status = serializers.CharField(read_only=True, help_text="open, met or waived.")
    description = serializers.SerializerMethodField()
    deficiency_course = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = AdmissionCondition
        fields = ["id", "kind", "description", "deficiency_course", "due_on", "status"]

    def get_description(self, obj) -> str:
        return str(obj)


class ApplicationExemptionSerializer(serializers.ModelSerializer):
    module = serializers.SerializerMethodField(help_text="The module's name, in the request's language.")

    class Meta:
        model = Exemption
        fields = ["id", "module", "ec", "reason"]

    def get_module(self, obj) -> str:
        return obj.module.name


class IntakePersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    full_name = serializers.CharField(read_only=True)
    email = serializers.EmailField(read_only=True)


class ApplicationTimelineEntrySerializer(serializers.ModelSerializer):
    from_status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    to_status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    at = serializers.DateTimeField(source="created_at", read_only=True)
    reason = serializers.SerializerMethodField(
        help_text="Applicants see the reason of a decision or withdrawal only; staff see every reason."
    )
    actor = serializers.SerializerMethodField(help_text="Who made the move: staff only (null for applicants).")

    class Meta:
        model = ApplicationTransition
        fields = ["from_status", "to_status", "at", "reason", "actor"]

    def get_reason(self, obj) -> str:
        if _is_staff_view(self) or obj.to_status in REASON_SHOWN_TO_APPLICANT:
            return obj.reason
        return ""

    @extend_schema_field(IntakePersonSerializer(allow_null=True))
    def get_actor(self, obj):
        if not _is_staff_view(self) or obj.actor is None:
            return None
        return IntakePersonSerializer(obj.actor).data


class ApplicationApplicantSerializer(serializers.Serializer):
    email = serializers.EmailField(read_only=True, allow_null=True)
    first_name = serializers.CharField(read_only=True)
    last_name = serializers.CharField(read_only=True)


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "An application in review (as staff see it)",
            response_only=True,
            value={
                "id": 123,
                "reference": "ICL-000123",
                "status": "in_review",
                "pathway": {"slug": "eerstegraads-biologie-deeltijd", "name": "Eerstegraads biologie (deeltijd)"},
                "subject": "biologie",
                "start_moment": {"id": 7, "starts_on": "2026-09-01", "application_deadline": "2026-06-01"},
                "submitted_at": "2026-03-02T10:15:00+01:00",
                "decided_at": None,
                "decision_explanation": "",
                "open_information_requests": 1,
                "conditions": [],
                "exemptions": [],
                "documents": [
                    {
                        "id": 9,
                        "kind": "diploma",
                        "original_name": "diploma.pdf",
                        "content_type": "application/pdf",
                        "size": 182044,
                        "created_at": "2026-02-20T09:00:00+01:00",
                        "download": "https://portal.iclon.example/api/v1/applications/123/documents/9/",
                    }
                ],
                "timeline": [
                    {
                        "from_status": "draft",
                        "to_status": "submitted",
                        "at": "2026-03-02T10:15:00+01:00",
                        "reason": "",
                        "actor": None,
                    }
                ],
                "allowed_transitions": ["aptitude_assessment", "admitted", "rejected", "withdrawn"],
                "assigned_to": {"id": 4, "full_name": "Ingrid Intake", "email": "intake@iclon.example"},
                "applicant": {"email": "ayla@example.org", "first_name": "Ayla", "last_name": "de Vries"},
            },
        )
    ]
)
class ApplicationSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True, help_text="ICL- and six digits, as in letters and e-mails.")
    status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    pathway = ApplicationPathwaySerializer(read_only=True)
    subject = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    start_moment = ApplicationStartMomentSerializer(read_only=True)
    open_information_requests = serializers.IntegerField(
        source="open_requests", read_only=True, help_text="Requests for information not answered yet."
    )
    conditions = AdmissionConditionSerializer(
        many=True, read_only=True, help_text="For applicants: empty until the decision."
    )
    exemptions = ApplicationExemptionSerializer(
        many=True, read_only=True, help_text="For applicants: empty until the decision."
    )
    documents = ApplicationDocumentSerializer(many=True, read_only=True)
    timeline = ApplicationTimelineEntrySerializer(source="transitions", many=True, read_only=True)
    allowed_transitions = serializers.SerializerMethodField(
        help_text=(
            "The statuses you may move this application to now (POST …/transition/). "
            "Only on a single application; null in lists."
        )
    )
    assigned_to = serializers.SerializerMethodField(help_text="The intake officer: staff only (null for applicants).")
    applicant = serializers.SerializerMethodField(
        help_text="The applicant's e-mail and name: staff only (null for applicants)."
    )

    class Meta:
        model = Application
        fields = [
            "id",
            "reference",
            "status",
            "pathway",
            "subject",
            "start_moment",
            "submitted_at",
            "decided_at",
            "decision_explanation",
            "open_information_requests",
            "conditions",
            "exemptions",
            "documents",
            "timeline",
            "allowed_transitions",
            "assigned_to",
            "applicant",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField(), allow_null=True))
    def get_allowed_transitions(self, obj):
        # Each move's check reads the database (assessment, conditions): one application at a
        # time, never per row of a list (the list's query count stays fixed).
        if not self.context.get("with_transitions"):
            return None

        return [str(status) for status in allowed_transitions(obj, self.context["request"].user)]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        # Applicants read conditions and exemptions with the decision, as on their page: staff
        # may record them while the application is still being assessed.
        if not _is_staff_view(self) and not instance.is_decided:
            data["conditions"], data["exemptions"] = [], []
        return data

    @extend_schema_field(IntakePersonSerializer(allow_null=True))
    def get_assigned_to(self, obj):
        if not _is_staff_view(self) or obj.assigned_to is None:
            return None
        return IntakePersonSerializer(obj.assigned_to).data

    @extend_schema_field(ApplicationApplicantSerializer(allow_null=True))
    def get_applicant(self, obj):
        if not _is_staff_view(self):
            return None
        return {
            "email": obj.applicant.email if obj.applicant else None,
            "first_name": obj.first_name,
            "last_name": obj.last_name,
        }


@extend_schema_serializer(
    examples=[
        OpenApiExample("Start the review", request_only=True, value={"to_status": "in_review"}),
        OpenApiExample(
            "Reject with the explanation",
            request_only=True,
            value={"to_status": "rejected", "reason": "Your prior degree is not related to biology."},
        ),
    ]
)
class ApplicationTransitionInputSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=S.choices, help_text="The status to move the application to.")
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=5000,
        default="",
        help_text="Why; required for a rejection (the applicant reads it in the decision).",
    )
