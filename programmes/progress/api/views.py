"""/api/v1/study-progress/: trainees' study progress. Staff who see every trainee (study
advisers, programme coordinators, administrators) list all of them (`?behind=true`, `?pathway=`);
a trainee sees their own only; anybody else an empty list and 404. Reads go through
programmes/progress/selectors.py (one place). `POST …/{id}/results/` records a result (staff who
record results) through the same service as the pages."""

from __future__ import annotations

import django_filters
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from iclon.accounts.models import User
from iclon.core.api.views import TenantScopedMixin
from programmes.catalogue.models import Module
from programmes.intake.models import Application
from programmes.progress import services
from programmes.progress.api.serializers import (
    ModuleResultSerializer,
    ProgressDetailSerializer,
    ProgressSummarySerializer,
    ResultInputSerializer,
)
from programmes.progress.models import ResultSource
from programmes.progress.permissions import may_record
from programmes.progress.selectors import all_trainees, behind_plan_filter, progress_of, trainees_for_user

TAG = ["Study progress"]
ID_PARAMETER = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The trainee's (application's) id.")


class ProgressFilter(django_filters.FilterSet):
    behind = django_filters.ChoiceFilter(
        choices=[("true", "true"), ("false", "false")],
        method="filter_behind",
        help_text=_("true: only trainees behind their plan; false: only those on track."),
    )
    pathway = django_filters.NumberFilter(field_name="pathway_id", help_text=_("Only trainees of this pathway (id)."))

    class Meta:
        model = Application
        fields = ["behind", "pathway"]

    def filter_behind(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(behind_plan_filter()) if value == "true" else queryset.exclude(behind_plan_filter())


@extend_schema_view(
    list=extend_schema(
        tags=TAG,
        summary="List trainees' study progress",
        description="Staff who follow study progress see every trainee; a trainee sees their own.",
    ),
    retrieve=extend_schema(
        tags=TAG,
        summary="Get a trainee's curriculum, results and plan",
        parameters=[ID_PARAMETER],
        responses=ProgressDetailSerializer,
    ),
    results=extend_schema(
        tags=TAG,
        summary="Record a result (staff)",
        description=(
            "A grade (1.0–10.0) and/or an outcome; the same checks as the pages (the module of the trainee's "
            "pathway, not exempted, a date not in the future, an examiner who is ICLON staff, one result per "
            "module and date). 403 for anybody who does not record results."
        ),
        parameters=[ID_PARAMETER],
        request=ResultInputSerializer,
        responses={201: ModuleResultSerializer},
    ),
)
class StudyProgressViewSet(
    TenantScopedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = ProgressSummarySerializer
    permission_classes = [IsAuthenticated]
    filterset_class = ProgressFilter
    search_fields: list = []
    ordering_fields = ["last_name", "created_at"]
    lookup_value_regex = r"[0-9]{1,10}"
    queryset = Application.objects.none()  # for the schema; the real one comes from the selector

    def get_queryset(self):
        return trainees_for_user(user=self.request.user)

    def list(self, request, *args, **kwargs):
        rows = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(rows)
        today = timezone.localdate()
        data = ProgressSummarySerializer([progress_of(t, today) for t in page], many=True).data
        return self.get_paginated_response(data)

    def retrieve(self, request, *args, **kwargs):
        return Response(ProgressDetailSerializer(progress_of(self.get_object())).data)

    @action(detail=True, methods=["post"])
    def results(self, request, pk=None):
        if not may_record(request.user):
            raise PermissionDenied(_("Only ICLON staff who record results may do this."))
        try:
            trainee = all_trainees().get(pk=pk)
        except Application.DoesNotExist:
            raise Http404 from None
        data = ResultInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        module = Module.objects.filter(pk=values["module"]).first()
        if module is None:
            raise ValidationError({"module": [_("No module has this id.")]})
        examiner = User.objects.filter(pk=values["examiner"]).first() if "examiner" in values else request.user
        entry = services.ResultEntry(
            trainee=trainee,
            module=module,
            date=values["date"],
            examiner=examiner,
            grade=values.get("grade"),
            outcome=values.get("outcome") or "",
        )
        result = services.record_result(entry=entry, actor=request.user, source=ResultSource.MANUAL)
        return Response(ModuleResultSerializer(result).data, status=status.HTTP_201_CREATED)
