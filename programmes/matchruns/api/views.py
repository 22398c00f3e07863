"""/api/v1/matching-runs/: placement staff list and start matching runs (a new run is computed at
once), read a run with its proposals, pin or forbid pairs (the run is computed again), decide on
proposals, re-run and apply. Reads go through programmes/matchruns/selectors.py (one place);
every write through the services, as on the pages. Everybody else sees an empty list, and 403 on
every write."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from iclon.core.api.views import TenantScopedMixin
from iclon.core.errors import NotAllowed
from programmes.intake.models import Application
from programmes.matchruns import services
from programmes.matchruns.api.serializers import (
    ConstraintInputSerializer,
    ConstraintRemoveSerializer,
    DecideSerializer,
    MatchingRunDetailSerializer,
    MatchingRunSerializer,
    RunCreateSerializer,
)
from programmes.matchruns.models import MatchingConstraint, MatchingProposal, MatchingRun
from programmes.matchruns.permissions import RUN, is_matching_staff
from programmes.matchruns.selectors import constraints_of, proposals_of, run_get_for_user, run_list_for_user
from programmes.placements.selectors import offer_get_for_user, trainee_list_for_user

TAG = ["Matching runs"]
ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The run's id.")


@extend_schema_view(
    list=extend_schema(
        tags=TAG,
        summary="List matching runs",
        description="Placement staff (placement coordinators, administrators) see every run; others an empty list.",
    ),
    retrieve=extend_schema(
        tags=TAG,
        summary="Get a matching run with its proposals",
        description=(
            "Every proposed pair with its score and reasons (worded in the request's language, and as codes), "
            "the pins and forbids, and the trainees left without a match with why."
        ),
        parameters=[ID],
        responses=MatchingRunDetailSerializer,
    ),
    create=extend_schema(
        tags=TAG,
        summary="Start a matching run",
        description=(
            "Computes the best assignment of the period's unplaced trainees (of one subject, or all) to the open "
            "offers with free places, at once. Placement staff only (403 otherwise)."
        ),
        request=RunCreateSerializer,
        responses={201: MatchingRunDetailSerializer},
    ),
    rerun=extend_schema(
        tags=TAG,
        summary="Run the matching again",
        description="With the run's pins and forbids; 409 once the run is applied or when a pin cannot hold.",
        request=None,
        parameters=[ID],
        responses=MatchingRunDetailSerializer,
    ),
    constraints=extend_schema(
        tags=TAG,
        summary="Pin or forbid a pair",
        description=(
            "A pin must be in the result (the trainee's earlier pin goes); a forbidden pair never is. The run is "
            "computed again; a pin that breaks an offer's places or the subject rule is refused (400/409) and "
            "changes nothing."
        ),
        request=ConstraintInputSerializer,
        parameters=[ID],
        responses=MatchingRunDetailSerializer,
    ),
    remove_constraint=extend_schema(
        tags=TAG,
        summary="Remove a pin or forbid",
        description="The run is computed again.",
        request=ConstraintRemoveSerializer,
        parameters=[ID],
        responses=MatchingRunDetailSerializer,
    ),
    decide=extend_schema(
        tags=TAG,
        summary="Accept or reject proposals",
        description="Name the proposals, or set `all` to decide on every proposal still to decide.",
        request=DecideSerializer,
        parameters=[ID],
        responses=MatchingRunDetailSerializer,
    ),
    apply=extend_schema(
        tags=TAG,
        summary="Apply the accepted proposals",
        description=(
            "Proposes every accepted pair to its school through the same service as a single match (which locks "
            "the offer and checks its places and the subject rule); a pair refused meanwhile (offer full, trainee "
            "placed) keeps its error and the others are applied. 409 when the run was applied already."
        ),
        request=None,
        parameters=[ID],
        responses=MatchingRunDetailSerializer,
    ),
)
class MatchingRunViewSet(
    TenantScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = MatchingRunSerializer
    permission_classes = [IsAuthenticated]
    filterset_fields = ["status"]
    search_fields: list = []
    ordering_fields = ["created_at", "total_score"]
    lookup_value_regex = r"[0-9]{1,10}"
    queryset = MatchingRun.objects.none()  # for the schema; the real one comes from the selector

    def get_queryset(self):
        return run_list_for_user(user=self.request.user).order_by("-created_at", "-pk")

    def get_object(self):
        return run_get_for_user(user=self.request.user, pk=self.kwargs["pk"])

    def _answer(self, run: MatchingRun, code: int = status.HTTP_200_OK) -> Response:
        run = run_get_for_user(user=self.request.user, pk=run.pk)
        context = {
            **self.get_serializer_context(),
            "proposals": list(proposals_of(run)),
            "constraints": list(constraints_of(run)),
        }
        return Response(MatchingRunDetailSerializer(run, context=context).data, status=code)

    def retrieve(self, request, *args, **kwargs):
        return self._answer(self.get_object())

    def create(self, request, *args, **kwargs):
        if not is_matching_staff(request.user, RUN):
            raise NotAllowed()
        data = RunCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        run = services.matching_run_create(
            period=data.validated_data["period"], subject=data.validated_data.get("subject"), actor=request.user
        )
        return self._answer(run, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def rerun(self, request, pk=None):
        return self._answer(services.matching_run_recompute(run=self.get_object(), actor=request.user))

    @action(detail=True, methods=["post"])
    def constraints(self, request, pk=None):
        run = self.get_object()
        data = ConstraintInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            trainee = trainee_list_for_user(user=request.user).get(pk=data.validated_data["trainee"])
        except Application.DoesNotExist:
            raise Http404 from None
        offer = offer_get_for_user(user=request.user, pk=data.validated_data["offer"])
        services.matching_constraint_set(
            run=run, trainee=trainee, offer=offer, kind=data.validated_data["kind"], actor=request.user
        )
        return self._answer(run)

    @action(detail=True, methods=["post"], url_path="constraints/remove")
    def remove_constraint(self, request, pk=None):
        run = self.get_object()
        data = ConstraintRemoveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            constraint = MatchingConstraint.objects.get(run=run, pk=data.validated_data["constraint"])
        except MatchingConstraint.DoesNotExist:
            raise Http404 from None
        return self._answer(services.matching_constraint_remove(constraint=constraint, actor=request.user))

    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        run = self.get_object()
        data = DecideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        accepted = data.validated_data["accepted"]
        if data.validated_data.get("all"):
            services.matching_run_decide_all(run=run, accepted=accepted, actor=request.user)
        else:
            ids = data.validated_data["proposals"]
            proposals = list(MatchingProposal.objects.filter(run=run, pk__in=ids))
            if len(proposals) != len(set(ids)):
                raise Http404
            for proposal in proposals:
                services.matching_proposal_decide(proposal=proposal, accepted=accepted, actor=request.user)
        return self._answer(run)

    @action(detail=True, methods=["post"])
    def apply(self, request, pk=None):
        return self._answer(services.matching_run_apply(run=self.get_object(), actor=request.user))
