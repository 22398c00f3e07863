"""/api/v1/supply-demand/: one row per school subject and education region."""

from drf_spectacular.utils import OpenApiExample, extend_schema_serializer
from rest_framework import serializers


class ShortageSerializer(serializers.Serializer):
    level = serializers.CharField(help_text="shortage, tight or sufficient.")
    level_label = serializers.CharField(help_text="The level in the language of Accept-Language.")
    source = serializers.CharField()
    source_url = serializers.CharField(allow_blank=True)
    measured_on = serializers.DateField()


class SupplyDemandRowSerializer(serializers.Serializer):
    subject = serializers.CharField(allow_null=True, help_text="The school subject's slug; null: primary education.")
    subject_name = serializers.CharField()
    region = serializers.CharField(allow_null=True, help_text="The education region's slug; null: region unknown.")
    region_name = serializers.CharField()
    assessing = serializers.IntegerField(help_text="Applications submitted, in review or in aptitude assessment.")
    admitted = serializers.IntegerField()
    enrolled = serializers.IntegerField()
    placements_proposed = serializers.IntegerField()
    placements_confirmed = serializers.IntegerField(help_text="Confirmed or running.")
    places_offered = serializers.IntegerField(help_text="Places of open offers whose period has not ended.")
    shortage = ShortageSerializer(allow_null=True)


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "Biology in one region",
            value={
                "as_of": "2026-12-07",
                "rows": [
                    {
                        "subject": "biologie",
                        "subject_name": "Biologie",
                        "region": "leiden-duin-en-bollenstreek",
                        "region_name": "Onderwijsregio Leiden, Duin- en Bollenstreek",
                        "assessing": 4,
                        "admitted": 3,
                        "enrolled": 12,
                        "placements_proposed": 1,
                        "placements_confirmed": 9,
                        "places_offered": 14,
                        "shortage": {
                            "level": "shortage",
                            "level_label": "Tekortvak",
                            "source": "Regionale arbeidsmarktbarometer",
                            "source_url": "",
                            "measured_on": "2026-10-01",
                        },
                    }
                ],
            },
        )
    ]
)
class SupplyDemandSerializer(serializers.Serializer):
    as_of = serializers.DateField(help_text="The day the figures are for (today).")
    rows = SupplyDemandRowSerializer(many=True)
