"""The demo of orientation (professionalisation/outreach/demo/orientation.py): orientation activities
with sessions in the coming months, tied to subjects, and materials; seeded again, nothing changes;
the route finder points a career switcher who wants to teach biology at them."""

import io

import pytest
from django.urls import reverse

from iclon.accounts.roles import StaffGroup
from professionalisation.models import (
    Activity,
    Attendance,
    Meeting,
    OrientationMaterial,
    Registration,
    RegistrationStatus,
    Session,
)
from professionalisation.outreach.demo import seed_demo
from professionalisation.outreach.models.orientation import ORIENTATION_KINDS
from professionalisation.outreach.selectors.orientation import funnel
from programmes.catalogue.seed_data import SUBJECTS
from tests.api.conftest import api_client
from tests.factories import SchoolSubjectFactory, StaffUserFactory, UserFactory
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    for slug, name_nl, name_en, domain, shortage in SUBJECTS:
        SchoolSubjectFactory(slug=slug, name_nl=name_nl, name_en=name_en, domain=domain, is_shortage_subject=shortage)
    out = io.StringIO()
    seed_demo(out, None)
    return out.getvalue()


def test_the_demo_has_coming_orientation_activities_tied_to_subjects_and_materials(seeded):
    activities = Activity.objects.filter(kind__in=ORIENTATION_KINDS, published=True)
    assert activities.count() == 6
    assert set(activities.values_list("kind", flat=True)) == set(ORIENTATION_KINDS)
    assert Activity.objects.get(slug="meeloopdag-beta").subjects.filter(slug="biologie").exists()
    assert Session.objects.filter(activity__in=activities).count() == 9  # 8 coming, 1 past
    assert all(meeting.date > meeting.session.registration_deadline.date() for meeting in Meeting.objects.all())
    assert OrientationMaterial.objects.published().count() == 3
    assert "6 activities, 9 sessions, 3 materials; 0 guests" in seeded


def test_the_past_evening_counts_in_the_funnel_with_the_demo_accounts(seeded):
    StaffUserFactory(email="nascholing@example.org", group=StaffGroup.PROFESSIONALISATION_COORDINATOR)
    for number in range(1, 6):
        UserFactory(email=f"aanmelder{number:02d}@example.org")
    out = io.StringIO()
    seed_demo(out, None)
    assert "5 guests at a past information evening" in out.getvalue()

    assert Registration.objects.filter(status=RegistrationStatus.CONFIRMED).count() == 5
    assert not Attendance.objects.exists()  # passed without attendance recorded: attended all the same
    assert [row.attended for row in funnel()][0] == 5
    with nothing_written(Registration, Attendance):
        seed_demo(io.StringIO(), None)


def test_seeding_again_writes_nothing(seeded):
    with nothing_written(Activity, Session, Meeting, OrientationMaterial):
        seed_demo(io.StringIO(), None)


def test_the_finder_points_a_career_switcher_at_the_demos_orientation(seeded):
    params = {"prior_education": "wo_master", "sector": "vo", "subject": "biologie", "employed_as_teacher": "no"}
    body = api_client().get(reverse("api:route-finder"), params).json()
    assert [row["slug"] for row in body["orientation_activities"]] == [
        "informatieavond-leraar-worden",
        "meeloopdag-beta",
        "informatieavond-zij-instroom",
    ]
    assert [row["url"] for row in body["orientation_materials"]] == [
        "https://www.klaarvoordestap.nl/",
        "https://www.klaarvoordestap.nl/beta",
    ]
