"""The API's strict JSON parser (iclon/core/api/parsers.py): a body nested 1,000 levels deep, a key
given twice, a number beyond 64 bits or overflowing to infinity, NaN, and a body that is not UTF-8
each get a 400 in the usual error shape, and change nothing, at every write of the API."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from iclon.core.api.parsers import MAX_DEPTH, strict_loads
from partnerships.models import SchoolMembership
from tests.api.conftest import api_client
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

DEEP = b"[" * 1000 + b"]" * 1000

BAD_BODIES = {
    "deep": DEEP,
    "deep object": b'{"a":' * 1000 + b"1" + b"}" * 1000,
    "duplicate key": b'{"school": 1, "school": 2}',
    "huge integer": b'{"school": ' + b"9" * 30 + b"}",
    "integer of 5000 digits": b'{"school": ' + b"9" * 5000 + b"}",
    "overflowing float": b'{"school": 1e400}',
    "NaN": b'{"school": NaN}',
    "not UTF-8": b'{"school": "\xff\xfe"}',
}


def _writes() -> list[tuple[str, str]]:
    """Every write (POST, PUT, PATCH) of the API's schema, path parameters filled with 1."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    writes = []
    for path, operations in schema["paths"].items():
        for method in ("post", "put", "patch"):
            if method in operations:
                filled = path
                while "{" in filled:
                    start = filled.index("{")
                    filled = filled[:start] + "1" + filled[filled.index("}", start) + 1 :]
                writes.append((method, filled))
    return sorted(writes)


WRITES = _writes()


def test_the_schema_has_writes_to_try():
    assert len(WRITES) > 20


@pytest.mark.parametrize(("method", "path"), WRITES)
def test_a_body_nested_1000_deep_is_never_a_500(administrator, method, path):
    response = getattr(api_client(administrator), method)(path, data=DEEP, content_type="application/json")
    assert response.status_code in (400, 403, 404, 405, 409), (path, response.status_code, response.content[:200])
    assert "detail" in response.json()


@pytest.mark.parametrize("name", sorted(BAD_BODIES))
def test_each_bad_body_is_a_400_that_changes_nothing(placement_coordinator, school_a, name):
    path = "/api/v1/school-memberships/"
    with nothing_written(SchoolMembership):
        response = api_client(placement_coordinator).post(path, data=BAD_BODIES[name], content_type="application/json")
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["detail"].startswith("JSON parse error")


def test_the_messages_say_what_is_wrong(placement_coordinator):
    client = api_client(placement_coordinator)

    def detail(body: bytes) -> str:
        return client.post("/api/v1/school-memberships/", data=body, content_type="application/json").json()["detail"]

    assert detail(DEEP) == "JSON parse error: the body is nested too deeply."
    assert detail(b'{"school": 1, "school": 2}') == "JSON parse error: The key “school” is given twice in one object."
    assert "too large" in detail(b'{"school": 1e400}')
    assert "not valid UTF-8" in detail(b'{"school": "\xff"}')


def test_the_messages_are_in_dutch_for_a_dutch_client(placement_coordinator):
    response = api_client(placement_coordinator, language="nl").post(
        "/api/v1/school-memberships/", data=DEEP, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Fout in de JSON: de gegevens zijn te diep genest."


def test_good_json_still_parses():
    assert strict_loads('{"a": [1, 2.5, {"b": null, "c": true}], "d": "é"}') == {
        "a": [1, 2.5, {"b": None, "c": True}],
        "d": "é",
    }
    nested = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert strict_loads(nested) is not None
    assert strict_loads(str(2**63 - 1)) == 2**63 - 1
