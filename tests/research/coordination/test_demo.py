"""The demo of research coordination: 15 requests of invented faculty staff in every state, some
grant proposals with deadlines (one passed), the team of three; idempotent."""

import io

import pytest

from research.coordination import demo
from research.coordination.models import SupportKind, SupportRequest, SupportStatus
from research.coordination.selectors import team_members
from tests.factories import FacultyFactory

pytestmark = pytest.mark.django_db


def test_the_demo_has_every_state_and_runs_twice_without_adding():
    for name in ("Sociale Wetenschappen", "Rechtsgeleerdheid", "Geesteswetenschappen", "Archeologie"):
        FacultyFactory(name=name)
    out = io.StringIO()
    demo.seed_demo(out, None)
    assert SupportRequest.objects.count() == 15
    assert set(SupportRequest.objects.values_list("status", flat=True)) == set(SupportStatus.values)
    assert SupportRequest.objects.filter(kind=SupportKind.GRANT_PROPOSAL).exclude(submission_deadline=None).count() == 6
    assert sum(row.is_overdue for row in SupportRequest.objects.all()) == 1
    assert team_members().count() == 3
    assert SupportRequest.objects.filter(messages__isnull=False).exists()
    demo.seed_demo(out, None)
    assert SupportRequest.objects.count() == 15
    assert "15 support requests, 0 added now." in out.getvalue()


def test_the_demo_waits_for_the_faculties():
    out = io.StringIO()
    demo.seed_demo(out, None)
    assert not SupportRequest.objects.exists()
    assert "skipped" in out.getvalue()
