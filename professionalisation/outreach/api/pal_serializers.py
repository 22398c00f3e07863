"""Serializers and filters of the PAL API (professionalisation/outreach/api/pal.py): explicit
fields, read-only answers, the inputs of the writes, each with an example for the schema."""

from __future__ import annotations

import django_filters
from django import forms
from drf_spectacular.utils import OpenApiExample, extend_schema_serializer
from rest_framework import serializers

from iclon.core.api.filters import IdFilter
from partnerships.api.fields import SchoolBriefSerializer, SchoolCodeField
from partnerships.models import EducationRegion
from professionalisation.outreach.models.pal import (
    PalAssignment,
    PalAssignmentStatus,
    PalHours,
    PalHoursStatus,
    PalRequest,
    PalRequestStatus,
    PalStudent,
    PalTask,
    PalWeekday,
)
from professionalisation.outreach.selectors import pal as selectors
from professionalisation.outreach.services import pal as services
from programmes.catalogue.models import SchoolSubject

# --- serializers --------------------------------------------------------------------------------


class RegionBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = EducationRegion
        fields = ["slug", "name"]


class SubjectBriefSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="In the request's language.")

    class Meta:
        model = SchoolSubject
        fields = ["slug", "name"]


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A PAL request",
            value={
                "id": 12,
                "school": {"id": 4, "name": "Stedelijk Gymnasium Leiden", "code": "18BR00"},
                "region": {"slug": "onderwijsregio-leiden", "name": "Onderwijsregio Leiden"},
                "subject": {"slug": "wiskunde", "name": "Mathematics"},
                "tasks": ["homework", "marking"],
                "tasks_other": "",
                "hours_per_week": "6.0",
                "starts_on": "2026-09-01",
                "ends_on": "2027-01-31",
                "weekdays": ["mon", "wed"],
                "notes": "",
                "status": "confirmed",
                "reason": "",
                "created_at": "2026-08-20T10:15:00+02:00",
            },
            response_only=True,
        )
    ]
)
class PalRequestSerializer(serializers.ModelSerializer):
    school = SchoolBriefSerializer(read_only=True)
    region = RegionBriefSerializer(read_only=True, help_text="The region through which the appointment runs.")
    subject = SubjectBriefSerializer(read_only=True, allow_null=True)
    tasks = serializers.ListField(child=serializers.ChoiceField(PalTask.choices), read_only=True)
    weekdays = serializers.ListField(child=serializers.ChoiceField(PalWeekday.choices), read_only=True)

    class Meta:
        model = PalRequest
        fields = [
            "id",
            "school",
            "region",
            "subject",
            "tasks",
            "tasks_other",
            "hours_per_week",
            "starts_on",
            "ends_on",
            "weekdays",
            "notes",
            "status",
            "reason",
            "created_at",
        ]
        read_only_fields = fields


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "Homework supervision in mathematics",
            value={
                "school": "18BR00",
                "tasks": ["homework"],
                "subject": "wiskunde",
                "hours_per_week": "6",
                "starts_on": "2026-09-01",
                "ends_on": "2027-01-31",
                "weekdays": ["mon", "wed"],
            },
            request_only=True,
        )
    ]
)
class PalRequestCreateSerializer(serializers.Serializer):
    school = SchoolCodeField()
    tasks = serializers.MultipleChoiceField(choices=PalTask.choices)
    tasks_other = serializers.CharField(max_length=200, required=False, allow_blank=True, help_text="With `other`.")
    subject = serializers.SlugRelatedField(
        slug_field="slug", queryset=SchoolSubject.objects.all(), required=False, allow_null=True
    )
    hours_per_week = serializers.DecimalField(max_digits=4, decimal_places=1)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    weekdays = serializers.MultipleChoiceField(choices=PalWeekday.choices)
    region = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=EducationRegion.objects.all(),
        required=False,
        allow_null=True,
        help_text="The education region's slug; the school's region if left out.",
    )
    notes = serializers.CharField(max_length=2000, required=False, allow_blank=True)


