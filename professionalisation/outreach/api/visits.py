"""/api/v1/visit-requests/ (Meet the Professor requests: list, create and read by the tenancy rule;
the moves of a request as actions), /api/v1/researchers/ (the pool, coordinators only, with
`suggestions` for a request), /api/v1/researcher-unavailabilities/ (a researcher's own unavailable
periods, every researcher's for coordinators) and /api/v1/visit-figures/ (coordinators' figures).

Who sees which request is one rule (selectors/visits.py `visit_list_for_user`): coordinators all,
a school user their school's, a researcher their own visits; another row is 404, an anonymous
request 401. Every write calls the services, so a refusal is the API's one error shape: 400 on a
field, 403 not allowed, 409 a conflict with the request's current state, with the service's own
message."""

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_serializer,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView
from rest_framework.viewsets import GenericViewSet

from iclon.core.api.schema import ErrorSerializer
from iclon.core.api.views import FILTER_BACKENDS, ReadOnlyViewSet, TenantScopedMixin
from partnerships.api.fields import SchoolBriefSerializer, SchoolCodeField
from professionalisation.outreach.models.visits import (
    DayPart,
    EvaluationSide,
    ResearcherProfile,
    ResearcherUnavailability,
    VisitEvaluation,
    VisitLocation,
    VisitPreferredDate,
    VisitRequest,
    VisitStatus,
)
from professionalisation.outreach.permissions.visits import can_view_visit_figures, manages_researchers
from professionalisation.outreach.selectors import visits as selectors
from professionalisation.outreach.services import visits as services

TAGS = ["Outreach: Meet the Professor"]
ID = r"[0-9]{1,10}"
ID_PARAMETER = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The row's id.")


def _error(description: str, *examples: tuple[str, str]) -> OpenApiResponse:
    return OpenApiResponse(
        ErrorSerializer,
        description=description,
        examples=[OpenApiExample(name, value={"detail": detail}) for name, detail in examples],
    )


NOT_ALLOWED = _error("You may not do this.", ("Not allowed", "You are not allowed to do this."))


# --- serializers ------------------------------------------------------------------------------------


class VisitPreferredDateSerializer(serializers.ModelSerializer):
    part_of_day = serializers.ChoiceField(choices=DayPart.choices, default=DayPart.ANY)

    class Meta:
        model = VisitPreferredDate
        fields = ["date", "part_of_day"]


class VisitEvaluationSerializer(serializers.ModelSerializer):
    class Meta:
        model = VisitEvaluation
        fields = ["side", "rating", "text", "created_at"]


class VisitResearcherBriefSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.full_name", read_only=True)

    class Meta:
        model = ResearcherProfile
        fields = ["id", "name", "discipline"]


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A confirmed visit",
            value={
                "id": 12,
                "school": {"id": 345, "name": "Stedelijk Gymnasium Leiden", "code": "18BR00"},
                "contact_name": "Sanne de Vries",
                "contact_email": "s.devries@school.example.org",
                "language": "nl",
                "group_label": "Vwo 4",
                "pupils": 28,
                "wishes": "Sterren en planeten",
                "location": "school",
                "accessibility_notes": "",
                "status": "confirmed",
                "status_reason": "",
                "researcher": {"id": 3, "name": "Prof. dr. Annelies Verhoef", "discipline": "Sterrenkunde"},
                "starts_at": "2027-03-11T10:00:00+01:00",
                "ends_at": "2027-03-11T11:30:00+01:00",
                "preferred_dates": [{"date": "2027-03-11", "part_of_day": "morning"}],
                "evaluations": [],
                "created_at": "2027-01-20T09:12:00+01:00",
                "proposed_at": "2027-01-22T14:00:00+01:00",
                "accepted_at": "2027-01-23T08:30:00+01:00",
                "confirmed_at": "2027-01-24T16:45:00+01:00",
                "held_at": None,
                "closed_at": None,
            },
            response_only=True,
        )
    ]
)
class VisitRequestSerializer(serializers.ModelSerializer):
    school = SchoolBriefSerializer(read_only=True)
    preferred_dates = VisitPreferredDateSerializer(many=True, read_only=True)
    researcher = VisitResearcherBriefSerializer(read_only=True, allow_null=True)
    evaluations = VisitEvaluationSerializer(many=True, read_only=True)

    class Meta:
        model = VisitRequest
        fields = [
            "id",
            "school",
            "contact_name",
            "contact_email",
            "language",
            "group_label",
            "pupils",
            "wishes",
            "location",
            "accessibility_notes",
            "status",
            "status_reason",
            "researcher",
            "starts_at",
            "ends_at",
            "preferred_dates",
            "evaluations",
            "created_at",
            "proposed_at",
            "accepted_at",
            "confirmed_at",
            "held_at",
            "closed_at",
        ]
        read_only_fields = fields


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A request",
            value={
                "school": "18BR00",
                "contact_name": "Sanne de Vries",
                "contact_email": "s.devries@school.example.org",
                "language": "nl",
                "group_label": "Vwo 4",
                "pupils": 28,
                "wishes": "Sterren en planeten",
                "location": "school",
                "accessibility_notes": "",
                "preferred_dates": [{"date": "2027-03-11", "part_of_day": "morning"}, {"date": "2027-03-18"}],
            },
            request_only=True,
        )
    ]
)
class VisitRequestInputSerializer(serializers.Serializer):
    school = SchoolCodeField(help_text="Your school's vestigingscode, e.g. 18BR00.")
    contact_name = serializers.CharField(max_length=200)
    contact_email = serializers.EmailField()
    language = serializers.ChoiceField(choices=settings.LANGUAGES, default="nl")
    group_label = serializers.CharField(max_length=100, help_text="The group or year, e.g. 'Groep 7' or 'Havo 4'.")
    pupils = serializers.IntegerField(help_text="1 to 200.")
    wishes = serializers.CharField(max_length=2000, help_text="Topic or discipline wishes.")
    location = serializers.ChoiceField(choices=VisitLocation.choices, default=VisitLocation.AT_SCHOOL)
    accessibility_notes = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    preferred_dates = VisitPreferredDateSerializer(many=True, help_text="At least one, all in the future.")


