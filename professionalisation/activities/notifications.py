"""What registration tells people, through the notification outbox.

The services in professionalisation/activities/services/ call these inside their transaction;
the outbox writes the rows there and sends the e-mails after commit, each in the recipient's
language, with an idempotency key made from the event so that a retried call never tells twice.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from iclon.accounts.models import User
from iclon.notifications.messages import date_param
from iclon.notifications.models import Channel
from iclon.notifications.services import notify
from professionalisation.activities.models import (
    Activity,
    Meeting,
    Registration,
    RegistrationInvitation,
    Session,
    WaitingListEntry,
)

REGISTRATION = "professionalisation.registration"
OFFER = "professionalisation.offer"
REMINDER = "professionalisation.meeting_reminder"
INVITATION = "professionalisation.invitation"
MEETING_CHANGE = "professionalisation.meeting_change"

# (key, label, mandatory): what someone registered or waiting must hear cannot be switched off.
CATEGORIES = [
    (REGISTRATION, _("Professional development: my registrations and waiting-list places"), True),
    # Sensitive: the e-mail holds the secret accept/decline link, which the outbox clears once sent.
    (OFFER, _("Professional development: a place offered to me from the waiting list"), True, True),
    (REMINDER, _("Professional development: a reminder two days before each meeting"), False),
    # Sensitive: the e-mail holds the invitation's secret link.
    (INVITATION, _("Professional development: my school registers me for an activity"), True, True),
    (MEETING_CHANGE, _("Professional development: a meeting that moves or is cancelled"), True),
]

TEMPLATES = "emails/professionalisation/"


def _path(name: str, fallback: str, **kwargs) -> str:
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return fallback


def absolute(path: str) -> str:
    return f"{settings.PORTAL_BASE_URL}{path}"


def my_activities_path() -> str:
    return _path("activities:mine", "/professionalisation/mine/")


def offer_path(entry: WaitingListEntry) -> str:
    """The page behind the offer's secret link: it shows the offer with accept and decline."""
    return _path("activities:offer", f"/professionalisation/offers/{entry.token}/", token=entry.token)


def title_param(activity: Activity) -> dict[str, str]:
    """An activity's title as an in-app message parameter: kept in both languages, shown in the
    reader's (iclon/notifications/messages.py)."""
    return {"nl": activity.title_nl, "en": activity.title_en}


def _session_context(session: Session) -> dict:
    return {"session": session, "activity": session.activity, "meetings": list(session.meetings.all())}


def registration_confirmed(*, registration: Registration) -> None:
    path = my_activities_path()
    notify(
        category=REGISTRATION,
        template=TEMPLATES + "registration_confirmed",
        context={**_session_context(registration.session), "url": absolute(path)},
        recipient=registration.participant,
        idempotency_key=f"{REGISTRATION}:confirmed:{registration.pk}",
        url=path,
        message=gettext_noop("You are registered: %(title)s"),
        params={"title": title_param(registration.session.activity)},
    )


def waiting_list_joined(*, entry: WaitingListEntry, position: int | None) -> None:
    path = my_activities_path()
    notify(
        category=REGISTRATION,
        template=TEMPLATES + "waiting_list_joined",
        context={
            "entry": entry,
            "activity": entry.activity,
            "session": entry.session,
            "position": position,
            "url": absolute(path),
        },
        recipient=entry.participant,
        idempotency_key=f"{REGISTRATION}:waiting:{entry.pk}",
        url=path,
        message=gettext_noop("On the waiting list: %(title)s"),
        params={"title": title_param(entry.activity)},
    )


def place_offered(*, entry: WaitingListEntry) -> None:
    """The offer with its expiry and the link to accept or decline it (valid without logging in)."""
    path = offer_path(entry)
    assert entry.offered_session is not None
    notify(
        category=OFFER,
        template=TEMPLATES + "place_offered",
        context={**_session_context(entry.offered_session), "entry": entry, "url": absolute(path)},
        recipient=entry.participant,
        # One offer per entry and moment: a later promotion of the same entry is a new offer.
        idempotency_key=f"{OFFER}:offered:{entry.pk}:{entry.offered_at:%Y%m%d%H%M%S%f}",
        url=path,
        message=gettext_noop("A place is free for you: %(title)s"),
        params={"title": title_param(entry.offered_session.activity)},
    )


def offer_expired(*, entry: WaitingListEntry) -> None:
    path = my_activities_path()
    notify(
        category=OFFER,
        template=TEMPLATES + "offer_expired",
        context={"entry": entry, "activity": entry.activity, "session": entry.offered_session, "url": absolute(path)},
        recipient=entry.participant,
        idempotency_key=f"{OFFER}:expired:{entry.pk}:{entry.offered_at:%Y%m%d%H%M%S%f}",
        url=path,
        message=gettext_noop("Your offered place has expired: %(title)s"),
        params={"title": title_param(entry.activity)},
    )


