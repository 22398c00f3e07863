"""Who sees which visit requests (the one scoping rule), and the coordinator's suggestions of
researchers with their reasons, in a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from professionalisation.models import VisitStatus
from professionalisation.outreach.selectors import visits as selectors
from professionalisation.outreach.services import visits as services
from tests.factories import EducationRegionFactory, SchoolFactory, StaffUserFactory
from tests.factories.professionalisation_outreach_visits import (
    ResearcherProfileFactory,
    ResearcherUnavailabilityFactory,
    VisitRequestFactory,
)
from tests.professionalisation.outreach.visits.conftest import at

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("professionalisation_coordinator", {"a", "b", "proposed"}),
        ("administrator", {"a", "b", "proposed"}),
        ("school_a_contact", {"a", "proposed"}),
        ("school_a_mentor", {"a", "proposed"}),
        ("lead_school_contact", {"a", "proposed"}),  # the partnership's lead school sees its schools
        ("school_b_contact", {"b"}),
        ("researcher_user", {"proposed"}),
        ("intake_officer", set()),
        ("researcher", set()),  # research staff who are not in the pool
        ("outsider", set()),
        ("applicant", set()),
        ("anonymous", set()),
    ],
)
def test_who_sees_which_requests(people, who, sees, visit, proposed, school_b):
    rows = {
        "a": VisitRequestFactory(school=visit.school),
        "b": VisitRequestFactory(school=school_b),
        "proposed": proposed,
    }
    visible = set(selectors.visit_list_for_user(people(who)).values_list("pk", flat=True))
    assert visible == {rows[name].pk for name in sees}


def test_a_researcher_who_declined_no_longer_sees_the_request(proposed, researcher_user):
    services.visit_researcher_answer(visit=proposed, accept=False, actor=researcher_user, reason="Geen tijd")
    assert not selectors.visit_list_for_user(researcher_user).exists()


@pytest.mark.parametrize(
    ("who", "count"),
    [
        ("professionalisation_coordinator", 1),
        ("administrator", 1),
        ("school_a_contact", 0),
        ("researcher_user", 0),
        ("outsider", 0),
        ("anonymous", 0),
    ],
)
def test_only_coordinators_see_the_pool(people, who, count, pool_researcher):
    assert selectors.researcher_list_for_user(people(who)).count() == count


def _codes(suggestion) -> set[str]:
    return {reason.code for reason in suggestion.reasons}


def test_the_suggestions_give_each_reason(visit, pool_researcher, preferred_day):
    """The best fit travels to the region, knows the topic and is free; the others lack one thing each."""
    far = ResearcherProfileFactory(
        user=StaffUserFactory(full_name="Far"), regions=[EducationRegionFactory()], topics="dinosaurussen"
    )
    off_topic = ResearcherProfileFactory(
        user=StaffUserFactory(full_name="Off topic"),
        regions=[visit.school.region],
        topics="recht",
        discipline="Rechten",
    )
    away = ResearcherProfileFactory(user=StaffUserFactory(full_name="Away"), regions=[visit.school.region])
    ResearcherUnavailabilityFactory(researcher=away, starts_on=preferred_day, ends_on=preferred_day)
    busy = ResearcherProfileFactory(user=StaffUserFactory(full_name="Busy"), regions=[visit.school.region])
    VisitRequestFactory(
        status=VisitStatus.CONFIRMED, researcher=busy, starts_at=at(preferred_day, 13), ends_at=at(preferred_day, 14)
    )
    full = ResearcherProfileFactory(
        user=StaffUserFactory(full_name="Full"), regions=[visit.school.region], max_visits_per_year=1
    )
    VisitRequestFactory(
        status=VisitStatus.HELD,
        researcher=full,
        school=visit.school,
        starts_at=timezone.now() - datetime.timedelta(days=1),
        ends_at=timezone.now() - datetime.timedelta(hours=20),
    )
    declined = ResearcherProfileFactory(user=StaffUserFactory(full_name="Declined"), regions=[visit.school.region])
    visit.declined_by.add(declined)
    ResearcherProfileFactory(user=StaffUserFactory(full_name="Inactive"), active=False)

    suggestions = selectors.researcher_suggestions(visit)
    by = {s.researcher.pk: s for s in suggestions}
    assert suggestions[0].researcher == pool_researcher
    assert declined.pk not in by and len(by) == 6
    assert _codes(by[pool_researcher.pk]) == {"topic", "free", "region", "cap", "new_school"}
    assert by[pool_researcher.pk].score == 3 + 2 + 1 + 1
    assert by[pool_researcher.pk].free_dates == [preferred_day]
    assert _codes(by[far.pk]) == {"topic", "free", "no_region", "cap", "new_school"}
    assert _codes(by[off_topic.pk]) == {"no_topic", "free", "region", "cap", "new_school"}
    assert _codes(by[away.pk]) == {"topic", "not_free", "region", "cap", "new_school"}
    assert _codes(by[busy.pk]) >= {"not_free"}
    assert by[busy.pk].visits_this_year == (1 if preferred_day.year == timezone.localdate().year else 0)
    full_suggestion = by[full.pk]
    if full_suggestion.visits_this_year:  # the visit of yesterday counts in this calendar year
        assert "cap_reached" in _codes(full_suggestion)
        assert suggestions[-1].researcher == full
    assert "school_visits" in _codes(full_suggestion) and full_suggestion.visits_at_school == 1
    texts = [reason.text for reason in by[pool_researcher.pk].reasons]
    assert any("dinosaurussen" in text for text in texts)


def test_the_suggestions_take_a_fixed_number_of_queries(visit, django_assert_max_num_queries):
    ResearcherProfileFactory(regions=[visit.school.region])
    with CaptureQueriesContext(connection) as one:
        assert len(selectors.researcher_suggestions(visit)) == 1
    for n in range(49):
        researcher = ResearcherProfileFactory(regions=[visit.school.region, EducationRegionFactory()])
        ResearcherUnavailabilityFactory(researcher=researcher)
        VisitRequestFactory(
            status=VisitStatus.ACCEPTED,
            researcher=researcher,
            starts_at=at(timezone.localdate() + datetime.timedelta(days=30 + n)),
            ends_at=at(timezone.localdate() + datetime.timedelta(days=30 + n), 11),
        )
    visit = type(visit).objects.get(pk=visit.pk)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(selectors.researcher_suggestions(visit)) == 50
    assert len(one.captured_queries) <= 4


def test_the_list_takes_a_fixed_number_of_queries(professionalisation_coordinator, django_assert_max_num_queries):
    VisitRequestFactory()
    with CaptureQueriesContext(connection) as one:
        list(selectors.visit_list_for_user(professionalisation_coordinator))
    school = SchoolFactory()
    for _n in range(49):
        VisitRequestFactory(
            school=school,
            researcher=ResearcherProfileFactory(),
            status=VisitStatus.PROPOSED,
            starts_at=at(timezone.localdate() + datetime.timedelta(days=40)),
            ends_at=at(timezone.localdate() + datetime.timedelta(days=40), 12),
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(list(selectors.visit_list_for_user(professionalisation_coordinator))) == 50
