"""The models of outreach, part by part (visits.py: Meet the Professor; pal.py: PAL student
assistants; orientation.py: orientation on the teaching profession). professionalisation/models/__init__.py
gathers them for Django."""

from professionalisation.outreach.models.orientation import ORIENTATION_KINDS, OrientationMaterial
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
    SubmissionStatus,
    VisitEvaluation,
    VisitLocation,
    VisitPreferredDate,
    VisitRequest,
    VisitStatus,
    VisitSubmission,
)

__all__ = [
    "ORIENTATION_KINDS",
    "OrientationMaterial",
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
    "SubmissionStatus",
    "VisitEvaluation",
    "VisitLocation",
    "VisitPreferredDate",
    "VisitRequest",
    "VisitStatus",
    "VisitSubmission",
]
