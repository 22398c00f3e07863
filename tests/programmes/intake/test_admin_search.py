"""The search of the applications changelist (issue 15): what it finds (surname, first name, the
account's e-mail and name, several words, nothing), its fixed query count, the migration of its
trigram indexes on SQLite and PostgreSQL, and on PostgreSQL that the indexes answer it."""

import pytest
from django.contrib import admin
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from iclon.accounts.models import User
from programmes.intake.admin.applications import ApplicationAdmin
from programmes.intake.admin.search import indexed_search, search_words
from programmes.models import Application, ApplicationStatus
from tests.conftest import skip_or_fail
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db

S = ApplicationStatus
CHANGELIST = "admin:programmes_application_changelist"
TRIGRAM_INDEXES = {
    "programmes_application_first_name_trgm",
    "programmes_application_last_name_trgm",
    "accounts_user_email_trgm",
    "accounts_user_full_name_trgm",
}


@pytest.fixture
def client():
    return Client(headers={"accept-language": "en"})


def _application(first_name, last_name, email, account_name=None, **kwargs):
    applicant = UserFactory(email=email, full_name=account_name or f"{first_name} {last_name}")
    return ApplicationFactory(applicant=applicant, first_name=first_name, last_name=last_name, complete=False, **kwargs)


@pytest.fixture
def people(db):
    """Four applications; Xander's account carries another surname than his application."""
    return {
        "anouk": _application("Anouk", "van der Berg", "a.berg@uni.example", status=S.SUBMITTED),
        "bram": _application("Bram", "Visser", "bram.j@school.example", status=S.IN_REVIEW),
        "chaima": _application("Chaima", "El Amrani", "chaima@mail.example", status=S.SUBMITTED),
        "xander": _application("Xander", "Jansen", "xj@uni.example", account_name="Xander Visser", status=S.DRAFT),
    }


def found(client, user, query: str, **filters) -> set[int]:
    client.force_login(user)
    response = client.get(reverse(CHANGELIST), {"q": query, **filters})
    assert response.status_code == 200
    return {application.pk for application in response.context["cl"].result_list}


def pks(people, *names) -> set[int]:
    return {people[name].pk for name in names}


def test_a_surname_finds_the_application_and_the_account_of_that_name(client, intake_officer, people):
    assert found(client, intake_officer, "visser") == pks(people, "bram", "xander")
    assert found(client, intake_officer, "VISS") == pks(people, "bram", "xander")
    assert found(client, intake_officer, "Amrani") == pks(people, "chaima")


def test_a_first_name_finds_its_applications(client, intake_officer, people):
    assert found(client, intake_officer, "anouk") == pks(people, "anouk")
    assert found(client, intake_officer, "Chai") == pks(people, "chaima")


def test_an_email_address_or_part_of_it_finds_the_applicants_applications(client, intake_officer, people):
    assert found(client, intake_officer, "bram.j@school.example") == pks(people, "bram")
    assert found(client, intake_officer, "School.Example") == pks(people, "bram")
    assert found(client, intake_officer, "uni.example") == pks(people, "anouk", "xander")


def test_a_search_without_a_match_shows_no_application(client, intake_officer, people):
    client.force_login(intake_officer)
    response = client.get(reverse(CHANGELIST), {"q": "Zwaluw"})

    assert list(response.context["cl"].result_list) == []
    assert response.context["cl"].result_count == 0
    assert people["bram"].reference not in response.content.decode()


def test_every_word_must_match_and_a_quoted_phrase_stays_whole(client, intake_officer, people):
    assert found(client, intake_officer, "Bram Visser") == pks(people, "bram")
    assert found(client, intake_officer, "xander visser") == pks(people, "xander")
    assert found(client, intake_officer, '"van der Berg"') == pks(people, "anouk")
    assert found(client, intake_officer, '"Berg van"') == set()


def test_the_search_keeps_the_filters(client, intake_officer, people):
    assert found(client, intake_officer, "visser", status__exact=S.IN_REVIEW) == pks(people, "bram")
    assert found(client, intake_officer, "example", status__exact=S.SUBMITTED) == pks(people, "anouk", "chaima")


def test_a_reference_still_finds_its_application_only(client, intake_officer, people):
    assert found(client, intake_officer, people["chaima"].reference) == pks(people, "chaima")


def test_an_anonymised_application_is_not_found_by_its_former_account(client, intake_officer, people):
    anonymised = people["bram"]
    Application.objects.filter(pk=anonymised.pk).update(applicant=None, first_name="", last_name="")

    assert found(client, intake_officer, "Bram") == set()
    assert found(client, intake_officer, "visser") == pks(people, "xander")


def test_search_words_are_split_the_admins_way():
    assert search_words("Eva \"de Vries\" 'van Dijk'") == ["Eva", "de Vries", "van Dijk"]


def test_indexed_search_gives_the_same_rows_as_djangos_own_search(people):
    model_admin = ApplicationAdmin(Application, admin.site)
    request = RequestFactory().get("/")
    fields = model_admin.search_fields
    for term in ["visser", "uni.example", "Bram Visser", "an", '"van der"', "Zwaluw"]:
        ours = indexed_search(Application.objects.all(), fields, term)
        django_own, _duplicates = admin.ModelAdmin.get_search_results(
            model_admin, request, Application.objects.all(), term
        )
        assert set(ours) == set(django_own), term