@extend_schema_serializer(
    examples=[
        OpenApiExample("Propose", value={"researcher": 3, "starts_at": "2027-03-11T10:00:00+01:00"}, request_only=True)
    ]
)
class VisitProposeInputSerializer(serializers.Serializer):
    researcher = serializers.IntegerField(min_value=1, help_text="The researcher's id (see /api/v1/researchers/).")
    starts_at = serializers.DateTimeField(help_text="The moment the visit starts, with its offset.")
    ends_at = serializers.DateTimeField(required=False, help_text="Default: 90 minutes after the start.")


@extend_schema_serializer(
    examples=[
        OpenApiExample("Accept", value={"accept": True}, request_only=True),
        OpenApiExample("Decline", value={"accept": False, "reason": "Ik ben dan op congres."}, request_only=True),
    ]
)
class VisitAnswerInputSerializer(serializers.Serializer):
    accept = serializers.BooleanField()
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    token = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default="", help_text="The secret of the e-mail's link."
    )


@extend_schema_serializer(
    examples=[OpenApiExample("With a reason", value={"reason": "De toetsweek is verschoven."}, request_only=True)]
)
class VisitReasonInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


@extend_schema_serializer(examples=[OpenApiExample("No input", value={}, request_only=True)])
class VisitEmptyInputSerializer(serializers.Serializer):
    pass


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "The school",
            value={"side": "school", "text": "De leerlingen stelden veel vragen.", "rating": 5},
            request_only=True,
        ),
        OpenApiExample(
            "The researcher", value={"side": "researcher", "text": "Een nieuwsgierige klas."}, request_only=True
        ),
    ]
)
class VisitEvaluateInputSerializer(serializers.Serializer):
    side = serializers.ChoiceField(choices=EvaluationSide.choices)
    text = serializers.CharField(max_length=4000)
    rating = serializers.IntegerField(required=False, allow_null=True, help_text="1 to 5; the school's side only.")


class VisitReasonSerializer(serializers.Serializer):
    code = serializers.CharField()
    text = serializers.CharField()
    points = serializers.IntegerField()


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A researcher",
            value={
                "id": 3,
                "name": "Prof. dr. Annelies Verhoef",
                "discipline": "Sterrenkunde",
                "faculty": "Faculteit der Wiskunde en Natuurwetenschappen",
                "topics": "sterren, planeten, zwarte gaten",
                "languages": "nl, en",
                "regions": ["holland-rijnland"],
                "max_visits_per_year": 4,
                "active": True,
            },
            response_only=True,
        )
    ]
)
class ResearcherSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.full_name", read_only=True)
    faculty = serializers.CharField(source="faculty.name", read_only=True, allow_null=True, default=None)
    regions = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = ResearcherProfile
        fields = [
            "id",
            "name",
            "discipline",
            "faculty",
            "topics",
            "languages",
            "regions",
            "max_visits_per_year",
            "active",
        ]


