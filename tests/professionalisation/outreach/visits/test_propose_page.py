"""The coordinator proposes a researcher on the request's page: the suggestions are the choices, best
first, with the best one's first free preferred date filled in; a valid post asks the researcher
(the service's e-mail and history), a wrong one shows the page again with the error and what was
chosen, and nobody but a coordinator may post it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from iclon.notifications.models import Channel, Notification
from professionalisation.models import VisitRequest, VisitStatus
from professionalisation.outreach.models.visits import VISIT_ZONE
from professionalisation.outreach.notifications.visits import VISIT_PROPOSAL
from professionalisation.outreach.services import visits as services
from tests.factories import StaffUserFactory
from tests.factories.professionalisation_outreach_visits import (
    ResearcherProfileFactory,
    ResearcherUnavailabilityFactory,
)
from tests.professionalisation.outreach.visits.test_views import client_for, detail, move
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db


def proposal(researcher, day, start="10:00", end="11:30"):
    return {"researcher": str(researcher.pk), "date": day.isoformat(), "starts_at": start, "ends_at": end}


def test_the_page_offers_the_suggestions_best_first_with_a_free_date(
    visit, pool_researcher, preferred_day, professionalisation_coordinator
):
    ResearcherProfileFactory(user=StaffUserFactory(full_name="Prof. Otto Vos"), topics="courts")
    response = client_for(professionalisation_coordinator).get(detail(visit))
    form = response.context["propose_form"]
    assert [choice for choice, _label in form.fields["researcher"].choices][0] == pool_researcher.pk
    assert form.initial == {"researcher": pool_researcher.pk, "date": preferred_day}
    page = response.content.decode()
    assert f'for="id_researcher_0">Propose {pool_researcher}</label>' in page
    assert "Propose the researcher chosen" in page


def test_a_valid_proposal_asks_the_researcher(visit, pool_researcher, preferred_day, professionalisation_coordinator):
    response = client_for(professionalisation_coordinator).post(
        move(visit, "propose"), proposal(pool_researcher, preferred_day)
    )
    assert response.status_code == 302 and response["Location"] == detail(visit)
    visit.refresh_from_db()
    assert (visit.status, visit.researcher) == (VisitStatus.PROPOSED, pool_researcher)
    assert visit.starts_at.astimezone(VISIT_ZONE).hour == 10 and (
        visit.ends_at - visit.starts_at
    ) == datetime.timedelta(minutes=90)
    asked = Notification.objects.filter(channel=Channel.EMAIL, category=VISIT_PROPOSAL)
    assert list(asked.values_list("recipient", flat=True)) == [pool_researcher.user.pk]
    assert visit.history.first().history_user == professionalisation_coordinator


@pytest.mark.parametrize(
    "change, field",
    [
        ({"ends_at": "09:00"}, "ends_at"),
        ({"date": ""}, "date"),
        ({"researcher": "999999"}, "researcher"),
        ({"starts_at": "25:00"}, "starts_at"),
    ],
)
def test_a_wrong_proposal_is_shown_again_with_its_error(
    visit, pool_researcher, preferred_day, professionalisation_coordinator, change, field
):
    data = {**proposal(pool_researcher, preferred_day), **change}
    with nothing_written(VisitRequest):
        response = client_for(professionalisation_coordinator).post(move(visit, "propose"), data)
    assert response.status_code == 400
    assert response.context["propose_form"].errors[field]
    assert VisitRequest.objects.get(pk=visit.pk).status == VisitStatus.REQUESTED


def test_the_services_refusal_is_shown_on_the_form(
    visit, pool_researcher, preferred_day, professionalisation_coordinator
):
    ResearcherUnavailabilityFactory(researcher=pool_researcher, starts_on=preferred_day, ends_on=preferred_day)
    with nothing_written(VisitRequest):
        response = client_for(professionalisation_coordinator).post(
            move(visit, "propose"), proposal(pool_researcher, preferred_day)
        )
    assert response.status_code == 409
    errors = response.context["propose_form"].non_field_errors()
    assert errors == ["The researcher is not available on that day."]
    assert response.context["propose_form"]["date"].value() == preferred_day.isoformat()


def test_a_past_moment_is_refused_on_the_start_time(visit, pool_researcher, professionalisation_coordinator):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client_for(professionalisation_coordinator).post(
        move(visit, "propose"), proposal(pool_researcher, yesterday)
    )
    assert response.status_code == 400
    assert response.context["propose_form"].errors["starts_at"] == ["The visit must lie in the future."]


@pytest.mark.parametrize("who", ["anonymous", "school_a_contact", "researcher_user", "intake_officer", "outsider"])
def test_only_a_coordinator_may_propose(people, who, visit, pool_researcher, preferred_day):
    with nothing_written(VisitRequest):
        response = client_for(people(who)).post(move(visit, "propose"), proposal(pool_researcher, preferred_day))
    if who == "anonymous":
        assert response.status_code == 302 and reverse("account_login") in response["Location"]
    else:
        assert response.status_code == 404
    page = client_for(people(who)).get(detail(visit))
    assert page.status_code != 200 or page.context["propose_form"] is None


def test_a_request_proposed_already_is_refused(visit, pool_researcher, preferred_day, professionalisation_coordinator):
    services.visit_propose(
        visit=visit,
        researcher=pool_researcher,
        starts_at=datetime.datetime.combine(preferred_day, datetime.time(9), tzinfo=datetime.UTC),
        actor=professionalisation_coordinator,
    )
    response = client_for(professionalisation_coordinator).post(
        move(visit, "propose"), proposal(pool_researcher, preferred_day)
    )
    assert response.status_code == 409
    assert "waiting for one" in response.content.decode()
    assert VisitRequest.objects.get(pk=visit.pk).researcher == pool_researcher
