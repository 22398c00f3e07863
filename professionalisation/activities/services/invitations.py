"""A school registers its teachers: the school contact (or school leader) invites a teacher by name
and e-mail address for a session; the teacher confirms by the e-mail's link, logged in with that
address (a new teacher creates an account first), and is registered for the school, or put on the
waiting list when the session has filled up meanwhile. An invitation holds no place.

The invitation is what lets the school register a teacher who is not one of its people (no
membership of the school): `registration_create` checks it.

The school sees and manages its invitations (withdraw one that is still open); the teacher may
decline without logging in (whoever holds the link may). An invitation expires at the session's
registration deadline, or after `INVITATION_DAYS` when that comes first (the beat task closes it).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iclon.accounts.models import User
from iclon.core.errors import Conflict, NotAllowed, PortalError
from iclon.core.history import history_author, record_history_as
from partnerships.models import School
from professionalisation.activities import notifications
from professionalisation.activities.models import (
    LIVE_WAITING,
    InvitationStatus,
    Registration,
    RegistrationInvitation,
    RegistrationStatus,
    Session,
    WaitingListEntry,
)
from professionalisation.activities.permissions import (
    invitation_is_for,
    is_registration_staff,
    registers_for_school,
)
from professionalisation.activities.services import (
    AlreadyRegistered,
    AlreadyWaiting,
    _check_open_for_registration,
    registration_create,
)

#: How long a teacher has to answer, at most (the registration deadline may come first).
INVITATION_DAYS = 14
NAME_LENGTH = 150


def _may_invite(actor: User | AnonymousUser | None, school: School) -> bool:
    return is_registration_staff(actor) or registers_for_school(actor, school.pk)


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise PortalError(_("Give the teacher's name."), field="name")
    if len(name) > NAME_LENGTH:
        raise PortalError(_("A name has at most %(count)d characters.") % {"count": NAME_LENGTH}, field="name")
    return name


def _clean_email(email: str) -> str:
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise PortalError(_("Enter a valid e-mail address."), field="email") from None
    return email.lower()


def _clean_language(language: str) -> str:
    codes = [code for code, _name in settings.LANGUAGES]
    if language not in codes:
        raise PortalError(_("Choose Dutch or English."), field="language")
    return language


def _places_held(session: Session, **person: object) -> tuple[bool, bool]:
    """Whether the person (`participant=` a user, or `participant__email__iexact=` an address) is
    registered for the session, and whether they wait for it (or for any session of its activity)."""
    registered = Registration.objects.filter(session=session, status=RegistrationStatus.CONFIRMED, **person)
    waiting = WaitingListEntry.objects.filter(
        Q(session=session) | Q(session__isnull=True),
        status__in=LIVE_WAITING,
        activity_id=session.activity_id,
        **person,
    )
    return registered.exists(), waiting.exists()


def registration_invite(
    *,
    session: Session,
    school: School,
    name: str,
    email: str,
    actor: User | AnonymousUser | None,
    language: str = "nl",
) -> RegistrationInvitation:
    """The contact of `school` (or staff) invites a teacher to register for `session` for the school:
    the teacher gets an e-mail in `language` with a link to confirm or decline."""
    with transaction.atomic():
        session = Session.objects.select_for_update(of=("self",)).select_related("activity").get(pk=session.pk)
        if not _may_invite(actor, school):
            raise NotAllowed()
        name, email, language = _clean_name(name), _clean_email(email), _clean_language(language)
        # Everyone's rules, staff's too: an invitation is answered later, by the teacher.
        _check_open_for_registration(session, None)
        if any(_places_held(session, participant__email__iexact=email)):
            raise Conflict(_("This person is already registered or waiting for this session."))
        if RegistrationInvitation.objects.filter(
            session=session, email__iexact=email, status=InvitationStatus.PENDING
        ).exists():
            raise Conflict(_("This teacher has already been invited to this session."))
        now = timezone.now()
        invitation = RegistrationInvitation(
            session=session,
            school=school,
            name=name,
            email=email,
            language=language,
            invited_by=history_author(actor),
            expires_at=min(session.registration_deadline, now + datetime.timedelta(days=INVITATION_DAYS)),
        )
        record_history_as(invitation, history_author(actor))
        try:
            with transaction.atomic():
                invitation.save()
        except IntegrityError as error:  # a concurrent second invitation (the partial unique constraint)
            raise Conflict(_("This teacher has already been invited to this session.")) from error
        notifications.registration_invited(invitation=invitation)
        return invitation


def _lock(invitation: RegistrationInvitation) -> RegistrationInvitation:
    return (
        RegistrationInvitation.objects.select_for_update(of=("self",))
        .select_related("session__activity", "school", "invited_by")
        .get(pk=invitation.pk)
    )


def _check_pending(invitation: RegistrationInvitation, now: datetime.datetime) -> None:
    if invitation.status == InvitationStatus.PENDING and invitation.expires_at <= now:
        raise Conflict(_("This invitation has expired; ask your school to invite you again."))
    if invitation.status != InvitationStatus.PENDING:
        raise Conflict(_("This invitation is no longer open."))


def registration_invitation_accept(
    *, invitation: RegistrationInvitation, actor: User | AnonymousUser | None
) -> Registration | WaitingListEntry:
    """The invited teacher confirms: registered for the session for the school (or on its waiting
    list when it is full), registered by the school's contact who invited them. Refused when the
    person logged in has another address, or when whoever invited may no longer register for the
    school."""
    with transaction.atomic():
        invitation = _lock(invitation)
        now = timezone.now()
        if not invitation_is_for(invitation, actor):
            raise NotAllowed(
                _("Log in with the address this invitation was sent to (%(email)s).") % {"email": invitation.email}
            )
        assert isinstance(actor, User)
        _check_pending(invitation, now)
        inviter = invitation.invited_by
        if inviter is None or not _may_invite(inviter, invitation.school):
            raise Conflict(_("Your school can no longer register you with this invitation; please ask it again."))
        session = invitation.session
        if Registration.objects.filter(
            session=session, participant=actor, status=RegistrationStatus.CONFIRMED
        ).exists():
            raise AlreadyRegistered.of(participant_id=actor.pk, actor=actor)
        if WaitingListEntry.objects.filter(
            Q(session=session) | Q(session__isnull=True),
            participant=actor,
            status__in=LIVE_WAITING,
            activity_id=session.activity_id,
        ).exists():
            raise AlreadyWaiting.of(participant_id=actor.pk, actor=actor)
        # The invitation admits the teacher, who need not be one of the school's people (yet).
        result = registration_create(
            session=invitation.session,
            participant=actor,
            actor=inviter,
            school=invitation.school,
            invitation=invitation,
        )
        invitation.status, invitation.answered_at, invitation.participant = InvitationStatus.ACCEPTED, now, actor
        if isinstance(result, Registration):
            invitation.registration = result
        else:
            invitation.waiting_list_entry = result
        record_history_as(invitation, actor)
        invitation.save()
        return result


def registration_invitation_decline(
    *, invitation: RegistrationInvitation, actor: User | AnonymousUser | None, token: str | None = None
) -> RegistrationInvitation:
    """The teacher declines: by the link's token without logging in, or logged in as the invited
    teacher. The school sees it."""
    with transaction.atomic():
        invitation = _lock(invitation)
        if not (token and token == invitation.token) and not invitation_is_for(invitation, actor):
            raise NotAllowed()
        _check_pending(invitation, timezone.now())
        invitation.status, invitation.answered_at = InvitationStatus.DECLINED, timezone.now()
        record_history_as(invitation, history_author(actor))
        invitation.save()
        return invitation


def registration_invitation_withdraw(
    *, invitation: RegistrationInvitation, actor: User | AnonymousUser | None
) -> RegistrationInvitation:
    """The school (or staff) withdraws an invitation the teacher has not answered; its link stops
    working."""
    with transaction.atomic():
        invitation = _lock(invitation)
        if not _may_invite(actor, invitation.school):
            raise NotAllowed()
        if invitation.status != InvitationStatus.PENDING:
            raise Conflict(_("This invitation is no longer open."))
        invitation.status, invitation.answered_at = InvitationStatus.WITHDRAWN, timezone.now()
        record_history_as(invitation, history_author(actor))
        invitation.save()
        return invitation


def registration_invitations_expire(*, now: datetime.datetime | None = None) -> int:
    """Close the invitations whose time has passed (the beat task); returns how many."""
    now = now or timezone.now()
    with transaction.atomic():
        rows = list(
            RegistrationInvitation.objects.select_for_update(skip_locked=True).filter(
                status=InvitationStatus.PENDING, expires_at__lte=now
            )
        )
        for invitation in rows:
            invitation.status = InvitationStatus.EXPIRED
            record_history_as(invitation, None)
            invitation.save()
        return len(rows)