class VisitSuggestionSerializer(serializers.Serializer):
    researcher = VisitResearcherBriefSerializer()
    score = serializers.IntegerField()
    reasons = VisitReasonSerializer(many=True)
    free_dates = serializers.ListField(child=serializers.DateField())
    visits_this_year = serializers.IntegerField()
    visits_at_school = serializers.IntegerField()


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "Suggestions",
            value={
                "request": 12,
                "suggestions": [
                    {
                        "researcher": {"id": 3, "name": "Prof. dr. Annelies Verhoef", "discipline": "Sterrenkunde"},
                        "score": 7,
                        "reasons": [
                            {"code": "topic", "text": "Topic match: sterren", "points": 3},
                            {"code": "free", "text": "Free on a preferred date: 11-03-2027", "points": 2},
                            {"code": "region", "text": "Travels to the school's region", "points": 1},
                            {"code": "cap", "text": "1 of 4 visits this year", "points": 0},
                            {"code": "new_school", "text": "Has not visited this school yet", "points": 1},
                        ],
                        "free_dates": ["2027-03-11"],
                        "visits_this_year": 1,
                        "visits_at_school": 0,
                    }
                ],
            },
            response_only=True,
        )
    ]
)
class VisitSuggestionsSerializer(serializers.Serializer):
    request = serializers.IntegerField(help_text="The request's id.")
    suggestions = VisitSuggestionSerializer(many=True, help_text="Best first.")


