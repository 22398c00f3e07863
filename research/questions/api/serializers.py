"""Serializers of the research questions API: explicit fields; input separate from output; the
public read leaves out the contact and the school's rating."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema_serializer
from rest_framework import serializers

from partnerships.api.fields import SchoolBriefSerializer, SchoolCodeField
from research.questions.models import MAX_TEXT, MatchKind, ResearchQuestion, Sector, Urgency
from research.questions.services import MAX_LINKS


class ResearcherBriefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField(source="full_name")


class ProjectBriefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()


QUESTION_EXAMPLE = {
    "id": 7,
    "school": {"id": 345, "name": "Stedelijk Gymnasium Leiden", "code": "18BR00"},
    "title": "Hoe geven we feedback die leerlingen gebruiken?",
    "context": "In de onderbouw lezen leerlingen de feedback op hun toetsen nauwelijks.",
    "subject": "Nederlands",
    "sector": "vo",
    "intended_use": "Ons toetsbeleid aanpassen.",
    "urgency": "medium",
    "status": "answered",
    "status_label": "Answered",
    "match_kind": "researcher",
    "researcher": {"slug": "anouk-smit", "name": "Dr. Anouk Smit"},
    "project": None,
    "principles": ["feedback"],
    "answer_summary": "Feedback werkt als leerlingen er direct iets mee moeten doen.",
    "answer_products": "Een handreiking voor de sectie.",
    "answer_links": ["https://example.org/handreiking"],
    "answered_at": "2027-03-01T10:00:00+01:00",
    "public": True,
}


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "An answered question",
            value={
                **QUESTION_EXAMPLE,
                "contact_name": "Sanne de Vries",
                "contact_email": "s.devries@school.example.org",
                "status_reason": "",
                "clarification": "",
                "thesis_chosen": False,
                "rating": 5,
                "rating_comment": "Heel bruikbaar.",
                "created_at": "2027-01-20T09:12:00+01:00",
                "reviewed_at": "2027-01-22T14:00:00+01:00",
                "matched_at": "2027-01-23T08:30:00+01:00",
            },
            response_only=True,
        )
    ]
)
class ResearchQuestionSerializer(serializers.ModelSerializer):
    school = SchoolBriefSerializer(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    researcher = ResearcherBriefSerializer(read_only=True, allow_null=True)
    project = ProjectBriefSerializer(read_only=True, allow_null=True)
    principles = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    answer_links = serializers.ListField(child=serializers.URLField(), read_only=True)
    thesis_chosen = serializers.SerializerMethodField(help_text="A trainee chose it as their thesis topic.")

    class Meta:
        model = ResearchQuestion
        fields = [
            "id",
            "school",
            "title",
            "context",
            "subject",
            "sector",
            "intended_use",
            "urgency",
            "contact_name",
            "contact_email",
            "status",
            "status_label",
            "status_reason",
            "clarification",
            "match_kind",
            "researcher",
            "project",
            "thesis_chosen",
            "principles",
            "answer_summary",
            "answer_products",
            "answer_links",
            "rating",
            "rating_comment",
            "public",
            "created_at",
            "reviewed_at",
            "matched_at",
            "answered_at",
        ]
        read_only_fields = fields

    def get_thesis_chosen(self, obj) -> bool:
        return obj.thesis_trainee_id is not None


@extend_schema_serializer(
    examples=[OpenApiExample("A public answered question", value=QUESTION_EXAMPLE, response_only=True)]
)
class PublicQuestionSerializer(serializers.ModelSerializer):
    school = SchoolBriefSerializer(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    researcher = ResearcherBriefSerializer(read_only=True, allow_null=True)
    project = ProjectBriefSerializer(read_only=True, allow_null=True)
    principles = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    answer_links = serializers.ListField(child=serializers.URLField(), read_only=True)

    class Meta:
        model = ResearchQuestion
        fields = list(QUESTION_EXAMPLE)
        read_only_fields = fields


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A question",
            value={
                "school": "18BR00",
                "title": "Hoe geven we feedback die leerlingen gebruiken?",
                "context": "In de onderbouw lezen leerlingen de feedback op hun toetsen nauwelijks.",
                "subject": "Nederlands",
                "sector": "vo",
                "intended_use": "Ons toetsbeleid aanpassen.",
                "urgency": "medium",
            },
            request_only=True,
        )
    ]
)
class QuestionInputSerializer(serializers.Serializer):
    school = SchoolCodeField(help_text="Your school's vestigingscode, e.g. 18BR00.")
    title = serializers.CharField(max_length=200)
    context = serializers.CharField(max_length=MAX_TEXT)
    subject = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    sector = serializers.ChoiceField(choices=Sector.choices)
    intended_use = serializers.CharField(max_length=MAX_TEXT, help_text="What the school would do with an answer.")
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.MEDIUM)
    contact_name = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text="The school's contact person. Default: you; required when research staff ask for a school.",
    )
    contact_email = serializers.EmailField(
        required=False, allow_blank=True, default="", help_text="The contact's address. Default: yours."
    )


@extend_schema_serializer(
    examples=[
        OpenApiExample("Accept", value={"decision": "accept"}, request_only=True),
        OpenApiExample(
            "Decline", value={"decision": "decline", "reason": "Hier doen wij geen onderzoek naar."}, request_only=True
        ),
    ]
)
class QuestionReviewInputSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["accept", "clarify", "decline"])
    reason = serializers.CharField(
        max_length=MAX_TEXT, required=False, allow_blank=True, default="", help_text="Required to clarify or decline."
    )


@extend_schema_serializer(
    examples=[
        OpenApiExample("A researcher", value={"kind": "researcher", "researcher": "anouk-smit"}, request_only=True)
    ]
)
class QuestionMatchInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=MatchKind.choices)
    researcher = serializers.SlugField(
        max_length=120,
        required=False,
        allow_blank=True,
        default="",
        help_text="The researcher's slug (/api/v1/research-people/).",
    )
    project = serializers.SlugField(
        max_length=140,
        required=False,
        allow_blank=True,
        default="",
        help_text="The project's slug (/api/v1/research-projects/).",
    )


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "An answer",
            value={
                "summary": "Feedback werkt als leerlingen er direct iets mee moeten doen.",
                "products": "Een handreiking voor de sectie.",
                "links": ["https://example.org/handreiking"],
            },
            request_only=True,
        )
    ]
)
class QuestionAnswerInputSerializer(serializers.Serializer):
    summary = serializers.CharField(max_length=MAX_TEXT)
    products = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")
    links = serializers.ListField(
        child=serializers.CharField(max_length=500), max_length=MAX_LINKS, required=False, default=list
    )


@extend_schema_serializer(
    examples=[OpenApiExample("Clarify", value={"clarification": "Het gaat om klas 1 en 2."}, request_only=True)]
)
class QuestionClarifyInputSerializer(serializers.Serializer):
    clarification = serializers.CharField(max_length=MAX_TEXT)


@extend_schema_serializer(
    examples=[OpenApiExample("Rate", value={"rating": 5, "comment": "Heel bruikbaar."}, request_only=True)]
)
class QuestionRateInputSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")


@extend_schema_serializer(examples=[OpenApiExample("Show publicly", value={"public": True}, request_only=True)])
class QuestionPublicInputSerializer(serializers.Serializer):
    public = serializers.BooleanField()
