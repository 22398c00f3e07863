"""Delivering webhooks: the outbox row written with the event, the signed POST after commit, retries
with growing waits when the receiver is down or answers 500, each attempt sent once, switching off
a subscription that keeps failing, and the admin's replay. Time is moved with time_machine and the
rows' next_attempt_at; nothing sleeps."""

import datetime
import json

import pytest
import time_machine
from django.utils import timezone

from iclon.notifications.models import Channel, Notification
from iclon.webhooks import services
from iclon.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from iclon.webhooks.tasks import deliver_webhook_task, purge_webhook_deliveries_task, sweep_webhooks_task
from programmes.intake.services import applications as intake
from tests.factories import ApplicationFactory
from tests.webhooks.conftest import Receiver, closed_port, subscribe, verify

pytestmark = pytest.mark.django_db

S = DeliveryStatus


def publish(django_capture_on_commit_callbacks, event_type="application.submitted", key="k1", **data):
    with django_capture_on_commit_callbacks(execute=True):
        return services.publish(event_type, {"application": 1, **data}, idempotency_key=key)


def at(moment: datetime.datetime):
    return time_machine.travel(moment, tick=False)


# --- publishing and delivering ----------------------------------------------------------------


def test_submitting_an_application_posts_a_signed_event_without_personal_data(
    receiver, subscriber, django_capture_on_commit_callbacks
):
    subscription = subscribe(subscriber, receiver.url, receiver=receiver)
    application = ApplicationFactory(first_name="Aylin")

    with django_capture_on_commit_callbacks(execute=True):
        intake.application_submit(application=application, actor=application.applicant)

    (request,) = receiver.requests
    assert request["signed"] is True
    assert request["path"] == "/hooks/iclon"
    assert request["headers"]["content-type"] == "application/json"
    assert request["headers"]["webhook-signature"].startswith("v1,")
    event = request["json"]
    assert set(event) == {"id", "type", "created_at", "data"}
    assert event["type"] == "application.submitted"
    assert event["id"] == request["headers"]["webhook-id"]
    assert event["data"]["application"] == application.pk
    assert event["data"]["reference"] == application.reference
    assert event["data"]["status"] == "submitted"
    assert event["data"]["url"].endswith(f"/api/v1/applications/{application.pk}/")
    body = request["body"].decode()
    for personal in ("Aylin", application.full_name, application.applicant.email, application.applicant.full_name):
        assert personal not in body
    delivery = WebhookDelivery.objects.get(subscription=subscription)
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (S.DELIVERED, 1, 204)
    assert delivery.last_response_ms is not None and delivery.delivered_at is not None
    assert str(delivery.event_id) == event["id"]


def test_only_active_subscriptions_to_the_event_get_a_row(subscriber, django_capture_on_commit_callbacks):
    port = closed_port()
    wanted = subscribe(subscriber, f"http://127.0.0.1:{port}/a")
    subscribe(subscriber, f"http://127.0.0.1:{port}/b", event_types=["placement.confirmed"])
    off = subscribe(subscriber, f"http://127.0.0.1:{port}/c")
    WebhookSubscription.objects.filter(pk=off.pk).update(active=False)

    rows = publish(django_capture_on_commit_callbacks)

    assert [row.subscription_id for row in rows] == [wanted.pk]


def test_the_same_event_published_twice_is_one_row_and_one_post(
    receiver, subscriber, django_capture_on_commit_callbacks
):
    subscribe(subscriber, receiver.url, receiver=receiver)
    first = publish(django_capture_on_commit_callbacks, key="transition:5")
    again = publish(django_capture_on_commit_callbacks, key="transition:5")

    assert [row.pk for row in again] == [row.pk for row in first]
    assert WebhookDelivery.objects.count() == 1
    assert len(receiver.requests) == 1


def test_an_unknown_event_type_is_a_programming_error():
    with pytest.raises(LookupError):
        services.publish("application.lost", {}, idempotency_key="x")


def test_a_rolled_back_transaction_sends_nothing(receiver, subscriber, django_capture_on_commit_callbacks):
    subscribe(subscriber, receiver.url, receiver=receiver)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.publish("application.submitted", {"application": 1}, idempotency_key="k")
    # The callbacks are not run (as after a rollback): nothing is posted before the commit.
    assert len(callbacks) == 1
    assert receiver.requests == []


