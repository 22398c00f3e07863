"""/api/v1/study-progress/: who lists and reads whose progress (every role), the summary and
the curriculum, the filters, fixed queries at 1 and 50 trainees, and recording a result through
the same service and checks as the pages."""

import datetime

import pytest
from django.urls import reverse

from iclon.notifications.models import Notification
from programmes.progress.models import ModuleResult, Outcome
from tests.api.conftest import api_client
from tests.conftest import STAFF_PERSONAS
from tests.factories import ApplicationFactory
from tests.factories.programmes import ModuleFactory
from tests.programmes.progress.conftest import CURRENT, PREVIOUS, TODAY, behind_trainee, exempt, plan, result
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

LIST = reverse("api:study-progress-list")
ALL_STAFF = [*STAFF_PERSONAS, "study_adviser", "teacher_educator"]
VIEWERS = {"programme_coordinator", "study_adviser", "administrator"}
RECORDERS = {"programme_coordinator", "study_adviser", "teacher_educator", "administrator"}


def detail(trainee):
    return reverse("api:study-progress-detail", args=[trainee.pk])


def results_url(trainee):
    return reverse("api:study-progress-results", args=[trainee.pk])


@pytest.mark.parametrize("role", ["anonymous", "applicant", "outsider", "school_a_contact", *ALL_STAFF])
def test_who_sees_whose_progress(persona, role, trainee, other_trainee, modules):
    client = api_client(persona(role))
    listed = client.get(LIST)
    read = client.get(detail(trainee))
    if role == "anonymous":
        assert listed.status_code == read.status_code == 401
        return
    ids = [row["id"] for row in listed.json()["results"]]
    if role in VIEWERS:
        assert sorted(ids) == sorted([trainee.pk, other_trainee.pk]) and read.status_code == 200
    elif role == "applicant":
        assert ids == [trainee.pk] and read.status_code == 200
    elif role == "outsider":
        assert ids == [other_trainee.pk] and read.status_code == 404
    else:
        assert ids == [] and read.status_code == 404


@pytest.mark.parametrize("role", ["anonymous", "applicant", "outsider", "school_a_contact", *ALL_STAFF])
def test_who_records_a_result(persona, role, trainee, modules, teacher_educator):
    body = {"module": modules[0].pk, "date": TODAY.isoformat(), "grade": "6.5", "examiner": teacher_educator.pk}
    user = persona(role)
    if role not in RECORDERS:
        with nothing_written(ModuleResult):
            response = api_client(user).post(results_url(trainee), body, format="json")
        assert response.status_code == (401 if role == "anonymous" else 403)
        return
    response = api_client(user).post(results_url(trainee), body, format="json")
    assert response.status_code == 201
    assert response.json()["outcome"] == Outcome.PASS and response.json()["examiner"] == teacher_educator.pk
    assert ModuleResult.objects.get().recorded_by == user


def test_the_summary_and_the_curriculum(trainee, modules, study_adviser):
    done, exempted, current, later = modules
    result(trainee, done, grade="8.0")
    exempt(trainee, exempted)
    plan(trainee, (current, PREVIOUS), (later, CURRENT))
    client = api_client(study_adviser)
    row = client.get(LIST).json()["results"][0]
    assert (row["ec_total"], row["ec_done"], row["ec_exempted"], row["ec_remaining"]) == (60, 5, 10, 45)
    assert row["behind_plan"] is True and row["projected_completion"] is not None
    body = client.get(detail(trainee)).json()
    assert [m["status"] for m in body["modules"]] == ["done", "exempted", "in_progress", "in_progress"]
    assert body["modules"][0]["results"][0]["grade"] == "8.0"
    assert body["modules"][1]["exempted_ec"] == exempted.ec
    assert body["modules"][2]["behind"] is True and body["modules"][2]["semester"] == f"{PREVIOUS[0]}-{PREVIOUS[1]}"


def test_filters(trainee, modules, study_adviser):
    plan(trainee, (modules[0], CURRENT))
    late = behind_trainee()
    client = api_client(study_adviser)
    assert [r["id"] for r in client.get(LIST, {"behind": "true"}).json()["results"]] == [late.pk]
    assert late.pk not in [r["id"] for r in client.get(LIST, {"behind": "false"}).json()["results"]]
    assert [r["id"] for r in client.get(LIST, {"pathway": trainee.pathway_id}).json()["results"]] == [trainee.pk]
    invalid = client.get(LIST, {"behind": "sometimes"})
    assert invalid.status_code == 400 and "behind" in invalid.json()["errors"]


@pytest.mark.parametrize("rows", [1, 50])
def test_the_list_reads_in_a_fixed_number_of_queries(study_adviser, django_assert_max_num_queries, rows):
    for _ in range(rows):
        someone = behind_trainee()
        result(someone, someone.pathway.modules.first(), grade="4.0")
    client = api_client(study_adviser)
    with django_assert_max_num_queries(12):
        response = client.get(LIST, {"page_size": 100})
    assert response.json()["count"] == rows and all(r["behind_plan"] for r in response.json()["results"])


@pytest.mark.parametrize(
    "body, field",
    [
        ({"grade": "10.5"}, "grade"),
        ({"date": (TODAY + datetime.timedelta(days=1)).isoformat()}, "date"),
        ({"grade": "5.0", "outcome": "pass"}, "outcome"),
        ({"module": 0}, "module"),
        ({"grade": None, "outcome": "maybe"}, "outcome"),
    ],
)
def test_a_result_through_the_api_is_checked_like_on_the_pages(trainee, modules, teacher_educator, body, field):
    data = {"module": modules[0].pk, "date": TODAY.isoformat(), "grade": "7.0", **body}
    with nothing_written(ModuleResult, Notification):
        response = api_client(teacher_educator).post(results_url(trainee), data, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_a_result_for_a_module_of_another_pathway_or_a_non_staff_examiner(trainee, modules, teacher_educator, outsider):
    elsewhere = ApplicationFactory(status=trainee.status)
    other_module = ModuleFactory(pathway=elsewhere.pathway)
    client = api_client(teacher_educator, language="en")
    response = client.post(
        results_url(trainee), {"module": other_module.pk, "date": TODAY.isoformat(), "grade": "7"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"]["module"] == ["This module is not part of the trainee's pathway."]
    response = client.post(
        results_url(trainee),
        {"module": modules[0].pk, "date": TODAY.isoformat(), "grade": "7", "examiner": outsider.pk},
        format="json",
    )
    assert response.json()["errors"]["examiner"] == ["The examiner must be an active ICLON staff member."]