# --- views ------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        tags=TAGS,
        summary="List the visit requests you may see",
        description="Coordinators see every request; a school user their school's; a researcher the visits proposed "
        "to them or that they make. Newest first; filter with ?status=.",
        parameters=[OpenApiParameter("status", str, enum=VisitStatus.values, description="Only this status.")],
    ),
    retrieve=extend_schema(
        tags=TAGS,
        summary="Get one visit request",
        description="404 for one you may not see.",
        parameters=[ID_PARAMETER],
    ),
    create=extend_schema(
        tags=TAGS,
        summary="Request a visit for your school",
        description="One of the school's people (or a coordinator) asks for a visit (visit_request_create). 400 on "
        "a field (1 to 200 pupils, at least one preferred date in the future), 403 for another school.",
        request=VisitRequestInputSerializer,
        responses={201: VisitRequestSerializer, 403: NOT_ALLOWED},
    ),
)
class VisitRequestViewSet(ReadOnlyViewSet):
    serializer_class = VisitRequestSerializer
    permission_classes = [IsAuthenticated]
    lookup_value_regex = ID
    ordering_fields = ["created_at", "starts_at"]
    queryset = VisitRequest.objects.none()  # for the schema; the rows come from the selectors

    def get_queryset(self):
        rows = selectors.visit_list_for_user(self.request.user)
        wanted = self.request.query_params.get("status")
        if wanted:
            if wanted not in VisitStatus.values:
                raise ValidationError({"status": [_("Choose a valid status.")]})
            rows = rows.filter(status=wanted)
        return rows.order_by("-created_at", "-pk")

    def _answer(self, visit, code=status.HTTP_200_OK):
        row = selectors.visit_list_for_user(self.request.user).get(pk=visit.pk)
        return Response(VisitRequestSerializer(row, context=self.get_serializer_context()).data, status=code)

    def create(self, request, *args, **kwargs):
        data = VisitRequestInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        school = values.pop("school")
        dates = [(row["date"], row["part_of_day"]) for row in values.pop("preferred_dates")]
        visit = services.visit_request_create(actor=request.user, school=school, preferred_dates=dates, **values)
        return self._answer(visit, status.HTTP_201_CREATED)

    @extend_schema(
        tags=TAGS,
        summary="Propose a researcher (coordinators)",
        description="visit_propose: for a request that waits for a researcher. 409 when the researcher is "
        "unavailable or booked that day, over their yearly cap, inactive, or declined this request before.",
        request=VisitProposeInputSerializer,
        responses={
            200: VisitRequestSerializer,
            403: NOT_ALLOWED,
            409: _error("Refused.", ("Booked", "The researcher already has a visit on that day.")),
        },
        parameters=[ID_PARAMETER],
    )
    @action(detail=True, methods=["post"])
    def propose(self, request, pk=None):
        visit = self.get_object()
        data = VisitProposeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        researcher = (
            selectors.researcher_list_for_user(request.user).filter(pk=data.validated_data["researcher"]).first()
        )
        if researcher is None:
            if not manages_researchers(request.user):
                return Response({"detail": _("You are not allowed to do this.")}, status=status.HTTP_403_FORBIDDEN)
            raise ValidationError({"researcher": [_("There is no researcher with this id.")]})
        visit, _token = services.visit_propose(
            visit=visit,
            researcher=researcher,
            starts_at=data.validated_data["starts_at"],
            ends_at=data.validated_data.get("ends_at"),
            actor=request.user,
        )
        return self._answer(visit)

    @extend_schema(
        tags=TAGS,
        summary="Accept or decline the proposal (the researcher)",
        description="visit_researcher_answer: the researcher proposed, logged in. A decline needs a reason. 409 when "
        "the proposal no longer waits for an answer.",
        request=VisitAnswerInputSerializer,
        responses={200: VisitRequestSerializer, 403: NOT_ALLOWED},
        parameters=[ID_PARAMETER],
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        visit = self.get_object()
        data = VisitAnswerInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        visit = services.visit_researcher_answer(
            visit=visit,
            accept=data.validated_data["accept"],
            reason=data.validated_data["reason"],
            token=data.validated_data["token"],
            actor=request.user,
        )
        # A researcher who declined no longer sees the request from now on; the answer still shows
        # it as it is after their answer (as the schema says), read once more outside their scope.
        if not selectors.visit_list_for_user(request.user).filter(pk=visit.pk).exists():
            return Response(VisitRequestSerializer(visit, context=self.get_serializer_context()).data)
        return self._answer(visit)

    @extend_schema(
        tags=TAGS,
        summary="Confirm the visit (the school)",
        description="visit_confirm: after the researcher accepted; both receive the calendar invitation.",
        request=VisitEmptyInputSerializer,
        responses={200: VisitRequestSerializer, 403: NOT_ALLOWED},
        parameters=[ID_PARAMETER],
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        return self._answer(services.visit_confirm(visit=self.get_object(), actor=request.user))

    @extend_schema(
        tags=TAGS,
        summary="Mark the visit held (coordinators)",
        description="visit_mark_held: a confirmed visit whose start has passed.",
        request=VisitEmptyInputSerializer,
        responses={200: VisitRequestSerializer, 403: NOT_ALLOWED},
        parameters=[ID_PARAMETER],
    )
    @action(detail=True, methods=["post"], url_path="mark-held")
    def mark_held(self, request, pk=None):
        return self._answer(services.visit_mark_held(visit=self.get_object(), actor=request.user))

    @extend_schema(
        tags=TAGS,
        summary="Evaluate the visit (the school or the researcher)",
        description="visit_evaluate: each side once, after the visit was held; the school rates 1 to 5. When both "
        "have evaluated, the request is evaluated.",
        request=VisitEvaluateInputSerializer,
        responses={200: VisitRequestSerializer, 403: NOT_ALLOWED},
        parameters=[ID_PARAMETER],
    )
    @action(detail=True, methods=["post"])
    def evaluate(self, request, pk=None):
        visit = self.get_object()
        data = VisitEvaluateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.visit_evaluate(visit=visit, actor=request.user, **data.validated_data)
        return self._answer(visit)

    @extend_schema(
        tags=TAGS,
        summary="Withdraw the request (the school or coordinators)",
        description="visit_withdraw, with a reason, until the visit is held.",
        request=VisitReasonInputSerializer,
        responses={200: VisitRequestSerializer, 403: NOT_ALLOWED},
        parameters=[ID_PARAMETER],
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        visit = self.get_object()
        data = VisitReasonInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(
            services.visit_withdraw(visit=visit, actor=request.user, reason=data.validated_data["reason"])
        )

    @extend_schema(
        tags=TAGS,
        summary="Suggested researchers for the request (coordinators)",
        description="Every active researcher, best first, with a score and its reasons (topic, free on a preferred "
        "date, region, visits this year against the cap, visits at this school).",
        responses={200: VisitSuggestionsSerializer, 403: NOT_ALLOWED},
        parameters=[ID_PARAMETER],
    )
    @action(detail=True, methods=["get"])
    def suggestions(self, request, pk=None):
        if not manages_researchers(request.user):
            return Response({"detail": _("You are not allowed to do this.")}, status=status.HTTP_403_FORBIDDEN)
        visit = self.get_object()
        body = {"request": visit.pk, "suggestions": selectors.researcher_suggestions(visit)}
        return Response(VisitSuggestionsSerializer(body).data)


@extend_schema_view(
    list=extend_schema(tags=TAGS, summary="List the pool of researchers (coordinators)"),
    retrieve=extend_schema(tags=TAGS, summary="Get one researcher (coordinators)", parameters=[ID_PARAMETER]),
)
class ResearcherViewSet(ReadOnlyViewSet):
    serializer_class = ResearcherSerializer
    permission_classes = [IsAuthenticated]
    lookup_value_regex = ID
    search_fields = ["user__full_name", "discipline", "topics"]
    ordering_fields = ["user__full_name"]
    queryset = ResearcherProfile.objects.none()  # for the schema; the rows come from the selectors

    def get_queryset(self):
        return selectors.researcher_list_for_user(self.request.user).order_by("user__full_name", "pk")


# --- figures for staff -----------------------------------------------------------------------------


class VisitRegionFiguresSerializer(serializers.Serializer):
    region = serializers.IntegerField(source="region_id", allow_null=True, help_text="The region's id; null: none.")
    label = serializers.CharField(help_text="The region's name, or 'No region'.")
    requests = serializers.IntegerField(help_text="Requests made in the year for schools of the region.")
    in_progress = serializers.IntegerField(help_text="Of them: requested, proposed, accepted, confirmed or declined.")
    held = serializers.IntegerField(help_text="Of them: held or evaluated.")
    withdrawn = serializers.IntegerField(help_text="Of them: withdrawn.")


class VisitFacultyFiguresSerializer(serializers.Serializer):
    faculty = serializers.IntegerField(source="faculty_id", allow_null=True, help_text="The faculty's id; null: none.")
    label = serializers.CharField(help_text="The faculty's name, or 'No faculty'.")
    visits = serializers.IntegerField(help_text="Visits held in the year by the faculty's researchers.")
    pupils = serializers.IntegerField(help_text="The pupils of those visits.")


class VisitFirstSchoolSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The school's id.")
    name = serializers.CharField()
    city = serializers.CharField()
    region = serializers.CharField(help_text="The school's education region; empty: none.")
    first_visit = serializers.DateField(help_text="The day of the school's first visit ever held.")


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "The figures of 2027",
            value={
                "year": 2027,
                "requests": 14,
                "visits": 6,
                "first_school_count": 1,
                "regions": [
                    {
                        "region": 2,
                        "label": "Holland Rijnland",
                        "requests": 11,
                        "in_progress": 4,
                        "held": 6,
                        "withdrawn": 1,
                    },
                    {"region": None, "label": "No region", "requests": 3, "in_progress": 3, "held": 0, "withdrawn": 0},
                ],
                "faculties": [
                    {"faculty": 5, "label": "Faculteit der Archeologie", "visits": 5, "pupils": 140},
                    {"faculty": None, "label": "No faculty", "visits": 1, "pupils": 24},
                ],
                "first_schools": [
                    {
                        "id": 345,
                        "name": "Stedelijk Gymnasium Leiden",
                        "city": "Leiden",
                        "region": "Holland Rijnland",
                        "first_visit": "2027-03-11",
                    }
                ],
            },
            response_only=True,
        )
    ]
)
class VisitFiguresSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text="The calendar year of the figures.")
    requests = serializers.IntegerField(help_text="Requests made in the year.")
    visits = serializers.IntegerField(help_text="Visits held in the year.")
    first_school_count = serializers.IntegerField(help_text="Schools whose first visit ever was held in the year.")
    regions = VisitRegionFiguresSerializer(many=True, help_text="Per education region of the school; 'No region' last.")
    faculties = VisitFacultyFiguresSerializer(many=True, help_text="Per faculty of the researcher; 'No faculty' last.")
    first_schools = VisitFirstSchoolSerializer(many=True, help_text="The schools reached for the first time, by name.")


