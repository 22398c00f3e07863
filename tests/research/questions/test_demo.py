"""The demo of research questions: 20 questions from schools of Zuid-Holland, the first from the
demo school account's school, in a spread of states made by the services (some answered, rated and
public), idempotent."""

import io

import pytest
from django.contrib.auth.models import Group

from iclon.accounts.roles import StaffGroup
from research.people import demo as people_demo
from research.projects import demo as projects_demo
from research.questions import demo
from research.questions.models import QuestionStatus, ResearchQuestion
from tests.factories import SchoolFactory, SchoolMembershipFactory, StaffUserFactory

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = io.StringIO()
    demo.seed_demo(out, None)
    return out.getvalue()


def test_the_demo_spreads_twenty_questions_over_the_states_and_runs_twice():
    for n in range(30):
        SchoolFactory(name=f"College {n:02d}", province="Zuid-Holland", municipality=f"Gemeente {n % 6}")
    SchoolFactory(name="Elsewhere College", province="Utrecht")
    own = SchoolFactory(name="Demo School", province="Zuid-Holland")
    contact = SchoolMembershipFactory(school=own, user__email="schoolcontact@example.org").user
    StaffUserFactory(email=demo.RESEARCH_STAFF, group=Group.objects.get(name=StaffGroup.RESEARCH_STAFF))
    people_demo.seed_demo(io.StringIO(), None)
    projects_demo.seed_demo(io.StringIO(), None)

    assert "20 added now" in seed()
    questions = ResearchQuestion.objects.all()
    assert questions.count() == 20
    assert not questions.exclude(school__province="Zuid-Holland").exists()
    states = set(questions.values_list("status", flat=True))
    assert states == {"submitted", "clarification", "accepted", "matched", "answered", "declined"}
    assert questions.filter(status=QuestionStatus.ANSWERED, public=True).count() >= 5
    # The demo school account's question went the whole way, through the services.
    first = questions.get(school=own)
    assert (first.submitted_by, first.status, first.rating, first.public) == (contact, "answered", 4, True)
    assert first.history.count() >= 5
    assert set(questions.exclude(match_kind="").values_list("match_kind", flat=True)) == {
        "researcher",
        "project",
        "thesis",
    }

    assert "0 added now" in seed()
    assert ResearchQuestion.objects.count() == 20
