"""Memberships of people at schools, as staff manage them (admin and API)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from iclon.core.errors import Conflict, NotAllowed, PortalError
from iclon.core.tenancy import forget_visible_schools
from partnerships.models import School, SchoolMembership


def _check(actor, perm: str) -> None:
    if not (actor.is_active and actor.is_staff and actor.has_perm(perm)):
        raise NotAllowed()


def _validate(membership: SchoolMembership) -> None:
    try:
        # Constraint checks query the table; this trusted service may see every school's rows.
        with scopes_disabled():
            membership.full_clean(validate_unique=False, validate_constraints=True)
    except ValidationError as error:
        if any(e.code == "unique_together" for errors in error.error_dict.values() for e in errors):
            raise Conflict(_("This person already has this role at this school.")) from error
        field, messages = next(iter(error.message_dict.items()))
        raise PortalError(" ".join(messages), field=None if field == "__all__" else field) from error


def _save(membership: SchoolMembership, actor) -> None:
    # The history row names the actor also outside a request (commands, tasks).
    membership._history_user = actor
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError as error:
        raise Conflict(_("This person already has this role at this school.")) from error


@transaction.atomic
def membership_create(
    *,
    user,
    school: School,
    role: str,
    active_from: datetime.date | None = None,
    active_until: datetime.date | None = None,
    actor,
) -> SchoolMembership:
    """Give `user` `role` at `school`. Raises Conflict when they hold that role there already."""
    _check(actor, "partnerships.add_schoolmembership")
    membership = SchoolMembership(
        user=user, school=school, role=role, active_from=active_from or timezone.localdate(), active_until=active_until
    )
    _validate(membership)
    _save(membership, actor)
    forget_visible_schools(user)
    return membership


@transaction.atomic
def membership_update(
    *, membership: SchoolMembership, actor, role: str | None = None, active_from=None, active_until=..., **_ignored
) -> SchoolMembership:
    """Change the role or period of `membership` (history is recorded)."""
    _check(actor, "partnerships.change_schoolmembership")
    if role is not None:
        membership.role = role
    if active_from is not None:
        membership.active_from = active_from
    if active_until is not ...:
        membership.active_until = active_until
    _validate(membership)
    _save(membership, actor)
    forget_visible_schools(membership.user)
    return membership


@transaction.atomic
def membership_delete(*, membership: SchoolMembership, actor) -> None:
    _check(actor, "partnerships.delete_schoolmembership")
    membership._history_user = actor
    membership.delete()
    forget_visible_schools(membership.user)