def test_indexed_search_refuses_a_field_it_cannot_index():
    with pytest.raises(ValueError, match="one foreign key"):
        indexed_search(Application.objects.all(), ["applicant__groups__name"], "x")


# --- Query count -------------------------------------------------------------------------------


def _bulk_applications(count: int) -> None:
    """`count` applications of one route and start, all named Achternaam, each with its account
    (written in bulk)."""
    first = ApplicationFactory(status=S.SUBMITTED, complete=False, last_name="Achternaam0")
    accounts = User.objects.bulk_create(
        User(email=f"aanmelder{n}@bulk.example", full_name=f"Voornaam{n} Achternaam{n}") for n in range(1, count)
    )
    rows = [
        Application(
            applicant=account,
            pathway=first.pathway,
            start_moment=first.start_moment,
            subject=first.subject,
            status=S.values[n % len(S.values)],
            first_name=f"Voornaam{n}",
            last_name=f"Achternaam{n}",
        )
        for n, account in enumerate(accounts, start=1)
    ]
    Application.objects.bulk_create(rows)


@pytest.mark.parametrize("count", [1, 50])
def test_a_search_runs_a_fixed_number_of_queries(client, intake_officer, django_assert_max_num_queries, count):
    _bulk_applications(count)
    client.force_login(intake_officer)

    with django_assert_max_num_queries(16):
        response = client.get(reverse(CHANGELIST), {"q": "achternaam"})
        assert response.status_code == 200
    assert len(response.context["cl"].result_list) == count
    with django_assert_max_num_queries(16):
        response = client.get(reverse(CHANGELIST), {"q": "Voornaam achternaam", "status__exact": S.SUBMITTED})
        assert response.status_code == 200


# --- The migration -----------------------------------------------------------------------------


def _search_migration() -> tuple[str, str]:
    """(name of the trigram migration, name of the one before it) in programmes: found by its
    name's end, so that renumbering it does not break this test."""
    loader = MigrationLoader(connection)
    names = [name for app, name in loader.disk_migrations if app == "programmes"]
    (name,) = [name for name in names if name.endswith("application_search_trigram")]
    (previous,) = [dep for app, dep in loader.disk_migrations["programmes", name].dependencies if app == "programmes"]
    return name, previous


def _trigram_indexes() -> set[str]:
    if connection.vendor != "postgresql":
        return set()
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE %s", ["%\\_trgm"])
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_migration_applies_and_reverts_on_this_database():
    name, previous = _search_migration()
    expected = TRIGRAM_INDEXES if connection.vendor == "postgresql" else set()
    assert _trigram_indexes() == expected

    # The migration itself, backwards and forwards on the migrated database: migrating the whole
    # app back to it would undo and redo every later migration (minutes, growing with each one).
    loader = MigrationLoader(connection)
    migration = loader.get_migration("programmes", name)
    before = loader.project_state(("programmes", previous), at_end=True)
    with connection.schema_editor(atomic=migration.atomic) as editor:
        migration.unapply(before.clone(), editor)
    assert _trigram_indexes() == set()
    with connection.schema_editor(atomic=migration.atomic) as editor:
        migration.apply(before.clone(), editor)
    assert _trigram_indexes() == expected

    # The search works after it, whichever database this is.
    bram = _application("Bram", "Visser", "bram.j@school.example")
    assert list(indexed_search(Application.objects.all(), ApplicationAdmin.search_fields, "visser")) == [bram]


# --- PostgreSQL: the indexes answer the search -------------------------------------------------


@pytest.mark.services  # the trigram indexes exist on PostgreSQL only
def test_postgresql_answers_the_search_from_the_trigram_indexes(people):
    if connection.vendor != "postgresql":
        skip_or_fail("the trigram indexes are PostgreSQL's (set DATABASE_URL=postgres://…)")
    model_admin = ApplicationAdmin(Application, admin.site)
    request = RequestFactory().get("/")
    with CaptureQueriesContext(connection) as queries:
        queryset, duplicates = model_admin.get_search_results(request, Application.objects.all(), "visser")
        assert {application.pk for application in queryset} == pks(people, "bram", "xander")
    plans = []
    with connection.cursor() as cursor:
        # A handful of rows is read faster without an index: forbid the scan to see which index
        # the planner can use (none, if the expressions did not match the indexes').
        cursor.execute("SET LOCAL enable_seqscan = off")
        for query in queries.captured_queries:
            cursor.execute("EXPLAIN " + query["sql"])
            plans.append("\n".join(row[0] for row in cursor.fetchall()))

    assert duplicates is False
    # The accounts first, then the applications: their names, or the accounts found.
    assert len(plans) == 2
    assert "accounts_user_email_trgm" in plans[0] and "accounts_user_full_name_trgm" in plans[0], plans[0]
    for index in ["programmes_application_first_name_trgm", "programmes_application_last_name_trgm"]:
        assert index in plans[1], plans[1]
    assert "programmes_application_applicant_id" in plans[1], plans[1]
    assert "Seq Scan" not in plans[1]
