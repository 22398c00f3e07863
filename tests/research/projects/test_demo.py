"""The demo of research: ICLON's shape (10 staff researchers, 45 running and 55 completed PhD
projects with candidates and supervisors, practice-based projects with demo schools), idempotent."""

import io

import pytest

from research.models import MemberRole, ProjectKind, ProjectMember, ProjectStatus, Researcher, ResearchProject
from research.people import demo as people_demo
from research.people.models import STAFF_ROLES
from research.projects import demo as projects_demo
from research.projects.selectors import research_counts
from tests.factories.accounts import UserFactory
from tests.factories.partnerships import SchoolFactory

pytestmark = pytest.mark.django_db


def seed():
    out = io.StringIO()
    people_demo.seed_demo(out, None)
    projects_demo.seed_demo(out, None)
    return out.getvalue()


def test_the_demo_has_icleons_shape_and_runs_twice_without_adding(django_assert_max_num_queries):
    for n in range(4):
        SchoolFactory(name=f"Demo College {n}", province="Zuid-Holland")
    teacher = UserFactory(email="docent@example.org")
    with django_assert_max_num_queries(60):  # in bulk: not a query per project
        seed()
    assert Researcher.objects.filter(role__in=STAFF_ROLES).count() == 10
    assert research_counts().running_phd_projects == 45
    assert research_counts().completed_dissertations == 55
    phd = ResearchProject.objects.filter(kind=ProjectKind.PHD)
    assert not phd.exclude(memberships__role=MemberRole.CANDIDATE).exists()
    assert not phd.exclude(memberships__role=MemberRole.PROMOTOR).exists()
    assert not phd.filter(status=ProjectStatus.COMPLETED, defence_date=None).exists()
    practice = ResearchProject.objects.filter(kind=ProjectKind.PRACTICE)
    assert practice.count() == 4
    assert not practice.filter(partner_schools=None).exists()
    assert Researcher.objects.get(user=teacher).role == "teacher_researcher"
    for row in ResearchProject.objects.all()[:5]:
        row.full_clean()  # the bulk rows keep the model's rules
    counts = (Researcher.objects.count(), ResearchProject.objects.count(), ProjectMember.objects.count())
    second = seed()
    assert (Researcher.objects.count(), ResearchProject.objects.count(), ProjectMember.objects.count()) == counts
    assert "0 added now" in second


def test_without_the_people_the_projects_are_skipped():
    out = io.StringIO()
    projects_demo.seed_demo(out, None)
    assert "skipped" in out.getvalue()
    assert not ResearchProject.objects.exists()