@extend_schema_serializer(
    examples=[OpenApiExample("A reason", value={"reason": "The exams take that week."}, request_only=True)]
)
class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, help_text="Why; the other parties read it.")


@extend_schema_serializer(
    examples=[OpenApiExample("Two students", value={"students": [31, 32], "hours_per_week": "4"}, request_only=True)]
)
class AssignSerializer(serializers.Serializer):
    students = serializers.ListField(
        child=serializers.IntegerField(min_value=1), min_length=1, max_length=50, help_text="PAL student ids."
    )
    hours_per_week = serializers.DecimalField(max_digits=4, decimal_places=1, required=False, allow_null=True)


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A suggestion",
            value={
                "student": 31,
                "name": "Sanne de Vries",
                "score": 65,
                "reasons": [
                    "Subject: Mathematics",
                    "Region: Onderwijsregio Leiden",
                    "Available on every requested day",
                ],
            },
            response_only=True,
        )
    ]
)
class SuggestionSerializer(serializers.Serializer):
    student = serializers.IntegerField(source="student.pk", help_text="The PAL student's id.")
    name = serializers.CharField(source="student.user.full_name")
    score = serializers.IntegerField()
    reasons = serializers.ListField(child=serializers.CharField(), help_text="In the request's language.")


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "Suggestions",
            value={
                "suggestions": [
                    {"student": 31, "name": "Sanne de Vries", "score": 50, "reasons": ["Subject: Mathematics"]}
                ]
            },
            response_only=True,
        )
    ]
)
class SuggestionListSerializer(serializers.Serializer):
    suggestions = SuggestionSerializer(many=True, help_text="Best first.")


class PalStudentBriefSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.full_name", read_only=True)

    class Meta:
        model = PalStudent
        fields = ["id", "name"]


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A PAL assignment",
            value={
                "id": 40,
                "request": {
                    "id": 12,
                    "school": {"id": 4, "name": "Stedelijk Gymnasium Leiden", "code": "18BR00"},
                    "region": {"slug": "onderwijsregio-leiden", "name": "Onderwijsregio Leiden"},
                    "subject": {"slug": "wiskunde", "name": "Mathematics"},
                    "tasks": ["homework", "marking"],
                    "tasks_other": "",
                    "hours_per_week": "6.0",
                    "starts_on": "2026-09-01",
                    "ends_on": "2027-01-31",
                    "weekdays": ["mon", "wed"],
                    "notes": "",
                    "status": "confirmed",
                    "reason": "",
                    "created_at": "2026-08-20T10:15:00+02:00",
                },
                "student": {"id": 31, "name": "Sanne de Vries"},
                "hours_per_week": "6.0",
                "status": "proposed",
                "reasons": ["Subject: Mathematics"],
                "student_confirmed_at": "2026-08-22T09:00:00+02:00",
                "school_confirmed_at": None,
                "decline_reason": "",
            },
            response_only=True,
        )
    ]
)
class PalAssignmentSerializer(serializers.ModelSerializer):
    request = PalRequestSerializer(read_only=True)
    student = PalStudentBriefSerializer(read_only=True)

    class Meta:
        model = PalAssignment
        fields = [
            "id",
            "request",
            "student",
            "hours_per_week",
            "status",
            "reasons",
            "student_confirmed_at",
            "school_confirmed_at",
            "decline_reason",
        ]
        read_only_fields = fields


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "Two new assignments (shortened)",
            value={"assignments": [{"id": 40, "status": "proposed"}, {"id": 41, "status": "proposed"}]},
            response_only=True,
        )
    ]
)
class AssignmentListSerializer(serializers.Serializer):
    assignments = PalAssignmentSerializer(many=True, help_text="The new assignments.")


