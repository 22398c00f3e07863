"""The intake API: /api/v1/applications/.

Reads go through programmes/intake/selectors.py, the one tenancy rule: applicants see their own
applications, staff who may view applications see all, everybody else an empty list (and 404 for
one application or document). Transitions call `application_transition`, the same service as the
admin and the portal pages, so the same rules hold and the same notifications are queued; its
refusals (PortalError) become the API's one error shape in iclon/core/api/exceptions.py.

There is no Idempotency-Key store in the project yet; a repeated transition is refused with 409
(the move no longer exists from the new status), so a client that lost the answer reads the
application again instead of retrying blindly."""

import json

from django.db.models import Prefetch
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import filters, renderers
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from iclon.core.api.schema import ErrorSerializer
from iclon.core.api.views import ReadOnlyViewSet
from iclon.core.personalpages import personal_page
from programmes.intake.api.filters import ApplicationFilter
from programmes.intake.api.lists import application_list_data
from programmes.intake.api.serializers import ApplicationSerializer, ApplicationTransitionInputSerializer
from programmes.intake.models import (
    AdmissionCondition,
    Application,
    ApplicationTransition,
    Exemption,
)
from programmes.intake.responses import document_response
from programmes.intake.selectors import (
    application_get_for_user,
    application_list_for_user,
    document_get_for_user,
    document_list_for_user,
    sees_all_applications,
)
from programmes.intake.services.applications import application_transition

TAG = ["Intake"]
ID = r"[0-9]{1,10}"


class FileRenderer(renderers.BaseRenderer):
    """Lets a download answer a client that asks for the file's own type (Accept: application/pdf);
    an error on that request is still the JSON error shape."""

    media_type = "*/*"
    format = "file"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, bytes) else json.dumps(data).encode()


def _with_details(queryset, *, user):
    """What an application's serializer reads, loaded in a fixed number of queries."""
    return queryset.prefetch_related(
        Prefetch("documents", queryset=document_list_for_user(user=user).order_by("kind", "created_at")),
        Prefetch("transitions", queryset=ApplicationTransition.objects.select_related("actor")),
        Prefetch("conditions", queryset=AdmissionCondition.objects.select_related("deficiency_course")),
        Prefetch("exemptions", queryset=Exemption.objects.select_related("module")),
    )


@extend_schema_view(
    list=extend_schema(
        tags=TAG,
        summary="List the applications you may see",
        description=(
            "Applicants see their own applications; intake staff (and others with the view permission) see "
            "all and may filter; everybody else gets an empty list. `allowed_transitions` is null here: "
            "ask for one application to get it."
        ),
    ),
    retrieve=extend_schema(
        tags=TAG,
        summary="Get one application",
        description="404 for an application you may not see (another applicant's, or any for a school user).",
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH, description="The application's id.")],
    ),
)
@personal_page(actions=("list",))
class ApplicationViewSet(ReadOnlyViewSet):
    serializer_class = ApplicationSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = ApplicationFilter
    filter_backends = [DjangoFilterBackend, filters.OrderingFilter]
    ordering_fields = ["created_at", "submitted_at", "decided_at"]
    lookup_value_regex = ID
    queryset = Application.objects.none()  # for the schema; the real one comes from the selector

    def list(self, request, *args, **kwargs):
        # The page is cut on the ids of the visible, filtered applications (the count reads the
        # base table only); its rows are then read as plain columns (programmes/intake/api/lists.py):
        # the same JSON as ApplicationSerializer, without model instances and nested serializers.
        user = request.user
        ids = self.filter_queryset(application_list_for_user(user=user, plain=True).order_by("-created_at"))
        ids = ids.values_list("pk", flat=True)
        page = self.paginate_queryset(ids)
        data = application_list_data(
            list(ids if page is None else page), user=user, sees_all=sees_all_applications(user), request=request
        )
        return Response(data) if page is None else self.get_paginated_response(data)

    def get_queryset(self):
        return _with_details(application_list_for_user(user=self.request.user), user=self.request.user)

    def get_object(self):
        application = application_get_for_user(user=self.request.user, pk=self.kwargs["pk"])
        self.check_object_permissions(self.request, application)
        return application

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["sees_all"] = sees_all_applications(self.request.user)
        context["with_transitions"] = self.action in ("retrieve", "transition")
        return context

    @extend_schema(
        tags=TAG,
        summary="Move an application to another status",
        description=(
            "The same rules as the admin: applicants submit their own draft (before the deadline, complete) "
            "and withdraw; intake officers review, decide and enrol. A rejection needs a `reason`, which the "
            "applicant reads. The applicant (and, for a lateral entrant, the employing school) is notified. "
            "Answers 200 with the updated application; 400 when a rule refuses the move (deadline passed, "
            "incomplete, reason missing, no assessment yet), 403 when you may not make it, 409 when the "
            "move does not exist from the current status (also when someone else moved it first), 404 "
            "for an application you may not see."
        ),
        request=ApplicationTransitionInputSerializer,
        responses={
            200: ApplicationSerializer,
            400: OpenApiResponse(
                ErrorSerializer,
                description="A rule refuses the move, or the input is invalid.",
                examples=[
                    OpenApiExample(
                        "Reason missing",
                        value={
                            "detail": "Invalid input.",
                            "errors": {"reason": ["Give the reason; the applicant reads it in the decision."]},
                        },
                    ),
                    OpenApiExample(
                        "Deadline passed",
                        value={
                            "detail": "Invalid input.",
                            "errors": {"non_field_errors": ["The application deadline for this start has passed."]},
                        },
                    ),
                ],
            ),
            403: OpenApiResponse(
                ErrorSerializer,
                description="You may not make this move.",
                examples=[
                    OpenApiExample(
                        "Not allowed", value={"detail": "You do not have permission to perform this action."}
                    )
                ],
            ),
            409: OpenApiResponse(
                ErrorSerializer,
                description="The move does not exist from the current status.",
                examples=[
                    OpenApiExample(
                        "Already moved",
                        value={"detail": "An application that is “Admitted” cannot become “In review”."},
                    )
                ],
            ),
        },
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH, description="The application's id.")],
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        application = self.get_object()
        data = ApplicationTransitionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application_transition(
            application=application,
            to_status=data.validated_data["to_status"],
            actor=request.user,
            reason=data.validated_data["reason"],
        )
        application = application_get_for_user(user=request.user, pk=application.pk)
        return Response(self.get_serializer(application).data)

    @extend_schema(
        tags=TAG,
        summary="Download a document of an application",
        description=(
            "The file itself (PDF, JPEG or PNG), as an attachment. The same rule as the application: "
            "404 for a document of an application you may not see."
        ),
        parameters=[
            OpenApiParameter("id", int, OpenApiParameter.PATH, description="The application's id."),
            OpenApiParameter("document_id", int, OpenApiParameter.PATH, description="The document's id."),
        ],
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The document."),
            (200, "image/jpeg"): OpenApiResponse(OpenApiTypes.BINARY, description="The document."),
            (200, "image/png"): OpenApiResponse(OpenApiTypes.BINARY, description="The document."),
        },
        filters=False,
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=rf"documents/(?P<document_id>{ID})",
        url_name="document",
        pagination_class=None,
        filter_backends=[],
        renderer_classes=[renderers.JSONRenderer, FileRenderer],
    )
    def document(self, request, pk=None, document_id=None):
        document = document_get_for_user(user=request.user, application_pk=pk, pk=document_id)
        return document_response(document)
