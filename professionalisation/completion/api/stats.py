"""/api/v1/professionalisation-stats/: the dashboard's overall numbers of one year, for staff who
see the dashboard (`professionalisation.view_registration`; 403 for everybody else). Counted by
professionalisation/completion/dashboard.py, the same numbers as the page."""

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from iclon.core.api.views import TenantScopedMixin
from professionalisation.completion import dashboard
from professionalisation.completion.permissions import can_view_dashboard

STATS = ["Professional development: statistics"]
RATE = {"allow_null": True, "read_only": True}


class StatisticsSerializer(serializers.Serializer):
    year = serializers.IntegerField(read_only=True)
    sessions = serializers.IntegerField(read_only=True, help_text="Sessions whose first meeting falls in the year.")
    sessions_open = serializers.IntegerField(source="open", read_only=True)
    sessions_full = serializers.IntegerField(source="full", read_only=True)
    sessions_closed = serializers.IntegerField(source="closed", read_only=True)
    sessions_cancelled = serializers.IntegerField(source="cancelled", read_only=True)
    places = serializers.IntegerField(read_only=True, help_text="Places of the sessions that are not cancelled.")
    taken = serializers.IntegerField(read_only=True, help_text="Their confirmed registrations.")
    fill_rate = serializers.IntegerField(**RATE, help_text="Taken of places, in percent (null: no places).")
    waiting = serializers.IntegerField(read_only=True, help_text="Waiting-list entries still waiting.")
    offers_outstanding = serializers.IntegerField(source="offers", read_only=True, help_text="Offers not expired.")
    attendance_recorded = serializers.IntegerField(source="recorded", read_only=True)
    attendance_present = serializers.IntegerField(source="present", read_only=True)
    attendance_rate = serializers.IntegerField(**RATE, help_text="Present of recorded, in percent.")
    registrations_ended = serializers.IntegerField(
        source="ended", read_only=True, help_text="Confirmed registrations of sessions that ended."
    )
    completions_ended = serializers.IntegerField(
        source="completed_ended", read_only=True, help_text="Of them, with a valid completion."
    )
    completion_rate = serializers.IntegerField(**RATE, help_text="Completions of registrations ended, in percent.")
    completions = serializers.IntegerField(source="completed", read_only=True, help_text="All valid completions.")
    onz_registrations = serializers.IntegerField(source="onz", read_only=True)
    onz_share = serializers.IntegerField(**RATE, help_text="Registrations for ONZ member schools, in percent.")
    evaluations = serializers.IntegerField(read_only=True)
    average_rating = serializers.FloatField(allow_null=True, read_only=True)


class CanViewDashboard(BasePermission):
    message = "You are not allowed to do this."

    def has_permission(self, request, view):
        return can_view_dashboard(request.user)


class StatisticsView(TenantScopedMixin, APIView):
    """One object, not a list: a plain view (a router's `list` would be documented as an array)."""

    permission_classes = [IsAuthenticated, CanViewDashboard]

    @extend_schema(
        tags=STATS,
        summary="The numbers of professional development in one year",
        description=(
            "Sessions, places, fill rate, waiting list, offers outstanding, attendance, completion, ONZ share and "
            "the average rating of the sessions whose first meeting falls in the year. Staff who see the dashboard "
            "only (403 for others)."
        ),
        parameters=[
            OpenApiParameter("year", int, description="The calendar year (default: the current one).", required=False)
        ],
        responses={200: StatisticsSerializer},
        examples=[
            OpenApiExample(
                "A year",
                value={
                    "year": 2027,
                    "sessions": 5,
                    "sessions_open": 1,
                    "sessions_full": 0,
                    "sessions_closed": 3,
                    "sessions_cancelled": 1,
                    "places": 21,
                    "taken": 8,
                    "fill_rate": 38,
                    "waiting": 2,
                    "offers_outstanding": 1,
                    "attendance_recorded": 7,
                    "attendance_present": 5,
                    "attendance_rate": 71,
                    "registrations_ended": 6,
                    "completions_ended": 2,
                    "completion_rate": 33,
                    "completions": 2,
                    "onz_registrations": 4,
                    "onz_share": 50,
                    "evaluations": 3,
                    "average_rating": 4.0,
                },
                response_only=True,
            )
        ],
    )
    def get(self, request):
        year = dashboard.dashboard_year(request.query_params.get("year"))
        return Response(StatisticsSerializer(dashboard.overview(year=year)).data)
