"""The models of professional development, gathered for Django from the slices that hold them
(professionalisation/activities/models.py)."""

from professionalisation.activities.models import (
    LIVE_WAITING,
    Activity,
    ActivityFormat,
    ActivityKind,
    Audience,
    CompletionAward,
    Meeting,
    OfferReason,
    Registration,
    RegistrationStatus,
    Session,
    SessionStatus,
    TargetAudience,
    WaitingListEntry,
    WaitingStatus,
)

__all__ = [
    "LIVE_WAITING",
    "Activity",
    "ActivityFormat",
    "ActivityKind",
    "Audience",
    "CompletionAward",
    "Meeting",
    "OfferReason",
    "Registration",
    "RegistrationStatus",
    "Session",
    "SessionStatus",
    "TargetAudience",
    "WaitingListEntry",
    "WaitingStatus",
]