@extend_schema_serializer(examples=[OpenApiExample("As the student", value={"side": "student"}, request_only=True)])
class ConfirmSideSerializer(serializers.Serializer):
    side = serializers.ChoiceField(
        choices=[(services.STUDENT, "student"), (services.SCHOOL, "school")],
        help_text="Confirm as the assigned student or as the school.",
    )


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A confirmed week",
            value={
                "id": 77,
                "assignment": 40,
                "student": "Sanne de Vries",
                "school": "Stedelijk Gymnasium Leiden",
                "year": 2026,
                "week": 38,
                "week_starts_on": "2026-09-14",
                "hours": "5.50",
                "note": "",
                "status": "confirmed",
                "locked": True,
                "logged_at": "2026-09-18T16:00:00+02:00",
                "confirmed_at": "2026-09-21T08:30:00+02:00",
                "reject_reason": "",
            },
            response_only=True,
        )
    ]
)
class PalHoursSerializer(serializers.ModelSerializer):
    assignment = serializers.IntegerField(source="assignment_id", read_only=True)
    student = serializers.CharField(source="assignment.student.user.full_name", read_only=True)
    school = serializers.CharField(source="assignment.request.school.name", read_only=True)
    week_starts_on = serializers.DateField(source="monday", read_only=True)
    locked = serializers.BooleanField(read_only=True, help_text="Confirmed by the school: no longer changes.")

    class Meta:
        model = PalHours
        fields = [
            "id",
            "assignment",
            "student",
            "school",
            "year",
            "week",
            "week_starts_on",
            "hours",
            "note",
            "status",
            "locked",
            "logged_at",
            "confirmed_at",
            "reject_reason",
        ]
        read_only_fields = fields


@extend_schema_serializer(
    examples=[
        OpenApiExample("Week 38", value={"assignment": 40, "year": 2026, "week": 38, "hours": "5.5"}, request_only=True)
    ]
)
class HoursLogSerializer(serializers.Serializer):
    assignment = serializers.IntegerField(min_value=1, help_text="Your confirmed assignment's id.")
    year = serializers.IntegerField(min_value=2000, max_value=2100, help_text="ISO year.")
    week = serializers.IntegerField(min_value=1, max_value=53, help_text="ISO week.")
    hours = serializers.DecimalField(max_digits=4, decimal_places=2, help_text="More than 0, at most 40.")
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A school's total",
            value={"id": 4, "name": "Stedelijk Gymnasium Leiden", "hours": "126.50", "weeks": 24, "students": 2},
            response_only=True,
        )
    ]
)
class TotalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    hours = serializers.DecimalField(max_digits=10, decimal_places=2)
    weeks = serializers.IntegerField()
    students = serializers.IntegerField()


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "Per school",
            value={
                "by": "school",
                "totals": [
                    {"id": 4, "name": "Stedelijk Gymnasium Leiden", "hours": "126.50", "weeks": 24, "students": 2}
                ],
            },
            response_only=True,
        )
    ]
)
class TotalListSerializer(serializers.Serializer):
    by = serializers.ChoiceField(choices=list(selectors.TOTAL_GROUPS))
    totals = TotalSerializer(many=True, help_text="The most hours first.")


# --- filters ------------------------------------------------------------------------------------


class WholeNumberFilter(django_filters.NumberFilter):
    """A whole number within the bounds given (a year, a week): anything else is a 400 naming the
    parameter, never an overflow in the database."""

    field_class = forms.IntegerField


class PalRequestFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=PalRequestStatus.choices)
    region = django_filters.CharFilter(field_name="region__slug", max_length=120, help_text="Education region slug.")
    school = django_filters.CharFilter(
        method="by_school_code", min_length=6, max_length=6, help_text="The school's vestigingscode, e.g. 18BR00."
    )

    class Meta:
        model = PalRequest
        fields = ["status", "region", "school"]

    def by_school_code(self, queryset, name, value):
        code = value.strip().upper()
        return queryset.filter(school__brin_code=code[:4], school__branch_number=code[4:])


class PalAssignmentFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=PalAssignmentStatus.choices)
    request = IdFilter(field_name="request_id", help_text="Request id.")

    class Meta:
        model = PalAssignment
        fields = ["status", "request"]


class PalHoursFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=PalHoursStatus.choices)
    assignment = IdFilter(field_name="assignment_id")
    year = WholeNumberFilter(min_value=2000, max_value=2100)
    week = WholeNumberFilter(min_value=1, max_value=53)

    class Meta:
        model = PalHours
        fields = ["status", "assignment", "year", "week"]
