"""Serializers of the professional-development API: explicit fields; titles and descriptions in
the request's language through the model's Localized attributes, plus the Dutch and English
originals. Everything here is read-only (registering is a service called by its own endpoints).

Places come from the selectors' annotations (professionalisation/activities/selectors.py,
`with_places` and `mark_places`): `places_left` is exactly `services.session_places(session).left`."""

from drf_spectacular.utils import OpenApiExample, extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from professionalisation.activities.models import Activity, Meeting, Session

LOCALIZED = "In the request's language (Accept-Language: nl or en)."


@extend_schema_field({"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d$", "example": "15:30"})
class LocalTimeField(serializers.TimeField):
    """A time of day as HH:MM, local time in the Netherlands. Not OpenAPI's "time" format, which
    is RFC 3339's and needs an offset: a date's offset is in `start` and `end`."""

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class MeetingSerializer(serializers.ModelSerializer):
    starts_at = LocalTimeField(read_only=True, help_text="HH:MM, local time in the Netherlands (Europe/Amsterdam).")
    ends_at = LocalTimeField(read_only=True, help_text="HH:MM, local time in the Netherlands (Europe/Amsterdam).")
    start = serializers.DateTimeField(
        read_only=True, help_text="The start as a moment with its offset (Europe/Amsterdam)."
    )
    end = serializers.DateTimeField(read_only=True, help_text="The end as a moment with its offset (Europe/Amsterdam).")
    online = serializers.SerializerMethodField(
        help_text="Whether participants can join online (the link goes to them, not into the public API)."
    )

    cancelled = serializers.SerializerMethodField(
        help_text="Whether this meeting was cancelled on its own (the rest of the session goes on)."
    )

    class Meta:
        model = Meeting
        fields = ["date", "starts_at", "ends_at", "start", "end", "place", "online", "cancelled"]

    def get_cancelled(self, obj) -> bool:
        return obj.cancelled

    def get_online(self, obj) -> bool:
        return bool(obj.online_link)


_MEETING_EXAMPLE = {
    "date": "2027-03-10",
    "starts_at": "15:30",
    "ends_at": "17:30",
    "start": "2027-03-10T15:30:00+01:00",
    "end": "2027-03-10T17:30:00+01:00",
    "place": "ICLON, Kolffpad 1, Leiden",
    "online": False,
    "cancelled": False,
}

_SESSION_EXAMPLE = {
    "id": 12,
    "activity": "formatief-handelen-in-de-les",
    "name": "Voorjaar 2027, Leiden",
    "status": "open",
    "capacity": 20,
    "places_left": 7,
    "is_full": False,
    "onz_places_held": 2,
    "onz_places_until": "2027-02-01",
    "registration_deadline": "2027-02-24T23:59:00+01:00",
    "meetings": [_MEETING_EXAMPLE],
}


@extend_schema_serializer(examples=[OpenApiExample("A session", value=_SESSION_EXAMPLE, response_only=True)])
class SessionSerializer(serializers.ModelSerializer):
    activity = serializers.SlugRelatedField(slug_field="slug", read_only=True, help_text="The activity's slug.")
    places_left = serializers.IntegerField(
        source="places.left",
        read_only=True,
        help_text="Places the public can still take (not counting those held for ONZ member schools).",
    )
    is_full = serializers.BooleanField(
        read_only=True, help_text="true: someone registering now (outside ONZ) goes on the waiting list."
    )
    onz_places_held = serializers.IntegerField(
        source="places.onz_held",
        read_only=True,
        help_text="Places still held for teachers of ONZ member schools (until onz_places_until).",
    )
    meetings = MeetingSerializer(many=True, read_only=True)

    class Meta:
        model = Session
        fields = [
            "id",
            "activity",
            "name",
            "status",
            "capacity",
            "places_left",
            "is_full",
            "onz_places_held",
            "onz_places_until",
            "registration_deadline",
            "meetings",
        ]


