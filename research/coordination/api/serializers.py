"""Serializers of the support requests API: explicit fields, input separate from output. The
internal notes are the team's only: null for the requester."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from partnerships.models import Faculty
from research.coordination.models import SupportKind, SupportRequest, SupportRequestMessage, SupportStatus
from research.coordination.permissions import is_research_team


class SupportPersonBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="full_name")


class SupportFacultyBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class SupportMessageSerializer(serializers.ModelSerializer):
    author = SupportPersonBriefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = SupportRequestMessage
        fields = ["id", "author", "from_team", "text", "created_at"]
        read_only_fields = fields


EXAMPLE = {
    "id": 7,
    "kind": "grant_proposal",
    "kind_label": "Writing a research or innovation grant proposal",
    "title": "Comenius Teaching Fellow: feedback in large first-year courses",
    "description": "We would like help with the research design and the evaluation plan.",
    "requester": {"id": 41, "name": "Dr. Marieke de Boer"},
    "faculty": {"id": 3, "name": "Sociale Wetenschappen"},
    "department": "Instituut Psychologie",
    "course": "Inleiding in de psychologie",
    "funder": "NRO",
    "grant_call": "Comenius Teaching Fellows 2027",
    "submission_deadline": "2027-03-15",
    "desired_start": "2027-01-10",
    "status": "in_progress",
    "status_label": "Accepted, in progress",
    "status_reason": "",
    "assignee": {"id": 5, "name": "Oscar Onderzoek"},
    "is_overdue": False,
    "internal_notes": "Koppelen aan het lopende project over feedback.",
    "messages": [
        {
            "id": 12,
            "author": {"id": 5, "name": "Oscar Onderzoek"},
            "from_team": True,
            "text": "Could you send the draft of the call text?",
            "created_at": "2027-01-05T10:12:00+01:00",
        }
    ],
    "created_at": "2027-01-04T09:00:00+01:00",
    "closed_at": None,
}


@extend_schema_serializer(examples=[OpenApiExample("A grant proposal in progress", value=EXAMPLE, response_only=True)])
class SupportRequestSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    requester = SupportPersonBriefSerializer(read_only=True)
    faculty = SupportFacultyBriefSerializer(read_only=True, allow_null=True)
    assignee = SupportPersonBriefSerializer(read_only=True, allow_null=True)
    is_overdue = serializers.BooleanField(read_only=True, help_text="Open, and its submission deadline has passed.")
    internal_notes = serializers.SerializerMethodField()
    messages = SupportMessageSerializer(many=True, read_only=True)

    class Meta:
        model = SupportRequest
        fields = [
            "id",
            "kind",
            "kind_label",
            "title",
            "description",
            "requester",
            "faculty",
            "department",
            "course",
            "funder",
            "grant_call",
            "submission_deadline",
            "desired_start",
            "status",
            "status_label",
            "status_reason",
            "assignee",
            "is_overdue",
            "internal_notes",
            "messages",
            "created_at",
            "closed_at",
        ]
        read_only_fields = fields

    @extend_schema_field({"type": "string", "nullable": True, "description": "The research team's only; null else."})
    def get_internal_notes(self, obj):
        request = self.context.get("request")
        return obj.internal_notes if request is not None and is_research_team(request.user) else None


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A grant proposal",
            value={
                "kind": "grant_proposal",
                "title": "Comenius Teaching Fellow: feedback in large first-year courses",
                "description": "We would like help with the research design and the evaluation plan.",
                "faculty": 3,
                "department": "Instituut Psychologie",
                "course": "Inleiding in de psychologie",
                "funder": "NRO",
                "grant_call": "Comenius Teaching Fellows 2027",
                "submission_deadline": "2027-03-15",
                "desired_start": "2027-01-10",
            },
            request_only=True,
        )
    ]
)
class SupportRequestInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=SupportKind.choices)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=4000)
    faculty = serializers.PrimaryKeyRelatedField(
        queryset=Faculty.objects.all(), required=False, allow_null=True, default=None, help_text="The faculty's id."
    )
    department = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    course = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    funder = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default="", help_text="Required for a grant proposal."
    )
    grant_call = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default="", help_text="Required for a grant proposal."
    )
    submission_deadline = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Required for a grant proposal; in the future."
    )
    desired_start = serializers.DateField(required=False, allow_null=True, default=None)


@extend_schema_serializer(
    examples=[OpenApiExample("With a reason", value={"reason": "We found another way."}, request_only=True)]
)
class SupportReasonInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


@extend_schema_serializer(
    examples=[
        OpenApiExample("Assign", value={"assignee": 5}, request_only=True),
        OpenApiExample("Nobody", value={"assignee": None}, request_only=True),
    ]
)
class SupportAssignInputSerializer(serializers.Serializer):
    assignee = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, allow_null=True, help_text="A research team member's id, or null."
    )


@extend_schema_serializer(
    examples=[
        OpenApiExample("Accept", value={"status": "in_progress"}, request_only=True),
        OpenApiExample("Decline", value={"status": "declined", "reason": "Outside our field."}, request_only=True),
    ]
)
class SupportTransitionInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=SupportStatus.choices)
    reason = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default="", help_text="Required when declining."
    )


@extend_schema_serializer(
    examples=[OpenApiExample("A message", value={"text": "The draft is attached to my e-mail."}, request_only=True)]
)
class SupportMessageInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=4000)
