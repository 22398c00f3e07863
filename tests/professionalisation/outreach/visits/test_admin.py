"""The admin of Meet the Professor: every changelist opens in a fixed number of queries, a
researcher is added through the service, and the actions (propose with the suggestions shown, mark
held, withdraw) call the services, a refusal being a message that changes nothing."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from professionalisation.models import (
    ResearcherProfile,
    ResearcherUnavailability,
    VisitEvaluation,
    VisitPreferredDate,
    VisitRequest,
    VisitStatus,
)
from tests.factories import StaffUserFactory
from tests.factories.professionalisation_outreach_visits import (
    ResearcherProfileFactory,
    ResearcherUnavailabilityFactory,
    VisitEvaluationFactory,
    VisitPreferredDateFactory,
    VisitRequestFactory,
)
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

BUILD = {
    ResearcherProfile: lambda: ResearcherProfileFactory(regions=[]),
    ResearcherUnavailability: ResearcherUnavailabilityFactory,
    VisitRequest: VisitRequestFactory,
    VisitPreferredDate: VisitPreferredDateFactory,
    VisitEvaluation: VisitEvaluationFactory,
}


@pytest.fixture
def staff(professionalisation_coordinator):
    client = Client(headers={"accept-language": "en"})
    client.force_login(professionalisation_coordinator)
    return client


def url(model, view="changelist", *args):
    return reverse(f"admin:professionalisation_{model._meta.model_name}_{view}", args=args)


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("model", list(BUILD), ids=lambda model: model.__name__)
def test_every_changelist_opens_in_a_fixed_number_of_queries(model, staff, django_assert_max_num_queries):
    BUILD[model]()
    staff.get(url(model))
    with django_assert_max_num_queries(20):
        first = staff.get(url(model))
    for _ in range(49):
        BUILD[model]()
    with django_assert_max_num_queries(20):
        many = staff.get(url(model))
    assert first.status_code == many.status_code == 200
    row = model.objects.first()
    assert staff.get(url(model, "change", row.pk)).status_code == 200


def test_a_researcher_is_added_through_the_service(staff, school_a, professionalisation_coordinator):
    person = StaffUserFactory()
    response = staff.post(
        url(ResearcherProfile, "add"),
        {
            "user": person.pk,
            "discipline": "Sterrenkunde",
            "topics": "planeten, zwarte gaten",
            "languages": "EN, nl",
            "max_visits_per_year": "3",
            "active": "on",
            "regions": [school_a.region.pk],
            "unavailabilities-TOTAL_FORMS": "1",
            "unavailabilities-INITIAL_FORMS": "0",
            "unavailabilities-0-starts_on": "2027-03-01",
            "unavailabilities-0-ends_on": "2027-03-05",
            "unavailabilities-0-note": "Congres",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    researcher = ResearcherProfile.objects.get(user=person)
    assert researcher.languages == "en, nl"
    assert list(researcher.regions.all()) == [school_a.region]
    assert researcher.unavailabilities.get().note == "Congres"
    assert researcher.history.get().history_user == professionalisation_coordinator


def test_a_person_is_in_the_pool_once(staff, pool_researcher):
    with nothing_written(ResearcherProfile):
        response = staff.post(
            url(ResearcherProfile, "add"),
            {
                "user": pool_researcher.user.pk,
                "discipline": "X",
                "languages": "nl",
                "max_visits_per_year": "2",
                "unavailabilities-TOTAL_FORMS": "0",
                "unavailabilities-INITIAL_FORMS": "0",
            },
        )
    assert response.status_code == 200
    assert "This person is in the pool already." in response.content.decode()


def test_a_request_cannot_be_added_or_deleted_in_the_admin(staff, visit):
    with nothing_written(VisitRequest):
        assert staff.post(url(VisitRequest, "add"), {"pupils": "3"}).status_code == 403
        assert staff.post(url(VisitRequest, "delete", visit.pk), {"post": "yes"}).status_code == 403


def test_the_propose_action_shows_the_suggestions_and_proposes(staff, visit, pool_researcher, preferred_day):
    selected = {"action": "propose_action", "_selected_action": [str(visit.pk)]}
    page = staff.post(url(VisitRequest), selected)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Prof. Iris Dekker (7)" in text and "Travels to the school&#x27;s region" in text
    response = staff.post(
        url(VisitRequest),
        {
            **selected,
            "apply": "1",
            "researcher": pool_researcher.pk,
            "date": preferred_day.isoformat(),
            "starts_at": "10:00",
            "ends_at": "11:30",
        },
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PROPOSED and visit.researcher == pool_researcher
    assert timezone.localtime(visit.ends_at).strftime("%H:%M") == "11:30"


def test_the_propose_action_reports_a_refusal(staff, proposed, pool_researcher, preferred_day):
    selected = {"action": "propose_action", "_selected_action": [str(proposed.pk)]}
    with nothing_written(VisitRequest):
        response = staff.post(
            url(VisitRequest),
            {
                **selected,
                "apply": "1",
                "researcher": pool_researcher.pk,
                "date": preferred_day.isoformat(),
                "starts_at": "10:00",
                "ends_at": "11:30",
            },
            follow=True,
        )
    assert any("A researcher can only be proposed" in m for m in messages_of(response))


def test_mark_held_and_withdraw_actions(staff, confirmed, visit):
    VisitRequest.objects.filter(pk=confirmed.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=2), ends_at=timezone.now() - datetime.timedelta(hours=1)
    )
    staff.post(url(VisitRequest), {"action": "mark_held_action", "_selected_action": [confirmed.pk], "apply": "1"})
    assert VisitRequest.objects.get(pk=confirmed.pk).status == VisitStatus.HELD
    other = VisitRequestFactory()
    response = staff.post(
        url(VisitRequest),
        {"action": "withdraw_action", "_selected_action": [confirmed.pk, other.pk], "apply": "1", "reason": "Dubbel"},
        follow=True,
    )
    assert VisitRequest.objects.get(pk=other.pk).status == VisitStatus.WITHDRAWN
    assert VisitRequest.objects.get(pk=confirmed.pk).status == VisitStatus.HELD
    assert any("This request can no longer be withdrawn." in m for m in messages_of(response))


def test_other_staff_cannot_open_the_requests(visit, intake_officer):
    client = Client()
    client.force_login(intake_officer)
    response = client.get(url(VisitRequest))
    assert response.status_code == 403
    assert visit.group_label not in response.content.decode()
