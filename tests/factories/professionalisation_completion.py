"""Factories of completion: attendance, assignment results, completions, certificates and
evaluations. The rows are written directly (set-up, not the workflow): test the workflow through
the services. `past_session(meetings=N)` is a session whose N meetings lie in the past (a week
apart, the last one yesterday), for recording attendance."""

import datetime

import factory
from django.utils import timezone

from professionalisation.models import AssignmentResult, Attendance, Certificate, Completion, Evaluation
from tests.factories.professionalisation import MeetingFactory, RegistrationFactory, SessionFactory


def past_session(*, meetings: int = 3, **activity_fields):
    """A session (of a published activity with `activity_fields`) whose meetings were held: the
    last yesterday, the others a week apart before it."""
    session = SessionFactory(meetings=0, **{f"activity__{k}": v for k, v in activity_fields.items()})
    last = timezone.localdate() - datetime.timedelta(days=1)
    for number in range(meetings):
        MeetingFactory(session=session, date=last - datetime.timedelta(weeks=meetings - 1 - number))
    return session


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    registration = factory.SubFactory(RegistrationFactory)
    meeting = factory.LazyAttribute(lambda o: MeetingFactory(session=o.registration.session))
    present = True


class AssignmentResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssignmentResult

    registration = factory.SubFactory(RegistrationFactory)
    passed = True


class CompletionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Completion

    registration = factory.SubFactory(RegistrationFactory)
    completed_at = factory.LazyFunction(timezone.now)
    meetings_attended = 1
    meetings_total = 1


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certificate

    completion = factory.SubFactory(CompletionFactory)
    number = factory.Sequence(lambda n: f"ICLON-PD-2000-{n + 1:05d}")
    language = "nl"
    issued_at = factory.LazyFunction(timezone.now)


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evaluation

    registration = factory.SubFactory(RegistrationFactory)
    rating = 4
    comment = "Nuttig."
