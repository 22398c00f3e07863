"""The webhooks API: who may subscribe (a permission table), the secret shown once, owners see only
their own, the deliveries list in a fixed number of queries, the test event, and the URL guard
(SSRF) that refuses private targets with a clear message and writes nothing."""

import pytest
from django.utils import timezone, translation

from iclon.webhooks.models import WebhookDelivery, WebhookSubscription
from tests.api.conftest import api_client
from tests.webhooks.conftest import make_subscriber, subscribe

pytestmark = pytest.mark.django_db

LIST = "/api/v1/webhooks/"
BODY = {"name": "Intake feed", "url": "https://hooks.example.org/iclon", "event_types": ["application.submitted"]}


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 401),
        ("applicant", 403),
        ("outsider", 403),
        ("school_a_contact", 403),
        ("intake_officer", 403),
        ("placement_coordinator", 403),
        ("administrator", 201),
    ],
)
def test_who_may_subscribe(role, expected, persona):
    client = api_client(persona(role))
    response = client.post(LIST, BODY, format="json")
    assert response.status_code == expected, response.content
    assert client.get(LIST).status_code == (200 if expected == 201 else expected)
    assert WebhookSubscription.objects.count() == (1 if expected == 201 else 0)


def test_a_staff_member_with_the_permission_may_subscribe(subscriber):
    response = api_client(subscriber).post(LIST, BODY, format="json")
    assert response.status_code == 201
    assert response.json()["owner"] == subscriber.pk


def test_the_secret_is_shown_once_on_creation(administrator):
    client = api_client(administrator)
    created = client.post(LIST, BODY, format="json").json()
    subscription = WebhookSubscription.objects.get()
    assert created["secret"] == subscription.secret
    assert created["secret"].startswith("whsec_")
    assert created["event_types"] == ["application.submitted"]
    assert created["active"] is True

    detail = client.get(f"{LIST}{subscription.pk}/").json()
    listed = client.get(LIST).json()["results"]
    changed = client.patch(f"{LIST}{subscription.pk}/", {"name": "Renamed"}, format="json").json()
    for answer in (detail, listed[0], changed):
        assert "secret" not in answer
        assert subscription.secret not in str(answer)
    assert changed["name"] == "Renamed"


def test_owners_see_and_change_only_their_own(administrator):
    alice, bob = make_subscriber(), make_subscriber()
    mine = subscribe(alice, "https://a.example.org/hook")
    theirs = subscribe(bob, "https://b.example.org/hook")
    client = api_client(alice)

    assert [row["id"] for row in client.get(LIST).json()["results"]] == [mine.pk]
    assert client.get(f"{LIST}{theirs.pk}/").status_code == 404
    assert client.get(f"{LIST}{theirs.pk}/deliveries/").status_code == 404
    assert client.post(f"{LIST}{theirs.pk}/test/").status_code == 404
    assert client.patch(f"{LIST}{theirs.pk}/", {"name": "Mine now"}, format="json").status_code == 404
    assert client.delete(f"{LIST}{theirs.pk}/").status_code == 404
    assert WebhookSubscription.objects.get(pk=theirs.pk).name == "Hook"
    # Staff who may see every subscription (administrators) see both.
    seen = {row["id"] for row in api_client(administrator).get(LIST).json()["results"]}
    assert seen == {mine.pk, theirs.pk}


def test_the_owner_deletes_a_subscription(subscriber):
    subscription = subscribe(subscriber, "https://a.example.org/hook")
    assert api_client(subscriber).delete(f"{LIST}{subscription.pk}/").status_code == 204
    assert not WebhookSubscription.objects.exists()


def test_posting_a_test_event_queues_a_delivery(subscriber):
    subscription = subscribe(subscriber, "https://a.example.org/hook")
    response = api_client(subscriber).post(f"{LIST}{subscription.pk}/test/")
    assert response.status_code == 202
    delivery = WebhookDelivery.objects.get(subscription=subscription)
    assert response.json()["id"] == delivery.pk
    assert delivery.event_type == "webhook.test"
    assert delivery.payload["data"] == {"subscription": subscription.pk}


def _deliveries(subscription, count: int) -> None:
    now = timezone.now()
    WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            subscription=subscription,
            event_type="application.submitted",
            payload={"type": "application.submitted", "data": {"application": i}},
            next_attempt_at=now,
        )
        for i in range(count)
    )


