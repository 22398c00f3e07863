"""Serializers of the publications API: explicit fields; the authors in order, with the slug of our
researcher where the author is one of ours; the APA 7 citation."""

from drf_spectacular.utils import OpenApiExample, extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from research.publications.exporting import apa
from research.publications.models import Publication, PublicationAuthor


class PublicationAuthorSerializer(serializers.ModelSerializer):
    researcher = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="Our researcher's slug, when the author is one of ours (null otherwise).",
    )

    class Meta:
        model = PublicationAuthor
        fields = ["position", "name", "orcid", "researcher"]


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A journal article",
            value={
                "id": 12,
                "category": "scientific",
                "category_label": "Scientific",
                "type": "article",
                "type_label": "Article",
                "title": "Feedback literacy of pre-service teachers: A mixed-methods study",
                "year": 2021,
                "venue": "Teaching and Teacher Education",
                "publisher": "",
                "editors": "",
                "volume": "98",
                "issue": "2",
                "pages": "103–120",
                "doi": "10.1016/j.tate.2021.103120",
                "doi_url": "https://doi.org/10.1016/j.tate.2021.103120",
                "link": "",
                "abstract": "",
                "language": "en",
                "open_access": True,
                "authors": [
                    {"position": 1, "name": "Jansen, Hendrik", "orcid": "", "researcher": "hendrik-jansen"},
                    {"position": 2, "name": "de Vries, Anouk", "orcid": "", "researcher": None},
                ],
                "projects": ["feedback-in-lower-secondary-havo-vwo"],
                "principles": ["formatief"],
                "apa": "Jansen, H., & de Vries, A. (2021). Feedback literacy of pre-service teachers: A mixed-methods "
                "study. Teaching and Teacher Education, 98(2), 103–120. https://doi.org/10.1016/j.tate.2021.103120",
                "url": "https://portal.iclon.example/research/publications/12/",
            },
            response_only=True,
        )
    ]
)
class PublicationSerializer(serializers.ModelSerializer):
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    type_label = serializers.CharField(source="get_type_display", read_only=True)
    doi_url = serializers.CharField(read_only=True, help_text="The DOI as a link (empty without a DOI).")
    link = serializers.CharField(
        source="url", read_only=True, help_text="Another link to the publication (empty without one)."
    )
    authors = PublicationAuthorSerializer(many=True, read_only=True)
    projects = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    principles = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    apa = serializers.SerializerMethodField(help_text="The APA 7 reference (plain text).")
    url = serializers.SerializerMethodField()

    class Meta:
        model = Publication
        fields = [
            "id",
            "category",
            "category_label",
            "type",
            "type_label",
            "title",
            "year",
            "venue",
            "publisher",
            "editors",
            "volume",
            "issue",
            "pages",
            "doi",
            "doi_url",
            "link",
            "abstract",
            "language",
            "open_access",
            "authors",
            "projects",
            "principles",
            "apa",
            "url",
        ]

    def get_apa(self, obj) -> str:
        return apa(obj)

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_url(self, obj):
        path = f"/research/publications/{obj.pk}/"
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path
