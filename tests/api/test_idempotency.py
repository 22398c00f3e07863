"""`Idempotency-Key` on API POSTs (iclon/core/api/idempotency.py): a retry with the same key gets
the first answer and writes nothing twice; the same key with another request is refused; keys of
two clients never meet; server errors and refusals before the view are not kept; old answers are
purged; the schema documents the header on every POST. Uses /api/v1/registrations/, whose second
create without a key answers 409."""

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from iclon.core.api import idempotency
from iclon.core.api.schema import IDEMPOTENCY_KEY
from iclon.core.models import IdempotencyRecord
from iclon.core.tasks import idempotency_records_purge_task
from iclon.notifications.models import Notification
from partnerships.models import SchoolRole
from professionalisation.models import Registration, WaitingListEntry
from tests.api.conftest import api_client
from tests.factories import SchoolMembershipFactory, SessionFactory, UserFactory
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

LIST = reverse("api:registration-list")
WRITES = (Registration, WaitingListEntry, Notification)


@pytest.fixture
def teacher(school_a):
    return SchoolMembershipFactory(school=school_a, role=SchoolRole.WORKPLACE_MENTOR).user


def post(client, body, key=None, **extra):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return client.post(LIST, body, format="json", **headers, **extra)


def test_a_retry_with_the_same_key_gets_the_first_answer_and_writes_nothing(teacher):
    session = SessionFactory()
    client = api_client(teacher)
    key = str(uuid.uuid4())

    first = post(client, {"session": session.pk}, key)
    assert first.status_code == 201 and "Idempotent-Replayed" not in first
    with nothing_written(*WRITES, IdempotencyRecord):
        again = post(client, {"session": session.pk}, key)

    assert again.status_code == 201
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    assert again["Idempotent-Replayed"] == "true"
    assert Registration.objects.filter(session=session, participant=teacher).count() == 1
    # Without a key, the same create is refused as a duplicate (as before).
    assert post(client, {"session": session.pk}).status_code == 409


def test_a_replay_runs_no_query_of_the_view(teacher, django_assert_max_num_queries):
    session = SessionFactory()
    client = api_client(teacher)
    post(client, {"session": session.pk}, "replay-me")
    # The token's lookup, the savepoint and insert that finds the key, the read of the first answer.
    with django_assert_max_num_queries(10):
        assert post(client, {"session": session.pk}, "replay-me")["Idempotent-Replayed"] == "true"


def test_the_same_key_with_another_request_is_refused_and_writes_nothing(teacher):
    first_session, second_session = SessionFactory(), SessionFactory()
    client = api_client(teacher)
    assert post(client, {"session": first_session.pk}, "key-1").status_code == 201

    with nothing_written(*WRITES, IdempotencyRecord):
        response = post(client, {"session": second_session.pk}, "key-1")

    assert response.status_code == 422
    assert response.json() == {
        "detail": "This Idempotency-Key was used for another request. Use a new key for a new request."
    }
    assert "Idempotent-Replayed" not in response


def test_the_refusal_is_translated(teacher):
    client = api_client(teacher, language="nl")
    post(client, {"session": SessionFactory().pk}, "key-nl")
    response = post(client, {"session": SessionFactory().pk}, "key-nl")
    assert response.status_code == 422
    assert response.json()["detail"].startswith("Deze Idempotency-Key")


def test_two_clients_with_the_same_key_never_meet(teacher, school_a):
    other = SchoolMembershipFactory(school=school_a, role=SchoolRole.WORKPLACE_MENTOR).user
    session = SessionFactory()

    mine = post(api_client(teacher), {"session": session.pk}, "shared-key")
    theirs = post(api_client(other), {"session": session.pk}, "shared-key")

    assert (mine.status_code, theirs.status_code) == (201, 201)
    assert "Idempotent-Replayed" not in theirs
    assert mine.json()["registration"]["participant"]["id"] == teacher.pk
    assert theirs.json()["registration"]["participant"]["id"] == other.pk
    assert IdempotencyRecord.objects.filter(key="shared-key").count() == 2


def test_a_refusal_by_the_view_is_kept_and_replayed(teacher):
    session = SessionFactory()
    client = api_client(teacher)
    post(client, {"session": session.pk})  # registered without a key
    first = post(client, {"session": session.pk}, "dup")
    assert first.status_code == 409
    again = post(client, {"session": session.pk}, "dup")
    assert (again.status_code, again.content, again["Idempotent-Replayed"]) == (409, first.content, "true")


