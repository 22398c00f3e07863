"""The demo of study progress: the study adviser and teacher educator accounts, the demo student
enrolled with a plan, an exemption and results (with their notifications), trainees behind their
plan for the adviser's list, idempotent; and the factories of the slice make valid rows."""

import io

import pytest

from iclon.accounts.demo import seed_demo_accounts
from iclon.accounts.models import User
from iclon.accounts.roles import StaffGroup
from iclon.notifications.models import Notification
from programmes.catalogue import demo as catalogue_demo
from programmes.intake import demo as intake_demo
from programmes.progress import demo
from programmes.progress.models import ModuleResult, PlannedModule, StudyPlan
from programmes.progress.selectors import Status, behind_plan_count, progress_of, trainee_record_of
from tests.factories.progress import ModuleResultFactory, PlannedModuleFactory, StudyPlanFactory

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = io.StringIO()
    demo.seed_demo(out, None)
    return out.getvalue()


def test_the_demo_gives_the_student_a_plan_and_the_adviser_a_list():
    seed_demo_accounts()
    catalogue_demo.seed_demo(io.StringIO(), None)
    intake_demo.seed_demo(io.StringIO(), None)
    assert "Study progress: a plan for the demo student" in seed()

    adviser = User.objects.get(email="studieadvies@example.org")
    educator = User.objects.get(email="lerarenopleider@example.org")
    assert [g.name for g in adviser.groups.all()] == [StaffGroup.STUDY_ADVISER]
    assert [g.name for g in educator.groups.all()] == [StaffGroup.TEACHER_EDUCATOR]
    student = User.objects.get(email=demo.STUDENT)
    progress = progress_of(trainee_record_of(student))
    statuses = [row.status for row in progress.modules]
    assert statuses.count(Status.DONE) == 2 and statuses.count(Status.EXEMPTED) == 1
    assert Status.NOT_PLANNED in statuses and Status.PLANNED in statuses
    assert progress.projected_completion is not None and not progress.behind_plan
    assert Notification.objects.filter(recipient=student, category="programmes.progress").count() == 2
    assert behind_plan_count() >= 1

    counts = (ModuleResult.objects.count(), StudyPlan.objects.count(), PlannedModule.objects.count())
    seed()
    assert (ModuleResult.objects.count(), StudyPlan.objects.count(), PlannedModule.objects.count()) == counts


def test_the_demo_without_the_student_is_skipped():
    assert "skipped" in seed()
    assert not StudyPlan.objects.exists()


@pytest.mark.parametrize("factory", [ModuleResultFactory, StudyPlanFactory, PlannedModuleFactory])
def test_each_factory_makes_a_valid_row(factory):
    row = factory()
    row.full_clean()
    assert type(row).objects.filter(pk=row.pk).exists()
