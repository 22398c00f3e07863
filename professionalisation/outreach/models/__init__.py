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
from professionalisation.outreach.models.visits import (
    BOOKED,
    WITHDRAWABLE,
    DayPart,
    EvaluationSide,
    ResearcherProfile,
    ResearcherUnavailability,
    VisitEvaluation,
    VisitLocation,
    VisitPreferredDate,
    VisitRequest,
    VisitStatus,
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
    "BOOKED",
    "WITHDRAWABLE",
    "DayPart",
    "EvaluationSide",
    "ResearcherProfile",
    "ResearcherUnavailability",
    "VisitEvaluation",
    "VisitLocation",
    "VisitPreferredDate",
    "VisitRequest",
    "VisitStatus",
]
