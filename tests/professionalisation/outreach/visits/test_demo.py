"""The demo of Meet the Professor (professionalisation/outreach/demo/visits.py), seeded after the
accounts and the schools, as `manage.py seed_demo` does."""

import datetime
import io
from collections import Counter

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django_scopes import scopes_disabled

from iclon.accounts.demo import seed_demo_accounts
from iclon.accounts.models import User
from partnerships.demo import seed_demo as seed_partnerships
from partnerships.selectors import active_memberships
from professionalisation.models import (
    EvaluationSide,
    ResearcherProfile,
    VisitEvaluation,
    VisitPreferredDate,
    VisitRequest,
    VisitStatus,
)
from professionalisation.outreach.demo.visits import seed_demo
from professionalisation.outreach.selectors import visits as selectors
from tests.utils import nothing_written


@pytest.fixture(scope="module")
def _seeded(django_db_setup, django_db_blocker):
    out = io.StringIO()
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        with scopes_disabled():
            seed_demo_accounts()
            seed_partnerships(io.StringIO(), None)
        seed_demo(out, None)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def demo(_seeded, db):
    return _seeded


def test_the_demo_has_a_pool_and_a_year_of_requests_in_every_state(demo):
    assert ResearcherProfile.objects.count() == 15
    assert ResearcherProfile.objects.filter(regions__isnull=False).distinct().count() == 15
    assert VisitRequest.objects.count() == 30
    assert set(VisitRequest.objects.values_list("status", flat=True)) == set(VisitStatus.values)
    assert not VisitRequest.objects.exclude(school__province="Zuid-Holland").exists()
    assert VisitRequest.objects.values("school").distinct().count() >= 10
    assert VisitEvaluation.objects.count() == 2 * VisitRequest.objects.filter(status=VisitStatus.EVALUATED).count()


def test_the_demo_school_contact_and_coordinator_see_requests(demo):
    contact = User.objects.get(email="schoolcontact@example.org")
    assert selectors.visit_list_for_user(contact).exists()
    coordinator = User.objects.get(email="nascholing@example.org")
    assert selectors.visit_list_for_user(coordinator).count() == 30
    open_request = VisitRequest.objects.filter(status=VisitStatus.REQUESTED).first()
    assert len(selectors.researcher_suggestions(open_request)) == 15


def test_a_second_run_writes_nothing(demo):
    with nothing_written(ResearcherProfile, VisitRequest, VisitPreferredDate, VisitEvaluation), scopes_disabled():
        seed_demo(io.StringIO(), None)


def test_the_requests_spread_over_the_states_and_the_school_year(demo):
    assert Counter(VisitRequest.objects.values_list("status", flat=True)) == {
        VisitStatus.EVALUATED: 8,
        VisitStatus.HELD: 4,
        VisitStatus.CONFIRMED: 5,
        VisitStatus.ACCEPTED: 3,
        VisitStatus.PROPOSED: 3,
        VisitStatus.REQUESTED: 4,
        VisitStatus.DECLINED: 1,
        VisitStatus.WITHDRAWN: 2,
    }
    now = timezone.now()
    for visit in VisitRequest.objects.prefetch_related("preferred_dates"):
        if visit.status in (VisitStatus.HELD, VisitStatus.EVALUATED):
            # Past visits: held after they ended, the request made weeks before.
            assert visit.starts_at < visit.held_at < now
            assert visit.created_at < visit.proposed_at < visit.confirmed_at < visit.starts_at
            assert visit.day in [preferred.date for preferred in visit.preferred_dates.all()]
        elif visit.status in (VisitStatus.PROPOSED, VisitStatus.ACCEPTED, VisitStatus.CONFIRMED):
            assert visit.starts_at > now
            assert visit.researcher is not None
        elif visit.status in (VisitStatus.REQUESTED, VisitStatus.DECLINED):
            assert visit.researcher is None and visit.starts_at is None
            assert min(p.date for p in visit.preferred_dates.all()) > timezone.localdate()
    created = VisitRequest.objects.values_list("created_at", flat=True)
    assert min(created) < now - datetime.timedelta(days=100)
    assert max(created) < now - datetime.timedelta(days=7)
    evaluated = VisitRequest.objects.filter(status=VisitStatus.EVALUATED)
    assert all(visit.closed_at > visit.held_at for visit in evaluated)


def test_the_history_names_who_took_each_step(demo):
    coordinator = User.objects.get(email="nascholing@example.org")
    contact = User.objects.get(email="schoolcontact@example.org")
    with scopes_disabled():
        people: dict[int, set] = {}
        for membership in active_memberships().select_related("user"):
            people.setdefault(membership.school_id, set()).add(membership.user)
    confirmed_by_school = 0
    for visit in VisitRequest.objects.select_related("researcher__user").prefetch_related("declined_by__user"):
        rows = list(visit.history.order_by("history_date", "history_id").select_related("history_user"))
        created = rows[0]
        assert created.history_type == "+"
        school_people = people.get(visit.school_id, set())
        assert created.history_user in school_people | {coordinator}
        # A school with a demo account requests itself; for the others the coordinator does.
        assert (created.history_user == coordinator) == (not school_people)
        researcher_user = visit.researcher.user if visit.researcher else None
        declined = [r.user for r in visit.declined_by.all()]
        for row in rows[1:]:
            if row.status in (VisitStatus.PROPOSED, VisitStatus.HELD):
                assert row.history_user == coordinator, (visit.pk, row.status)
            elif row.status == VisitStatus.ACCEPTED:
                assert row.history_user == researcher_user
            elif row.status == VisitStatus.DECLINED:
                assert row.history_user in declined
            elif row.status == VisitStatus.CONFIRMED:
                # The school confirms: as its demo account where it has one (otherwise set up).
                if school_people:
                    assert row.history_user in school_people
                    confirmed_by_school += 1
                else:
                    assert row.history_user is None
            elif row.status == VisitStatus.EVALUATED:
                assert row.history_user == researcher_user
            elif row.status == VisitStatus.WITHDRAWN:
                assert row.history_user in school_people | {coordinator}
    assert confirmed_by_school >= 3
    assert VisitRequest.history.filter(status=VisitStatus.CONFIRMED, history_user=contact).exists()
    for evaluation in VisitEvaluation.objects.select_related("request__researcher__user"):
        if evaluation.side == EvaluationSide.RESEARCHER:
            assert evaluation.author == evaluation.request.researcher.user
        else:
            school_people = people.get(evaluation.request.school_id, set())
            assert evaluation.author in school_people if school_people else evaluation.author is None
    assert VisitEvaluation.objects.filter(side=EvaluationSide.SCHOOL, author=contact).exists()
