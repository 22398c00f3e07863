"""Helpers of the support desk's tests: questions asked through the service, by an intake officer
(a staff member who asks) and answered by the programme coordinator (support staff)."""

import pytest

from programmes.support import services
from programmes.support.models import SupportTopic


def ask(asker, **fields):
    values = {"topic": SupportTopic.SYSTEMS, "title": "Where do I enter a resit?", "body": "The grade is in."}
    values.update(fields)
    return services.support_question_ask(actor=asker, **values)


@pytest.fixture
def asker(intake_officer):
    return intake_officer


@pytest.fixture
def support(programme_coordinator):
    return programme_coordinator


@pytest.fixture
def question(asker):
    return ask(asker)