def test_the_task_run_twice_sends_the_attempt_once(receiver, subscriber):
    subscription = subscribe(subscriber, receiver.url, receiver=receiver)
    (delivery,) = services.publish("application.submitted", {"application": 1}, idempotency_key="k")  # not committed

    assert deliver_webhook_task.delay(delivery.pk).get() == S.DELIVERED
    assert deliver_webhook_task.delay(delivery.pk).get() is None

    assert len(receiver.requests) == 1
    assert WebhookDelivery.objects.get(subscription=subscription).attempts == 1


# --- retries ----------------------------------------------------------------------------------


def test_a_receiver_that_is_down_is_retried_with_growing_waits_until_it_is_up(
    subscriber, django_capture_on_commit_callbacks
):
    port = closed_port()
    subscription = subscribe(subscriber, f"http://127.0.0.1:{port}/hooks/iclon")
    start = timezone.now()
    with at(start):
        (delivery,) = publish(django_capture_on_commit_callbacks)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (S.FAILED, 1, None)
    assert "Connection" in delivery.last_error or "refused" in delivery.last_error.lower()
    waits = [delivery.next_attempt_at - start]

    # Not due yet: the sweep leaves it alone.
    with at(delivery.next_attempt_at - datetime.timedelta(seconds=1)):
        sweep_webhooks_task.delay().get()
    delivery.refresh_from_db()
    assert delivery.attempts == 1

    for attempt in (2, 3):
        due = delivery.next_attempt_at
        with at(due):
            sweep_webhooks_task.delay().get()
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts) == (S.FAILED, attempt)
        waits.append(delivery.next_attempt_at - due)
    assert waits[0] < waits[1] < waits[2]
    assert datetime.timedelta(seconds=48) <= waits[0] <= datetime.timedelta(seconds=72)
    assert WebhookSubscription.objects.get(pk=subscription.pk).failing_since is not None

    receiver = Receiver(port=port)
    receiver.secret = subscription.secret
    try:
        with at(delivery.next_attempt_at):
            sweep_webhooks_task.delay().get()
    finally:
        receiver.close()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (S.DELIVERED, 4, 204)
    assert [request["signed"] for request in receiver.requests] == [True]
    assert WebhookSubscription.objects.get(pk=subscription.pk).failing_since is None


def test_a_500_is_retried_and_then_delivered(receiver, subscriber, django_capture_on_commit_callbacks):
    subscribe(subscriber, receiver.url, receiver=receiver)
    receiver.status = 500
    (delivery,) = publish(django_capture_on_commit_callbacks)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.last_status_code) == (S.FAILED, 500)
    assert delivery.last_error.startswith("HTTP 500")

    receiver.status = 200
    with at(delivery.next_attempt_at):
        sweep_webhooks_task.delay().get()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code, delivery.last_error) == (
        S.DELIVERED,
        2,
        200,
        "",
    )
    assert len(receiver.requests) == 2
    # Every attempt carries the same event id, for the receiver to drop duplicates.
    assert len({request["headers"]["webhook-id"] for request in receiver.requests}) == 1


def test_a_redirect_is_not_followed(receiver, subscriber, django_capture_on_commit_callbacks):
    subscribe(subscriber, receiver.url, receiver=receiver)
    receiver.status = 302
    (delivery,) = publish(django_capture_on_commit_callbacks)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.last_status_code) == (S.FAILED, 302)
    assert len(receiver.requests) == 1


def test_a_delivery_gives_up_after_the_last_attempt(receiver, subscriber, settings, django_capture_on_commit_callbacks):
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    subscribe(subscriber, receiver.url, receiver=receiver)
    receiver.status = 503
    (delivery,) = publish(django_capture_on_commit_callbacks)
    delivery.refresh_from_db()
    with at(delivery.next_attempt_at):
        sweep_webhooks_task.delay().get()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (S.GAVE_UP, 2)
    with at(delivery.next_attempt_at + datetime.timedelta(days=1)):
        sweep_webhooks_task.delay().get()
    assert len(receiver.requests) == 2


def test_a_row_stuck_in_sending_is_sent_again_by_the_sweep(receiver, subscriber):
    subscribe(subscriber, receiver.url, receiver=receiver)
    (delivery,) = services.publish("application.submitted", {"application": 1}, idempotency_key="k")
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(status=S.SENDING, claimed_at=long_ago, attempts=1)

    assert sweep_webhooks_task.delay().get()["stuck"] == 1

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (S.DELIVERED, 2)


