"""The placements admin: offers saved through the services (errors on the form, nothing saved),
placements never added by hand and moved only by the status actions, evaluations read-only,
who may open it, and fixed queries on the changelists."""

import pytest
from django.contrib import messages
from django.contrib.admin.models import LogEntry
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from programmes.models import ApplicationStatus, Evaluation, Placement, PlacementOffer, PlacementStatus
from tests.factories import ApplicationFactory, PathwayFactory, SchoolSubjectFactory
from tests.factories.placements import (
    EvaluationFactory,
    PlacementFactory,
    PlacementOfferFactory,
    PlacementPeriodFactory,
)
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db
ADMITTED = ApplicationStatus.ADMITTED

OFFERS = reverse("admin:programmes_placementoffer_changelist")
OFFER_ADD = reverse("admin:programmes_placementoffer_add")
PLACEMENTS = reverse("admin:programmes_placement_changelist")


@pytest.fixture
def staff_client(client, placement_coordinator):
    client.force_login(placement_coordinator)
    return client


@pytest.fixture
def period():
    return PlacementPeriodFactory()


@pytest.fixture
def subject():
    return SchoolSubjectFactory()


def offer_form(school, period, subject, **changes):
    data = {
        "school": school.pk,
        "subject": subject.pk,
        "period": period.pk,
        "places": 3,
        "days_available": '["tue", "wed"]',
        "paid_job_possible": "",
        "notes": "",
        "is_open": "on",
    }
    data.update(changes)
    return data


def test_offer_added_in_the_admin_goes_through_the_service(
    staff_client, placement_coordinator, school_a, school_a_mentor, period, subject
):
    response = staff_client.post(OFFER_ADD, offer_form(school_a, period, subject, mentors=[school_a_mentor.pk]))
    assert response.status_code == 302, response.context["adminform"].form.errors
    offer = PlacementOffer.objects.unscoped().get()
    assert offer.created_by == placement_coordinator
    assert list(offer.mentors.all()) == [school_a_mentor]
    assert offer.history.count() == 1


def test_offer_with_a_mentor_from_elsewhere_is_a_form_error_and_nothing_is_saved(
    staff_client, school_a, school_b_contact, period, subject
):
    response = staff_client.post(OFFER_ADD, offer_form(school_a, period, subject, mentors=[school_b_contact.pk]))
    assert response.status_code == 200
    form = response.context["adminform"].form
    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        assert form.errors["mentors"] == [gettext("A workplace mentor must work at this school.")]
    assert form.data["places"] == "3"
    assert not PlacementOffer.objects.unscoped().exists()


def test_places_below_those_taken_are_refused(staff_client, period, subject):
    offer = PlacementOfferFactory(period=period, subject=subject, places=2)
    pathway = PathwayFactory(subjects=[subject])
    for _ in range(2):
        trainee = ApplicationFactory(pathway=pathway, subject=subject, status=ADMITTED, complete=False)
        PlacementFactory(offer=offer, trainee=trainee)
    url = reverse("admin:programmes_placementoffer_change", args=[offer.pk])
    response = staff_client.post(url, offer_form(offer.school, period, subject, places=1))
    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors["places"]
    assert "2" in error
    offer.refresh_from_db()
    assert offer.places == 2
    response = staff_client.post(url, offer_form(offer.school, period, subject, places=4))
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.places == 4


def test_an_offer_changed_in_the_admin_leaves_the_services_history_row_and_no_log_entry(
    staff_client, placement_coordinator, period, subject
):
    offer = PlacementOfferFactory(period=period, subject=subject, places=2)
    history = offer.history.count()
    url = reverse("admin:programmes_placementoffer_change", args=[offer.pk])

    response = staff_client.post(url, offer_form(offer.school, period, subject, places=5))

    assert response.status_code == 302
    assert offer.history.count() == history + 1
    latest = offer.history.latest()
    assert (latest.places, latest.history_user) == (5, placement_coordinator)
    assert not LogEntry.objects.exists()


def test_offer_list_shows_places_taken(staff_client, period, subject):
    offer = PlacementOfferFactory(period=period, subject=subject, places=3)
    PlacementFactory(offer=offer)
    response = staff_client.get(OFFERS)
    assert response.status_code == 200
    assert "1 / 3" in response.content.decode()
    assert staff_client.get(OFFERS, {"q": offer.school.brin_code}).status_code == 200