def test_an_anonymous_refusal_is_not_kept_so_a_signed_in_retry_runs(teacher):
    session = SessionFactory()
    anonymous = post(api_client(), {"session": session.pk}, "after-login")
    assert anonymous.status_code == 401
    assert not IdempotencyRecord.objects.exists()
    assert post(api_client(teacher), {"session": session.pk}, "after-login").status_code == 201


def test_a_server_error_keeps_nothing_and_rolls_back_so_the_retry_runs(teacher, monkeypatch):
    session = SessionFactory()
    client = api_client(teacher)
    client.raise_request_exception = False
    real = idempotency.IdempotencyKeyMiddleware.__call__

    def failing_view(self, request):
        original = self.get_response

        def get_response(request):
            original(request)  # the view writes, then the server fails
            return idempotency.HttpResponse("boom", status=500)

        self.get_response = get_response
        try:
            return real(self, request)
        finally:
            self.get_response = original

    monkeypatch.setattr(idempotency.IdempotencyKeyMiddleware, "__call__", failing_view)
    assert post(client, {"session": session.pk}, "flaky").status_code == 500
    assert not Registration.objects.exists() and not IdempotencyRecord.objects.exists()

    monkeypatch.setattr(idempotency.IdempotencyKeyMiddleware, "__call__", real)
    retry = post(client, {"session": session.pk}, "flaky")
    assert retry.status_code == 201 and "Idempotent-Replayed" not in retry
    assert Registration.objects.filter(session=session).count() == 1


@pytest.mark.parametrize("key", ["", "   ", "x" * 256, "with space", "é"])
def test_a_malformed_key_is_refused_and_writes_nothing(teacher, key):
    session = SessionFactory()
    with nothing_written(*WRITES, IdempotencyRecord):
        response = post(api_client(teacher), {"session": session.pk}, key)
    assert response.status_code == 400
    assert response.json() == {"detail": "The Idempotency-Key header must be 1 to 255 visible ASCII characters."}


def test_other_methods_and_pages_ignore_the_header(teacher):
    client = api_client(teacher)
    assert client.get(LIST, HTTP_IDEMPOTENCY_KEY="k").status_code == 200
    assert not IdempotencyRecord.objects.exists()


def test_an_expired_answer_is_not_replayed_and_old_answers_are_purged(teacher, settings):
    session = SessionFactory()
    client = api_client(teacher)
    post(client, {"session": session.pk}, "old-key")
    long_ago = timezone.now() - datetime.timedelta(hours=settings.IDEMPOTENCY_KEY_HOURS, minutes=1)
    IdempotencyRecord.objects.update(created_at=long_ago)

    # The key may be used again: the request runs (and here meets the duplicate rule).
    again = post(client, {"session": session.pk}, "old-key")
    assert again.status_code == 409 and "Idempotent-Replayed" not in again
    assert IdempotencyRecord.objects.get().created_at > long_ago

    IdempotencyRecord.objects.update(created_at=long_ago)
    post(client, {"session": SessionFactory().pk}, "fresh-key")
    assert idempotency_records_purge_task() == 1
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["fresh-key"]
    assert idempotency_records_purge_task() == 0


def test_the_owner_is_a_digest_never_the_credentials(teacher):
    client = api_client(teacher)
    post(client, {"session": SessionFactory().pk}, "digest")
    record = IdempotencyRecord.objects.get()
    token = client._credentials["HTTP_AUTHORIZATION"].split()[-1]
    assert len(record.owner) == 64 and token not in record.owner


def test_the_schema_documents_the_header_on_every_post_and_422(db):
    schema = api_client(UserFactory()).get(reverse("api:schema"), {"format": "json"})
    document = schema.json()
    posts = [(path, item["post"]) for path, item in document["paths"].items() if "post" in item]
    assert posts
    for path, operation in posts:
        headers = [p for p in operation.get("parameters", []) if p["in"] == "header"]
        assert [p["name"] for p in headers] == [IDEMPOTENCY_KEY.name], path
        assert headers[0]["schema"]["maxLength"] == 255
        assert "422" in operation["responses"], path
    gets = [item["get"] for item in document["paths"].values() if "get" in item]
    assert not any(p["name"] == IDEMPOTENCY_KEY.name for op in gets for p in op.get("parameters", []))
