"""application_assign: who may assign an application to whom, and who is told."""

import pytest
from django.utils import translation

from iclon.accounts.roles import StaffGroup
from iclon.core.errors import NotAllowed, PortalError
from iclon.notifications.models import Notification
from programmes.intake.services.applications import application_assign
from programmes.models import Application
from tests.factories import ApplicationFactory, StaffUserFactory
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted():
    return ApplicationFactory(status="submitted")


def assigned_to(application):
    return Application.objects.get(pk=application.pk).assigned_to


def test_an_officer_assigns_a_colleague_who_is_told(submitted, intake_officer):
    colleague = StaffUserFactory(group=StaffGroup.INTAKE_OFFICER)

    application_assign(application=submitted, assignee=colleague, actor=intake_officer)

    assert assigned_to(submitted) == colleague
    assert Notification.objects.filter(recipient=colleague).exists()


def test_an_officer_who_takes_an_application_themselves_is_not_told(submitted, intake_officer):
    application_assign(application=submitted, assignee=intake_officer, actor=intake_officer)
    assert assigned_to(submitted) == intake_officer
    assert not Notification.objects.filter(recipient=intake_officer).exists()


def test_assigning_to_the_same_officer_again_changes_nothing_and_tells_nobody(submitted, intake_officer):
    application_assign(application=submitted, assignee=intake_officer, actor=intake_officer)
    before = Application.objects.get(pk=submitted.pk).updated_at
    with nothing_written(Notification):
        application_assign(application=submitted, assignee=intake_officer, actor=intake_officer)
    assert Application.objects.get(pk=submitted.pk).updated_at == before


def test_unassigning_clears_the_officer(submitted, intake_officer):
    application_assign(application=submitted, assignee=intake_officer, actor=intake_officer)
    application_assign(application=submitted, assignee=None, actor=intake_officer)
    assert assigned_to(submitted) is None


@pytest.mark.parametrize("assignee", ["applicant", "programme_coordinator", "outsider"])
def test_only_intake_staff_can_be_assigned(request, submitted, intake_officer, assignee):
    person = submitted.applicant if assignee == "applicant" else request.getfixturevalue(assignee)
    with translation.override("en"), nothing_written(Application), pytest.raises(PortalError) as error:
        application_assign(application=submitted, assignee=person, actor=intake_officer)
    assert (str(error.value), error.value.field) == (
        "Applications can only be assigned to intake staff.",
        "assigned_to",
    )
    assert not isinstance(error.value, NotAllowed)


@pytest.mark.parametrize("actor", ["applicant", "placement_coordinator", "outsider"])
def test_only_intake_staff_assign(request, submitted, intake_officer, actor):
    person = submitted.applicant if actor == "applicant" else request.getfixturevalue(actor)
    with nothing_written(Application), pytest.raises(NotAllowed):
        application_assign(application=submitted, assignee=intake_officer, actor=person)
    assert assigned_to(submitted) is None


def test_an_inactive_officer_cannot_be_assigned(submitted, intake_officer):
    idle = StaffUserFactory(group=StaffGroup.INTAKE_OFFICER, is_active=False)
    with nothing_written(Application), pytest.raises(PortalError):
        application_assign(application=submitted, assignee=idle, actor=intake_officer)
