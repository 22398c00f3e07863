"""Tests that fail when the code breaks: no test checks only a status code (scripts/weak_tests.py),
and `tests.utils.nothing_written`, with which refused writes prove they wrote nothing, sees every
kind of write."""

import ast
import importlib.util
import textwrap
from pathlib import Path

import pytest
from django_scopes import scopes_disabled

from partnerships.models import SchoolMembership, SchoolRole
from tests.factories import SchoolFactory, SchoolMembershipFactory
from tests.utils import nothing_written

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "weak_tests.py"


def _load_script():
    spec = importlib.util.spec_from_file_location("weak_tests", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


weak_tests = _load_script()


def test_no_test_checks_only_a_status_code():
    """A test that asserts only `response.status_code` passes when the view answers with the right
    status and the wrong page, or refuses and writes anyway. State what the page shows (or, for a
    refused read, does not show) and, for a refused write, wrap it in `nothing_written(...)`."""
    weak = weak_tests.status_only_tests()
    assert not weak, "tests that assert only a status code:\n" + "\n".join(map(str, weak))


def _flagged(source: str, tmp_path) -> list[str]:
    path = tmp_path / "test_example.py"
    path.write_text(textwrap.dedent(source))
    return [test.name for test in weak_tests.weak_tests_in(path)]


def test_the_check_finds_status_only_tests_however_they_are_spelled(tmp_path):
    source = """
        MATRIX = {"a": 403}

        def expect(response, status):
            assert response.status_code == status

        def test_literal(client):
            assert client.get("/").status_code == 403

        def test_from_a_table(client):
            response = client.get("/")
            assert response.status_code == MATRIX["a"], "message"

        def test_through_a_helper(client):
            expect(client.get("/"), 404)

        def test_in_a_list(client):
            assert [client.get("/").status_code for _ in range(2)] == [200, 429]

        def test_checks_the_page_on_one_branch_only(client, allowed):
            response = client.get("/")
            assert response.status_code == (200 if allowed else 403)
            if allowed:
                assert "name" in response.content.decode()

        def test_checks_the_page(client):
            response = client.get("/")
            assert response.status_code == 200
            assert "name" in response.content.decode()

        def test_checks_a_header(client):
            response = client.get("/")
            assert response.status_code == 302 and response["Location"] == "/login/"

        def test_checks_the_database(client, row):
            with nothing_written(row):
                assert client.post("/").status_code == 403

        def test_checks_every_branch(client, allowed):
            response = client.get("/")
            assert response.status_code == (200 if allowed else 403)
            assert ("name" in response.content.decode()) == allowed
    """
    assert _flagged(source, tmp_path) == [
        "test_literal",
        "test_from_a_table",
        "test_through_a_helper",
        "test_in_a_list",
        "test_checks_the_page_on_one_branch_only",
    ]


@pytest.mark.parametrize(
    ("assertion", "status_only"),
    [
        ("response.status_code == 403", True),
        ("response.status_code in (301, 302)", True),
        ("a.status_code == b.status_code == HTTPStatus.OK", True),
        ("(page.status_code, export.status_code) == (status, status)", True),
        ("response.status_code == 200 and 'x' in response.content.decode()", False),
        ("response.json() == {'detail': 'x'}", False),
        ("response.status_code == expected[response.json()['kind']]", False),
    ],
)
def test_what_counts_as_a_status_assertion(assertion, status_only):
    assert weak_tests.is_status_assertion(ast.parse(assertion, mode="eval").body) is status_only


# nothing_written -------------------------------------------------------------------------------


@pytest.fixture
def membership(db):
    return SchoolMembershipFactory(role=SchoolRole.WORKPLACE_MENTOR)


def test_nothing_written_passes_when_nothing_is_written(membership):
    with nothing_written(SchoolMembership, membership), scopes_disabled():
        assert SchoolMembership.objects.get(pk=membership.pk) == membership


@pytest.mark.parametrize("target", ["model", "row"])
def test_nothing_written_sees_a_changed_field(membership, target):
    changed = pytest.raises(AssertionError, match="partnerships.SchoolMembership.*: rows changed")
    with changed, nothing_written(SchoolMembership if target == "model" else membership):
        SchoolMembership.objects.unscoped().filter(pk=membership.pk).update(role=SchoolRole.SCHOOL_LEADER)


def test_nothing_written_sees_a_row_added_or_deleted(membership):
    with pytest.raises(AssertionError, match="1 -> 2 rows"), nothing_written(SchoolMembership):
        SchoolMembershipFactory(school=SchoolFactory())
    with pytest.raises(AssertionError, match="2 -> 1 rows"), nothing_written(SchoolMembership):
        SchoolMembership.objects.unscoped().filter(pk=membership.pk).delete()


def test_nothing_written_sees_a_history_row_of_an_unchanged_save(membership):
    """A service that saves the row as it was still writes history: that is a write too."""
    with pytest.raises(AssertionError, match="1 -> 2 history rows"), nothing_written(membership), scopes_disabled():
        membership.save()
