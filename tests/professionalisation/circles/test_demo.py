"""The demo of circles and paths (professionalisation/circles/demo.py), seeded after the accounts,
the schools, the catalogue and the activities, as `manage.py seed_demo` does."""

import io

import pytest
from django.apps import apps
from django.db import transaction
from django.db.models import ProtectedError
from django.test import override_settings
from django_scopes import scopes_disabled

from iclon.accounts.demo import seed_demo_accounts
from iclon.accounts.models import User
from partnerships.demo import seed_demo as seed_partnerships
from professionalisation.circles import selectors
from professionalisation.circles.demo import seed_demo as seed_circles
from professionalisation.models import (
    CircleMeeting,
    CircleMembership,
    CircleProduct,
    CircleRole,
    DevelopmentPath,
    LearningCircle,
    PathStep,
    PracticeQuestion,
    PriorModule,
)
from programmes.catalogue.demo import seed_demo as seed_catalogue
from tests.utils import nothing_written

ROWS = (
    DevelopmentPath,
    PathStep,
    PathStep.activities.through,
    PathStep.modules.through,
    LearningCircle,
    CircleMembership,
    CircleMeeting,
    PracticeQuestion,
    CircleProduct,
    PriorModule,
)


@pytest.fixture(scope="module")
def _seeded(django_db_setup, django_db_blocker):
    out = io.StringIO()
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        with scopes_disabled():
            seed_demo_accounts()
            seed_partnerships(io.StringIO(), None)
            seed_catalogue(io.StringIO(), None)
        apps.get_app_config("professionalisation").seed_demo(out, None)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def demo(_seeded, db):
    return _seeded


def test_the_demo_has_four_paths_whose_steps_name_activities(demo):
    paths = DevelopmentPath.objects.filter(published=True)
    assert set(paths.values_list("slug", flat=True)) >= {
        "startbekwaam-naar-vakbekwaam",
        "curriculumdeskundige",
        "schoolopleider",
        "ai-in-het-onderwijs",
    }
    for step in PathStep.objects.filter(path__in=paths):
        assert step.activities.exists(), step
        assert step.title_nl and step.title_en


def test_the_demo_has_three_circles_in_three_regions_with_members_of_their_region(demo):
    circles = LearningCircle.objects.filter(name_nl__startswith="Leerkring")
    assert circles.count() == 3
    assert circles.values("region").distinct().count() == 3
    for circle in circles:
        members = CircleMembership.objects.filter(circle=circle, role=CircleRole.MEMBER)
        assert members.count() >= 3
        assert not members.exclude(school__region=circle.region).exists()
        assert CircleMembership.objects.filter(circle=circle, role=CircleRole.FACILITATOR).exists()
        assert CircleMembership.objects.filter(circle=circle, role=CircleRole.RESEARCHER).exists()
        assert CircleMeeting.objects.filter(circle=circle).count() == 4
        assert PracticeQuestion.objects.filter(circle=circle).count() == 2
        assert CircleProduct.objects.filter(meeting__circle=circle).count() == 2


def test_the_demo_circles_are_tagged_with_the_principles_of_their_themes(demo):
    tagged = {
        circle.name_en: {principle.slug for principle in circle.principles.all()}
        for circle in LearningCircle.objects.filter(name_nl__startswith="Leerkring").prefetch_related("principles")
    }
    assert tagged["Learning circle of teachers of English, Rijnmond"] == {"taalbewust", "taakgestuurd", "formatief"}
    assert all(len(slugs) == 3 for slugs in tagged.values())


def test_dana_docent_sees_her_circle_and_her_module_counts_on_a_path(demo):
    dana = User.objects.get(email="docent@example.org")
    overview = selectors.mine_overview(dana)
    assert [circle.name_nl for circle in overview.circles] == ["Leerkring teamleiders Holland Rijnland"]
    assert PriorModule.objects.filter(person=dana).count() == 1
    started = {item.path.slug: item for item in overview.paths}
    assert started["startbekwaam-naar-vakbekwaam"].steps[3].prior_module is not None
    contact = User.objects.get(email="schoolcontact@example.org")
    assert [circle.name_nl for item in selectors.school_circles(contact) for circle in item.circles] == [
        "Leerkring teamleiders Holland Rijnland"
    ]


def test_a_second_run_writes_nothing(demo):
    with nothing_written(*ROWS), scopes_disabled():
        seed_circles(io.StringIO(), None)


def test_seeding_the_catalogue_again_keeps_the_modules_people_completed(demo):
    before = list(PriorModule.objects.values_list("pk", "module_id"))
    assert before
    with nothing_written(PriorModule), scopes_disabled():
        seed_catalogue(io.StringIO(), None)
        seed_circles(io.StringIO(), None)
    assert list(PriorModule.objects.values_list("pk", "module_id")) == before


def test_a_module_someone_completed_cannot_be_removed_from_under_their_record(demo):
    module = PriorModule.objects.select_related("module").first().module
    with pytest.raises(ProtectedError), transaction.atomic():
        module.delete()
