"""Query budgets of the staff home pages (issue 16): the dashboard of each staff role counts what
waits for it in a fixed number of queries, the same at 1 and at 50 rows of each kind. As in
test_personal_pages_queries.py, every page is asked twice and the budget is the second, with the
header in the per-user cache; it counts the session, the user, the header and the page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from programmes.models import ApplicationStatus, PlacementStatus
from research.questions.models import QuestionStatus
from tests.factories import ApplicationFactory, PlacementFactory
from tests.factories.placements import EvaluationFactory, PlacementOfferFactory, PlacementPeriodFactory
from tests.factories.programmes import InformationRequestFactory
from tests.factories.research_questions import ResearchQuestionFactory

pytestmark = pytest.mark.django_db

ENGLISH = {"accept-language": "en"}

#: The second page of the session, measured: the same at 1 and at 50 rows. Each kind of count
#: adds its own queries (intake 1, placements 4, research 1, professional development 3, support desk 1,
#: yearly cycle 1, VOG 1, matching runs 1, study progress 1: see
#: tests/professionalisation/test_staff_home.py), never one per row; the rest is the session, the
#: user, the permissions, the two-factor check and the apps' cards.
BUDGETS = {
    "intake_officer": 12,
    "placement_coordinator": 17,
    "researcher": 12,
    "administrator": 25,
}


def _rows(rows: int) -> None:
    period = PlacementPeriodFactory()
    offer = PlacementOfferFactory(period=period, places=rows + 1)
    long_ago = timezone.now() - datetime.timedelta(days=30)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    for _ in range(rows):
        application = ApplicationFactory(status=ApplicationStatus.SUBMITTED, complete=False)
        request = InformationRequestFactory(application=application)
        type(request).objects.filter(pk=request.pk).update(created_at=long_ago)
        placement = PlacementFactory(offer=offer, status=PlacementStatus.PROPOSED)
        EvaluationFactory(placement=placement, due_on=yesterday)
        ResearchQuestionFactory(status=QuestionStatus.SUBMITTED)


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.parametrize("role", list(BUDGETS))
def test_a_staff_home_page_counts_in_a_fixed_number_of_queries(
    client, request, django_assert_max_num_queries, role, rows
):
    _rows(rows)
    client.force_login(request.getfixturevalue(role))
    url = reverse("core:dashboard")
    client.get(url, headers=ENGLISH)  # the first page of the session fills the per-user cache
    with django_assert_max_num_queries(BUDGETS[role]):
        response = client.get(url, headers=ENGLISH)
    content = response.content.decode()
    assert "Needs your attention" in content
    counts = {
        "intake_officer": [f'attention__count">{rows}</span> <span class="attention__label">application'],
        "placement_coordinator": [f'attention__count">{rows}</span> <span class="attention__label">match'],
        "researcher": [f'attention__count">{rows}</span> <span class="attention__label">research question'],
    }
    expected = counts.get(role) or [line for lines in counts.values() for line in lines]
    assert all(line in content for line in expected)
