"""Memberships of people at schools, as staff manage them (admin and API)."""

import datetime
from types import EllipsisType

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from iclon.accounts.models import User
from iclon.accounts.roles import staff_may
from iclon.core.errors import Conflict, NotAllowed, PortalError
from iclon.core.history import record_history_as
from iclon.core.tenancy import forget_visible_schools
from partnerships.models import School, SchoolMembership


def _check(actor: User, perm: str) -> None:
    if not staff_may(actor, perm):
        raise NotAllowed()


def _validate(membership: SchoolMembership) -> None:
    try:
        # scope: constraint checks query the whole table (one role per person and school), whoever acts.
        with scopes_disabled():
            membership.full_clean(validate_unique=False, validate_constraints=True)
    except ValidationError as error:
        if any(e.code == "unique_together" for errors in error.error_dict.values() for e in errors):
            raise Conflict(_("This person already has this role at this school.")) from error
        field, messages = next(iter(error.message_dict.items()))
        raise PortalError(" ".join(messages), field=None if field == "__all__" else field) from error


def _save(membership: SchoolMembership, actor: User) -> None:
    record_history_as(membership, actor)
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError as error:
        raise Conflict(_("This person already has this role at this school.")) from error


def membership_create(
    *,
    user: User,
    school: School,
    role: str,
    active_from: datetime.date | None = None,
    active_until: datetime.date | None = None,
    actor: User,
) -> SchoolMembership:
    """Give `user` `role` at `school`. Raises Conflict when they hold that role there already."""
    with transaction.atomic():
        _check(actor, "partnerships.add_schoolmembership")
        membership = SchoolMembership(
            user=user,
            school=school,
            role=role,
            active_from=active_from or timezone.localdate(),
            active_until=active_until,
        )
        _validate(membership)
        _save(membership, actor)
        forget_visible_schools(user)
        return membership


def membership_update(
    *,
    membership: SchoolMembership,
    actor: User,
    role: str | None = None,
    active_from: datetime.date | None = None,
    active_until: datetime.date | None | EllipsisType = ...,
    **_ignored: object,
) -> SchoolMembership:
    """Change the role or period of `membership` (history is recorded).

    `active_until` left out (`...`) keeps the end date; None removes it."""
    with transaction.atomic():
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


def membership_delete(*, membership: SchoolMembership, actor: User) -> None:
    with transaction.atomic():
        _check(actor, "partnerships.delete_schoolmembership")
        record_history_as(membership, actor)
        membership.delete()
        forget_visible_schools(membership.user)
