"""The people and rows of Meet the Professor for its tests: a request of school A with a preferred
date in three weeks, the researcher of the pool who travels to school A's region (with an
account of their own), and helpers that move a request along through the services. The personas
of tests/conftest.py (school_a_contact, school_b_contact, professionalisation_coordinator,
intake_officer, administrator, outsider …) complete the permission tables."""

import datetime

import pytest
from django.utils import timezone

from professionalisation.models import EvaluationSide, VisitStatus
from professionalisation.outreach.models.visits import VISIT_ZONE
from professionalisation.outreach.services import visits as services
from tests.factories import StaffUserFactory
from tests.factories.professionalisation_outreach_visits import ResearcherProfileFactory, VisitRequestFactory

IN_THREE_WEEKS = 21


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=VISIT_ZONE)


@pytest.fixture
def preferred_day():
    return timezone.localdate() + datetime.timedelta(days=IN_THREE_WEEKS)


@pytest.fixture
def visit(school_a, school_a_contact, preferred_day):
    return VisitRequestFactory(school=school_a, requested_by=school_a_contact, preferred=[preferred_day])


@pytest.fixture
def pool_researcher(school_a):
    """A researcher of the pool who travels to school A's region."""
    user = StaffUserFactory(full_name="Prof. Iris Dekker", email="dekker@example.org")
    return ResearcherProfileFactory(user=user, regions=[school_a.region])


@pytest.fixture
def researcher_user(pool_researcher):
    return pool_researcher.user


@pytest.fixture
def proposed(visit, pool_researcher, professionalisation_coordinator, preferred_day):
    visit, token = services.visit_propose(
        visit=visit, researcher=pool_researcher, starts_at=at(preferred_day), actor=professionalisation_coordinator
    )
    visit.token = token
    return visit


@pytest.fixture
def accepted(proposed, researcher_user):
    return services.visit_researcher_answer(visit=proposed, accept=True, actor=researcher_user)


@pytest.fixture
def confirmed(accepted, school_a_contact):
    return services.visit_confirm(visit=accepted, actor=school_a_contact)


@pytest.fixture
def held(confirmed, professionalisation_coordinator):
    """A confirmed visit whose date has come, marked as held."""
    type(confirmed).objects.filter(pk=confirmed.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=3), ends_at=timezone.now() - datetime.timedelta(hours=1)
    )
    confirmed.refresh_from_db()
    return services.visit_mark_held(visit=confirmed, actor=professionalisation_coordinator)


@pytest.fixture
def evaluated(held, school_a_contact, researcher_user):
    services.visit_evaluate(visit=held, side=EvaluationSide.SCHOOL, actor=school_a_contact, text="Geweldig", rating=5)
    services.visit_evaluate(visit=held, side=EvaluationSide.RESEARCHER, actor=researcher_user, text="Leuke klas")
    held.refresh_from_db()
    assert held.status == VisitStatus.EVALUATED
    return held


@pytest.fixture
def people(request):
    """Resolve a role of the permission tables by name (None: anonymous)."""

    def get(name):
        return None if name == "anonymous" else request.getfixturevalue(name)

    return get
