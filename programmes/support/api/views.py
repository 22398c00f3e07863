"""The support desk's API: /api/v1/support-questions/.

Reads go through programmes/support/selectors.py: staff see their own questions, support staff
every question; internal notes appear for support staff only; anybody else gets an empty list (and
404 for a question). Writes call the same services as the pages."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from iclon.core.api.views import TenantScopedMixin
from programmes.support import selectors, services
from programmes.support.api.serializers import (
    SupportQuestionDetailSerializer,
    SupportQuestionInputSerializer,
    SupportQuestionSerializer,
    SupportReplyInputSerializer,
    SupportReplySerializer,
)
from programmes.support.models import SupportQuestion, SupportState, SupportTopic

TAG = ["Support desk"]
ID_PARAMETER = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The question's id.")
FILTERS = [
    OpenApiParameter("state", str, enum=SupportState.values, description="Only questions in this state."),
    OpenApiParameter("topic", str, enum=SupportTopic.values, description="Only questions about this topic."),
]


@extend_schema_view(
    list=extend_schema(
        tags=TAG,
        summary="List support questions",
        description="Your own questions; support staff see every question. Newest first.",
        parameters=FILTERS,
    ),
    retrieve=extend_schema(
        tags=TAG,
        summary="Get a support question with its replies",
        description="Internal notes are shown to support staff only. 404 for a question you may not read.",
        parameters=[ID_PARAMETER],
    ),
    create=extend_schema(
        tags=TAG,
        summary="Ask a question",
        description="For ICLON staff. Answers 201 with the question; 403 for anybody else.",
        request=SupportQuestionInputSerializer,
        responses={201: SupportQuestionDetailSerializer},
    ),
    replies=extend_schema(
        tags=TAG,
        summary="Add a reply",
        description="The asker's follow-up or support staff's reply (internal: support staff only). 409 when closed.",
        parameters=[ID_PARAMETER],
        request=SupportReplyInputSerializer,
        responses={201: SupportReplySerializer},
    ),
)
class SupportQuestionViewSet(
    TenantScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = SupportQuestionSerializer
    permission_classes = [IsAuthenticated]
    filter_backends: list = []
    lookup_value_regex = r"[0-9]{1,10}"
    queryset = SupportQuestion.objects.none()  # for the schema; the real one comes from the selector

    def get_serializer_class(self):
        return SupportQuestionSerializer if self.action == "list" else SupportQuestionDetailSerializer

    def get_queryset(self):
        rows = selectors.question_list_for_user(user=self.request.user)
        state = self.request.query_params.get("state", "")
        topic = self.request.query_params.get("topic", "")
        return selectors.question_filter(
            rows,
            state=state if state in SupportState.values else "",
            topic=topic if topic in SupportTopic.values else "",
        )

    def _detail(self, pk):
        rows = selectors.with_visible_replies(
            selectors.question_list_for_user(user=self.request.user), user=self.request.user
        )
        try:
            return rows.get(pk=pk)
        except SupportQuestion.DoesNotExist:
            raise Http404 from None

    def get_object(self):
        question = self._detail(self.kwargs["pk"])
        self.check_object_permissions(self.request, question)
        return question

    def create(self, request, *args, **kwargs):
        data = SupportQuestionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        question = services.support_question_ask(actor=request.user, **data.validated_data)
        return Response(
            SupportQuestionDetailSerializer(self._detail(question.pk), context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @action(detail=True, methods=["post"])
    def replies(self, request, pk=None):
        question = selectors.question_get_for_user(user=request.user, pk=pk)
        data = SupportReplyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reply = services.support_reply_add(question=question, actor=request.user, **data.validated_data)
        return Response(SupportReplySerializer(reply).data, status=status.HTTP_201_CREATED)
