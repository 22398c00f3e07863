"""application_start: who may start a draft, for which route, start and subject, and what the
draft holds when it begins. Messages are compared as written in the code (English)."""

import datetime

import pytest
from django.utils import timezone, translation

from iclon.core.errors import Conflict, NotAllowed, PortalError
from programmes.intake.services.applications import DeadlinePassed, application_start
from programmes.models import Application
from tests.factories import PathwayFactory, SchoolSubjectFactory, StartMomentFactory, UserFactory
from tests.utils import nothing_written

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def start(applicant, pathway, **kwargs):
    return application_start(applicant=applicant, pathway=pathway, start_moment=pathway.start_moments.get(), **kwargs)


def refusal(error):
    return type(error.value), str(error.value), error.value.field


def test_a_draft_begins_with_the_applicants_name_split_and_nothing_else_filled_in():
    applicant = UserFactory(full_name="Anna Maria de Vries")
    pathway = PathwayFactory()

    application = start(applicant, pathway)

    stored = Application.objects.get(pk=application.pk)
    assert (stored.applicant, stored.pathway, stored.start_moment) == (
        applicant,
        pathway,
        pathway.start_moments.get(),
    )
    assert (stored.first_name, stored.last_name) == ("Anna", "Maria de Vries")
    assert stored.dutch_proficiency == ""
    assert stored.status == "draft"


def test_an_applicant_without_a_name_starts_with_empty_names():
    application = start(UserFactory(full_name=""), PathwayFactory())
    assert (application.first_name, application.last_name) == ("", "")


def test_the_only_subject_of_a_route_is_chosen_for_the_applicant():
    subject = SchoolSubjectFactory()
    application = start(UserFactory(), PathwayFactory(subjects=[subject]))
    assert Application.objects.get(pk=application.pk).subject == subject


def test_a_route_without_subjects_stores_none_whatever_subject_was_given():
    application = start(UserFactory(), PathwayFactory(subjects=[]), subject=SchoolSubjectFactory())
    assert Application.objects.get(pk=application.pk).subject is None


def test_of_several_subjects_the_chosen_one_is_stored():
    first, second = SchoolSubjectFactory(), SchoolSubjectFactory()
    application = start(UserFactory(), PathwayFactory(subjects=[first, second]), subject=second)
    assert Application.objects.get(pk=application.pk).subject == second


@pytest.mark.parametrize("given", ["none", "other"])
def test_a_route_with_several_subjects_needs_one_of_them(given):
    pathway = PathwayFactory(subjects=[SchoolSubjectFactory(), SchoolSubjectFactory()])
    subject = None if given == "none" else SchoolSubjectFactory()
    with nothing_written(Application), pytest.raises(PortalError) as error:
        start(UserFactory(), pathway, subject=subject)
    assert refusal(error) == (PortalError, "Choose one of the subjects this route is offered for.", "subject")


def test_an_unpublished_route_takes_no_applications():
    pathway = PathwayFactory(is_published=False)
    with nothing_written(Application), pytest.raises(PortalError) as error:
        start(UserFactory(), pathway)
    assert refusal(error) == (PortalError, "This route is not open for applications.", None)


def test_a_start_moment_of_another_route_is_refused_on_that_field():
    pathway, other = PathwayFactory(), PathwayFactory()
    with nothing_written(Application), pytest.raises(PortalError) as error:
        application_start(applicant=UserFactory(), pathway=pathway, start_moment=other.start_moments.get())
    assert refusal(error) == (PortalError, "Choose a start moment of this route.", "start_moment")


def test_after_the_deadline_no_draft_is_started():
    pathway = PathwayFactory(start=False)
    StartMomentFactory(
        pathway=pathway,
        starts_on=timezone.localdate() + datetime.timedelta(days=30),
        application_deadline=timezone.localdate() - datetime.timedelta(days=1),
    )
    with nothing_written(Application), pytest.raises(DeadlinePassed) as error:
        start(UserFactory(), pathway)
    assert str(error.value) == "The application deadline for this start has passed."


def test_a_second_application_for_the_same_route_and_start_is_a_conflict():
    applicant, pathway = UserFactory(), PathwayFactory()
    start(applicant, pathway)
    with nothing_written(Application), pytest.raises(Conflict) as error:
        start(applicant, pathway)
    assert str(error.value) == "You already have an application for this route and start."


def test_an_inactive_account_starts_nothing():
    with nothing_written(Application), pytest.raises(NotAllowed):
        start(UserFactory(is_active=False), PathwayFactory())