@pytest.mark.parametrize("count", [1, 50])
def test_the_deliveries_list_takes_a_fixed_number_of_queries(count, subscriber, django_assert_max_num_queries):
    subscription = subscribe(subscriber, "https://a.example.org/hook")
    _deliveries(subscription, count)
    client = api_client(subscriber)
    client.get(LIST)  # warm up (the token's last use is written once)
    with django_assert_max_num_queries(8):
        response = client.get(f"{LIST}{subscription.pk}/deliveries/", {"page_size": 100})
    body = response.json()
    assert response.status_code == 200
    assert body["count"] == count and len(body["results"]) == count
    assert set(body["results"][0]) >= {"status", "attempts", "last_status_code", "last_response_ms", "next_attempt_at"}


# --- the URL guard (SSRF) ---------------------------------------------------------------------

PRIVATE = "Webhooks cannot be sent to a private, local or reserved address."
HTTPS_ONLY = "Webhooks are only sent over https."


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://10.0.0.5/hook", PRIVATE),
        ("https://192.168.1.20/hook", PRIVATE),
        ("https://172.16.0.1/hook", PRIVATE),
        ("https://169.254.169.254/latest/meta-data/", PRIVATE),
        ("https://[::1]/hook", PRIVATE),
        ("https://[fd00::1]/hook", PRIVATE),
        ("https://[::ffff:10.0.0.1]/hook", PRIVATE),
        ("https://0.0.0.0/hook", PRIVATE),
        ("https://localhost/hook", PRIVATE),
        ("https://printer.local/hook", PRIVATE),
        ("https://intranet/hook", PRIVATE),
        ("http://hooks.example.org/hook", HTTPS_ONLY),
        ("ftp://hooks.example.org/hook", "Enter a valid https URL."),
        ("https://user:pass@hooks.example.org/hook", "A webhook URL may not hold a user name or password."),
        ("not a url", "Enter a valid https URL."),
    ],
)
def test_a_url_that_may_not_receive_webhooks_is_refused_and_nothing_is_written(url, message, administrator, settings):
    settings.WEBHOOK_ALLOW_LOCAL_HTTP = False  # as in production
    response = api_client(administrator, language="en").post(LIST, {**BODY, "url": url}, format="json")
    assert response.status_code == 400, response.content
    with translation.override("en"):
        assert response.json()["errors"] == {"url": [translation.gettext(message)]}
    assert not WebhookSubscription.objects.exists()


def test_plain_http_to_this_machine_is_refused_outside_development(administrator, settings):
    settings.WEBHOOK_ALLOW_LOCAL_HTTP = False
    response = api_client(administrator, language="en").post(
        LIST, {**BODY, "url": "http://127.0.0.1:8000/hook"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"url": [HTTPS_ONLY]}
    assert not WebhookSubscription.objects.exists()


def test_changing_to_a_private_url_is_refused(subscriber):
    subscription = subscribe(subscriber, "https://a.example.org/hook")
    response = api_client(subscriber, language="en").patch(
        f"{LIST}{subscription.pk}/", {"url": "https://10.1.2.3/"}, format="json"
    )
    assert response.status_code == 400
    assert WebhookSubscription.objects.get(pk=subscription.pk).url == "https://a.example.org/hook"


@pytest.mark.parametrize(
    "body",
    [
        {**BODY, "event_types": []},
        {**BODY, "event_types": ["application.lost"]},
        {**BODY, "name": ""},
        {"url": BODY["url"]},
    ],
)
def test_bad_event_types_or_names_are_refused(body, administrator):
    response = api_client(administrator).post(LIST, body, format="json")
    assert response.status_code == 400
    assert not WebhookSubscription.objects.exists()


def test_a_host_that_resolves_to_a_private_address_is_not_posted_to(subscriber, monkeypatch):
    import socket

    from iclon.webhooks import services

    monkeypatch.setattr(
        socket, "getaddrinfo", lambda *args, **kwargs: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", 443))]
    )
    subscription = subscribe(subscriber, "https://rebound.example.org/hook")
    (delivery,) = services.publish("application.submitted", {"application": 1}, idempotency_key="k")
    assert services.delivery_attempt(delivery_id=delivery.pk) == "failed"
    delivery.refresh_from_db()
    assert "private address" in delivery.last_error
    assert delivery.last_status_code is None
    assert subscription.pk == delivery.subscription_id
