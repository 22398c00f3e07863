"""Fixtures of the notification tests: eager tasks, a test-only category and templates, mail backends."""

import datetime
from pathlib import Path

import pytest

from iclon.celery import app as celery_app
from iclon.notifications import services
from iclon.notifications.categories import Category, categories
from iclon.notifications.models import Channel
from iclon.notifications.services import notify

HERE = Path(__file__).resolve().parent
PROBE = "emails/tests/probe"
# A fixed date, so that the month name in the probe templates is known: januari / January.
WHEN = datetime.date(2025, 1, 15)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def eager_tasks():
    """Tasks run in the test's own thread and transaction, also where REDIS_URL is set (CI), and
    their errors surface. The integration tests switch this off for their real worker."""
    before = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = before


@pytest.fixture(autouse=True)
def broker_not_paused(monkeypatch):
    """Each test starts with the broker assumed up (no pause left over from another test)."""
    monkeypatch.setattr(services, "_broker_down_until", 0.0)


@pytest.fixture
def client():
    """The test client, reading the portal in English, so that assertions on wording hold whether
    or not the Dutch catalogue is compiled (LANGUAGE_CODE is nl)."""
    from django.test import Client

    return Client(headers={"accept-language": "en"})


@pytest.fixture
def fresh_cache(settings):
    """A cache of this test's own. Where REDIS_URL is set (CI) the cache is Redis, shared by every
    test and run; allauth keeps its rate limits (sign-up per IP, confirmation e-mails per address)
    there, so a test that signs up must not depend on what other tests did."""
    import uuid

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": uuid.uuid4().hex}
    }


@pytest.fixture
def probe_templates(settings):
    """Adds tests/notifications/templates (emails/tests/probe_*: they print the active language)."""
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], HERE / "templates"]}, *settings.TEMPLATES[1:]]
    return PROBE


@pytest.fixture
def digest_category():
    """An optional (not mandatory) category; every category of the apps is mandatory so far."""
    registry = categories()
    registry["tests.digest"] = Category("tests.digest", "Weekly digest", mandatory=False)
    yield "tests.digest"
    registry.pop("tests.digest", None)


@pytest.fixture
def secret_category():
    """A sensitive category (its body is redacted once sent), next to the invitation's."""
    registry = categories()
    registry["tests.secret"] = Category("tests.secret", "Secret link", mandatory=True, sensitive=True)
    yield "tests.secret"
    registry.pop("tests.secret", None)


@pytest.fixture
def send_probe(probe_templates):
    """notify() with the probe templates; keyword arguments override the defaults."""

    def send(*, key, category="account.security", channels=(Channel.EMAIL, Channel.IN_APP), **kwargs):
        kwargs.setdefault("context", {"when": WHEN, "subject_text": "probe"})
        kwargs.setdefault("message", "")  # no in-app text of its own: the row shows its subject
        return notify(category=category, template=PROBE, idempotency_key=key, channels=channels, **kwargs)

    return send


@pytest.fixture
def failing_mail(settings):
    """A mail backend that raises, as an SMTP server that is down would."""
    from tests.notifications.mail import FailingBackend

    FailingBackend.failures = 0
    settings.EMAIL_BACKEND = "tests.notifications.mail.FailingBackend"
    return FailingBackend
