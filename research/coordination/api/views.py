"""/api/v1/support-requests/: higher-education research coordination.

A requester (any signed-in person but a school account) lists and reads their own requests,
makes one, writes in its thread and withdraws it; the research team lists and reads every
request (filters as the queue's, nearest deadline first), assigns it, moves its state and writes
in its thread. Everybody else is refused: anonymous 401, a school account 403; another person's
request is 404 (selectors.support_request_list_for_user). Every write calls the services, so a
refusal is the API's one error shape: 400 on a field, 403 not allowed, 409 a conflict with the
request's current state, with the service's own message."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from iclon.core.api.schema import ErrorSerializer
from iclon.core.api.views import ReadOnlyViewSet
from research.coordination import selectors, services
from research.coordination.api import serializers
from research.coordination.models import SupportKind, SupportRequest, SupportStatus
from research.coordination.permissions import is_research_team, may_request_support

TAGS = ["Research: support requests"]
ID = r"[0-9]{1,10}"
ID_PARAMETER = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The request's id.")


def _error(description: str, *examples: tuple[str, str]) -> OpenApiResponse:
    return OpenApiResponse(
        ErrorSerializer,
        description=description,
        examples=[OpenApiExample(name, value={"detail": detail}) for name, detail in examples],
    )


NOT_ALLOWED = _error("You may not do this.", ("Not allowed", "You are not allowed to do this."))
CONFLICT = _error(
    "Not possible in the request's current state.",
    ("Closed", "A request that is “Completed” cannot become “Accepted, in progress”."),
)


class UsesSupportRequests(BasePermission):
    """Signed in, and either the research team or a possible requester (not a school account)."""

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return is_research_team(user) or may_request_support(user)


@extend_schema_view(
    list=extend_schema(
        tags=TAGS,
        summary="List the support requests you may see",
        description="The research team sees every request, a requester their own. Nearest submission deadline "
        "first. Filters as the team's queue: status (a state, or 'open'), kind, assignee ('mine', 'unassigned' or "
        "an id), deadline_soon (within 14 days or passed, open only), q (title, description, requester).",
        parameters=[
            OpenApiParameter("status", str, enum=["open", *SupportStatus.values], description="A state, or open."),
            OpenApiParameter("kind", str, enum=SupportKind.values, description="Only this kind."),
            OpenApiParameter("assignee", str, description="'mine', 'unassigned' or a team member's id."),
            OpenApiParameter("deadline_soon", bool, description="Only open requests with a deadline within 14 days."),
            OpenApiParameter("q", str, description="Words in the title, the description or the requester's name."),
        ],
    ),
    retrieve=extend_schema(
        tags=TAGS,
        summary="Get one support request",
        description="404 for one you may not see.",
        parameters=[ID_PARAMETER],
    ),
    create=extend_schema(
        tags=TAGS,
        summary="Ask the research team for support",
        description="support_request_create: any signed-in person but a school account. A grant proposal names its "
        "funder, call and submission deadline, which lies in the future (400 otherwise).",
        request=serializers.SupportRequestInputSerializer,
        responses={201: serializers.SupportRequestSerializer, 403: NOT_ALLOWED},
    ),
)
class SupportRequestViewSet(ReadOnlyViewSet):
    serializer_class = serializers.SupportRequestSerializer
    permission_classes = [UsesSupportRequests]
    lookup_value_regex = ID
    filter_backends: list = []  # the queue's own filters (selectors.support_request_filter)
    queryset = SupportRequest.objects.none()  # for the schema; the rows come from the selectors

    def get_queryset(self):
        rows = selectors.support_request_list_for_user(self.request.user)
        if self.action != "list":
            return rows
        params = self.request.query_params
        wanted = params.get("status", "")
        if wanted and wanted != selectors.OPEN and wanted not in SupportStatus.values:
            raise ValidationError({"status": [_("Choose a valid status.")]})
        kind = params.get("kind", "")
        if kind and kind not in SupportKind.values:
            raise ValidationError({"kind": [_("Choose a valid kind.")]})
        rows = selectors.support_request_filter(
            rows,
            user=self.request.user,
            status=wanted,
            kind=kind,
            assignee=params.get("assignee", ""),
            deadline_soon=params.get("deadline_soon", "").lower() in ("1", "true", "yes"),
            q=params.get("q", ""),
        )
        return selectors.by_deadline(rows)

    def _answer(self, support_request, code=status.HTTP_200_OK):
        row = selectors.support_request_get_for_user(user=self.request.user, pk=support_request.pk)
        return Response(
            serializers.SupportRequestSerializer(row, context=self.get_serializer_context()).data, status=code
        )

    def create(self, request, *args, **kwargs):
        data = serializers.SupportRequestInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        support_request = services.support_request_create(actor=request.user, **data.validated_data)
        return self._answer(support_request, status.HTTP_201_CREATED)

    @extend_schema(
        tags=TAGS,
        summary="Withdraw the request (the requester)",
        description="support_request_withdraw: the requester, while the request is open; the team declines instead "
        "(403). 409 for a closed request.",
        request=serializers.SupportReasonInputSerializer,
        responses={200: serializers.SupportRequestSerializer, 403: NOT_ALLOWED, 409: CONFLICT},
        parameters=[ID_PARAMETER],
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        support_request = self.get_object()
        data = serializers.SupportReasonInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(
            services.support_request_withdraw(
                support_request=support_request, actor=request.user, reason=data.validated_data["reason"]
            )
        )

    @extend_schema(
        tags=TAGS,
        summary="Assign a member of the research team (the team)",
        description="support_request_assign: an active member of the research staff group, or null for nobody. "
        "409 for a closed request.",
        request=serializers.SupportAssignInputSerializer,
        responses={200: serializers.SupportRequestSerializer, 403: NOT_ALLOWED, 409: CONFLICT},
        parameters=[ID_PARAMETER],
    )
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        support_request = self.get_object()
        if not is_research_team(request.user):
            return Response({"detail": _("You are not allowed to do this.")}, status=status.HTTP_403_FORBIDDEN)
        data = serializers.SupportAssignInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        assignee = None
        if data.validated_data["assignee"] is not None:
            assignee = selectors.team_members().filter(pk=data.validated_data["assignee"]).first()
            if assignee is None:
                raise ValidationError({"assignee": [_("There is no member of the research team with this id.")]})
        return self._answer(
            services.support_request_assign(support_request=support_request, actor=request.user, assignee=assignee)
        )

    @extend_schema(
        tags=TAGS,
        summary="Change the request's state (the team; the requester withdraws)",
        description="support_request_transition: submitted → in_progress or declined; in_progress → waiting, "
        "completed or declined; waiting → in_progress, completed or declined; the requester withdraws an open "
        "request. Declining needs a reason. 409 for a move the state does not allow.",
        request=serializers.SupportTransitionInputSerializer,
        responses={200: serializers.SupportRequestSerializer, 403: NOT_ALLOWED, 409: CONFLICT},
        parameters=[ID_PARAMETER],
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        support_request = self.get_object()
        data = serializers.SupportTransitionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(
            services.support_request_transition(
                support_request=support_request,
                actor=request.user,
                to=data.validated_data["status"],
                reason=data.validated_data["reason"],
            )
        )

    @extend_schema(
        tags=TAGS,
        summary="Write a message in the request's thread",
        description="support_message_post: the requester or the team, while the request is open (409 after). The "
        "requester's message to a request waiting for them puts it back in progress.",
        request=serializers.SupportMessageInputSerializer,
        responses={201: serializers.SupportRequestSerializer, 403: NOT_ALLOWED, 409: CONFLICT},
        parameters=[ID_PARAMETER],
    )
    @action(detail=True, methods=["post"])
    def messages(self, request, pk=None):
        support_request = self.get_object()
        data = serializers.SupportMessageInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.support_message_post(support_request=support_request, actor=request.user, **data.validated_data)
        return self._answer(support_request, status.HTTP_201_CREATED)
