"""Serializers of the research API: explicit fields; texts in the request's language through the
model's Localized attributes, plus the Dutch and English originals."""

from drf_spectacular.utils import OpenApiExample, extend_schema_serializer
from rest_framework import serializers

from research.knowledge.models import TeachingLearningPrinciple


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A teaching-learning principle",
            value={
                "slug": "formatief",
                "name": "Formative",
                "name_nl": "Formatief",
                "name_en": "Formative",
                "statement": "Learning is promoted when it is evaluated in order to learn from it again.",
                "statement_nl": "Leren wordt bevorderd als daarbij wordt geëvalueerd om weer van te leren.",
                "statement_en": "Learning is promoted when it is evaluated in order to learn from it again.",
                "order": 3,
            },
            response_only=True,
        )
    ]
)
class TeachingLearningPrincipleSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="In the request's language (Accept-Language: nl or en).")
    statement = serializers.CharField(
        read_only=True, help_text="“Learning is promoted when …”, in the request's language."
    )

    class Meta:
        model = TeachingLearningPrinciple
        fields = ["slug", "name", "name_nl", "name_en", "statement", "statement_nl", "statement_en", "order"]
