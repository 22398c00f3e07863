"""The placements API: /api/v1/placement-offers/ and /api/v1/placements/.

Reads go through programmes/placements/selectors.py, the one visibility rule of the portal's
pages: a school sees its own offers and placements (a lead school's contact or leader, the
partnership's), a trainee their own placements, staff with the view permission all; anything
else is an empty list, and one row outside it is 404. Writes call the same services as the pages
(offer_create/offer_update, placement_propose, placement_confirm/placement_decline), so the same
rules hold and the same notifications go out; a service's refusal becomes the one error shape
(403 not allowed, 409 conflict such as a full offer, 400 bad input)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import filters, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from iclon.core.api.schema import ErrorSerializer
from iclon.core.api.views import ModelViewSet, ReadOnlyViewSet
from programmes.placements import matching, services
from programmes.placements.api.filters import PlacementFilter, PlacementOfferFilter
from programmes.placements.api.serializers import (
    ConfirmInputSerializer,
    DeclineInputSerializer,
    MatchInputSerializer,
    PlacementOfferCreateSerializer,
    PlacementOfferSerializer,
    PlacementOfferUpdateSerializer,
    PlacementSerializer,
)
from programmes.placements.models import Placement, PlacementOffer
from programmes.placements.selectors import (
    offer_get_for_user,
    offer_list_for_user,
    placement_get_for_user,
    placement_list_for_user,
    trainee_list_for_user,
)

User = get_user_model()
OFFERS = ["Placement offers"]
PLACEMENTS = ["Placements"]
ID = r"[0-9]{1,10}"
ID_PARAMETER = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The row's id.")


def _error(description: str, name: str, value: dict) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=description, examples=[OpenApiExample(name, value=value)])


NOT_ALLOWED = _error("You may not do this.", "Not allowed", {"detail": "You are not allowed to do this."})


@extend_schema_view(
    list=extend_schema(
        tags=OFFERS,
        summary="List the placement offers you may see",
        description=(
            "A school user sees their school's offers (a lead school's contact or leader, and the "
            "partnership's coordinators, every school of the partnership); placement staff see all; others get "
            "an empty list. `taken` counts proposed, confirmed, running and completed placements."
        ),
    ),
    retrieve=extend_schema(
        tags=OFFERS,
        summary="Get one placement offer",
        description="404 for an offer you may not see.",
        parameters=[ID_PARAMETER],
    ),
    create=extend_schema(
        tags=OFFERS,
        summary="Publish a placement offer",
        description=(
            "For the school's contacts and school-based teacher educators, and placement staff. Mentors must "
            "work at the school; the period must not be over. 403 for anybody else."
        ),
        request=PlacementOfferCreateSerializer,
        responses={201: PlacementOfferSerializer, 403: NOT_ALLOWED},
    ),
    partial_update=extend_schema(
        tags=OFFERS,
        summary="Change a placement offer",
        description=(
            "The same people as publishing. The number of places never drops below the places taken (400); "
            "the period and subject no longer change once trainees are placed (409)."
        ),
        request=PlacementOfferUpdateSerializer,
        responses={200: PlacementOfferSerializer, 403: NOT_ALLOWED},
        parameters=[ID_PARAMETER],
    ),
)
class PlacementOfferViewSet(ModelViewSet):
    serializer_class = PlacementOfferSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = PlacementOfferFilter
    filter_backends = [DjangoFilterBackend, filters.OrderingFilter]
    ordering_fields = ["created_at", "places"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    lookup_value_regex = ID
    queryset = PlacementOffer.objects.none()  # for the schema; the real one comes from the selector

    def get_queryset(self):
        return offer_list_for_user(user=self.request.user).order_by("period__starts_on", "school__name", "pk")

    def get_object(self):
        offer = offer_get_for_user(user=self.request.user, pk=self.kwargs["pk"])
        self.check_object_permissions(self.request, offer)
        return offer

    def _answer(self, offer, code=status.HTTP_200_OK):
        offer = offer_get_for_user(user=self.request.user, pk=offer.pk)
        return Response(PlacementOfferSerializer(offer, context=self.get_serializer_context()).data, status=code)

    def create(self, request, *args, **kwargs):
        data = PlacementOfferCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        offer = services.offer_create(actor=request.user, **data.validated_data)
        return self._answer(offer, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        offer = self.get_object()
        data = PlacementOfferUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        mentors = fields.pop("mentors", None)
        offer = services.offer_update(offer=offer, actor=request.user, mentors=mentors, **fields)
        return self._answer(offer)

    @extend_schema(
        tags=OFFERS,
        summary="Match a trainee to this offer",
        description=(
            "Placement coordinators only (the matching page's one action). Proposes the placement; the "
            "school is asked to confirm. Answers 201 with the placement, whose `match_reasons` say why it "
            "suits the trainee. 409 when every place is taken (the offer is locked while places are counted, "
            "so concurrent matches never overfill it), when the offer is closed or the trainee already has a "
            "placement in the period; 400 for a trainee who is not admitted or does not fit the subject; 403 "
            "for anybody but placement staff; 404 for an offer you may not see."
        ),
        request=MatchInputSerializer,
        responses={
            201: PlacementSerializer,
            403: NOT_ALLOWED,
            409: OpenApiResponse(
                ErrorSerializer,
                description="The offer is full or closed, or the trainee is placed already.",
                examples=[
                    OpenApiExample("Full", value={"detail": "This offer is full: all its places are taken."}),
                    OpenApiExample(
                        "Placed already", value={"detail": "This trainee already has a placement in this period."}
                    ),
                ],
            ),
        },
        parameters=[ID_PARAMETER],
    )
    @action(detail=True, methods=["post"])
    def match(self, request, pk=None):
        offer = self.get_object()
        if not services.is_placement_staff(request.user, services.MATCH):
            raise PermissionDenied
        data = MatchInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        trainee = (
            trainee_list_for_user(user=request.user)
            .select_related("pathway", "subject")
            .filter(pk=data.validated_data["trainee"])
            .first()
        )
        if trainee is None:
            raise ValidationError({"trainee": [_("There is no admitted or enrolled trainee with this id.")]})
        placement = services.placement_propose(
            offer=offer, trainee=trainee, actor=request.user, reasons=matching.reasons_for(trainee, offer)
        )
        placement = placement_get_for_user(user=request.user, pk=placement.pk)
        return Response(
            PlacementSerializer(placement, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED
        )


@extend_schema_view(
    list=extend_schema(
        tags=PLACEMENTS,
        summary="List the placements you may see",
        description=(
            "A school user sees their school's placements (a lead school's contact or leader, the "
            "partnership's); a trainee their own; placement staff all; others an empty list."
        ),
    ),
    retrieve=extend_schema(
        tags=PLACEMENTS,
        summary="Get one placement",
        description="404 for a placement you may not see.",
        parameters=[ID_PARAMETER],
    ),
)
class PlacementViewSet(ReadOnlyViewSet):
    serializer_class = PlacementSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = PlacementFilter
    filter_backends = [DjangoFilterBackend, filters.OrderingFilter]
    ordering_fields = ["created_at", "status"]
    lookup_value_regex = ID
    queryset = Placement.objects.none()  # for the schema; the real one comes from the selector

    def get_queryset(self):
        # The selector loads the rows' relations; the school's partnership is this serializer's own.
        return (
            placement_list_for_user(user=self.request.user)
            .select_related("school__partnership")
            .order_by("-period__starts_on", "school__name", "pk")
        )

    def get_object(self):
        placement = placement_get_for_user(user=self.request.user, pk=self.kwargs["pk"])
        self.check_object_permissions(self.request, placement)
        return placement

    def _answer(self, placement):
        placement = self.get_queryset().get(pk=placement.pk)
        return Response(PlacementSerializer(placement, context=self.get_serializer_context()).data)

    @extend_schema(
        tags=PLACEMENTS,
        summary="Confirm a proposed placement",
        description=(
            "The school's contact or school-based teacher educator (or placement staff on the school's "
            "behalf) confirms, optionally naming the workplace mentor, who must work at the school. The "
            "evaluations are planned and the trainee and coordinator are told. 409 when the placement is no "
            "longer proposed; 403 for anybody else who can see it (the trainee, a mentor)."
        ),
        request=ConfirmInputSerializer,
        responses={
            200: PlacementSerializer,
            403: NOT_ALLOWED,
            409: _error(
                "The placement is no longer proposed.",
                "Not proposed",
                {"detail": "Only a proposed placement can be confirmed."},
            ),
        },
        parameters=[ID_PARAMETER],
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        placement = self.get_object()
        data = ConfirmInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        mentor = None
        mentor_id = data.validated_data.get("workplace_mentor")
        if mentor_id is not None:
            mentor = User.objects.filter(pk=mentor_id, is_active=True).first()
            if mentor is None:
                raise ValidationError({"workplace_mentor": [_("There is no such person.")]})
        placement = services.placement_confirm(placement=placement, actor=request.user, workplace_mentor=mentor)
        return self._answer(placement)

    @extend_schema(
        tags=PLACEMENTS,
        summary="Decline a proposed placement",
        description=(
            "The same people as confirming; the reason is required and goes to the coordinator. The place is "
            "free again and the trainee is back on the matching list. 409 when the placement is no longer "
            "proposed."
        ),
        request=DeclineInputSerializer,
        responses={
            200: PlacementSerializer,
            403: NOT_ALLOWED,
            409: _error(
                "The placement is no longer proposed.",
                "Not proposed",
                {"detail": "Only a proposed placement can be declined."},
            ),
        },
        parameters=[ID_PARAMETER],
    )
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        placement = self.get_object()
        data = DeclineInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        placement = services.placement_decline(
            placement=placement, actor=request.user, reason=data.validated_data["reason"]
        )
        return self._answer(placement)
