"""Serializers of the placements API (/api/v1/placement-offers/, /api/v1/placements/): explicit
fields, output separate from input.

Output reads only what the selectors loaded (select_related, the prefetched mentors, the
annotated `taken`), so a list is a fixed number of queries. Input serializers only parse and
check the shape; the rules (who may, capacity, a mentor from the school) are the services'."""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import OpenApiExample, extend_schema_serializer
from rest_framework import serializers

from partnerships.models import School
from programmes.catalogue.models import SchoolSubject
from programmes.placements.models import Placement, PlacementOffer, PlacementPeriod, PlacementStatus, Weekday

User = get_user_model()
DAYS_HELP = "Weekdays: " + ", ".join(Weekday.values) + "."
STATUS_HELP = "One of: " + ", ".join(PlacementStatus.values) + "."


class PlacementPersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "full_name", "email"]


class PlacementSchoolSerializer(serializers.ModelSerializer):
    code = serializers.CharField(read_only=True, help_text="DUO's BRIN code plus branch number, e.g. 18BR00.")
    partnership = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True, help_text="The training-school partnership's slug."
    )

    class Meta:
        model = School
        fields = ["id", "code", "name", "city", "municipality", "partnership"]


class PlacementPeriodSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="In the request's language (Accept-Language: nl or en).")

    class Meta:
        model = PlacementPeriod
        fields = ["slug", "name", "kind", "starts_on", "ends_on"]


class PlacementSubjectSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="In the request's language.")

    class Meta:
        model = SchoolSubject
        fields = ["slug", "name"]


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "An offer",
            value={
                "id": 12,
                "school": {
                    "id": 3,
                    "code": "18BR00",
                    "name": "Stedelijk Gymnasium Leiden",
                    "city": "Leiden",
                    "municipality": "Leiden",
                    "partnership": "opleidingsschool-leiden",
                },
                "subject": {"slug": "wiskunde", "name": "Wiskunde"},
                "period": {
                    "slug": "2027-2028-s1",
                    "name": "Semester 1 2027-2028",
                    "kind": "semester",
                    "starts_on": "2027-09-01",
                    "ends_on": "2028-01-31",
                },
                "places": 3,
                "taken": 1,
                "free_places": 2,
                "mentors": [{"id": 41, "full_name": "Mark de Mentor", "email": "mentor@school.example"}],
                "days_available": ["tue", "wed", "thu"],
                "paid_job_possible": False,
                "notes": "",
                "is_open": True,
                "created_at": "2027-05-02T10:00:00+02:00",
                "updated_at": "2027-05-02T10:00:00+02:00",
            },
            response_only=True,
        )
    ]
)
class PlacementOfferSerializer(serializers.ModelSerializer):
    school = PlacementSchoolSerializer(read_only=True)
    subject = PlacementSubjectSerializer(read_only=True, allow_null=True, help_text="Null for primary education.")
    period = PlacementPeriodSerializer(read_only=True)
    taken = serializers.IntegerField(read_only=True, help_text="Places taken by proposed and later placements.")
    free_places = serializers.SerializerMethodField()
    mentors = PlacementPersonSerializer(many=True, read_only=True)
    days_available = serializers.ListField(child=serializers.CharField(), read_only=True, help_text=DAYS_HELP)

    class Meta:
        model = PlacementOffer
        fields = [
            "id",
            "school",
            "subject",
            "period",
            "places",
            "taken",
            "free_places",
            "mentors",
            "days_available",
            "paid_job_possible",
            "notes",
            "is_open",
            "created_at",
            "updated_at",
        ]

    def get_free_places(self, offer) -> int:
        return max(0, offer.places - getattr(offer, "taken", 0))


class _OfferFieldsInput(serializers.Serializer):
    subject = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=SchoolSubject.objects.all(),
        required=False,
        allow_null=True,
        help_text="School subject slug; null for primary education.",
    )
    period = serializers.SlugRelatedField(
        slug_field="slug", queryset=PlacementPeriod.objects.all(), help_text="Placement period slug."
    )
    places = serializers.IntegerField(min_value=1, max_value=100)
    mentors = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True),
        many=True,
        required=False,
        help_text="User ids of workplace mentors; they must work at the school.",
    )
    days_available = serializers.ListField(
        child=serializers.ChoiceField(choices=Weekday.values), required=False, max_length=5, help_text=DAYS_HELP
    )
    paid_job_possible = serializers.BooleanField(required=False)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=5000)


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "Publish an offer",
            value={
                "school": 3,
                "subject": "wiskunde",
                "period": "2027-2028-s1",
                "places": 3,
                "mentors": [41],
                "days_available": ["tue", "wed", "thu"],
                "paid_job_possible": False,
                "notes": "",
            },
            request_only=True,
        )
    ]
)
class PlacementOfferCreateSerializer(_OfferFieldsInput):
    school = serializers.PrimaryKeyRelatedField(queryset=School.objects.all(), help_text="The school's id.")


