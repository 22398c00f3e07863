"""/api/v1/supply-demand/: one row per school subject and education region."""

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
