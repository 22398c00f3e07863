"""Study progress in the admin: a result is added through the service (its checks and errors, the
trainee told), a recorded result is read-only; a study plan with its planned modules (a module of
another pathway refused), showing the projected completion and whether the trainee is behind."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from iclon.notifications.models import Notification
from programmes.progress.models import ModuleResult, PlannedModule, StudyPlan
from tests.factories.programmes import ModuleFactory
from tests.programmes.progress.conftest import PREVIOUS, TODAY, plan, result
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

ENGLISH = {"accept-language": "en"}


def client_for(user):
    client = Client(headers=ENGLISH)
    client.force_login(user)
    return client


def test_a_result_is_added_through_the_service(study_adviser, trainee, modules, teacher_educator):
    client = client_for(study_adviser)
    add = reverse("admin:programmes_moduleresult_add")
    data = {
        "trainee": trainee.pk,
        "module": modules[0].pk,
        "date": (TODAY + datetime.timedelta(days=5)).isoformat(),
        "grade": "7.0",
        "outcome": "",
        "examiner": teacher_educator.pk,
    }
    with nothing_written(ModuleResult):
        refused = client.post(add, data)
    assert refused.status_code == 200
    assert "The date of a result cannot be in the future." in refused.content.decode()
    data["date"] = TODAY.isoformat()
    assert client.post(add, data).status_code == 302
    saved = ModuleResult.objects.get()
    assert (saved.outcome, saved.recorded_by) == ("pass", study_adviser)
    assert Notification.objects.filter(recipient=trainee.applicant).exists()
    change = client.get(reverse("admin:programmes_moduleresult_change", args=[saved.pk]))
    assert change.status_code == 200 and 'name="grade"' not in change.content.decode()
    listed = client.get(reverse("admin:programmes_moduleresult_changelist"), {"source__exact": "manual"})
    assert trainee.reference in listed.content.decode()


def test_a_plan_with_its_modules_and_its_projection(study_adviser, trainee, modules):
    client = client_for(study_adviser)
    add = reverse("admin:programmes_studyplan_add")
    inline = {
        "modules-TOTAL_FORMS": 1,
        "modules-INITIAL_FORMS": 0,
        "modules-MIN_NUM_FORMS": 0,
        "modules-MAX_NUM_FORMS": 1000,
        "modules-0-academic_year": PREVIOUS[0],
        "modules-0-semester": PREVIOUS[1],
    }
    data = {"trainee": trainee.pk, "pace": "part_time", "adviser": study_adviser.pk, **inline}
    elsewhere = ModuleFactory()
    with nothing_written(StudyPlan, PlannedModule):
        refused = client.post(add, {**data, "modules-0-module": elsewhere.pk})
    assert "This module is not part of the trainee&#x27;s pathway." in refused.content.decode()
    assert client.post(add, {**data, "modules-0-module": modules[0].pk}).status_code == 302
    study_plan = StudyPlan.objects.get()
    assert [(p.module, p.ends_on.year) for p in study_plan.modules.all()] == [(modules[0], PREVIOUS[0] + 1)]
    page = client.get(reverse("admin:programmes_studyplan_change", args=[study_plan.pk])).content.decode()
    assert 'alt="True"' in page  # behind plan
    result(trainee, modules[0])
    page = client.get(reverse("admin:programmes_studyplan_change", args=[study_plan.pk])).content.decode()
    assert 'alt="False"' in page


def test_staff_without_the_permission_do_not_reach_the_admin_pages(placement_coordinator, trainee, modules):
    study_plan = plan(trainee, (modules[0], PREVIOUS))
    client = client_for(placement_coordinator)
    for url in (
        reverse("admin:programmes_moduleresult_changelist"),
        reverse("admin:programmes_studyplan_change", args=[study_plan.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 403 and trainee.reference not in response.content.decode()
