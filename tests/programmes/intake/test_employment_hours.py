"""The 1-40 hours rule of a paid job as a teacher, on the application: written once
(programmes/intake/models.py) and held by the model, the database, the service and the form."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from iclon.core.errors import PortalError
from programmes.intake.models import Application
from programmes.intake.services import applications as intake
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

MESSAGE = "Enter the hours a week, between 1 and 40."


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def draft():
    return ApplicationFactory(employed_as_teacher=True, employer_name="Stichting X", employment_hours=16)


@pytest.mark.parametrize("hours", [0, 41, 60])
def test_the_service_refuses_hours_outside_1_to_40_and_writes_nothing(draft, hours):
    with pytest.raises(PortalError) as refused:
        intake.application_update(application=draft, actor=draft.applicant, employment_hours=hours)
    assert (refused.value.field, str(refused.value.message)) == ("employment_hours", MESSAGE)
    draft.refresh_from_db()
    assert draft.employment_hours == 16
    assert draft.history.count() == 1


@pytest.mark.parametrize("hours", [None, 1, 40])
def test_the_service_takes_no_hours_or_1_to_40(draft, hours):
    intake.application_update(application=draft, actor=draft.applicant, employment_hours=hours)
    draft.refresh_from_db()
    assert draft.employment_hours == hours


@pytest.mark.parametrize("hours", [0, 41])
def test_the_model_refuses_hours_outside_1_to_40(draft, hours):
    draft.employment_hours = hours
    with pytest.raises(ValidationError) as refused:
        draft.full_clean(exclude=["applicant", "assigned_to", "decided_by"])
    assert refused.value.message_dict == {"employment_hours": [MESSAGE]}


@pytest.mark.parametrize("hours", [0, 41])
def test_the_database_refuses_hours_outside_1_to_40(draft, hours):
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=draft.pk).update(employment_hours=hours)
    draft.refresh_from_db()
    assert draft.employment_hours == 16
