from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from partnerships.models import (
    Alliance,
    EducationRegion,
    Institution,
    School,
    SchoolBoard,
    SchoolMembership,
    SchoolRole,
    TrainingSchoolPartnership,
)


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "An education region",
            value={
                "slug": "holland-rijnland",
                "name": "Holland Rijnland",
                "description": "Boards, institutes and teachers of Leiden and the Bulb Region working together.",
                "website": "https://www.example.nl/holland-rijnland",
            },
            response_only=True,
        )
    ]
)
class EducationRegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = EducationRegion
        fields = ["slug", "name", "description", "website"]


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A university",
            value={
                "slug": "universiteit-leiden",
                "name": "Universiteit Leiden",
                "short_name": "UL",
                "kind": "university",
                "trains_teachers": True,
                "city": "Leiden",
                "website": "https://www.universiteitleiden.nl",
            },
            response_only=True,
        )
    ]
)
class InstitutionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Institution
        fields = ["slug", "name", "short_name", "kind", "trains_teachers", "city", "website"]


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "An alliance",
            value={
                "slug": "educatieve-alliantie-zuid-holland",
                "name": "Educatieve Alliantie Zuid-Holland",
                "description": "Teacher-education institutes of Zuid-Holland.",
                "website": "https://www.example.nl/alliantie",
                "institutions": ["universiteit-leiden", "hogeschool-leiden"],
                "regions": ["holland-rijnland"],
            },
            response_only=True,
        )
    ]
)
class AllianceSerializer(serializers.ModelSerializer):
    institutions = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    regions = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Alliance
        fields = ["slug", "name", "description", "website", "institutions", "regions"]


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A school board",
            value={"number": "41365", "name": "Stichting Voortgezet Onderwijs Leiden", "city": "Leiden", "website": ""},
            response_only=True,
        )
    ]
)
class SchoolBoardSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()

    class Meta:
        model = SchoolBoard
        fields = ["number", "name", "city", "website"]

    def get_name(self, obj) -> str:
        return str(obj)


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A school branch",
            value={
                "code": "02EA03",
                "brin_code": "02EA",
                "branch_number": "03",
                "name": "Driestar College Leiden",
                "sectors": ["VO"],
                "education_structure": "VBO/MAVO/HAVO/VWO",
                "denomination": "Protestants-Christelijk",
                "address": "Aalmarkt 5, 2311 EC Leiden",
                "postcode": "2311 EC",
                "city": "Leiden",
                "municipality": "Leiden",
                "municipality_code": "0546",
                "website": "www.example.nl",
                "board": "41365",
                "region": "holland-rijnland",
                "partnership": "opleidingsschool-leiden-en-bollenstreek",
                "onz_member": True,
            },
            response_only=True,
        )
    ]
)
class SchoolSerializer(serializers.ModelSerializer):
    code = serializers.CharField(read_only=True, help_text="DUO's vestigingscode: BRIN code plus branch number.")
    sectors = serializers.SerializerMethodField()
    address = serializers.CharField(read_only=True)
    # Declared fields get no nullability from the model: a school may have no board, region or
    # partnership (yet), and the schema must say so.
    board = serializers.SlugRelatedField(
        slug_field="number", read_only=True, allow_null=True, help_text="The board's number (bevoegd gezag)."
    )
    region = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True, help_text="The education region's slug."
    )
    partnership = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True, help_text="The training-school partnership's slug."
    )

    class Meta:
        model = School
        fields = [
            "code",
            "id",
            "brin_code",
            "branch_number",
            "name",
            "sectors",
            "education_structure",
            "denomination",
            "address",
            "postcode",
            "city",
            "municipality",
            "municipality_code",
            "website",
            "board",
            "region",
            "partnership",
            "onz_member",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=["PO", "VO", "MBO"])))
    def get_sectors(self, obj):
        return obj.sectors


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A training-school partnership",
            value={
                "slug": "opleidingsschool-leiden-en-bollenstreek",
                "name": "Opleidingsschool Leiden en Bollenstreek",
                "lead_school": "02EA03",
                "region": "holland-rijnland",
                "accredited_until": "2029-07-31",
                "member_count": 7,
                "description": "",
                "website": "https://www.example.nl/opleidingsschool",
            },
            response_only=True,
        )
    ]
)
class TrainingSchoolPartnershipSerializer(serializers.ModelSerializer):
    lead_school = serializers.SerializerMethodField(help_text="The lead school's vestigingscode.")
    region = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    member_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = TrainingSchoolPartnership
        fields = ["slug", "name", "lead_school", "region", "accredited_until", "member_count", "description", "website"]

    def get_lead_school(self, obj) -> str | None:
        return obj.lead_school.code if obj.lead_school_id else None


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A membership",
            value={
                "id": 42,
                "user_email": "mentor@driestar.example.nl",
                "user_name": "Mila de Mentor",
                "school": "02EA03",
                "school_name": "Driestar College Leiden",
                "role": "workplace_mentor",
                "active_from": "2025-08-01",
                "active_until": None,
            },
            response_only=True,
        )
    ]
)
class SchoolMembershipSerializer(serializers.ModelSerializer):
    """Output: the person, the school (by code) and the role."""

    user_email = serializers.EmailField(source="user.email", read_only=True)
    user_name = serializers.CharField(source="user.full_name", read_only=True)
    school = serializers.CharField(source="school.code", read_only=True)
    school_name = serializers.CharField(source="school.name", read_only=True)

    class Meta:
        model = SchoolMembership
        fields = ["id", "user_email", "user_name", "school", "school_name", "role", "active_from", "active_until"]


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "Add a workplace mentor",
            value={
                "user_email": "mentor@driestar.example.nl",
                "school": "02EA03",
                "role": "workplace_mentor",
                "active_from": "2025-08-01",
                "active_until": None,
            },
            request_only=True,
        )
    ]
)
class SchoolMembershipWriteSerializer(serializers.Serializer):
    """Input for staff: an existing user (by e-mail), a school (by code), role and period."""

    user_email = serializers.EmailField(max_length=254)
    school = serializers.CharField(max_length=6, help_text="The school's vestigingscode, e.g. 02EA03.")
    role = serializers.ChoiceField(choices=SchoolRole.choices)
    active_from = serializers.DateField(required=False)
    active_until = serializers.DateField(required=False, allow_null=True)

    def validate_user_email(self, value):
        user = get_user_model().objects.filter(email__iexact=value).first()
        if user is None:
            raise serializers.ValidationError(
                _("There is no account with this e-mail address; invite the person from the admin.")
            )
        return user

    def validate_school(self, value):
        code = value.strip().upper()
        school = School.objects.filter(brin_code=code[:4], branch_number=code[4:]).first() if len(code) == 6 else None
        if school is None:
            raise serializers.ValidationError(_("There is no school with this code."))
        return school


