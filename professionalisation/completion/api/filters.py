"""Filters of the attendance API."""

import django_filters

from iclon.core.api.filters import IdFilter
from professionalisation.completion.models import Attendance


class AttendanceFilter(django_filters.FilterSet):
    meeting = IdFilter(field_name="meeting_id", help_text="Only the marks of this meeting.")
    session = IdFilter(field_name="meeting__session_id", help_text="Only the marks of this session's meetings.")
    present = django_filters.BooleanFilter(help_text="true: present only; false: absent only.")

    class Meta:
        model = Attendance
        fields = ["meeting", "session", "present"]
