"""Who may make which move of intake's state machine: a move is the staff's with its own
permission (reviewing is not deciding), or the applicant's and the staff's alike (withdrawing)."""

import pytest
from django.contrib.auth.models import Permission

from iclon.core.errors import NotAllowed
from iclon.notifications.models import Notification
from programmes.intake.services import applications as intake
from programmes.models import Application, ApplicationStatus, ApplicationTransition
from tests.factories import ApplicationFactory, StaffUserFactory
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

S = ApplicationStatus


@pytest.fixture
def reviewer(db):
    """ICLON staff who may review applications but not decide on them."""
    user = StaffUserFactory()
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="programmes", codename="review_application")
    )
    return user


def test_a_reviewer_is_offered_the_review_moves_but_no_decision(reviewer):
    application = ApplicationFactory(status=S.IN_REVIEW)
    moves = {option.to_status for option in intake.transition_options(application, reviewer)}
    assert S.WITHDRAWN in moves
    assert not moves & {S.ADMITTED, S.ADMITTED_WITH_CONDITIONS, S.REJECTED}


def test_a_reviewer_may_not_decide(reviewer):
    application = ApplicationFactory(status=S.IN_REVIEW)
    with nothing_written(Application, ApplicationTransition, Notification), pytest.raises(NotAllowed):
        intake.application_transition(application=application, to_status=S.REJECTED, actor=reviewer, reason="Nee")
    application.refresh_from_db()
    assert application.status == S.IN_REVIEW


def test_an_intake_officer_is_offered_the_decisions(intake_officer):
    application = ApplicationFactory(status=S.IN_REVIEW)
    moves = {option.to_status for option in intake.transition_options(application, intake_officer)}
    assert {S.ADMITTED, S.REJECTED, S.WITHDRAWN} <= moves
