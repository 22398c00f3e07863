"""The models of outreach, part by part (visits.py: Meet the Professor; pal.py: PAL student
assistants). professionalisation/models/__init__.py gathers them for Django."""

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
