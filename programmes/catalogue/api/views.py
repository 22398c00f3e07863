"""The programmes API: the public catalogue of routes into teaching (read-only) and the route finder.

Only published pathways are visible. Texts are in the request's language (Accept-Language: nl or
en). The route finder validates its query with the page's form (RouteFinderForm) and answers
with the page's function (find_routes), so that the two can never disagree."""

from functools import cache

from django.db.models import Exists, OuterRef, Prefetch
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from iclon.core.api.cache import anonymous_list
from iclon.core.api.views import ReadOnlyViewSet, TenantScopedMixin
from programmes.catalogue import hooks
from programmes.catalogue.api import filters, serializers
from programmes.catalogue.api.lists import pathway_list_data, pathway_rows
from programmes.catalogue.forms import STUDY_MODE_CHOICES, RouteFinderForm
from programmes.catalogue.models import (
    DeficiencyCourse,
    DegreeField,
    Pathway,
    PriorEducation,
    Programme,
    Qualification,
    SchoolSubject,
    Sector,
    StartMoment,
)
from programmes.catalogue.route_finder import find_routes

# What a slug is (SlugField): the URL pattern, and so the schema, admit nothing else.
SLUG = r"[-a-zA-Z0-9_]+"


def _read_only_docs(noun: str, description: str):
    return extend_schema_view(
        list=extend_schema(summary=f"List {noun}s", description=description),
        retrieve=extend_schema(summary=f"Get one {noun} by slug"),
    )


class PublicCatalogueViewSet(ReadOnlyViewSet):
    permission_classes = [AllowAny]
    lookup_field = "slug"
    lookup_value_regex = SLUG


@_read_only_docs("school subject", "The school subjects ICLON trains teachers for; public.")
class SchoolSubjectViewSet(PublicCatalogueViewSet):
    queryset = SchoolSubject.objects.order_by("order", "name_nl")
    serializer_class = serializers.SchoolSubjectSerializer
    filterset_class = filters.SchoolSubjectFilter
    search_fields = ["name_nl", "name_en"]
    ordering_fields = ["order", "name_nl", "name_en"]


@_read_only_docs("qualification", "The teaching qualifications the pathways lead to, highest first; public.")
class QualificationViewSet(PublicCatalogueViewSet):
    queryset = Qualification.objects.order_by("-rank", "name_nl")
    serializer_class = serializers.QualificationSerializer
    filterset_class = filters.QualificationFilter
    search_fields = ["name_nl", "name_en"]
    ordering_fields = ["rank", "name_nl", "name_en"]


@_read_only_docs("programme", "The programmes that have at least one published pathway; public.")
class ProgrammeViewSet(PublicCatalogueViewSet):
    serializer_class = serializers.ProgrammeSerializer
    search_fields = ["name_nl", "name_en"]
    ordering_fields = ["name_nl", "name_en"]
    filterset_fields = []

    def get_queryset(self):
        published = Pathway.objects.published()
        return (
            Programme.objects.filter(Exists(published.filter(programme=OuterRef("pk"))))
            .select_related("institution")
            .prefetch_related(
                Prefetch("pathways", queryset=published.order_by("order", "name_nl"), to_attr="published_pathways")
            )
            .order_by("name_nl")
        )


@extend_schema_view(
    list=extend_schema(
        summary="List pathways",
        description="The published pathways (routes into teaching), filtered and searched as on the catalogue "
        "page (`search` is the page's search: the same words give the same pathways); public. "
        "Start moments are the coming ones.",
    ),
    retrieve=extend_schema(summary="Get one pathway by slug", description="A published pathway in full."),
)
class PathwayViewSet(PublicCatalogueViewSet):
    # `?search=` is a filter of PathwayFilter (the catalogue page's search), not DRF's SearchFilter.
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    filterset_class = filters.PathwayFilter
    ordering_fields = ["order", "name_nl", "name_en", "ec", "duration_months"]

    def get_serializer_class(self):
        if self.action == "list":
            return serializers.PathwayListSerializer
        return serializers.PathwayDetailSerializer

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": self.today}

    @property
    def today(self):
        if not hasattr(self, "_today"):
            self._today = serializers.today_in_amsterdam()
        return self._today

    def list(self, request, *args, **kwargs):
        # Anonymous clients share the answer until the catalogue changes (iclon/core/api/cache.py).
        return anonymous_list(request, self._list)

    def _list(self):
        # A page of plain rows (programmes/catalogue/api/lists.py): the same JSON as
        # PathwayListSerializer, without model instances, prefetches and nested serializers.
        rows = pathway_rows(self.filter_queryset(self.get_queryset()))
        page = self.paginate_queryset(rows)
        if page is None:
            return Response(pathway_list_data(list(rows), today=self.today))
        return self.get_paginated_response(pathway_list_data(page, today=self.today))

    def get_queryset(self):
        if self.action == "list":
            # The rows only: the list reads subjects and start moments itself, for its page.
            return Pathway.objects.published().order_by("order", "name_nl")
        coming = StartMoment.objects.filter(starts_on__gte=self.today).order_by("starts_on")
        queryset = (
            Pathway.objects.published()
            .select_related("programme", "qualification", "plus_programme_of")
            .prefetch_related("subjects", Prefetch("start_moments", queryset=coming))
            .order_by("order", "name_nl")
        )
        return queryset.prefetch_related("modules__principles", "prior_education_rules")


