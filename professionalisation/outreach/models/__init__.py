"""The models of outreach, part by part (visits.py: Meet the Professor; pal.py: PAL student
assistants). professionalisation/models/__init__.py gathers them for Django."""

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

__all__ = [
    "PalAssignment",
    "PalAssignmentStatus",
    "PalHours",
    "PalHoursStatus",
    "PalRequest",
    "PalRequestStatus",
    "PalStudent",
    "PalTask",
    "PalWeekday",
]
