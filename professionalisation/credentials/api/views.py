"""The microcredentials API: /api/v1/credentials/ (the signed-in user's own credentials; staff
who see all: all of them; a school contact sees none: a credential is the teacher's to share) and
the public verifier, POST /api/v1/credentials/verify/ (no authentication; the API's anonymous
throttle applies)."""

from django.http import Http404
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import status as http
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from iclon.core.api.schema import ErrorSerializer
from iclon.core.api.views import ReadOnlyViewSet
from professionalisation.credentials import selectors
from professionalisation.credentials.api import serializers
from professionalisation.credentials.models import Microcredential
from professionalisation.credentials.openbadges import Status

TAGS = ["Microcredentials"]
_GARBAGE = "This is not a signed credential (a JWT has three parts separated by dots)."
NOT_A_CREDENTIAL_EXAMPLES = [
    OpenApiExample(
        "Not a credential",
        value={"detail": _GARBAGE, "valid": False, "status": "invalid", "message": _GARBAGE, "credential": None},
    ),
    OpenApiExample(
        "No credential given",
        value={"detail": "Invalid input.", "errors": {"credential": ["This field is required."]}},
    ),
    OpenApiExample(
        "Bad input", value={"detail": "The request contains an invalid character or a value that is too long."}
    ),
]
UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"


@extend_schema_view(
    list=extend_schema(
        tags=TAGS,
        summary="List my microcredentials",
        description="The signed-in user's microcredentials, newest first (staff who may view them: all).",
    ),
    retrieve=extend_schema(
        tags=TAGS,
        summary="Get one microcredential",
        description="With the signed JWT and the credential JSON. 404 for a credential that is not yours.",
        parameters=[OpenApiParameter("uuid", str, OpenApiParameter.PATH, description="The credential id's uuid.")],
    ),
)
class MicrocredentialViewSet(ReadOnlyViewSet):
    lookup_field = "uuid"
    lookup_value_regex = UUID
    ordering_fields = ["issued_at"]
    queryset = Microcredential.objects.none()  # for the schema; the rows come from the selectors

    def get_serializer_class(self):
        if self.action == "list":
            return serializers.MicrocredentialListSerializer
        if self.action == "verify":
            return serializers.VerifyInputSerializer
        return serializers.MicrocredentialDetailSerializer

    def get_queryset(self):
        return selectors.microcredential_list_for_user(user=self.request.user)

    def get_object(self):
        try:
            return selectors.microcredential_get_for_user(user=self.request.user, uuid=self.kwargs["uuid"].lower())
        except Microcredential.DoesNotExist:
            raise Http404 from None

    @extend_schema(
        tags=TAGS,
        summary="Verify a microcredential (public)",
        description=(
            'POST {"credential": "<compact vc+jwt>"} or {"credential": {decoded credential}} (the decoded '
            "credential itself is accepted as the body too). Checks the EdDSA signature against ICLON's "
            "published keys, the Open Badges 3.0 structure, the dates and the revocation list. Answers 200 with "
            "valid true or false and the status; 400 when the input is no credential at all."
        ),
        request=serializers.VerifyInputSerializer,
        responses={
            200: serializers.VerifyResultSerializer,
            400: OpenApiResponse(
                ErrorSerializer,
                description=(
                    "Not a credential at all (the body then also carries the verification fields: valid false, "
                    "status invalid, the message and credential null), no credential in the input, or a NUL "
                    "byte or an over-long value."
                ),
                examples=NOT_A_CREDENTIAL_EXAMPLES,
            ),
        },
    )
    @action(detail=False, methods=["post"], permission_classes=[AllowAny], url_path="verify")
    def verify(self, request):
        data = request.data
        if isinstance(data, dict) and "credential" not in data and "@context" in data:
            data = {"credential": dict(data)}
        serializer = serializers.VerifyInputSerializer(data=data)
        serializer.is_valid(raise_exception=True)
        result = selectors.credential_verify(serializer.validated_data["credential"])
        body = {
            "valid": result.valid,
            "status": result.status,
            "message": result.message,
            "credential": result.credential,
        }
        unreadable = result.status == Status.INVALID and result.credential is None
        if unreadable:
            body["detail"] = result.message
        return Response(body, status=http.HTTP_400_BAD_REQUEST if unreadable else http.HTTP_200_OK)