class VisitFiguresView(TenantScopedMixin, APIView):
    """Coordinators: Meet the Professor's figures of a calendar year."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAGS,
        summary="Meet the Professor's figures of a year (coordinators)",
        description="For a calendar year in the Netherlands (default: this year): the requests made, per education "
        "region of the school and by status group; the visits held, per faculty of the researcher; and the schools "
        "whose first visit ever was held in the year. For staff who see every request; 403 for others.",
        parameters=[OpenApiParameter("year", int, description="The calendar year (2020 to next year).")],
        responses={200: VisitFiguresSerializer, 403: NOT_ALLOWED},
    )
    def get(self, request):
        if not can_view_visit_figures(request.user):
            raise PermissionDenied()
        year = selectors.figures_year(request.query_params.get("year"))
        return Response(VisitFiguresSerializer(selectors.visit_figures(year=year)).data)


# --- unavailable periods ---------------------------------------------------------------------------


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A period",
            value={
                "id": 7,
                "researcher": 3,
                "researcher_name": "Prof. dr. Annelies Verhoef",
                "starts_on": "2027-03-01",
                "ends_on": "2027-03-05",
                "note": "Congres",
            },
            response_only=True,
        )
    ]
)
class ResearcherUnavailabilitySerializer(serializers.ModelSerializer):
    researcher_name = serializers.CharField(source="researcher.user.full_name", read_only=True)

    class Meta:
        model = ResearcherUnavailability
        fields = ["id", "researcher", "researcher_name", "starts_on", "ends_on", "note"]
        read_only_fields = fields


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A congress",
            value={"starts_on": "2027-03-01", "ends_on": "2027-03-05", "note": "Congres"},
            request_only=True,
        )
    ]
)
class ResearcherUnavailabilityInputSerializer(serializers.Serializer):
    researcher = serializers.IntegerField(
        min_value=1, required=False, help_text="The researcher's id; default: yourself (coordinators: anyone's)."
    )
    starts_on = serializers.DateField(help_text="The first day (today or later).")
    ends_on = serializers.DateField(help_text="The last day, included.")
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


@extend_schema_view(
    list=extend_schema(
        tags=TAGS,
        summary="List unavailable periods",
        description="A researcher of the pool sees their own periods, coordinators everyone's, anybody else none.",
    ),
    create=extend_schema(
        tags=TAGS,
        summary="Add an unavailable period",
        description="unavailability_add: a researcher for themself, a coordinator for anyone. 400 when the period ends "
        "before it starts, begins in the past, overlaps another period or covers a visit the researcher accepted "
        "or that is confirmed; 403 for anybody else.",
        request=ResearcherUnavailabilityInputSerializer,
        responses={201: ResearcherUnavailabilitySerializer, 403: NOT_ALLOWED},
    ),
    destroy=extend_schema(
        tags=TAGS,
        summary="Remove an unavailable period",
        description="unavailability_remove: a researcher one of theirs that has not ended (409 for a past one), a "
        "coordinator any. 404 for a period you do not see, 403 for anybody who is neither.",
        parameters=[ID_PARAMETER],
        responses={204: None, 403: NOT_ALLOWED},
    ),
)
class ResearcherUnavailabilityViewSet(
    TenantScopedMixin, mixins.ListModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, GenericViewSet
):
    serializer_class = ResearcherUnavailabilitySerializer
    permission_classes = [IsAuthenticated]
    filter_backends = FILTER_BACKENDS
    lookup_value_regex = ID
    ordering_fields = ["starts_on"]
    queryset = ResearcherUnavailability.objects.none()  # for the schema; the rows come from the selectors

    def get_queryset(self):
        return selectors.unavailability_list_for_user(self.request.user).order_by("starts_on", "pk")

    def _may_write(self):
        user = self.request.user
        if not (manages_researchers(user) or selectors.in_pool(user)):
            raise PermissionDenied()

    def create(self, request, *args, **kwargs):
        self._may_write()
        data = ResearcherUnavailabilityInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        wanted = values.pop("researcher", None)
        if wanted is None:
            researcher = ResearcherProfile.objects.filter(user=request.user).first()
            if researcher is None:
                raise ValidationError({"researcher": [_("Say for which researcher.")]})
        else:
            researcher = ResearcherProfile.objects.filter(pk=wanted).first()
            if researcher is None:
                raise ValidationError({"researcher": [_("There is no researcher with this id.")]})
        period = services.unavailability_add(researcher=researcher, actor=request.user, **values)
        row = self.get_queryset().get(pk=period.pk)
        return Response(self.get_serializer(row).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, *args, **kwargs):
        self._may_write()
        services.unavailability_remove(period=self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


router = SimpleRouter()
router.register("visit-requests", VisitRequestViewSet, basename="visit-request")
router.register("researchers", ResearcherViewSet, basename="researcher")
router.register("researcher-unavailabilities", ResearcherUnavailabilityViewSet, basename="researcher-unavailability")

urlpatterns = router.urls