_ACTIVITY_LIST_EXAMPLE = {
    "slug": "formatief-handelen-in-de-les",
    "kind": "workshop",
    "title": "Formative assessment in class",
    "title_nl": "Formatief handelen in de les",
    "title_en": "Formative assessment in class",
    "audiences": ["teachers_vo", "school_educators"],
    "subjects": ["biologie"],
    "principles": ["formatief"],
    "region": "leiden",
    "format": "on_site",
    "price": "195.00",
    "onz_price": "150.00",
    "is_free": False,
    "study_load_hours": 4,
    "study_load_ec": None,
    "award": "certificate",
    "next_meeting": "2027-03-10",
    "open_session_count": 2,
}


@extend_schema_serializer(
    examples=[OpenApiExample("An activity", value=_ACTIVITY_LIST_EXAMPLE, response_only=True)],
)
class ActivityListSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True, help_text=LOCALIZED)
    audiences = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True, help_text="Codes of the audiences it is for."
    )
    subjects = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True, help_text="Slugs of its school subjects (see /api/v1/subjects/)."
    )
    principles = serializers.SlugRelatedField(
        slug_field="slug",
        many=True,
        read_only=True,
        help_text="Slugs of the teaching-learning principles it builds on (see /api/v1/principles/).",
    )
    region = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="The education region's slug; null for an activity open to every region.",
    )
    is_free = serializers.BooleanField(read_only=True)
    next_meeting = serializers.DateField(
        read_only=True, allow_null=True, help_text="The first coming meeting of a session open for registration."
    )
    open_session_count = serializers.IntegerField(read_only=True, help_text="Sessions open for registration now.")

    class Meta:
        model = Activity
        fields = [
            "slug",
            "kind",
            "title",
            "title_nl",
            "title_en",
            "audiences",
            "subjects",
            "principles",
            "region",
            "format",
            "price",
            "onz_price",
            "is_free",
            "study_load_hours",
            "study_load_ec",
            "award",
            "next_meeting",
            "open_session_count",
        ]
        extra_kwargs = {
            "price": {"help_text": "In euros; 0.00 for a free activity."},
            "onz_price": {"help_text": "The reduced price for ONZ member schools, in euros; null: the full price."},
            "award": {"help_text": "What completion gives: certificate, microcredential (and a certificate), nothing."},
        }


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "An activity in full",
            value={
                **_ACTIVITY_LIST_EXAMPLE,
                "description": "An afternoon on formative assessment in class.",
                "description_nl": "Een middag over formatief handelen in de les.",
                "description_en": "An afternoon on formative assessment in class.",
                "meetings_required": None,
                "assignment_required": False,
                "cancel_days_before": 7,
                "contact_email": "nascholing@iclon.leidenuniv.nl",
                "sessions": [_SESSION_EXAMPLE],
            },
            response_only=True,
        )
    ],
)
class ActivityDetailSerializer(ActivityListSerializer):
    # A plain string here: the enum is documented once, on ActivityList (an enum in two components
    # would share the name "kind" with the other apps' kinds, and drf-spectacular could only name
    # it by a hash).
    kind = serializers.CharField(read_only=True, help_text="The kind of activity (see ActivityList).")
    description = serializers.CharField(read_only=True, help_text=LOCALIZED)
    sessions = SessionSerializer(
        source="open_sessions", many=True, read_only=True, help_text="Its sessions open for registration."
    )

    class Meta(ActivityListSerializer.Meta):
        fields = [
            *ActivityListSerializer.Meta.fields,
            "description",
            "description_nl",
            "description_en",
            "meetings_required",
            "assignment_required",
            "cancel_days_before",
            "contact_email",
            "sessions",
        ]
        extra_kwargs = {
            **ActivityListSerializer.Meta.extra_kwargs,
            "meetings_required": {"help_text": "Meetings to attend for completion; null: all of them."},
            "cancel_days_before": {
                "help_text": "Participants may cancel until this many days before the first meeting."
            },
        }
