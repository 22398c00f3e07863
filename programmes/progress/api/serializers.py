"""/api/v1/study-progress/: a trainee's progress (a summary in the list, the whole curriculum in
the detail) and the results recorded through it. The progress is computed by
programmes/progress/selectors.py (`progress_of`), the same as on the pages."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema_serializer
from rest_framework import serializers

from programmes.progress.models import HIGHEST_GRADE, LOWEST_GRADE, ModuleResult, Pace

SUMMARY_EXAMPLE = {
    "id": 345,
    "reference": "ICL-000345",
    "name": "Sam de Vries",
    "pathway": 4,
    "pathway_name": "Educatieve module (deeltijd)",
    "pace": "part_time",
    "ec_total": 30,
    "ec_done": 10,
    "ec_exempted": 5,
    "ec_remaining": 15,
    "behind_plan": False,
    "complete": False,
    "projected_completion": "2028-01-31",
}
RESULT_EXAMPLE = {
    "id": 81,
    "module": 12,
    "module_name": "Basismodule",
    "grade": "7.5",
    "outcome": "pass",
    "date": "2026-11-20",
    "examiner": 7,
    "examiner_name": "Dana Docent",
    "source": "manual",
}
MODULE_EXAMPLE = {
    "module": 12,
    "name": "Basismodule",
    "kind": "basic",
    "ec": 10,
    "status": "done",
    "behind": False,
    "semester": "2026-1",
    "exempted_ec": None,
    "results": [RESULT_EXAMPLE],
}
DETAIL_EXAMPLE = {**SUMMARY_EXAMPLE, "adviser_name": "Stijn Studieadviseur", "modules": [MODULE_EXAMPLE]}


@extend_schema_serializer(examples=[OpenApiExample("A result", value=RESULT_EXAMPLE)])
class ModuleResultSerializer(serializers.ModelSerializer):
    # Plain strings, not enums: intake's aptitude assessments have an "outcome" of other choices.
    outcome = serializers.CharField(read_only=True, help_text="pass or fail.")
    source = serializers.CharField(read_only=True, help_text="manual, bulk or import.")
    module_name = serializers.CharField(source="module.name", read_only=True)
    examiner_name = serializers.CharField(source="examiner.full_name", read_only=True, default="")

    class Meta:
        model = ModuleResult
        fields = list(RESULT_EXAMPLE)
        read_only_fields = fields


@extend_schema_serializer(examples=[OpenApiExample("A trainee's progress", value=SUMMARY_EXAMPLE)])
class ProgressSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField(source="trainee.pk")
    reference = serializers.CharField(source="trainee.reference")
    name = serializers.CharField(source="trainee.full_name")
    pathway = serializers.IntegerField(source="trainee.pathway_id")
    pathway_name = serializers.CharField(source="trainee.pathway.name")
    pace = serializers.ChoiceField(choices=Pace.choices)
    ec_total = serializers.IntegerField()
    ec_done = serializers.IntegerField()
    ec_exempted = serializers.IntegerField()
    ec_remaining = serializers.IntegerField()
    behind_plan = serializers.BooleanField()
    complete = serializers.BooleanField()
    projected_completion = serializers.DateField(allow_null=True)


class ModuleProgressSerializer(serializers.Serializer):
    module = serializers.IntegerField(source="module.pk")
    name = serializers.CharField(source="module.name")
    kind = serializers.CharField(source="module.kind")
    ec = serializers.IntegerField(source="module.ec")
    status = serializers.ChoiceField(choices=["done", "exempted", "in_progress", "planned", "not_planned"])
    behind = serializers.BooleanField()
    semester = serializers.SerializerMethodField()
    exempted_ec = serializers.SerializerMethodField()
    results = ModuleResultSerializer(many=True)

    def get_semester(self, obj) -> str | None:
        """The planned semester: "2026-1" is academic year 2026–2027, semester 1."""
        return obj.planned.code if obj.planned else None

    def get_exempted_ec(self, obj) -> int | None:
        return obj.exemption.ec if obj.exemption else None


@extend_schema_serializer(examples=[OpenApiExample("A trainee's curriculum and plan", value=DETAIL_EXAMPLE)])
class ProgressDetailSerializer(ProgressSummarySerializer):
    adviser_name = serializers.SerializerMethodField()
    modules = ModuleProgressSerializer(many=True)

    def get_adviser_name(self, obj) -> str:
        return obj.plan.adviser.full_name if obj.plan and obj.plan.adviser else ""


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A grade",
            value={"module": 12, "date": "2026-11-20", "grade": "7.5", "examiner": 7},
            request_only=True,
        )
    ]
)
class ResultInputSerializer(serializers.Serializer):
    module = serializers.IntegerField(help_text="The module's id (of the trainee's pathway).")
    date = serializers.DateField(help_text="The date of the assessment (not in the future).")
    grade = serializers.DecimalField(
        max_digits=3,
        decimal_places=1,
        required=False,
        allow_null=True,
        min_value=LOWEST_GRADE,
        max_value=HIGHEST_GRADE,
        help_text="1.0 to 10.0; 5.5 or higher passes.",
    )
    outcome = serializers.CharField(
        required=False, allow_blank=True, max_length=4, help_text="pass or fail (else from the grade)."
    )
    examiner = serializers.IntegerField(required=False, help_text="The examiner's user id (staff); you by default.")
