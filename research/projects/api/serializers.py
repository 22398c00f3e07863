"""Serializers of the research projects API: explicit fields; titles and summaries in the request's
language through the model's Localized attributes, plus the Dutch and English originals; the people
in their roles and order."""

from drf_spectacular.utils import OpenApiExample, extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from research.projects.models import ProjectMember, ProjectOutput, ResearchProject


class ProjectMemberSerializer(serializers.ModelSerializer):
    researcher = serializers.SlugRelatedField(slug_field="slug", read_only=True, help_text="The researcher's slug.")
    name = serializers.CharField(source="researcher.full_name", read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = ProjectMember
        fields = ["researcher", "name", "role", "role_label", "order"]


class ProjectOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProjectOutput
        fields = ["title", "kind", "url"]


class PartnerSchoolSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    code = serializers.CharField(help_text="DUO's branch code (BRIN and branch number).")


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A completed PhD project",
            value={
                "slug": "feedback-in-lower-secondary-havo-vwo",
                "kind": "phd",
                "kind_label": "PhD project",
                "title": "Feedback in lower secondary (havo/vwo)",
                "title_nl": "Feedback in de onderbouw havo/vwo",
                "title_en": "Feedback in lower secondary (havo/vwo)",
                "summary": "A PhD study of feedback in lower secondary (havo/vwo).",
                "summary_nl": "Een promotieonderzoek naar feedback in de onderbouw havo/vwo.",
                "summary_en": "A PhD study of feedback in lower secondary (havo/vwo).",
                "status": "completed",
                "status_label": "Completed",
                "start_date": "2016-09-01",
                "end_date": "2021-01-15",
                "defence_date": "2021-01-15",
                "dissertation_url": "https://hdl.handle.net/1887/3100012",
                "funder": "NWO",
                "grant_number": "",
                "region": "leiden-en-omstreken",
                "partner_schools": [],
                "school_boards": [],
                "principles": ["formatief"],
                "people": [
                    {
                        "researcher": "anouk-smit",
                        "name": "Anouk Smit",
                        "role": "candidate",
                        "role_label": "PhD candidate",
                        "order": 1,
                    },
                    {
                        "researcher": "hendrik-jansen",
                        "name": "Prof. dr. Hendrik Jansen",
                        "role": "promotor",
                        "role_label": "Promotor",
                        "order": 2,
                    },
                ],
                "outputs": [],
                "url": "https://portal.iclon.example/research/projects/feedback-in-lower-secondary-havo-vwo/",
            },
            response_only=True,
        )
    ]
)
class ResearchProjectSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    title = serializers.CharField(read_only=True, help_text="In the request's language (Accept-Language).")
    summary = serializers.CharField(read_only=True, help_text="In the request's language (Accept-Language).")
    people = ProjectMemberSerializer(source="memberships", many=True, read_only=True)
    partner_schools = PartnerSchoolSerializer(many=True, read_only=True)
    school_boards = serializers.SlugRelatedField(
        slug_field="number", many=True, read_only=True, help_text="The boards' numbers (bevoegd gezag)."
    )
    region = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True, help_text="The education region's slug (null if none)."
    )
    principles = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    outputs = ProjectOutputSerializer(many=True, read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = ResearchProject
        fields = [
            "slug",
            "kind",
            "kind_label",
            "title",
            "title_nl",
            "title_en",
            "summary",
            "summary_nl",
            "summary_en",
            "status",
            "status_label",
            "start_date",
            "end_date",
            "defence_date",
            "dissertation_url",
            "funder",
            "grant_number",
            "region",
            "partner_schools",
            "school_boards",
            "principles",
            "people",
            "outputs",
            "url",
        ]

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_url(self, obj):
        path = f"/research/projects/{obj.slug}/"
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path
