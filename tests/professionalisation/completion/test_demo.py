"""The completion demo, seeded after the activities' demo (as `manage.py seed_demo` does): the
demo teacher has a completed activity with a certificate, the session under way has attendance,
and seeding again writes nothing."""

import io

from django.apps import apps

from professionalisation.activities import seed_data as facts
from professionalisation.completion.demo import seed_demo
from professionalisation.models import Attendance, Certificate, Completion, Evaluation
from tests.professionalisation.activities.test_demo import _seeded, demo  # noqa: F401  (fixtures)
from tests.utils import nothing_written


def test_the_demo_teacher_completed_an_activity_with_a_certificate(demo):  # noqa: F811
    completion = Completion.objects.get(registration__participant__email=facts.DEMO_TEACHER)

    assert completion.valid
    assert completion.certificate.valid
    assert completion.registration.session.activity.slug == "formatief-handelen"
    assert Attendance.objects.filter(registration__session__activity__slug=facts.UNDER_WAY[0]).exists()
    assert Evaluation.objects.count() == 2
    assert Completion.objects.filter(withdrawn_at__isnull=True).count() == 4  # one missed two meetings


def test_seeding_again_writes_nothing(demo):  # noqa: F811
    with nothing_written(Attendance, Completion, Certificate, Evaluation):
        seed_demo(io.StringIO(), None)
    assert apps.get_app_config("professionalisation")
