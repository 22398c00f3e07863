"""Serializers of the registrations and waiting-list API: explicit fields, output separate from
input. Input is validated here (types, and ids the caller may name); whether the place may be
taken is the services' rule, and their refusals become the one error shape (400 on a field, 403,
409 with the service's message)."""

from drf_spectacular.utils import OpenApiExample, extend_schema_serializer
from rest_framework import serializers

from iclon.accounts.models import User
from professionalisation.activities.models import Registration, WaitingListEntry
from professionalisation.activities.services import REASON_LENGTH

MAX_ID = 2**31 - 1


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "full_name", "email"]


class SchoolRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


_PERSON = {"id": 41, "full_name": "Anna de Vries", "email": "anna@driestar.example.nl"}
_REGISTRATION_EXAMPLE = {
    "id": 301,
    "session": 12,
    "session_name": "Voorjaar 2027, Leiden",
    "activity": "formatief-handelen-in-de-les",
    "participant": _PERSON,
    "school": {"id": 7, "name": "Driestar College Leiden"},
    "status": "confirmed",
    "onz_place": False,
    "created_at": "2027-01-10T14:02:11+01:00",
    "cancelled_at": None,
    "cancel_reason": "",
}


@extend_schema_serializer(examples=[OpenApiExample("A registration", value=_REGISTRATION_EXAMPLE, response_only=True)])
class RegistrationSerializer(serializers.ModelSerializer):
    session_name = serializers.CharField(source="session.name", read_only=True)
    activity = serializers.SlugRelatedField(
        source="session.activity", slug_field="slug", read_only=True, help_text="The activity's slug."
    )
    participant = PersonSerializer(read_only=True)
    school = SchoolRefSerializer(
        read_only=True, allow_null=True, help_text="The school the participant takes part for (its contacts see this)."
    )

    class Meta:
        model = Registration
        fields = [
            "id",
            "session",
            "session_name",
            "activity",
            "participant",
            "school",
            "status",
            "onz_place",
            "created_at",
            "cancelled_at",
            "cancel_reason",
        ]
        read_only_fields = fields


_ENTRY_EXAMPLE = {
    "id": 88,
    "activity": "formatief-handelen-in-de-les",
    "session": None,
    "participant": _PERSON,
    "school": None,
    "status": "offered",
    "position": None,
    "offered_session": 12,
    "offered_at": "2027-01-11T09:00:00+01:00",
    "offer_expires_at": "2027-01-13T09:00:00+01:00",
    "answered_at": None,
    "created_at": "2027-01-05T10:30:00+01:00",
}


@extend_schema_serializer(examples=[OpenApiExample("A place offered", value=_ENTRY_EXAMPLE, response_only=True)])
class WaitingListEntrySerializer(serializers.ModelSerializer):
    activity = serializers.SlugRelatedField(slug_field="slug", read_only=True, help_text="The activity's slug.")
    session = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="The session waited for; null: any session of the activity."
    )
    participant = PersonSerializer(read_only=True)
    school = SchoolRefSerializer(read_only=True, allow_null=True)
    position = serializers.SerializerMethodField(help_text="The place in the queue (1 is next); null unless waiting.")
    offered_session = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="The session whose place is (or was) offered."
    )

    class Meta:
        model = WaitingListEntry
        fields = [
            "id",
            "activity",
            "session",
            "participant",
            "school",
            "status",
            "position",
            "offered_session",
            "offered_at",
            "offer_expires_at",
            "answered_at",
            "created_at",
        ]
        read_only_fields = fields

    def get_position(self, obj) -> int | None:
        # Counted in the rows' own query (see the view's queryset).
        position = getattr(obj, "queue_position", None)
        return position if obj.status == "waiting" else None


# --- input ------------------------------------------------------------------------------------


class _PlaceInput(serializers.Serializer):
    participant = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_ID,
        help_text="The person's user id; yourself unless given. A school contact may name people of their school; "
        "staff anybody.",
    )
    school = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=MAX_ID,
        help_text="The id of the school the person takes part for (one where you hold a role; a contact: their "
        "school).",
    )


@extend_schema_serializer(
    examples=[
        OpenApiExample("Register yourself", value={"session": 12}, request_only=True),
        OpenApiExample(
            "A school contact registers a teacher of the school",
            value={"session": 12, "participant": 41, "school": 7, "join_waiting_list": True},
            request_only=True,
        ),
    ]
)
class RegistrationInputSerializer(_PlaceInput):
    session = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="The session's id.")
    join_waiting_list = serializers.BooleanField(
        default=True,
        help_text="When the session is full: true puts the person on its waiting list; false refuses (409).",
    )


@extend_schema_serializer(
    examples=[
        OpenApiExample("Wait for any session", value={"activity": "formatief-handelen-in-de-les"}, request_only=True)
    ]
)
class WaitingListInputSerializer(_PlaceInput):
    activity = serializers.SlugField(max_length=140, help_text="The activity's slug: wait for any of its sessions.")


@extend_schema_serializer(
    examples=[OpenApiExample("With a reason", value={"reason": "Ziek gemeld"}, request_only=True)]
)
class ReasonInputSerializer(serializers.Serializer):
    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=REASON_LENGTH, default="", help_text="Optional; kept with it."
    )


@extend_schema_serializer(examples=[OpenApiExample("No input", value={}, request_only=True)])
class EmptyInputSerializer(serializers.Serializer):
    """No input."""


@extend_schema_serializer(
    component_name="RegistrationOutcome",
    examples=[
        OpenApiExample(
            "Registered",
            value={"outcome": "registered", "registration": _REGISTRATION_EXAMPLE, "waiting_list_entry": None},
            response_only=True,
        ),
        OpenApiExample(
            "On the waiting list",
            value={
                "outcome": "waiting",
                "registration": None,
                "waiting_list_entry": {
                    **_ENTRY_EXAMPLE,
                    "session": 12,
                    "status": "waiting",
                    "position": 3,
                    "offered_session": None,
                    "offered_at": None,
                    "offer_expires_at": None,
                },
            },
            response_only=True,
        ),
    ],
)
class RegistrationOutcomeSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(
        choices=["registered", "waiting"],
        help_text="registered: a confirmed place; waiting: the session was full, the person is on its waiting list.",
    )
    registration = RegistrationSerializer(allow_null=True, help_text="The registration (outcome registered).")
    waiting_list_entry = WaitingListEntrySerializer(
        allow_null=True, help_text="The waiting-list place (outcome waiting)."
    )