@_read_only_docs("degree field", "The fields of a prior degree the route finder knows; public.")
class DegreeFieldViewSet(PublicCatalogueViewSet):
    queryset = DegreeField.objects.order_by("name_nl")
    serializer_class = serializers.DegreeFieldSerializer
    search_fields = ["name_nl", "name_en"]
    ordering_fields = ["name_nl", "name_en"]
    filterset_fields = []


@_read_only_docs("deficiency course", "Free online courses that close a gap in subject knowledge; public.")
class DeficiencyCourseViewSet(PublicCatalogueViewSet):
    queryset = DeficiencyCourse.objects.select_related("subject").order_by("subject__order", "name_nl")
    serializer_class = serializers.DeficiencyCourseSerializer
    filterset_class = filters.DeficiencyCourseFilter
    search_fields = ["name_nl", "name_en"]
    ordering_fields = ["name_nl", "name_en", "ec"]


YES_NO = "true/false (also yes/no, 1/0)"
ROUTE_FINDER_PARAMETERS = [
    OpenApiParameter(
        "prior_education",
        str,
        required=True,
        enum=PriorEducation.values,
        description="Your highest education.",
    ),
    OpenApiParameter("sector", str, required=True, enum=Sector.values, description="Where you want to teach."),
    OpenApiParameter(
        "subject",
        str,
        pattern=f"^{SLUG}$",
        description="The school subject's slug (see /api/v1/subjects/); required for sector vo, ignored for po.",
    ),
    OpenApiParameter(
        "degree_field",
        str,
        pattern=f"^{SLUG}$",
        description="The field of your degree (see /api/v1/degree-fields/); without it, ICLON checks relatedness.",
    ),
    OpenApiParameter(
        "employed_as_teacher",
        OpenApiTypes.BOOL,
        description=f"Do you already work as a teacher at a school? {YES_NO}; false unless given.",
    ),
    OpenApiParameter(
        "study_mode",
        str,
        enum=[value for value, _label in STUDY_MODE_CHOICES],
        description="full_time, part_time (includes work-study) or any (the default).",
    ),
    OpenApiParameter(
        "dutch_secondary_diploma",
        OpenApiTypes.BOOL,
        description=f"Do you have a Dutch secondary-school diploma? {YES_NO}; true unless given.",
    ),
]


@cache
def _answer_serializer(extensions: tuple[int, ...]) -> type[serializers.RouteFinderResultSerializer]:
    """The answer's serializer for the registered extensions (`extensions`: their ids, the cache's
    key: they register once, at start-up)."""
    fields = hooks.finder_api_fields()
    if not fields:
        return serializers.RouteFinderResultSerializer
    # The same name, so that the schema's component stays "RouteFinderResult".
    return type("RouteFinderResultSerializer", (serializers.RouteFinderResultSerializer,), dict(fields))


class RouteFinderView(TenantScopedMixin, APIView):
    """Which routes into teaching fit a person: the route finder of the website, as data. The answer
    holds `fits` and `does_not_fit` (each route with `can_start_now` and its `steps`), `suggestions`
    and `student_desk`, and the keys the slices built on the catalogue add (hooks.py)."""

    permission_classes = [AllowAny]

    def get_serializer_class(self) -> type[serializers.RouteFinderResultSerializer]:
        """The answer's serializer with the extensions' fields (read by drf-spectacular as well)."""
        return _answer_serializer(tuple(id(extension) for extension in hooks.extensions()))

    @extend_schema(
        summary="Find the routes that fit",
        description="Every published pathway, split into those that fit (best first: those one can start now, "
        "then the fewest steps, then the highest qualification) and those that do not, each with its reasons, "
        "conditions and refusals, `can_start_now` and the ordered `steps` before one can start (each with its "
        "rough length in months). When no route fits, `suggestions` says what would make one fit, least effort "
        "first; `student_desk` says how to reach ICLON's student desk. "
        "The same answer as the route finder page, with what the page shows beside it (the keys after "
        "`does_not_fit`, added by the parts of the portal built on the catalogue).",
        parameters=ROUTE_FINDER_PARAMETERS,
    )
    def get(self, request):
        form = RouteFinderForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors)
        question = form.finder_input()
        result = find_routes(question)
        answer = {
            "fits": result.fits,
            "does_not_fit": result.does_not_fit,
            "suggestions": result.suggestions,
            "student_desk": result.student_desk,
        }
        answer.update({extra.key: extra.value for extra in hooks.finder_extras(question=question, result=result)})
        serializer = self.get_serializer_class()(answer, context={"request": request})
        return Response(serializer.data)
