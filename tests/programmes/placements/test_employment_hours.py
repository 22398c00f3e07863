"""The 1-40 hours rule of a paid job registered as the placement: the same rule as the application's
(programmes/intake/models.py), held by the placement's model, the database, the service and the form."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django_scopes import scopes_disabled

from iclon.core.errors import PortalError
from programmes.models import ApplicationStatus, Placement
from programmes.placements.forms import EmploymentForm
from programmes.placements.services import placement_register_employment
from tests.factories import ApplicationFactory
from tests.factories.placements import PlacementFactory, PlacementPeriodFactory

pytestmark = pytest.mark.django_db

MESSAGE = "Enter the hours a week, between 1 and 40."


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def job(school_a):
    with scopes_disabled():
        return PlacementFactory(employment=True, school=school_a)


@pytest.mark.parametrize("hours", [0, 41])
def test_the_model_refuses_hours_outside_1_to_40(job, hours):
    job.employment_hours = hours
    with pytest.raises(ValidationError) as refused, scopes_disabled():
        job.full_clean()
    assert refused.value.message_dict == {"employment_hours": [MESSAGE]}


@pytest.mark.parametrize("hours", [None, 1, 40])
def test_the_model_takes_no_hours_or_1_to_40(job, hours):
    job.employment_hours = hours
    with scopes_disabled():
        job.full_clean()


@pytest.mark.parametrize("hours", [0, 41])
def test_the_database_refuses_hours_outside_1_to_40(job, hours):
    with pytest.raises(IntegrityError), transaction.atomic():
        Placement.objects.unscoped().filter(pk=job.pk).update(employment_hours=hours)
    job.refresh_from_db()
    assert job.employment_hours == 16


@pytest.mark.parametrize("hours", [0, 41])
def test_the_service_refuses_hours_outside_1_to_40_and_writes_nothing(school_a, hours):
    trainee = ApplicationFactory(status=ApplicationStatus.ENROLLED)
    with pytest.raises(PortalError) as refused:
        placement_register_employment(
            trainee=trainee, school=school_a, period=PlacementPeriodFactory(), actor=trainee.applicant, hours=hours
        )
    assert (refused.value.field, str(refused.value.message)) == ("hours", MESSAGE)
    with scopes_disabled():
        assert not Placement.objects.filter(trainee=trainee).exists()


@pytest.mark.parametrize(("hours", "errors"), [("0", [MESSAGE]), ("41", [MESSAGE]), ("40", []), ("", [])])
def test_the_form_says_the_same(school_a, hours, errors):
    period = PlacementPeriodFactory()
    form = EmploymentForm(data={"school": school_a.pk, "period": period.pk, "hours": hours}, periods=[period])
    form.is_valid()
    assert form.errors.get("hours", []) == errors
    assert (form.fields["hours"].widget.attrs["min"], form.fields["hours"].widget.attrs["max"]) == (1, 40)
