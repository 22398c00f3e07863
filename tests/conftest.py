"""Shared fixtures: the named personas of STYLE.md §8 and helpers for the service-backed tests."""

import os

import pytest
from django.conf import settings
from django.utils import translation
from django_scopes import scopes_disabled

from iclon.accounts.roles import StaffGroup
from partnerships.models import SchoolRole
from tests.factories import (
    SchoolFactory,
    SchoolMembershipFactory,
    StaffUserFactory,
    TrainingSchoolPartnershipFactory,
    UserFactory,
)

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def skip_or_fail(reason: str):
    """On a bare machine a missing service skips the test; in CI (REQUIRE_SERVICES=1) it fails."""
    if REQUIRE_SERVICES:
        pytest.fail(f"required service missing in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings, django_db_keepdb, django_db_blocker):
    """pytest-django's fixture, and when the session ends, a check that the test databases are gone.

    pytest-django drops the test databases in `django_db_setup`, which depends on this fixture (so
    this teardown runs after the drop), but it turns a failed drop into a mere warning. PostgreSQL
    refuses to drop a database while another session uses it, so a connection that a test left
    open (another thread's or context's, a worker's) left test_iclon_gw0 … behind unnoticed. This
    fails the run instead, naming the sessions, and drops the database."""
    # Their names now (with pytest-xdist's suffix): after a failed drop the settings still hold
    # the test database's name where the original one would be restored.
    names = _postgresql_test_database_names()
    yield
    if django_db_keepdb:  # --reuse-db keeps them on purpose
        return
    with django_db_blocker.unblock():
        left = _drop_leftover_test_databases(names)
    if left:
        pytest.fail("test databases were left behind, held open by: " + " | ".join(left), pytrace=False)


def _postgresql_test_database_names() -> dict[str, str]:
    """{alias: test database name} of the PostgreSQL databases."""
    from django.db import connections

    return {
        alias: connections[alias].creation._get_test_db_name()
        for alias in connections
        if connections[alias].vendor == "postgresql"
    }


def _drop_leftover_test_databases(names: dict[str, str]) -> list[str]:
    """Those of the test databases `names` that still exist, with the sessions using them; they
    are dropped now (after ending those sessions)."""
    from django.db import connections

    left = []
    for alias, name in names.items():
        connection = connections[alias]
        with connection._nodb_cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                continue
            cursor.execute(
                "SELECT pid, application_name, state, left(query, 150) FROM pg_stat_activity WHERE datname = %s",
                [name],
            )
            sessions = [f"pid {pid} {app!r} {state}: {query}" for pid, app, state, query in cursor.fetchall()]
            cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name])
            cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)}")
        left.append(f"{name} ({'; '.join(sessions) or 'no session'})")
    return left


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the portal's default language (Dutch), as a task or a shell does: the
    test client's requests activate a language in the thread and leave it there, which made tests
    that read a service's message pass or fail by the order they ran in."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Tests make thousands of accounts: production's hasher (PBKDF2, a million rounds) cost about
    a third of a second each, most of the suite's time. A fast one for the tests only."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _personal_pages_rendered(settings):
    """Signed-in pages are rendered on every request: tests read a page's context and count its
    queries, which a page answered again from the cache has not. The cache of personal pages has
    tests of its own (tests/core/test_personal_pages_cache.py), which turn it on."""
    settings.PERSONAL_PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache: rate limits and throttles of one test (kept in Redis
    in CI) must not leak into the next."""
    from django.core.cache import cache

    from iclon.core.pagecache import local_copy

    cache.clear()
    local_copy.clear()  # each process's copy of the public pages (iclon/core/pagecache.py)
    yield


@pytest.fixture
def no_scope():
    """Run the test body with tenancy scopes disabled, for set-up and assertions on the database."""
    with scopes_disabled():
        yield


@pytest.fixture
def partnership(db):
    return TrainingSchoolPartnershipFactory(name="Opleidingsschool Leiden", slug="opleidingsschool-leiden")


@pytest.fixture
def lead_school(partnership):
    return partnership.lead_school


@pytest.fixture
def school_a(partnership):
    return SchoolFactory(name="Stedelijk Gymnasium A", partnership=partnership, region=partnership.region)


@pytest.fixture
def school_b(db):
    return SchoolFactory(name="Het College B")


def _member(school, role=SchoolRole.SCHOOL_CONTACT, **user_fields):
    """A user with an active membership of `school`; `user_fields` (full_name, email…) go to the user."""
    user_kwargs = {f"user__{name}": value for name, value in user_fields.items()}
    return SchoolMembershipFactory(school=school, role=role, **user_kwargs).user


@pytest.fixture
def school_a_contact(school_a):
    return _member(school_a, full_name="Anna School-A", email="contact@school-a.example.org")


@pytest.fixture
def school_a_mentor(school_a):
    return _member(school_a, SchoolRole.WORKPLACE_MENTOR, full_name="Mark Mentor")


@pytest.fixture
def school_b_contact(school_b):
    return _member(school_b, full_name="Bram School-B", email="contact@school-b.example.org")


@pytest.fixture
def lead_school_contact(lead_school):
    return _member(lead_school, SchoolRole.SCHOOL_LEADER, full_name="Lotte Lead")


@pytest.fixture
def applicant(db):
    return UserFactory(full_name="Ayla Applicant", email="applicant@example.org")


@pytest.fixture
def outsider(db):
    return UserFactory(full_name="Otto Outsider", email="outsider@example.org")


def _staff(group):
    return StaffUserFactory(group=group)


@pytest.fixture
def intake_officer(db):
    return _staff(StaffGroup.INTAKE_OFFICER)


@pytest.fixture
def programme_coordinator(db):
    return _staff(StaffGroup.PROGRAMME_COORDINATOR)


@pytest.fixture
def placement_coordinator(db):
    return _staff(StaffGroup.PLACEMENT_COORDINATOR)


@pytest.fixture
def professionalisation_coordinator(db):
    return _staff(StaffGroup.PROFESSIONALISATION_COORDINATOR)


@pytest.fixture
def researcher(db):
    return _staff(StaffGroup.RESEARCH_STAFF)


@pytest.fixture
def administrator(db):
    return _staff(StaffGroup.ADMINISTRATOR)


STAFF_PERSONAS = [
    "intake_officer",
    "programme_coordinator",
    "placement_coordinator",
    "professionalisation_coordinator",
    "researcher",
    "administrator",
]


@pytest.fixture
def persona(request):
    """Resolve a persona by name, for parametrised permission tables (None is anonymous)."""

    def get(name):
        return None if name == "anonymous" else request.getfixturevalue(name)

    return get
