"""Who may do what with research questions: predicates used by pages, admin and API alike, and
the staff groups' permissions.

* Research staff (`research.change_researchquestion`: the research staff group, administrators)
  see every question, review, match and answer them.
* A school's people (an active membership of the school, in any role) submit questions for it, see
  its questions (the tenancy rule), clarify, rate the answer and decide whether it is shown publicly.
* A trainee (a logged-in student in teacher education, hooks.py `is_trainee`) sees the questions
  offered as master's thesis topics and chooses one.
* The researcher matched to a question (their profile linked to their account) sees it.
* Everybody sees the answered questions that their school made public; nobody else sees anything.
"""

from django.contrib.auth.models import AnonymousUser

from iclon.accounts.models import User
from iclon.accounts.roles import staff_may
from partnerships.selectors import school_roles
from research.people.permissions import is_active_person
from research.questions import hooks
from research.questions.models import ResearchQuestion

Viewer = User | AnonymousUser | None

MANAGE_QUESTIONS = "research.change_researchquestion"
VIEW_QUESTIONS = "research.view_researchquestion"
DELETE_SUBMISSIONS = "research.delete_questionsubmission"

GROUP_PERMISSIONS = {
    "research_staff": [
        "research.view_researchquestion",
        "research.change_researchquestion",
        "research.view_questionsubmission",
        "research.delete_questionsubmission",
    ],
}


def is_research_staff(user: Viewer) -> bool:
    return staff_may(user, MANAGE_QUESTIONS)


def sees_all_questions(user: Viewer) -> bool:
    return staff_may(user, VIEW_QUESTIONS)


def acts_for_school(user: Viewer, school_id: int | None) -> bool:
    """One of the school's people today (an active membership there, in any role)."""
    if school_id is None or not is_active_person(user):
        return False
    return bool(school_roles(user=user, school_id=school_id))


def can_submit_question(user: Viewer, school_id: int | None) -> bool:
    return is_research_staff(user) or acts_for_school(user, school_id)


def acts_for_question(user: Viewer, question: ResearchQuestion) -> bool:
    """The school's side of a question: its people and whoever submitted it."""
    if not is_active_person(user):
        return False
    return question.submitted_by_id == user.pk or acts_for_school(user, question.school_id)  # type: ignore[union-attr]


def is_trainee(user: Viewer) -> bool:
    """A trainee of ICLON's teacher education (hooks.py: the programmes app answers)."""
    return is_active_person(user) and hooks.is_trainee(user)  # type: ignore[arg-type]


def can_choose_thesis(user: Viewer) -> bool:
    return is_trainee(user)
