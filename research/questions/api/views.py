"""/api/v1/research-questions/ (schools' research questions: list, create and read by the tenancy
rule; review, match, answer, clarify, rate and the public choice as actions) and
/api/v1/answered-research-questions/ (the answered questions their schools made public: for
everybody, without contact details).

Who sees which question is one rule (selectors.question_list_for_user): research staff all, a
school user their school's, the submitter and the matched researcher theirs; another row is 404, an
anonymous request 401. Every write calls the services, so a refusal is the API's one error shape:
400 on a field, 403 not allowed, 409 a conflict with the question's current state."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from iclon.core.api.schema import ErrorSerializer
from iclon.core.api.views import ReadOnlyViewSet
from research.people.models import Researcher
from research.projects.models import ResearchProject
from research.questions import selectors, services
from research.questions.api import serializers
from research.questions.models import QuestionStatus, ResearchQuestion, Urgency

TAGS = ["Research: questions from schools"]
ID = r"[0-9]{1,10}"
ID_PARAMETER = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The question's id.")


def _error(description: str, *examples: tuple[str, str]) -> OpenApiResponse:
    return OpenApiResponse(
        ErrorSerializer,
        description=description,
        examples=[OpenApiExample(name, value={"detail": detail}) for name, detail in examples],
    )


NOT_ALLOWED = _error("You may not do this.", ("Not allowed", "You are not allowed to do this."))
CONFLICT = _error("Not at this moment.", ("Wrong state", "A question cannot go from “Answered” to “Matched”."))


def _move(summary: str, description: str, request_serializer) -> dict:
    return {
        "tags": TAGS,
        "summary": summary,
        "description": description,
        "request": request_serializer,
        "responses": {200: serializers.ResearchQuestionSerializer, 403: NOT_ALLOWED, 409: CONFLICT},
        "parameters": [ID_PARAMETER],
    }


@extend_schema_view(
    list=extend_schema(
        tags=TAGS,
        summary="List the research questions you may see",
        description="Research staff see every question; a school user their school's; the submitter and the matched "
        "researcher theirs. Newest first; filter with ?status= and ?urgency=.",
        parameters=[
            OpenApiParameter("status", str, enum=QuestionStatus.values, description="Only this status."),
            OpenApiParameter("urgency", str, enum=Urgency.values, description="Only this urgency."),
        ],
    ),
    retrieve=extend_schema(
        tags=TAGS,
        summary="Get one research question",
        description="404 for one you may not see.",
        parameters=[ID_PARAMETER],
    ),
    create=extend_schema(
        tags=TAGS,
        summary="Ask a research question for your school",
        description="One of the school's people asks a question (question_submit); research staff are told. 400 on a "
        "field, 403 for another school.",
        request=serializers.QuestionInputSerializer,
        responses={201: serializers.ResearchQuestionSerializer, 403: NOT_ALLOWED},
    ),
)
class ResearchQuestionViewSet(ReadOnlyViewSet):
    serializer_class = serializers.ResearchQuestionSerializer
    permission_classes = [IsAuthenticated]
    lookup_value_regex = ID
    ordering_fields = ["created_at", "answered_at"]
    queryset = ResearchQuestion.objects.none()  # for the schema; the rows come from the selectors

    def get_queryset(self):
        rows = selectors.question_list_for_user(self.request.user)
        params = self.request.query_params
        wanted = params.get("status", "")
        if wanted and wanted not in QuestionStatus.values:
            raise ValidationError({"status": [_("Choose a valid status.")]})
        urgency = params.get("urgency", "")
        if urgency and urgency not in Urgency.values:
            raise ValidationError({"urgency": [_("Choose a valid urgency.")]})
        return selectors.question_filter(rows, status=wanted, urgency=urgency).order_by("-created_at", "-pk")

    def _answer(self, question, code=status.HTTP_200_OK):
        row = selectors.question_list_for_user(self.request.user).get(pk=question.pk)
        return Response(
            serializers.ResearchQuestionSerializer(row, context=self.get_serializer_context()).data, status=code
        )

    def _input(self, serializer_class):
        data = serializer_class(data=self.request.data)
        data.is_valid(raise_exception=True)
        return data.validated_data

    def create(self, request, *args, **kwargs):
        values = dict(self._input(serializers.QuestionInputSerializer))
        question = services.question_submit(actor=request.user, **values)
        return self._answer(question, status.HTTP_201_CREATED)

    @extend_schema(
        **_move(
            "Review a question (research staff)",
            "question_review: accept, ask the school to clarify, or decline with a reason. The school is told.",
            serializers.QuestionReviewInputSerializer,
        )
    )
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        question = self.get_object()
        data = self._input(serializers.QuestionReviewInputSerializer)
        question = services.question_review(
            question=question, actor=request.user, decision=data["decision"], reason=data["reason"]
        )
        return self._answer(question)

    @extend_schema(
        **_move(
            "Match a question (research staff)",
            "question_match: to a researcher (slug), a research project (slug), a master's thesis topic for trainees, "
            "or a learning circle (linked in the circles' admin). The school and the researcher are told.",
            serializers.QuestionMatchInputSerializer,
        )
    )
    @action(detail=True, methods=["post"])
    def match(self, request, pk=None):
        question = self.get_object()
        data = self._input(serializers.QuestionMatchInputSerializer)
        researcher = project = None
        if data["researcher"]:
            researcher = Researcher.objects.filter(slug=data["researcher"]).first()
            if researcher is None:
                raise ValidationError({"researcher": [_("There is no researcher with this slug.")]})
        if data["project"]:
            project = ResearchProject.objects.filter(slug=data["project"]).first()
            if project is None:
                raise ValidationError({"project": [_("There is no research project with this slug.")]})
        question = services.question_match(
            question=question, actor=request.user, kind=data["kind"], researcher=researcher, project=project
        )
        return self._answer(question)

    @extend_schema(
        **_move(
            "Answer a question (research staff)",
            "question_answer: the summary, products and links are written back to the school, who is asked to rate.",
            serializers.QuestionAnswerInputSerializer,
        )
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        question = self.get_object()
        data = self._input(serializers.QuestionAnswerInputSerializer)
        question = services.question_answer(
            question=question,
            actor=request.user,
            summary=data["summary"],
            products=data["products"],
            links=data["links"],
        )
        return self._answer(question)

    @extend_schema(
        **_move(
            "Clarify a question (the school)",
            "question_clarify: when research staff asked for clarification; the question is submitted again.",
            serializers.QuestionClarifyInputSerializer,
        )
    )
    @action(detail=True, methods=["post"])
    def clarify(self, request, pk=None):
        question = self.get_object()
        data = self._input(serializers.QuestionClarifyInputSerializer)
        question = services.question_clarify(question=question, actor=request.user, clarification=data["clarification"])
        return self._answer(question)

    @extend_schema(
        **_move("Rate the answer (the school)", "question_rate: 1 to 5, once.", serializers.QuestionRateInputSerializer)
    )
    @action(detail=True, methods=["post"])
    def rate(self, request, pk=None):
        question = self.get_object()
        data = self._input(serializers.QuestionRateInputSerializer)
        question = services.question_rate(
            question=question, actor=request.user, rating=data["rating"], comment=data["comment"]
        )
        return self._answer(question)

    @extend_schema(
        **_move(
            "Show the answered question publicly, or not (the school)",
            "question_set_public: the school decides whether the answered question is shown in the knowledge base.",
            serializers.QuestionPublicInputSerializer,
        )
    )
    @action(detail=True, methods=["post"], url_path="set-public")
    def set_public(self, request, pk=None):
        question = self.get_object()
        data = self._input(serializers.QuestionPublicInputSerializer)
        question = services.question_set_public(question=question, actor=request.user, public=data["public"])
        return self._answer(question)


@extend_schema_view(
    list=extend_schema(
        tags=TAGS,
        summary="List the answered research questions shown publicly",
        description="Public: the answered questions their schools chose to show, newest answer first, without contact "
        "details. Filter with ?principle= (a principle's slug).",
        parameters=[OpenApiParameter("principle", str, description="A teaching-learning principle's slug.")],
    ),
    retrieve=extend_schema(tags=TAGS, summary="Get one answered public research question", parameters=[ID_PARAMETER]),
)
class PublicQuestionViewSet(ReadOnlyViewSet):
    serializer_class = serializers.PublicQuestionSerializer
    permission_classes = [AllowAny]
    lookup_value_regex = ID
    ordering_fields = ["answered_at"]
    queryset = ResearchQuestion.objects.none()  # for the schema

    def get_queryset(self):
        rows = selectors.public_question_list()
        principle = self.request.query_params.get("principle", "")
        if principle:
            rows = rows.filter(principles__slug=principle)
        return rows.order_by("-answered_at", "-pk")