@extend_schema_serializer(
    examples=[OpenApiExample("End a membership", value={"active_until": "2026-07-31"}, request_only=True)]
)
class SchoolMembershipUpdateSerializer(serializers.Serializer):
    """Input for staff: the new role or period of a membership (person and school stay)."""

    role = serializers.ChoiceField(choices=SchoolRole.choices, required=False)
    active_from = serializers.DateField(required=False)
    active_until = serializers.DateField(required=False, allow_null=True)


class MeMembershipSerializer(serializers.Serializer):
    school = serializers.CharField(source="school.code")
    school_name = serializers.CharField(source="school.name")
    role = serializers.ChoiceField(choices=SchoolRole.choices)


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A school contact",
            value={
                "email": "contact@driestar.example.nl",
                "full_name": "Anna de Vries",
                "language": "nl",
                "is_staff": False,
                "staff_groups": [],
                "memberships": [
                    {"school": "02EA03", "school_name": "Driestar College Leiden", "role": "school_contact"}
                ],
                "visible_schools": ["02EA03"],
            },
            response_only=True,
        )
    ]
)
class MeSerializer(serializers.Serializer):
    email = serializers.EmailField()
    full_name = serializers.CharField()
    language = serializers.CharField()
    is_staff = serializers.BooleanField()
    staff_groups = serializers.ListField(child=serializers.CharField())
    memberships = MeMembershipSerializer(many=True)
    visible_schools = serializers.ListField(
        child=serializers.CharField(),
        allow_null=True,
        help_text="Codes of the schools whose data you may see; null means all (staff).",
    )
