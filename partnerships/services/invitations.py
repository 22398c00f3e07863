"""Inviting partner-school users: staff invite, the invitee accepts through a single-use link."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iclon.accounts.models import User
from iclon.accounts.roles import staff_may
from iclon.core.errors import Conflict, NotAllowed, PortalError
from iclon.core.tenancy import forget_visible_schools
from iclon.notifications.receivers import send_welcome
from partnerships.models import School, SchoolInvitation, SchoolMembership, SchoolRole
from partnerships.notifications import send_invitation_email


class InvitationInvalid(PortalError):
    default_message = _("This invitation link is not valid.")
    status_code = 404


class InvitationExpired(PortalError):
    default_message = _("This invitation has expired. Ask ICLON to send you a new one.")
    status_code = 410


class InvitationUsed(Conflict):
    default_message = _("This invitation has already been used. Log in with your e-mail address and password.")


class InvitationForAnotherAccount(NotAllowed):
    default_message = _("This invitation was sent to another e-mail address than the account you are logged in with.")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _can_invite(actor: User) -> bool:
    return staff_may(actor, "partnerships.add_schoolinvitation")


def invitation_create(
    *, school: School, email: str, full_name: str, role: str, language: str = "nl", actor: User
) -> tuple[SchoolInvitation, str]:
    """Invite `email` to `school` in `role`. Returns the invitation and the raw token.

    Writes one SchoolInvitation (only the token's hash) and sends the e-mail with the link after
    the transaction commits. Raises NotAllowed when the actor may not invite."""
    with transaction.atomic():
        if not _can_invite(actor):
            raise NotAllowed()
        if role not in SchoolRole.values:
            raise PortalError(_("Choose a valid role."), field="role")
        token = secrets.token_urlsafe(32)
        invitation = SchoolInvitation(
            school=school,
            email=User.objects.normalize_email(email).lower(),
            full_name=full_name.strip(),
            role=role,
            language=language,
            token_hash=_hash(token),
            expires_at=timezone.now() + timedelta(days=settings.INVITATION_EXPIRY_DAYS),
            invited_by=actor,
        )
        # The token hash's uniqueness is left to the database constraint: a uniqueness check would
        # query through the tenancy-scoped manager, which has no scope outside a request.
        invitation.full_clean(validate_unique=False)
        invitation.save()
        send_invitation_email(invitation=invitation, token=token)
        return invitation, token


def invitation_resend(*, invitation: SchoolInvitation, actor: User) -> str:
    """Give an open or expired invitation a new token and expiry date and send it again.

    The old link stops working. Raises InvitationUsed when it was accepted already."""
    with transaction.atomic():
        if not _can_invite(actor):
            raise NotAllowed()
        # scope: the lock re-reads the row the caller found through its selector; the actor is checked above.
        invitation = SchoolInvitation.objects.unscoped().select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at:
            raise InvitationUsed()
        token = secrets.token_urlsafe(32)
        invitation.token_hash = _hash(token)
        invitation.expires_at = timezone.now() + timedelta(days=settings.INVITATION_EXPIRY_DAYS)
        invitation.save(update_fields=["token_hash", "expires_at", "updated_at"])
        send_invitation_email(invitation=invitation, token=token)
        return token


def invitation_get(*, token: str) -> SchoolInvitation:
    """The invitation behind `token`, or the reason it cannot be used (raised)."""
    # scope: the invitee belongs to no school yet; the secret token is their only key.
    return _usable(SchoolInvitation.objects.unscoped().select_related("school"), token)


def _usable(queryset: QuerySet[SchoolInvitation], token: str) -> SchoolInvitation:
    """The invitation in `queryset` behind `token`; raises why it cannot be used."""
    invitation = queryset.filter(token_hash=_hash(token or "")).first()
    if invitation is None:
        raise InvitationInvalid()
    if invitation.accepted_at:
        raise InvitationUsed()
    if invitation.is_expired:
        raise InvitationExpired()
    return invitation


def invitation_accept(*, token: str, password: str | None = None, user: User | AnonymousUser | None = None) -> User:
    """Accept the invitation behind `token` and return the user who now belongs to the school.

    A new account is created with `password` (validated by the password rules) and its e-mail
    address counts as verified, since the link reached that inbox. An existing account (`user`,
    logged in, with the invited address) just gains the membership. The invitation is locked and
    marked accepted, so a second use of the link fails with InvitationUsed."""
    with transaction.atomic():
        # scope: the invitee belongs to no school yet; the secret token is their only key.
        invitation = _usable(SchoolInvitation.objects.unscoped().select_for_update(), token)

        if user is not None and user.is_authenticated:
            if user.email.lower() != invitation.email.lower():
                raise InvitationForAnotherAccount()
        else:
            if User.objects.filter(email__iexact=invitation.email).exists():
                raise InvitationUsed(
                    _("An account with this e-mail address exists already. Log in first, then open the link again.")
                )
            candidate = User(email=invitation.email, full_name=invitation.full_name, language=invitation.language)
            try:
                validate_password(password or "", user=candidate)
            except ValidationError as error:
                raise PortalError(" ".join(error.messages), field="password1") from error
            candidate.set_password(password)
            candidate.save()
            _mark_email_verified(candidate)
            send_welcome(user=candidate)
            user = candidate

        # scope: the membership the token grants, for a user who has none at this school yet.
        SchoolMembership.objects.unscoped().get_or_create(
            user=user, school=invitation.school, role=invitation.role, defaults={"active_from": timezone.localdate()}
        )
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
        forget_visible_schools(user)
        return user


def _mark_email_verified(user: User) -> None:
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
