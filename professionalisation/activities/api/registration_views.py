"""The registrations and waiting-list API: /api/v1/registrations/ and /api/v1/waiting-list/.

Reads go through professionalisation/activities/access.py, the one rule of who sees whose places
(the person their own, a school contact or leader their school's, staff with the view permission
all; a row outside it is 404, an anonymous request 401). Every write calls the services of the
participant's pages and the admin (`registration_create`, `registration_cancel`,
`waiting_list_join`, `waiting_list_leave`, `waiting_offer_accept`, `waiting_offer_decline`), so the
capacity, the queue, the duplicate check and the e-mails are the same on every edge; a service's
refusal becomes the one error shape: 400 on a field, 403 not allowed, 409 a conflict with the
current state (already registered, full, deadline passed) with the service's own message."""

from django.http import Http404
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import filters, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from iclon.core.api.schema import ErrorSerializer
from iclon.core.api.views import ReadOnlyViewSet
from partnerships.models import School
from professionalisation.activities import access, selectors, services
from professionalisation.activities.api import filters as activity_filters
from professionalisation.activities.api import registration_serializers as s
from professionalisation.activities.models import Registration, WaitingListEntry

REGISTRATIONS = ["Professional development: registrations"]
WAITING = ["Professional development: waiting lists"]
ID = r"[0-9]{1,10}"
ID_PARAMETER = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The row's id.")


def _error(description: str, *examples: tuple[str, str]) -> OpenApiResponse:
    return OpenApiResponse(
        ErrorSerializer,
        description=description,
        examples=[OpenApiExample(name, value={"detail": detail}) for name, detail in examples],
    )


NOT_ALLOWED = _error("You may not do this.", ("Not allowed", "You are not allowed to do this."))


def _person(request, data):
    """The participant named in the input (yourself unless given), among the people you may name."""
    pk = data.get("participant")
    if pk is None or pk == request.user.pk:
        return request.user
    person = access.people_to_register(request.user).filter(pk=pk).first()
    if person is None:
        raise ValidationError({"participant": [_("There is nobody with this id whom you may register.")]})
    return person


def _school(data):
    pk = data.get("school")
    if pk is None:
        return None
    school = School.objects.filter(pk=pk).first()
    if school is None:
        raise ValidationError({"school": [_("There is no school with this id.")]})
    return school


