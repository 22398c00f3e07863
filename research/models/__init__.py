"""The models of research, gathered for Django from the slices that hold them
(research/knowledge/models.py, research/people/models.py, research/projects/models.py,
research/publications/models.py, research/questions/models.py, research/coordination/models.py)."""

from research.coordination.models import SupportKind, SupportRequest, SupportRequestMessage, SupportStatus
from research.knowledge.models import TeachingLearningPrinciple
from research.people.models import Researcher, ResearcherRole
from research.projects.models import (
    MemberRole,
    OutputKind,
    ProjectKind,
    ProjectMember,
    ProjectOutput,
    ProjectStatus,
    ResearchProject,
)
from research.publications.models import (
    DuplicateSuspicion,
    Publication,
    PublicationAuthor,
    PublicationCategory,
    PublicationType,
    SuspicionStatus,
)
from research.questions.models import (
    MatchKind,
    QuestionStatus,
    QuestionSubmission,
    ResearchQuestion,
    Sector,
    Urgency,
)

__all__ = [
    "TeachingLearningPrinciple",
    "Researcher",
    "ResearcherRole",
    "MemberRole",
    "OutputKind",
    "ProjectKind",
    "ProjectMember",
    "ProjectOutput",
    "ProjectStatus",
    "ResearchProject",
    "DuplicateSuspicion",
    "Publication",
    "PublicationAuthor",
    "PublicationCategory",
    "PublicationType",
    "SuspicionStatus",
    "SupportKind",
    "SupportRequest",
    "SupportRequestMessage",
    "SupportStatus",
    "MatchKind",
    "QuestionStatus",
    "QuestionSubmission",
    "ResearchQuestion",
    "Sector",
    "Urgency",
]