def test_placements_cannot_be_added_in_the_admin(staff_client):
    offer = PlacementOfferFactory()
    trainee = ApplicationFactory(status=ADMITTED, complete=False)
    add_url = reverse("admin:programmes_placement_add")
    assert staff_client.get(add_url).status_code == 403
    with nothing_written(Placement):
        response = staff_client.post(add_url, {"trainee": trainee.pk, "offer": offer.pk, "school": offer.school.pk})
    assert response.status_code == 403
    assert add_url not in staff_client.get(PLACEMENTS).content.decode()


def test_status_actions_call_the_service_and_report_refusals(staff_client, placement_coordinator):
    confirmed = PlacementFactory(status=PlacementStatus.CONFIRMED)
    proposed = PlacementFactory(status=PlacementStatus.PROPOSED)
    proposed_history = proposed.history.count()
    response = staff_client.post(
        PLACEMENTS, {"action": "start_action", "_selected_action": [confirmed.pk, proposed.pk]}, follow=True
    )
    assert response.status_code == 200
    confirmed.refresh_from_db()
    proposed.refresh_from_db()
    assert (confirmed.status, proposed.status) == (PlacementStatus.RUNNING, PlacementStatus.PROPOSED)
    started = confirmed.history.first()
    assert (started.status, started.history_user) == (PlacementStatus.RUNNING, placement_coordinator)
    assert proposed.history.count() == proposed_history
    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        expected = [
            (messages.SUCCESS, gettext("Placements started: %(count)d.") % {"count": 1}),
            (
                messages.ERROR,
                gettext("Not changed: %(rows)s")
                % {"rows": f"{proposed.trainee.reference}: {gettext('Only a confirmed placement can start.')}"},
            ),
        ]
    assert [(message.level, message.message) for message in get_messages(response.wsgi_request)] == expected


def test_placement_status_is_read_only_on_the_change_page(staff_client):
    placement = PlacementFactory()
    url = reverse("admin:programmes_placement_change", args=[placement.pk])
    response = staff_client.get(url)
    assert response.status_code == 200
    assert "status" not in response.context["adminform"].form.fields
    staff_client.post(url, {"workplace_mentor": "", "school_teacher_educator": "", "institute_educator": ""})
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.PROPOSED


def test_evaluations_are_read_only(staff_client):
    evaluation = EvaluationFactory(submitted=True)
    url = reverse("admin:programmes_evaluation_change", args=[evaluation.pk])
    response = staff_client.get(url)
    assert response.status_code == 200
    assert response.context["original"] == evaluation
    assert response.context["has_change_permission"] is False
    assert 'name="_save"' not in response.content.decode()
    with nothing_written(Evaluation):
        assert staff_client.post(url, {"judgement": "", "notes": "changed"}).status_code == 403
        assert staff_client.get(reverse("admin:programmes_evaluation_add")).status_code == 403


@pytest.mark.parametrize("name", ["intake_officer", "researcher"])
def test_other_staff_may_not_open_the_placements_admin(client, persona, name):
    placement = PlacementFactory()
    client.force_login(persona(name))
    for url in (OFFERS, PLACEMENTS):
        response = client.get(url)
        assert response.status_code == 403
        content = response.content.decode()
        assert placement.school.name not in content
        assert placement.trainee.reference not in content


@pytest.mark.parametrize("count", [1, 50])
def test_changelists_run_a_fixed_number_of_queries(staff_client, period, subject, count, django_assert_max_num_queries):
    pathway = PathwayFactory(subjects=[subject])
    for _ in range(count):
        offer = PlacementOfferFactory(period=period, subject=subject)
        trainee = ApplicationFactory(pathway=pathway, subject=subject, status=ADMITTED, complete=False)
        PlacementFactory(offer=offer, trainee=trainee)
    with django_assert_max_num_queries(20):
        assert staff_client.get(OFFERS).status_code == 200
    with django_assert_max_num_queries(20):
        assert staff_client.get(PLACEMENTS).status_code == 200
    assert Placement.objects.unscoped().count() == count
