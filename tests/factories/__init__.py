"""factory_boy factories, one per model."""

from tests.factories.accounts import StaffUserFactory, UserFactory, with_totp
from tests.factories.partnerships import (
    AgreementFactory,
    AllianceFactory,
    EducationRegionFactory,
    FacultyFactory,
    InstitutionFactory,
    MunicipalityRegionFactory,
    SchoolBoardFactory,
    SchoolFactory,
    SchoolInvitationFactory,
    SchoolMembershipFactory,
    TrainingSchoolPartnershipFactory,
)

__all__ = [
    "AgreementFactory",
    "AllianceFactory",
    "EducationRegionFactory",
    "FacultyFactory",
    "InstitutionFactory",
    "MunicipalityRegionFactory",
    "SchoolBoardFactory",
    "SchoolFactory",
    "SchoolInvitationFactory",
    "SchoolMembershipFactory",
    "StaffUserFactory",
    "TrainingSchoolPartnershipFactory",
    "UserFactory",
    "with_totp",
]
