"""Serializers of the research people API: explicit fields; the expertise in the request's language
through the model's Localized attribute, plus the Dutch and English originals."""

from drf_spectacular.utils import OpenApiExample, extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from research.people.models import Researcher


class ResearcherSchoolSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    code = serializers.CharField(help_text="DUO's branch code (BRIN and branch number).")


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A researcher",
            value={
                "slug": "janneke-van-der-berg",
                "full_name": "Prof. dr. Janneke van der Berg",
                "role": "professor",
                "role_label": "Professor",
                "orcid": "0000-0002-1825-0097",
                "orcid_url": "https://orcid.org/0000-0002-1825-0097",
                "expertise": "Formative assessment in secondary education.",
                "expertise_nl": "Formatief evalueren in het voortgezet onderwijs.",
                "expertise_en": "Formative assessment in secondary education.",
                "languages": ["nl", "en"],
                "principles": ["formatief", "onderzoekend"],
                "school": None,
                "photo": None,
                "url": "https://portal.iclon.example/research/people/janneke-van-der-berg/",
            },
            response_only=True,
        )
    ]
)
class ResearchPersonSerializer(serializers.ModelSerializer):
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    orcid_url = serializers.CharField(read_only=True)
    expertise = serializers.CharField(read_only=True, help_text="In the request's language (Accept-Language).")
    languages = serializers.ListField(child=serializers.CharField(), source="language_list", read_only=True)
    principles = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    school = serializers.SerializerMethodField()
    photo = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Researcher
        fields = [
            "slug",
            "full_name",
            "role",
            "role_label",
            "orcid",
            "orcid_url",
            "expertise",
            "expertise_nl",
            "expertise_en",
            "languages",
            "principles",
            "school",
            "photo",
            "url",
        ]

    @extend_schema_field(ResearcherSchoolSerializer(allow_null=True))
    def get_school(self, obj):
        school = obj.school
        return None if school is None else {"id": school.pk, "name": school.name, "code": school.code}

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_photo(self, obj):
        if not obj.photo:
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(obj.photo.url) if request else obj.photo.url

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_url(self, obj):
        path = f"/research/people/{obj.slug}/"
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path