@extend_schema_serializer(
    examples=[OpenApiExample("More places", value={"places": 4, "is_open": True}, request_only=True)]
)
class PlacementOfferUpdateSerializer(_OfferFieldsInput):
    is_open = serializers.BooleanField(required=False, help_text="false: no longer offered for matching.")


class PlacementTraineeSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text="The trainee's application id.")
    reference = serializers.CharField(read_only=True, help_text="E.g. ICL-000123.")
    full_name = serializers.CharField(read_only=True)


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A proposed placement",
            value={
                "id": 7,
                "trainee": {"id": 123, "reference": "ICL-000123", "full_name": "Tess de Vries"},
                "school": {
                    "id": 3,
                    "code": "18BR00",
                    "name": "Stedelijk Gymnasium Leiden",
                    "city": "Leiden",
                    "municipality": "Leiden",
                    "partnership": "opleidingsschool-leiden",
                },
                "offer": 12,
                "period": {
                    "slug": "2027-2028-s1",
                    "name": "Semester 1 2027-2028",
                    "kind": "semester",
                    "starts_on": "2027-09-01",
                    "ends_on": "2028-01-31",
                },
                "subject": {"slug": "wiskunde", "name": "Wiskunde"},
                "kind": "offer",
                "status": "proposed",
                "workplace_mentor": None,
                "school_teacher_educator": None,
                "institute_educator": None,
                "match_reasons": ["Teaches Wiskunde, the trainee's subject", "In Leiden, where the trainee lives"],
                "decline_reason": "",
                "employment_hours": None,
                "responded_at": None,
                "created_at": "2027-06-01T09:30:00+02:00",
            },
            response_only=True,
        )
    ]
)
class PlacementSerializer(serializers.ModelSerializer):
    trainee = PlacementTraineeSerializer(read_only=True)
    school = PlacementSchoolSerializer(read_only=True)
    offer = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True, help_text="Null for a paid job.")
    period = PlacementPeriodSerializer(read_only=True)
    subject = PlacementSubjectSerializer(
        source="trainee.subject", read_only=True, allow_null=True, help_text="The trainee's subject."
    )
    kind = serializers.CharField(read_only=True, help_text="offer or employment (the trainee's own paid job).")
    status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    workplace_mentor = PlacementPersonSerializer(read_only=True, allow_null=True)
    school_teacher_educator = PlacementPersonSerializer(read_only=True, allow_null=True)
    institute_educator = PlacementPersonSerializer(read_only=True, allow_null=True)
    match_reasons = serializers.ListField(
        source="match_reason_texts",
        child=serializers.CharField(),
        read_only=True,
        help_text="Why the coordinator chose this match, in the request's language (Accept-Language).",
    )

    class Meta:
        model = Placement
        fields = [
            "id",
            "trainee",
            "school",
            "offer",
            "period",
            "subject",
            "kind",
            "status",
            "workplace_mentor",
            "school_teacher_educator",
            "institute_educator",
            "match_reasons",
            "decline_reason",
            "employment_hours",
            "responded_at",
            "created_at",
        ]


@extend_schema_serializer(examples=[OpenApiExample("Match a trainee", value={"trainee": 123}, request_only=True)])
class MatchInputSerializer(serializers.Serializer):
    trainee = serializers.IntegerField(min_value=1, help_text="The trainee's application id.")


@extend_schema_serializer(
    examples=[OpenApiExample("Confirm with the mentor", value={"workplace_mentor": 41}, request_only=True)]
)
class ConfirmInputSerializer(serializers.Serializer):
    workplace_mentor = serializers.IntegerField(
        min_value=1, required=False, allow_null=True, help_text="User id of the workplace mentor (works at the school)."
    )


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "Decline", value={"reason": "No mentor for this subject is free this semester."}, request_only=True
        )
    ]
)
class DeclineInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=5000, help_text="Why the school declines; the coordinator reads it.")
