"""Serializers of the support desk's API (/api/v1/support-questions/): explicit fields; the input
of a question and of a reply differ from their output."""

from django.urls import reverse
from drf_spectacular.utils import OpenApiExample, extend_schema_serializer
from rest_framework import serializers

from programmes.support.models import (
    STUDENT_REFERENCE_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    SupportQuestion,
    SupportReply,
    SupportTopic,
)

QUESTION_EXAMPLE = {
    "id": 12,
    "topic": "systems",
    "title": "Waar voer ik een herkansing in?",
    "body": "Een student heeft de herkansing van het portfolio gehaald. Waar zet ik het cijfer?",
    "student_reference": "s1234567",
    "state": "answered",
    "asker": "Ingrid Intake",
    "assignee": "Olaf Opleidingen",
    "created_at": "2026-12-01T09:30:00+01:00",
    "first_response_at": "2026-12-01T11:05:00+01:00",
    "answered_at": "2026-12-01T11:05:00+01:00",
    "closed_at": None,
    "page": "https://portal.iclon.example/support/12/",
}
REPLY_EXAMPLE = {
    "id": 31,
    "author": "Olaf Opleidingen",
    "text": "Onder Cijfers → Herkansingen.",
    "internal": False,
    "created_at": "2026-12-01T11:05:00+01:00",
}


def _name(user) -> str:
    return (user.full_name or user.email) if user is not None else ""


@extend_schema_serializer(examples=[OpenApiExample("A reply", response_only=True, value=REPLY_EXAMPLE)])
class SupportReplySerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()

    class Meta:
        model = SupportReply
        fields = ["id", "author", "text", "internal", "created_at"]

    def get_author(self, obj) -> str:
        return _name(obj.author)


@extend_schema_serializer(examples=[OpenApiExample("A question", response_only=True, value=QUESTION_EXAMPLE)])
class SupportQuestionSerializer(serializers.ModelSerializer):
    asker = serializers.SerializerMethodField()
    assignee = serializers.SerializerMethodField()
    page = serializers.SerializerMethodField(help_text="The question's page on the support desk.")

    class Meta:
        model = SupportQuestion
        fields = [
            "id",
            "topic",
            "title",
            "body",
            "student_reference",
            "state",
            "asker",
            "assignee",
            "created_at",
            "first_response_at",
            "answered_at",
            "closed_at",
            "page",
        ]

    def get_asker(self, obj) -> str:
        return _name(obj.asker)

    def get_assignee(self, obj) -> str:
        return _name(obj.assignee)

    def get_page(self, obj) -> str:
        path = reverse("support:detail", kwargs={"pk": obj.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A question with its replies", response_only=True, value={**QUESTION_EXAMPLE, "replies": [REPLY_EXAMPLE]}
        )
    ]
)
class SupportQuestionDetailSerializer(SupportQuestionSerializer):
    """A question with its thread as the reader may see it (internal notes for support staff only:
    the view prefetches `visible_replies` through the selector)."""

    replies = SupportReplySerializer(many=True, read_only=True, source="visible_replies")

    class Meta(SupportQuestionSerializer.Meta):
        fields = [*SupportQuestionSerializer.Meta.fields, "replies"]


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "Ask a question",
            request_only=True,
            value={
                "topic": "systems",
                "title": "Waar voer ik een herkansing in?",
                "body": "Waar zet ik het cijfer van een herkansing?",
                "student_reference": "",
            },
        )
    ]
)
class SupportQuestionInputSerializer(serializers.Serializer):
    topic = serializers.ChoiceField(choices=SupportTopic.choices)
    title = serializers.CharField(max_length=TITLE_MAX_LENGTH)
    body = serializers.CharField(max_length=TEXT_MAX_LENGTH)
    student_reference = serializers.CharField(
        max_length=STUDENT_REFERENCE_MAX_LENGTH, required=False, allow_blank=True, default=""
    )


@extend_schema_serializer(
    examples=[
        OpenApiExample("Reply", request_only=True, value={"text": "Onder Cijfers → Herkansingen.", "internal": False})
    ]
)
class SupportReplyInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=TEXT_MAX_LENGTH)
    internal = serializers.BooleanField(required=False, default=False, help_text="Support staff only.")