def test_the_nightly_purge_deletes_finished_deliveries_older_than_the_log_keeps_and_nothing_else(subscriber, settings):
    settings.WEBHOOK_DELIVERY_KEEP_DAYS = 90
    subscription = subscribe(subscriber, "https://hooks.example.org/iclon")
    now = timezone.now()

    def delivery(status, days_ago):
        row = WebhookDelivery.objects.create(
            subscription=subscription, event_type="application.submitted", payload={}, next_attempt_at=now
        )
        WebhookDelivery.objects.filter(pk=row.pk).update(
            status=status, updated_at=now - datetime.timedelta(days=days_ago)
        )
        return row.pk

    old_delivered, old_gave_up = delivery(S.DELIVERED, 91), delivery(S.GAVE_UP, 91)
    kept = {
        delivery(S.DELIVERED, 89),  # within the 90 days
        delivery(S.GAVE_UP, 10),
        delivery(S.FAILED, 200),  # the outbox: still to be retried, whatever its age
        delivery(S.PENDING, 200),
        delivery(S.SENDING, 200),
    }

    assert purge_webhook_deliveries_task.delay().get() == 2

    assert set(WebhookDelivery.objects.values_list("pk", flat=True)) == kept
    assert not WebhookDelivery.objects.filter(pk__in=[old_delivered, old_gave_up]).exists()
    assert purge_webhook_deliveries_task.delay().get() == 0
    assert "iclon.webhooks.tasks.purge_webhook_deliveries_task" in {
        entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()
    }


# --- switching off a subscription that keeps failing -----------------------------------------