@extend_schema_view(
    list=extend_schema(
        tags=REGISTRATIONS,
        summary="List the registrations you may see",
        description=(
            "Your own registrations; a school contact or school leader also those made for their school; "
            "professionalisation staff all. Oldest first."
        ),
    ),
    retrieve=extend_schema(
        tags=REGISTRATIONS,
        summary="Get one registration",
        description="404 for a registration you may not see.",
        parameters=[ID_PARAMETER],
    ),
    create=extend_schema(
        tags=REGISTRATIONS,
        summary="Register for a session",
        description=(
            "Calls the one registration service, as the participant's page and the admin do: a confirmed place "
            "when one is free, else (with join_waiting_list) a place on the session's waiting list; the person "
            "gets the e-mail of either. 409 with the service's message when the person is already registered or "
            "waiting, the session is full (join_waiting_list false), closed, cancelled or past its deadline; 403 "
            "when you may not register this person for this school."
        ),
        request=s.RegistrationInputSerializer,
        responses={
            201: s.RegistrationOutcomeSerializer,
            403: NOT_ALLOWED,
            409: _error(
                "The registration conflicts with the current state.",
                ("Already registered", "You are already registered for this session."),
                ("Full", "This session is full."),
            ),
        },
    ),
)
class RegistrationViewSet(ReadOnlyViewSet):
    serializer_class = s.RegistrationSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = activity_filters.RegistrationFilter
    filter_backends = [DjangoFilterBackend, filters.OrderingFilter]
    ordering_fields = ["created_at"]
    lookup_value_regex = ID
    queryset = Registration.objects.none()  # for the schema; the rows come from access.py

    def get_queryset(self):
        return access.registrations_visible_to(self.request.user).order_by("created_at", "pk")

    def _answer(self, registration, code=status.HTTP_200_OK):
        row = self.get_queryset().get(pk=registration.pk)
        return Response(s.RegistrationSerializer(row, context=self.get_serializer_context()).data, status=code)

    def create(self, request, *args, **kwargs):
        data = s.RegistrationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            session = selectors.session_for_registration(user=request.user, pk=values["session"])
        except Http404:
            raise ValidationError({"session": [_("There is no session with this id.")]}) from None
        result = services.registration_create(
            session=session,
            participant=_person(request, values),
            actor=request.user,
            school=_school(values),
            join_waiting_list=values["join_waiting_list"],
        )
        context = self.get_serializer_context()
        if isinstance(result, Registration):
            row = self.get_queryset().get(pk=result.pk)
            body = {"outcome": "registered", "registration": row, "waiting_list_entry": None}
        else:
            entry = with_positions([waiting_rows(request.user).get(pk=result.pk)])[0]
            body = {"outcome": "waiting", "registration": None, "waiting_list_entry": entry}
        return Response(s.RegistrationOutcomeSerializer(body, context=context).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        tags=REGISTRATIONS,
        summary="Cancel a registration",
        description=(
            "The participant or their school's contact until the activity's cancellation deadline, staff at any "
            "time (registration_cancel). The place goes to the first on the waiting list at once. 409 when it "
            "was cancelled already or the deadline has passed."
        ),
        request=s.ReasonInputSerializer,
        responses={
            200: s.RegistrationSerializer,
            403: NOT_ALLOWED,
            409: _error(
                "Cancelled already, or too late.",
                ("Cancelled already", "This registration has been cancelled already."),
                ("Too late", "The deadline for cancelling has passed; please contact ICLON."),
            ),
        },
        parameters=[ID_PARAMETER],
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        registration = self.get_object()
        data = s.ReasonInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        registration = services.registration_cancel(
            registration=registration, actor=request.user, reason=data.validated_data["reason"]
        )
        return self._answer(registration)


def waiting_rows(user):
    """The waiting-list entries `user` may see, with their place in the queue counted in the same
    query (selectors' positions, the rule of services.waiting_position)."""
    return selectors.with_positions(access.waiting_entries_visible_to(user)).order_by("created_at", "pk")


def with_positions(entries):
    for entry in entries:
        entry.queue_position = selectors.position_in_queue(entry)
    return entries


@extend_schema_view(
    list=extend_schema(
        tags=WAITING,
        summary="List the waiting-list places you may see",
        description=(
            "Your own places on waiting lists and the places offered to you; a school contact or school leader "
            "also those of their school; professionalisation staff all. `position` is the place in the queue "
            "while waiting."
        ),
    ),
    retrieve=extend_schema(
        tags=WAITING,
        summary="Get one waiting-list place",
        description="404 for one you may not see.",
        parameters=[ID_PARAMETER],
    ),
    create=extend_schema(
        tags=WAITING,
        summary="Wait for any session of an activity",
        description=(
            "Joins the activity's combined waiting list (waiting_list_join): the first place that comes free in "
            "any of its sessions is offered. A session that has a free place nobody waited for is offered at once "
            "(status offered). To wait for one session, register for it: a full session puts you on its list. "
            "409 when the person is waiting already or no session is open."
        ),
        request=s.WaitingListInputSerializer,
        responses={
            201: s.WaitingListEntrySerializer,
            403: NOT_ALLOWED,
            409: _error(
                "Waiting already, or nothing to wait for.",
                ("Waiting already", "You are already on the waiting list."),
                ("No session", "This activity has no session open for registration."),
            ),
        },
    ),
)
class WaitingListViewSet(ReadOnlyViewSet):
    serializer_class = s.WaitingListEntrySerializer
    permission_classes = [IsAuthenticated]
    filterset_class = activity_filters.WaitingListFilter
    filter_backends = [DjangoFilterBackend, filters.OrderingFilter]
    ordering_fields = ["created_at"]
    lookup_value_regex = ID
    queryset = WaitingListEntry.objects.none()  # for the schema; the rows come from access.py

    def get_queryset(self):
        return waiting_rows(self.request.user)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return with_positions(page) if page is not None else None

    def get_object(self):
        return with_positions([super().get_object()])[0]

    def _answer(self, entry, code=status.HTTP_200_OK):
        row = with_positions([self.get_queryset().get(pk=entry.pk)])[0]
        return Response(s.WaitingListEntrySerializer(row, context=self.get_serializer_context()).data, status=code)

    def create(self, request, *args, **kwargs):
        data = s.WaitingListInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            activity = selectors.activity_for_waiting(user=request.user, slug=values["activity"])
        except Http404:
            raise ValidationError({"activity": [_("There is no activity with this slug.")]}) from None
        entry = services.waiting_list_join(
            activity=activity, participant=_person(request, values), actor=request.user, school=_school(values)
        )
        return self._answer(entry, status.HTTP_201_CREATED)

    @extend_schema(
        tags=WAITING,
        summary="Leave the waiting list",
        description=(
            "The person, their school's contact or staff (waiting_list_leave); an open offer goes to the next in "
            "line. 409 when the place has ended already."
        ),
        request=s.EmptyInputSerializer,
        responses={
            200: s.WaitingListEntrySerializer,
            403: NOT_ALLOWED,
            409: _error("No longer waiting.", ("Ended", "You are no longer on this waiting list.")),
        },
        parameters=[ID_PARAMETER],
    )
    @action(detail=True, methods=["post"])
    def leave(self, request, pk=None):
        entry = services.waiting_list_leave(entry=self.get_object(), actor=request.user)
        return self._answer(entry)

    @extend_schema(
        tags=WAITING,
        summary="Accept the place offered",
        description=(
            "Takes the place offered from the waiting list (waiting_offer_accept): answers with the new "
            "registration. 409 when there is no open offer, or it has expired (the place then goes to the next in "
            "line)."
        ),
        request=s.EmptyInputSerializer,
        responses={
            200: s.RegistrationSerializer,
            403: NOT_ALLOWED,
            409: _error(
                "No open offer.",
                ("No offer", "There is no open offer of a place for you."),
                ("Expired", "This offer has expired; the place has gone to the next person in line."),
            ),
        },
        parameters=[ID_PARAMETER],
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        registration = services.waiting_offer_accept(entry=self.get_object(), actor=request.user)
        row = access.registrations_visible_to(request.user).get(pk=registration.pk)
        return Response(s.RegistrationSerializer(row, context=self.get_serializer_context()).data)

    @extend_schema(
        tags=WAITING,
        summary="Decline the place offered",
        description=(
            "Turns the offer down (waiting_offer_decline); the place goes to the next in line at once. 409 when "
            "there is no open offer."
        ),
        request=s.EmptyInputSerializer,
        responses={
            200: s.WaitingListEntrySerializer,
            403: NOT_ALLOWED,
            409: _error("No open offer.", ("No offer", "There is no open offer of a place for you.")),
        },
        parameters=[ID_PARAMETER],
    )
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        entry = services.waiting_offer_decline(entry=self.get_object(), actor=request.user)
        return self._answer(entry)
