"""One way to cancel a placement (`placement_cancel`): the admin's cancel action and a trainee's
withdrawal both go through it; it checks the state, tells the school and the trainee, and writes
the history row. The admin's complete action goes through `placement_set_status`."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django_scopes import scopes_disabled

from iclon.core.errors import Conflict, NotAllowed
from iclon.notifications.models import Notification
from programmes.intake.services import applications as intake
from programmes.models import Evaluation, Placement, PlacementStatus
from programmes.placements import services as placements
from tests.factories.placements import EvaluationFactory, PlacementFactory

pytestmark = pytest.mark.django_db
PLACEMENTS = reverse("admin:programmes_placement_changelist")
S = PlacementStatus


@pytest.fixture
def staff_client(client, placement_coordinator):
    client.force_login(placement_coordinator)
    return client


@pytest.fixture(autouse=True)
def _english_recipients(school_a_contact):
    # The e-mails are rendered in each recipient's language; the admin's messages are in Dutch,
    # the portal's default language.
    school_a_contact.language = "en"
    school_a_contact.save(update_fields=["language"])


def english(placement):
    placement.trainee.applicant.language = "en"
    placement.trainee.applicant.save(update_fields=["language"])
    return placement


def cancel_keys(placement):
    return set(
        Notification.objects.filter(
            idempotency_key__startswith=f"programmes.placement:cancelled:{placement.pk}:"
        ).values_list("idempotency_key", flat=True)
    )


def latest_history(placement):
    with scopes_disabled():
        return Placement.history.filter(id=placement.pk).order_by("-history_id").first()


def test_the_admins_cancel_action_tells_the_school_and_the_trainee_and_writes_history(
    staff_client, placement_coordinator, school_a, school_a_contact
):
    placement = english(PlacementFactory(status=S.CONFIRMED, offer__school=school_a, school=school_a))

    response = staff_client.post(
        PLACEMENTS, {"action": "cancel_action", "_selected_action": [placement.pk]}, follow=True
    )

    with scopes_disabled():
        placement.refresh_from_db()
    assert placement.status == S.CANCELLED
    assert placements.places_taken(placement.offer) == 0
    assert cancel_keys(placement) == {
        f"programmes.placement:cancelled:{placement.pk}:{school_a_contact.pk}",
        f"programmes.placement:cancelled:{placement.pk}:trainee",
    }
    to_trainee = Notification.objects.get(
        idempotency_key=f"programmes.placement:cancelled:{placement.pk}:trainee", channel="email"
    )
    assert to_trainee.recipient == placement.trainee.applicant
    assert "ICLON has cancelled your placement" in to_trainee.body_text
    history = latest_history(placement)
    assert (history.status, history.history_user) == (S.CANCELLED, placement_coordinator)
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Stages geannuleerd: 1."]


def test_the_admins_cancel_action_refuses_a_completed_placement_and_changes_nothing(staff_client):
    placement = PlacementFactory(status=S.COMPLETED)
    before = latest_history(placement).history_id

    response = staff_client.post(
        PLACEMENTS, {"action": "cancel_action", "_selected_action": [placement.pk]}, follow=True
    )

    with scopes_disabled():
        placement.refresh_from_db()
    assert placement.status == S.COMPLETED
    assert latest_history(placement).history_id == before
    assert not cancel_keys(placement)
    (message,) = [str(m) for m in get_messages(response.wsgi_request)]
    assert message == f"Niet gewijzigd: {placement.trainee.reference}: Deze stage kan niet meer worden geannuleerd."


def test_the_admins_complete_action_completes_a_running_placement_with_its_final_evaluations(staff_client):
    placement = PlacementFactory(status=S.RUNNING)
    EvaluationFactory(placement=placement, moment=Evaluation.Moment.FINAL, submitted=True)

    response = staff_client.post(
        PLACEMENTS, {"action": "complete_action", "_selected_action": [placement.pk]}, follow=True
    )

    with scopes_disabled():
        placement.refresh_from_db()
    assert placement.status == S.COMPLETED
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Stages afgerond: 1."]


def test_the_admins_complete_action_waits_for_the_final_evaluations(staff_client):
    placement = PlacementFactory(status=S.RUNNING)
    EvaluationFactory(placement=placement, moment=Evaluation.Moment.FINAL)  # not written yet

    response = staff_client.post(
        PLACEMENTS, {"action": "complete_action", "_selected_action": [placement.pk]}, follow=True
    )

    with scopes_disabled():
        placement.refresh_from_db()
    assert placement.status == S.RUNNING
    (message,) = [str(m) for m in get_messages(response.wsgi_request)]
    assert message == (f"Niet gewijzigd: {placement.trainee.reference}: Eerst moeten de eindevaluaties zijn ingediend.")


def test_a_withdrawal_cancels_through_the_same_service_and_tells_the_trainee_too(school_a, school_a_contact):
    placement = PlacementFactory(status=S.PROPOSED, offer__school=school_a, school=school_a)
    applicant = placement.trainee.applicant

    intake.application_withdraw(application=placement.trainee, actor=applicant, reason="Andere baan")

    with scopes_disabled():
        placement.refresh_from_db()
    assert placement.status == S.CANCELLED
    assert placement.decline_reason == "De student heeft zich teruggetrokken uit de opleiding."  # in Dutch, the default
    assert cancel_keys(placement) == {
        f"programmes.placement:cancelled:{placement.pk}:{school_a_contact.pk}",
        f"programmes.placement:cancelled:{placement.pk}:trainee",
    }
    to_school = Notification.objects.get(
        idempotency_key=f"programmes.placement:cancelled:{placement.pk}:{school_a_contact.pk}", channel="email"
    )
    assert "withdrawn from the programme" in to_school.body_text
    history = latest_history(placement)
    assert (history.status, history.history_user) == (S.CANCELLED, applicant)


def test_only_placement_staff_may_cancel(school_a, school_a_contact):
    placement = PlacementFactory(status=S.CONFIRMED, offer__school=school_a, school=school_a)

    with pytest.raises(NotAllowed):
        placements.placement_cancel(placement=placement, actor=school_a_contact)

    with scopes_disabled():
        placement.refresh_from_db()
    assert placement.status == S.CONFIRMED
    assert not cancel_keys(placement)


def test_a_cancelled_placement_cannot_be_cancelled_again(placement_coordinator):
    placement = PlacementFactory(status=S.CANCELLED)

    with pytest.raises(Conflict):
        placements.placement_cancel(placement=placement, actor=placement_coordinator)
    assert not cancel_keys(placement)
