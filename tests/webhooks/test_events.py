"""The programmes' events reach the subscribers: a school confirming a placement and placement
staff cancelling it publish placement.confirmed and placement.cancelled (ids and references only);
an application decided publishes application.decided."""

import pytest

from iclon.webhooks.models import DeliveryStatus, WebhookDelivery
from programmes.intake.services import applications as intake
from programmes.models import ApplicationStatus
from programmes.placements import services as placements
from tests.factories import ApplicationFactory, PlacementFactory
from tests.webhooks.conftest import subscribe

pytestmark = pytest.mark.django_db


def test_confirming_and_cancelling_a_placement_are_published(
    receiver, subscriber, school_a, school_a_contact, placement_coordinator, django_capture_on_commit_callbacks
):
    subscribe(subscriber, receiver.url, ["placement.confirmed", "placement.cancelled"], receiver=receiver)
    placement = PlacementFactory(offer__school=school_a, school=school_a)

    with django_capture_on_commit_callbacks(execute=True):
        placements.placement_confirm(placement=placement, actor=school_a_contact)
    with django_capture_on_commit_callbacks(execute=True):
        placements.placement_cancel(placement=placement, actor=placement_coordinator, reason="Moved abroad")

    assert [request["json"]["type"] for request in receiver.requests] == ["placement.confirmed", "placement.cancelled"]
    assert all(request["signed"] for request in receiver.requests)
    data = receiver.requests[1]["json"]["data"]
    assert data["placement"] == placement.pk
    assert data["status"] == "cancelled"
    assert data["school"] == school_a.code
    assert data["reference"] == placement.trainee.reference
    assert data["url"].endswith(f"/api/v1/placements/{placement.pk}/")
    assert "Moved abroad" not in receiver.requests[1]["body"].decode()
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {DeliveryStatus.DELIVERED}


def test_a_decision_is_published_once(receiver, subscriber, intake_officer, django_capture_on_commit_callbacks):
    subscribe(subscriber, receiver.url, ["application.decided"], receiver=receiver)
    application = ApplicationFactory(status=ApplicationStatus.IN_REVIEW)

    with django_capture_on_commit_callbacks(execute=True):
        intake.application_transition(
            application=application, to_status=ApplicationStatus.REJECTED, actor=intake_officer, reason="Not related"
        )

    (request,) = receiver.requests
    assert request["json"]["type"] == "application.decided"
    assert request["json"]["data"]["status"] == "rejected"
    assert request["json"]["data"]["previous_status"] == "in_review"
    assert "Not related" not in request["body"].decode()
