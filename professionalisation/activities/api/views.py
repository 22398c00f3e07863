"""The professional-development API's public catalogue: /api/v1/activities/ and
/api/v1/sessions/, read-only, for anybody.

Only published activities and the open sessions of published activities are visible; the rows
come from the page's selectors (professionalisation/activities/selectors.py), so the page and the
API show the same activities, filters and places. Texts are in the request's language
(Accept-Language: nl or en)."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.permissions import AllowAny

from iclon.core.api.views import ReadOnlyViewSet
from professionalisation.activities import selectors
from professionalisation.activities.api import filters, serializers
from professionalisation.activities.forms import PRICE_CHOICES
from professionalisation.activities.models import Activity, Session

# What a slug is (SlugField): the URL pattern, and so the schema, admit nothing else.
SLUG = r"[-a-zA-Z0-9_]+"
ID = r"[0-9]{1,10}"
TAGS = ["Professional development"]


@extend_schema_view(
    list=extend_schema(
        tags=TAGS,
        summary="List activities of professional development",
        description=(
            "The published activities (workshops, courses, trajectories …), filtered as on the catalogue page; "
            "public. Those with a coming meeting of a session open for registration come first, soonest first."
        ),
        parameters=[
            # The filter's name is the model field's, a decimal; the filter takes a word.
            OpenApiParameter("price", str, enum=[value for value, _label in PRICE_CHOICES], description="free or paid.")
        ],
    ),
    retrieve=extend_schema(
        tags=TAGS,
        summary="Get one activity by slug",
        description="A published activity in full, with its sessions open for registration, their meetings and "
        "places left.",
    ),
)
class ActivityViewSet(ReadOnlyViewSet):
    permission_classes = [AllowAny]
    lookup_field = "slug"
    lookup_value_regex = SLUG
    filterset_class = filters.ActivityFilter
    search_fields = list(selectors.SEARCH_FIELDS)
    ordering_fields = ["title_nl", "title_en", "price", "next_meeting"]
    queryset = Activity.objects.none()  # for the schema; the rows come from the selectors

    def get_serializer_class(self):
        if self.action == "list":
            return serializers.ActivityListSerializer
        return serializers.ActivityDetailSerializer

    def get_queryset(self):
        return selectors.activity_catalogue()

    def get_object(self):
        try:
            return selectors.activity_get(slug=self.kwargs["slug"])
        except Activity.DoesNotExist:
            raise Http404 from None


@extend_schema_view(
    list=extend_schema(
        tags=TAGS,
        summary="List sessions open for registration",
        description=(
            "The sessions of published activities that take registrations now (open, or full with a waiting "
            "list, and the deadline not passed), first deadline first; public. `places_left` is what the public "
            "can still take; `is_full` says a newcomer goes on the waiting list."
        ),
    ),
    retrieve=extend_schema(
        tags=TAGS,
        summary="Get one open session",
        description="404 for a session that is not open for registration.",
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH, description="The session's id.")],
    ),
)
class SessionViewSet(ReadOnlyViewSet):
    permission_classes = [AllowAny]
    serializer_class = serializers.SessionSerializer
    filterset_class = filters.SessionFilter
    ordering_fields = ["registration_deadline"]
    lookup_value_regex = ID
    queryset = Session.objects.none()  # for the schema; the rows come from the selectors

    def get_queryset(self):
        return selectors.open_sessions()

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return selectors.mark_places(page) if page is not None else None

    def get_object(self):
        session = super().get_object()
        selectors.mark_places([session])
        return session
