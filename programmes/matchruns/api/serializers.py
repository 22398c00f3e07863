"""The matching runs' API shapes: a run in a list, a run with its proposals, constraints and the
trainees it left without a match, and the JSON bodies of the actions."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from programmes.catalogue.models import SchoolSubject
from programmes.matchruns import services
from programmes.matchruns.models import ConstraintKind, MatchingConstraint, MatchingProposal, MatchingRun, RunStatus
from programmes.placements.models import PlacementPeriod
from programmes.placements.reasons import reason_texts

RUN_EXAMPLE = {
    "id": 7,
    "period": "2027-2028-s1",
    "period_name": "Semester 1 2027-2028",
    "subject": None,
    "status": "draft",
    "status_label": "Draft",
    "total_score": 245,
    "proposal_count": 6,
    "accepted_count": 2,
    "created_by_name": "Sanne Stages",
    "created_at": "2027-06-01T10:15:00+02:00",
    "computed_at": "2027-06-01T10:15:01+02:00",
    "applied_at": None,
    "page_url": "/placements/matching-runs/7/",
}
PROPOSAL_EXAMPLE = {
    "id": 31,
    "trainee": 345,
    "trainee_reference": "ICL-000345",
    "trainee_name": "Ayla de Vries",
    "offer": 88,
    "school_name": "Stedelijk Gymnasium Leiden",
    "score": 65,
    "reasons": ["Teaches Mathematics, the trainee's subject", "In Leiden, where the trainee lives"],
    "reason_codes": [
        {"code": "subject", "params": {"subject": {"nl": "Wiskunde", "en": "Mathematics"}}},
        {"code": "home_town", "params": {"town": "Leiden"}},
    ],
    "pinned": False,
    "decision": "accepted",
    "placement": None,
    "error_code": "",
    "error_message": "",
}
CONSTRAINT_EXAMPLE = {"id": 3, "trainee": 345, "offer": 88, "kind": "pin"}
UNASSIGNED_EXAMPLE = {
    "trainee": 346,
    "reason": "no_offer",
    "reason_text": "No open offer with a free place teaches this trainee's subject in this period.",
    "options": 0,
}


@extend_schema_serializer(examples=[OpenApiExample("A draft run", value=RUN_EXAMPLE)])
class MatchingRunSerializer(serializers.ModelSerializer):
    period = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    period_name = serializers.CharField(source="period.name", read_only=True)
    subject = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    # Named in settings.SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] beside the other "status" fields.
    status = serializers.ChoiceField(choices=RunStatus.choices, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    proposal_count = serializers.IntegerField(read_only=True)
    accepted_count = serializers.IntegerField(read_only=True)
    created_by_name = serializers.SerializerMethodField()
    page_url = serializers.SerializerMethodField()

    class Meta:
        model = MatchingRun
        fields = list(RUN_EXAMPLE)
        read_only_fields = fields

    def get_created_by_name(self, obj) -> str:
        return obj.created_by.full_name if obj.created_by_id else ""

    def get_page_url(self, obj) -> str:
        return reverse("matchruns:detail", args=[obj.pk])


@extend_schema_serializer(examples=[OpenApiExample("An accepted proposal", value=PROPOSAL_EXAMPLE)])
class MatchingProposalSerializer(serializers.ModelSerializer):
    trainee_reference = serializers.CharField(source="trainee.reference", read_only=True)
    trainee_name = serializers.CharField(source="trainee.full_name", read_only=True)
    school_name = serializers.CharField(source="offer.school.name", read_only=True)
    reasons = serializers.SerializerMethodField()
    reason_codes = serializers.JSONField(source="reasons", read_only=True)

    class Meta:
        model = MatchingProposal
        fields = list(PROPOSAL_EXAMPLE)
        read_only_fields = fields

    def get_reasons(self, obj) -> list[str]:
        return reason_texts(obj.reasons)


@extend_schema_serializer(examples=[OpenApiExample("A pin", value=CONSTRAINT_EXAMPLE)])
class MatchingConstraintSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=ConstraintKind.choices, read_only=True)

    class Meta:
        model = MatchingConstraint
        fields = list(CONSTRAINT_EXAMPLE)
        read_only_fields = fields


class UnassignedSerializer(serializers.Serializer):
    trainee = serializers.IntegerField()
    reason = serializers.ChoiceField(choices=services.UNASSIGNED_REASONS)
    reason_text = serializers.SerializerMethodField()
    options = serializers.IntegerField(help_text="How many suiting offers with a free place the trainee had.")

    def get_reason_text(self, obj) -> str:
        return services.unassigned_text(obj.get("reason", ""))


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A draft run with its proposals",
            value={
                **RUN_EXAMPLE,
                "parameters": {"weights": {"WISH_PARTNERSHIP": 30}, "trainees": 7, "offers": 5, "places": 9},
                "proposals": [PROPOSAL_EXAMPLE],
                "constraints": [CONSTRAINT_EXAMPLE],
                "unassigned": [UNASSIGNED_EXAMPLE],
            },
        )
    ]
)
class MatchingRunDetailSerializer(MatchingRunSerializer):
    parameters = serializers.JSONField(read_only=True)
    proposals = serializers.SerializerMethodField()
    constraints = serializers.SerializerMethodField()
    unassigned = serializers.SerializerMethodField()

    class Meta(MatchingRunSerializer.Meta):
        fields = [*RUN_EXAMPLE, "parameters", "proposals", "constraints", "unassigned"]
        read_only_fields = fields

    @extend_schema_field(MatchingProposalSerializer(many=True))
    def get_proposals(self, obj) -> list:
        return MatchingProposalSerializer(self.context["proposals"], many=True).data

    @extend_schema_field(MatchingConstraintSerializer(many=True))
    def get_constraints(self, obj) -> list:
        return MatchingConstraintSerializer(self.context["constraints"], many=True).data

    @extend_schema_field(UnassignedSerializer(many=True))
    def get_unassigned(self, obj) -> list:
        return UnassignedSerializer(obj.unassigned or [], many=True).data


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A run for one subject", value={"period": "2027-2028-s1", "subject": "wiskunde"}, request_only=True
        )
    ]
)
class RunCreateSerializer(serializers.Serializer):
    period = serializers.SlugRelatedField(
        slug_field="slug", queryset=PlacementPeriod.objects.all(), help_text="The placement period's slug."
    )
    subject = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=SchoolSubject.objects.all(),
        required=False,
        allow_null=True,
        help_text="A school subject's slug; leave out for every subject.",
    )


@extend_schema_serializer(
    examples=[OpenApiExample("Pin a pair", value={"trainee": 345, "offer": 88, "kind": "pin"}, request_only=True)]
)
class ConstraintInputSerializer(serializers.Serializer):
    trainee = serializers.IntegerField(min_value=1, max_value=2_147_483_647, help_text="The trainee's id.")
    offer = serializers.IntegerField(min_value=1, max_value=2_147_483_647, help_text="The offer's id.")
    kind = serializers.CharField(max_length=10, help_text="pin: must be in the result; forbid: never.")

    def validate_kind(self, value: str) -> str:
        if value not in ConstraintKind.values:
            raise serializers.ValidationError(_("Choose pin or forbid."))
        return value


@extend_schema_serializer(examples=[OpenApiExample("Remove a pin", value={"constraint": 3}, request_only=True)])
class ConstraintRemoveSerializer(serializers.Serializer):
    constraint = serializers.IntegerField(min_value=1, max_value=2_147_483_647, help_text="The constraint's id.")


@extend_schema_serializer(
    examples=[
        OpenApiExample("Accept two proposals", value={"proposals": [31, 32], "accepted": True}, request_only=True),
        OpenApiExample("Accept every undecided proposal", value={"all": True, "accepted": True}, request_only=True),
    ]
)
class DecideSerializer(serializers.Serializer):
    proposals = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2_147_483_647),
        required=False,
        max_length=200,
        help_text="The proposals to decide on (at most 200; `all` for every one still to decide).",
    )
    all = serializers.BooleanField(default=False, help_text="Decide on every proposal still to decide.")
    accepted = serializers.BooleanField(help_text="true: accept; false: reject.")

    def validate(self, attrs):
        if not attrs.get("all") and not attrs.get("proposals"):
            raise serializers.ValidationError({"proposals": [_("Name the proposals, or set all to true.")]})
        return attrs