def test_a_subscription_failing_for_longer_than_the_limit_is_switched_off_and_its_owner_told(
    subscriber, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_DISABLE_AFTER_DAYS = 3
    subscription = subscribe(subscriber, f"http://127.0.0.1:{closed_port()}/hook", name="Intake feed")
    failing_since = timezone.now() - datetime.timedelta(days=3, minutes=1)
    WebhookSubscription.objects.filter(pk=subscription.pk).update(failing_since=failing_since)
    waiting = WebhookDelivery.objects.create(
        subscription=subscription, event_type="application.submitted", payload={}, next_attempt_at=timezone.now()
    )
    WebhookDelivery.objects.filter(pk=waiting.pk).update(
        status=S.FAILED, next_attempt_at=timezone.now() + datetime.timedelta(hours=1)
    )

    publish(django_capture_on_commit_callbacks, key="another")

    subscription.refresh_from_db()
    assert subscription.active is False
    assert subscription.disabled_at is not None
    assert "3 days" in subscription.disabled_reason
    assert WebhookDelivery.objects.get(pk=waiting.pk).status == S.GAVE_UP
    (in_app,) = Notification.objects.filter(
        recipient=subscriber, category=services.DISABLED_CATEGORY, channel=Channel.IN_APP
    )
    assert in_app.url == f"/admin/webhooks/webhooksubscription/{subscription.pk}/change/"
    assert in_app.params["name"] == "Intake feed"
    assert Notification.objects.filter(recipient=subscriber, channel=Channel.EMAIL).count() == 1
    # Switched off: a new event writes nothing for it.
    assert publish(django_capture_on_commit_callbacks, key="third") == []


def test_a_subscription_failing_for_less_than_the_limit_stays_on(subscriber, django_capture_on_commit_callbacks):
    subscription = subscribe(subscriber, f"http://127.0.0.1:{closed_port()}/hook")
    WebhookSubscription.objects.filter(pk=subscription.pk).update(
        failing_since=timezone.now() - datetime.timedelta(days=2, hours=23)
    )
    publish(django_capture_on_commit_callbacks)
    subscription.refresh_from_db()
    assert subscription.active is True
    assert not Notification.objects.filter(category=services.DISABLED_CATEGORY).exists()


def test_switching_on_again_clears_the_switch_off(subscriber):
    subscription = subscribe(subscriber, "https://hooks.example.org/iclon")
    WebhookSubscription.objects.filter(pk=subscription.pk).update(
        active=False, disabled_at=timezone.now(), disabled_reason="failed", failing_since=timezone.now()
    )
    services.subscription_enable(subscription=subscription, actor=subscriber)
    subscription.refresh_from_db()
    assert (subscription.active, subscription.disabled_at, subscription.disabled_reason) == (True, None, "")
    assert subscription.failing_since is None


# --- signatures -------------------------------------------------------------------------------


def test_the_signature_verifies_and_a_tampered_body_or_another_secret_does_not(receiver, subscriber):
    subscription = subscribe(subscriber, receiver.url, receiver=receiver)
    (delivery,) = services.publish("application.submitted", {"application": 1}, idempotency_key="k")
    body = services.body_of(delivery)
    timestamp = int(timezone.now().timestamp())
    headers = services.headers_for(delivery, body, timestamp=timestamp)

    assert verify(subscription.secret, headers, body)
    assert services.signature_verify(secret=subscription.secret, headers=headers, body=body)
    tampered = body.replace(b'"application":1', b'"application":2')
    assert tampered != body
    assert not verify(subscription.secret, headers, tampered)
    assert not services.signature_verify(secret=subscription.secret, headers=headers, body=tampered)
    other = services.secret_generate()
    assert not services.signature_verify(secret=other, headers=headers, body=body)
    stale = services.headers_for(delivery, body, timestamp=timestamp - 3600)
    assert not services.signature_verify(secret=subscription.secret, headers=stale, body=body)
    assert json.loads(body)["id"] == headers["webhook-id"]


def test_a_secret_has_the_standard_webhooks_form():
    secret = services.secret_generate()
    assert secret.startswith("whsec_")
    assert secret != services.secret_generate()


# --- the admin --------------------------------------------------------------------------------

DELIVERIES = "/admin/webhooks/webhookdelivery/"
SUBSCRIPTIONS = "/admin/webhooks/webhooksubscription/"


def test_replay_from_the_admin_sends_the_delivery_again(
    client, administrator, receiver, subscriber, django_capture_on_commit_callbacks
):
    subscribe(subscriber, receiver.url, receiver=receiver)
    (delivery,) = publish(django_capture_on_commit_callbacks)
    assert len(receiver.requests) == 1

    client.force_login(administrator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(DELIVERIES, {"action": "replay", "_selected_action": [delivery.pk]})

    assert response.status_code == 302
    assert len(receiver.requests) == 2
    assert receiver.requests[0]["headers"]["webhook-id"] == receiver.requests[1]["headers"]["webhook-id"]
    assert all(request["signed"] for request in receiver.requests)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (S.DELIVERED, 2)


def test_the_admin_lists_deliveries_with_filters_and_never_shows_the_secret(
    client, administrator, receiver, subscriber, django_capture_on_commit_callbacks
):
    subscription = subscribe(subscriber, receiver.url, receiver=receiver)
    publish(django_capture_on_commit_callbacks)
    client.force_login(administrator)

    listed = client.get(DELIVERIES, {"status__exact": S.DELIVERED})
    assert listed.status_code == 200
    assert len(listed.context["cl"].result_list) == 1
    for url in (SUBSCRIPTIONS, f"{SUBSCRIPTIONS}{subscription.pk}/change/"):
        page = client.get(url)
        assert page.status_code == 200
        assert subscription.secret not in page.content.decode()


def test_the_admin_sends_a_test_event_and_switches_a_subscription_on(
    client, administrator, receiver, subscriber, django_capture_on_commit_callbacks
):
    subscription = subscribe(subscriber, receiver.url, receiver=receiver)
    WebhookSubscription.objects.filter(pk=subscription.pk).update(active=False, disabled_at=timezone.now())
    client.force_login(administrator)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(SUBSCRIPTIONS, {"action": "send_test", "_selected_action": [subscription.pk]})
        client.post(SUBSCRIPTIONS, {"action": "enable", "_selected_action": [subscription.pk]})

    (request,) = receiver.requests
    assert request["json"]["type"] == "webhook.test" and request["signed"]
    assert WebhookSubscription.objects.get(pk=subscription.pk).active is True


def test_the_admin_refuses_a_private_url(client, administrator, subscriber):
    subscription = subscribe(subscriber, "https://hooks.example.org/iclon")
    client.force_login(administrator)
    response = client.post(f"{SUBSCRIPTIONS}{subscription.pk}/change/", {"name": "Hook", "url": "https://10.0.0.5/"})
    assert response.status_code == 200  # the form again, with the error
    assert WebhookSubscription.objects.get(pk=subscription.pk).url == "https://hooks.example.org/iclon"
