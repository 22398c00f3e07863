"""Factories of professional development: activities, sessions, meetings, registrations and
waiting-list entries.

`SessionFactory()` is a session open for registration (deadline in three weeks) of a published
activity, with 10 places and one meeting a month from now (pass `meetings=0` for none, or more).
The rows are written directly (factories are set-up, not the workflow): test the workflow through
the services."""

import datetime

import factory
from django.utils import timezone

from professionalisation.models import (
    Activity,
    ActivityFormat,
    ActivityKind,
    Audience,
    CalendarFeed,
    Meeting,
    Registration,
    RegistrationInvitation,
    Session,
    TargetAudience,
    WaitingListEntry,
)
from tests.factories.accounts import UserFactory


class TargetAudienceFactory(factory.django.DjangoModelFactory):
    """An audience row: the fixed list is made by migration 0002, so this gets the row of `code`
    (and makes it in a flushed test database)."""

    class Meta:
        model = TargetAudience
        django_get_or_create = ("code",)

    code = Audience.TEACHERS_VO


def audience(code: str = Audience.TEACHERS_VO) -> TargetAudience:
    """The audience row of `code`."""
    return TargetAudienceFactory(code=code)


class ActivityFactory(factory.django.DjangoModelFactory):
    """A published workshop for secondary-school teachers; pass audiences=[code, …] for others."""

    class Meta:
        model = Activity
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"activiteit-{n}")
    kind = ActivityKind.WORKSHOP
    title_nl = factory.Sequence(lambda n: f"Workshop vakdidactiek {n}")
    title_en = factory.Sequence(lambda n: f"Subject didactics workshop {n}")
    description_nl = "Een middag over formatief handelen in de les."
    description_en = "An afternoon on formative assessment in class."
    format = ActivityFormat.ON_SITE
    study_load_hours = 4
    contact_email = "nascholing@iclon.leidenuniv.nl"
    published = True

    @factory.post_generation
    def audiences(self, create, extracted, **kwargs):
        if create:
            codes = extracted if extracted is not None else [Audience.TEACHERS_VO]
            self.audiences.set([audience(code) for code in codes])


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session
        skip_postgeneration_save = True

    activity = factory.SubFactory(ActivityFactory)
    name = factory.Sequence(lambda n: f"Voorjaar {2027 + n % 3}, groep {n}")
    capacity = 10
    registration_deadline = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=21))

    @factory.post_generation
    def meetings(self, create, extracted, **kwargs):
        """One meeting a month from now, 15:30–17:30; `meetings=N` makes N, a week apart."""
        if not create:
            return
        count = 1 if extracted is None else extracted
        first = timezone.localdate() + datetime.timedelta(days=30)
        for number in range(count):
            MeetingFactory(session=self, date=first + datetime.timedelta(days=7 * number))


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    session = factory.SubFactory(SessionFactory, meetings=0)
    date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    starts_at = datetime.time(15, 30)
    ends_at = datetime.time(17, 30)
    place = "ICLON, Kolffpad 1, Leiden"


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    session = factory.SubFactory(SessionFactory)
    participant = factory.SubFactory(UserFactory)


class WaitingListEntryFactory(factory.django.DjangoModelFactory):
    """Waiting for one session; pass session=None (and activity=…) to wait for any session."""

    class Meta:
        model = WaitingListEntry

    session = factory.SubFactory(SessionFactory)
    activity = factory.LazyAttribute(lambda o: o.session.activity if o.session else ActivityFactory())
    participant = factory.SubFactory(UserFactory)


class RegistrationInvitationFactory(factory.django.DjangoModelFactory):
    """A school's open invitation of a teacher (by its contact), open for a week."""

    class Meta:
        model = RegistrationInvitation

    session = factory.SubFactory(SessionFactory)
    school = factory.SubFactory("tests.factories.partnerships.SchoolFactory")
    name = factory.Faker("name", locale="nl_NL")
    email = factory.Sequence(lambda n: f"invited{n}@example.org")
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))


class CalendarFeedFactory(factory.django.DjangoModelFactory):
    """A participant's private calendar feed (the token is made by the model's default)."""

    class Meta:
        model = CalendarFeed

    participant = factory.SubFactory(UserFactory)
