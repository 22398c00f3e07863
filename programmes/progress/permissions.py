"""Who sees and writes study progress (one place):

- a trainee sees their own progress only (their admitted or enrolled application);
- staff with VIEW (study advisers, programme coordinators, administrators) see every trainee's;
- staff with RECORD (teacher educators, study advisers, programme coordinators, administrators)
  record results: the bulk entry per module, the CSV import, the API;
- staff with PLAN (study advisers, administrators) keep the study plans (the admin).

Everyone else (school contacts, applicants, other students, anonymous) sees nothing: pages answer
404 for another trainee's record and 403 for a staff page, the API 404/403 likewise."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from iclon.accounts.models import User
from iclon.accounts.roles import staff_may
from programmes.intake.models import Application
from programmes.placements.permissions import TRAINEE_STATUSES

VIEW = "programmes.view_studyplan"
RECORD = "programmes.add_moduleresult"
PLAN = "programmes.change_studyplan"

_PLANS = [
    "programmes.view_studyplan",
    "programmes.add_studyplan",
    "programmes.change_studyplan",
    "programmes.view_plannedmodule",
    "programmes.add_plannedmodule",
    "programmes.change_plannedmodule",
    "programmes.delete_plannedmodule",
]

GROUP_PERMISSIONS = {
    "study_adviser": [
        *_PLANS,
        "programmes.view_moduleresult",
        "programmes.add_moduleresult",
        "programmes.change_moduleresult",
    ],
    "teacher_educator": ["programmes.view_moduleresult", "programmes.add_moduleresult"],
    "programme_coordinator": [
        "programmes.view_studyplan",
        "programmes.view_plannedmodule",
        "programmes.view_moduleresult",
        "programmes.add_moduleresult",
    ],
}


def may_view_all(user: User | AnonymousUser | None) -> bool:
    """Staff who see every trainee's progress."""
    return staff_may(user, VIEW)


def may_record(user: User | AnonymousUser | None) -> bool:
    """Staff who record results (the bulk page, the import, the API)."""
    return staff_may(user, RECORD)


def may_plan(user: User | AnonymousUser | None) -> bool:
    """Staff who keep the study plans and correct (void) results: study advisers, administrators."""
    return staff_may(user, PLAN)


def may_examine(user: User | None) -> bool:
    """Whether `user` can be named the examiner of a result: active ICLON staff."""
    return bool(user and user.is_active and user.is_staff)


def is_own_trainee_record(user: User | AnonymousUser | None, trainee: Application) -> bool:
    return bool(
        user and user.is_authenticated and trainee.applicant_id == user.pk and trainee.status in TRAINEE_STATUSES
    )
