"""Serializers of the development-paths and learning-circles API: explicit fields, read-only;
names and texts in the request's language plus the Dutch and English originals."""

from drf_spectacular.utils import OpenApiExample, extend_schema_serializer
from rest_framework import serializers

from professionalisation.activities.api.serializers import LocalTimeField
from professionalisation.circles.models import (
    CircleMeeting,
    CircleMembership,
    DevelopmentPath,
    LearningCircle,
    PathStep,
    PracticeQuestion,
)
from programmes.catalogue.models import Module

LOCALIZED = "In the request's language (Accept-Language: nl or en)."


class PathModuleSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text=LOCALIZED)

    class Meta:
        model = Module
        fields = ["id", "name", "name_nl", "name_en", "ec"]


class PathStepSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True, help_text=LOCALIZED)
    activities = serializers.SlugRelatedField(
        slug_field="slug",
        many=True,
        read_only=True,
        help_text="Slugs of the published activities that do this step (see /api/v1/activities/).",
    )
    modules = PathModuleSerializer(
        many=True, read_only=True, help_text="Modules of ICLON's teacher education that do this step."
    )

    class Meta:
        model = PathStep
        fields = ["order", "title", "title_nl", "title_en", "activities", "modules"]


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A development path",
            value={
                "slug": "startbekwaam-naar-vakbekwaam",
                "name": "From starting to experienced teacher",
                "name_nl": "Van startbekwaam naar vakbekwaam",
                "name_en": "From starting to experienced teacher",
                "description": "The first years in the profession, step by step.",
                "description_nl": "De eerste jaren in het vak, stap voor stap.",
                "description_en": "The first years in the profession, step by step.",
                "steps": [
                    {
                        "order": 1,
                        "title": "Formative assessment",
                        "title_nl": "Formatief handelen",
                        "title_en": "Formative assessment",
                        "activities": ["formatief-handelen"],
                        "modules": [],
                    }
                ],
            },
            response_only=True,
        )
    ]
)
class DevelopmentPathSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text=LOCALIZED)
    description = serializers.CharField(read_only=True, help_text=LOCALIZED)
    steps = PathStepSerializer(source="ordered_steps", many=True, read_only=True, help_text="The steps, in order.")

    class Meta:
        model = DevelopmentPath
        fields = ["slug", "name", "name_nl", "name_en", "description", "description_nl", "description_en", "steps"]


class CircleMemberSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="person.full_name", read_only=True)
    # A plain string: an enum named "role" would collide with the schools' roles in the schema.
    role = serializers.CharField(read_only=True, help_text="member, facilitator or researcher.")
    school = serializers.CharField(
        source="school.name", read_only=True, allow_null=True, help_text="The member's school; null for ICLON staff."
    )

    class Meta:
        model = CircleMembership
        fields = ["name", "role", "position", "school", "joined_on"]


class CircleMeetingSerializer(serializers.ModelSerializer):
    starts_at = LocalTimeField(read_only=True, help_text="HH:MM, local time in the Netherlands (Europe/Amsterdam).")
    ends_at = LocalTimeField(read_only=True, help_text="HH:MM, local time in the Netherlands (Europe/Amsterdam).")

    class Meta:
        model = CircleMeeting
        fields = ["id", "date", "starts_at", "ends_at", "place", "online_link", "agenda"]


class PracticeQuestionSerializer(serializers.ModelSerializer):
    school = serializers.CharField(source="school.name", read_only=True)

    class Meta:
        model = PracticeQuestion
        fields = ["id", "title", "context", "school", "status", "created_at"]


_CIRCLE_EXAMPLE = {
    "id": 3,
    "name": "Learning circle of team leaders, Holland Rijnland",
    "name_nl": "Leerkring teamleiders Holland Rijnland",
    "name_en": "Learning circle of team leaders, Holland Rijnland",
    "theme": "Keeping starting teachers",
    "theme_nl": "Startende leraren behouden",
    "theme_en": "Keeping starting teachers",
    "region": "holland-rijnland",
    "starts_on": "2026-09-01",
    "ends_on": "2027-07-01",
    "active": True,
    "principles": ["samenwerkend", "onderzoekend"],
    "members": [
        {
            "name": "Dana Docent",
            "role": "member",
            "position": "team_leader",
            "school": "Stedelijk Gymnasium Leiden",
            "joined_on": "2026-09-01",
        },
        {"name": "Nina Nascholing", "role": "facilitator", "position": "", "school": None, "joined_on": "2026-09-01"},
    ],
    "coming_meetings": [
        {
            "id": 12,
            "date": "2027-03-10",
            "starts_at": "15:30",
            "ends_at": "17:30",
            "place": "Stedelijk Gymnasium Leiden",
            "online_link": "",
            "agenda": "Praktijkvragen bespreken.",
        }
    ],
}


@extend_schema_serializer(
    examples=[OpenApiExample("A learning circle", value=_CIRCLE_EXAMPLE, response_only=True)],
)
class LearningCircleSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text=LOCALIZED)
    theme = serializers.CharField(read_only=True, help_text=LOCALIZED)
    region = serializers.SlugRelatedField(slug_field="slug", read_only=True, help_text="The education region's slug.")
    members = CircleMemberSerializer(
        source="current_memberships",
        many=True,
        read_only=True,
        help_text="Its current members, facilitators and researchers.",
    )
    coming_meetings = CircleMeetingSerializer(many=True, read_only=True, help_text="Meetings from today on.")
    principles = serializers.SlugRelatedField(
        slug_field="slug",
        many=True,
        read_only=True,
        help_text="Slugs of the teaching-learning principles it works with (see /api/v1/principles/).",
    )

    class Meta:
        model = LearningCircle
        fields = [
            "id",
            "name",
            "name_nl",
            "name_en",
            "theme",
            "theme_nl",
            "theme_en",
            "region",
            "starts_on",
            "ends_on",
            "active",
            "principles",
            "members",
            "coming_meetings",
        ]


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A learning circle with its questions",
            value={
                **_CIRCLE_EXAMPLE,
                "questions": [
                    {
                        "id": 5,
                        "title": "Hoe houden we startende leraren vast?",
                        "context": "Van de vijf starters zijn er twee vertrokken.",
                        "school": "Stedelijk Gymnasium Leiden",
                        "status": "in_progress",
                        "created_at": "2026-10-02T14:12:00+02:00",
                    }
                ],
            },
            response_only=True,
        )
    ],
)
class LearningCircleDetailSerializer(LearningCircleSerializer):
    questions = PracticeQuestionSerializer(
        source="all_questions", many=True, read_only=True, help_text="Its practice questions, oldest first."
    )

    class Meta(LearningCircleSerializer.Meta):
        fields = [*LearningCircleSerializer.Meta.fields, "questions"]
