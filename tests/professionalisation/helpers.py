"""Helpers shared by the service tests of professional development: calling the services as a
person, comparing a refusal word for word, reading the queued e-mails."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from iclon.notifications.models import Channel, Notification
from partnerships.models import SchoolRole
from professionalisation.activities import services
from professionalisation.models import Registration, Session, WaitingListEntry
from tests.factories import SchoolMembershipFactory
from tests.utils import nothing_written

NOT_ALLOWED = "You are not allowed to do this."
#: The rows a refused call of the registration services must leave as they were.
WRITES = (Registration, WaitingListEntry, Session, Notification)


def refused(error, message, call, *unchanged):
    """`call` raises `error` with `message` (in English) and writes nothing."""
    with nothing_written(*(unchanged or WRITES)), pytest.raises(error) as caught, translation.override("en"):
        call()
    assert str(caught.value) == message
    return caught.value


def register(session, person, actor=None, **kwargs):
    """`person` registered for `session` by `actor` (themself unless given)."""
    return services.registration_create(session=session, participant=person, actor=actor or person, **kwargs)


def join(activity, person, actor=None, **kwargs):
    """`person` waiting for any session of `activity`."""
    return services.waiting_list_join(activity=activity, participant=person, actor=actor or person, **kwargs)


def contact_of(school, role=SchoolRole.SCHOOL_CONTACT):
    """A new person with `role` (the school contact unless given) at `school`."""
    return SchoolMembershipFactory(school=school, role=role).user


def teacher_of(school, role=SchoolRole.WORKPLACE_MENTOR, **user):
    """A new person of `school` (an active membership: a workplace mentor unless given), whom its
    contact may register for it; `user` sets fields of the person (full_name="...")."""
    fields = {f"user__{name}": value for name, value in user.items()}
    return SchoolMembershipFactory(school=school, role=role, **fields).user


def emails(key):
    """The e-mail rows queued under the idempotency key `key`."""
    return list(Notification.objects.filter(idempotency_key=key, channel=Channel.EMAIL))


def in_language(language, msgid, **values):
    with translation.override(language):
        return gettext(msgid) % values


def reload(*rows):
    for row in rows:
        row.refresh_from_db()
    return rows