def registration_cancelled(*, registration: Registration) -> None:
    path = my_activities_path()
    notify(
        category=REGISTRATION,
        template=TEMPLATES + "registration_cancelled",
        context={**_session_context(registration.session), "registration": registration, "url": absolute(path)},
        recipient=registration.participant,
        idempotency_key=f"{REGISTRATION}:cancelled:{registration.pk}",
        url=path,
        message=gettext_noop("Registration cancelled: %(title)s"),
        params={"title": title_param(registration.session.activity)},
    )


def session_cancelled(*, session: Session, participant: User, reason: str) -> None:
    path = my_activities_path()
    notify(
        category=REGISTRATION,
        template=TEMPLATES + "session_cancelled",
        context={**_session_context(session), "reason": reason, "url": absolute(path)},
        recipient=participant,
        idempotency_key=f"{REGISTRATION}:session-cancelled:{session.pk}:{participant.pk}",
        url=path,
        message=gettext_noop("Cancelled: %(title)s"),
        params={"title": title_param(session.activity)},
    )


def meeting_reminder(*, registration: Registration, meeting: Meeting) -> None:
    """Two days before a meeting: when and where (the key holds the meeting's date and time, so a
    moved meeting reminds again)."""
    path = my_activities_path()
    notify(
        category=REMINDER,
        template=TEMPLATES + "meeting_reminder",
        context={**_session_context(registration.session), "meeting": meeting, "url": absolute(path)},
        recipient=registration.participant,
        idempotency_key=f"{REMINDER}:{meeting.pk}:{meeting.date:%Y%m%d}{meeting.starts_at:%H%M}:{registration.pk}",
        url=path,
        message=gettext_noop("Reminder: %(title)s on %(day)s"),
        params={"title": title_param(registration.session.activity), "day": date_param(meeting.date)},
    )


def invitation_path(invitation: RegistrationInvitation) -> str:
    """The page behind the invitation's secret link: confirm (logged in) or decline."""
    return _path(
        "activities:invitation", f"/professionalisation/invitations/{invitation.token}/", token=invitation.token
    )


def registration_invited(*, invitation: RegistrationInvitation) -> None:
    """The teacher a school registers gets the invitation, in the language the school chose (they
    may have no account yet)."""
    notify(
        category=INVITATION,
        template=TEMPLATES + "registration_invited",
        context={
            **_session_context(invitation.session),
            "invitation": invitation,
            "school": invitation.school,
            "url": absolute(invitation_path(invitation)),
        },
        email=invitation.email,
        language=invitation.language,
        idempotency_key=f"{INVITATION}:{invitation.pk}",
        channels=(Channel.EMAIL,),
        message=gettext_noop("%(school)s registers you for %(title)s"),
        params={"school": invitation.school.name, "title": title_param(invitation.session.activity)},
    )


# --- meeting changes (professionalisation/activities/services/sessions.py) ----------------------


def meeting_changed(*, meeting: Meeting, previous: Meeting, participant: User) -> None:
    """A meeting of a session the participant holds (or is offered) a place in has moved: the old
    and new date, time and place. The key holds the moment of the change, so each change is told
    once, and a later one again."""
    path = my_activities_path()
    notify(
        category=MEETING_CHANGE,
        template=TEMPLATES + "meeting_changed",
        context={
            **_session_context(meeting.session),
            "meeting": meeting,
            "previous": previous,
            "url": absolute(path),
        },
        recipient=participant,
        idempotency_key=f"{MEETING_CHANGE}:{meeting.pk}:{meeting.updated_at:%Y%m%d%H%M%S%f}:{participant.pk}",
        url=path,
        message=gettext_noop("Changed: %(title)s, meeting on %(day)s"),
        params={"title": title_param(meeting.session.activity), "day": date_param(meeting.date)},
    )


def meeting_cancelled(*, meeting: Meeting, participant: User) -> None:
    """A meeting of a session the participant holds (or is offered) a place in does not take
    place; the rest of the session goes on. Told once per meeting (a meeting is cancelled once)."""
    path = my_activities_path()
    notify(
        category=MEETING_CHANGE,
        template=TEMPLATES + "meeting_cancelled",
        context={**_session_context(meeting.session), "meeting": meeting, "url": absolute(path)},
        recipient=participant,
        idempotency_key=f"{MEETING_CHANGE}:cancelled:{meeting.pk}:{participant.pk}",
        url=path,
        message=gettext_noop("Cancelled: %(title)s, meeting on %(day)s"),
        params={"title": title_param(meeting.session.activity), "day": date_param(meeting.date)},
    )
