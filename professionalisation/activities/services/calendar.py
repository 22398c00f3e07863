"""The participant's private calendar feed: its secret address is made on first request and can
be renewed (the old address then stops working at once)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iclon.accounts.models import User
from iclon.core.errors import NotAllowed, PortalError
from professionalisation.activities.models import CalendarFeed, new_token
from professionalisation.activities.permissions import can_manage_calendar_feed, is_active_person


def _check(participant: User, actor: User | AnonymousUser | None) -> None:
    if not can_manage_calendar_feed(actor, participant_id=participant.pk):
        raise NotAllowed()
    if not is_active_person(participant):
        raise PortalError(_("This person has no active account."), field="participant")


def calendar_feed_get_or_create(*, participant: User, actor: User | AnonymousUser | None) -> CalendarFeed:
    """The participant's feed, made now if they have none. The participant themself, or staff who
    manage registrations. Raises NotAllowed for anybody else, PortalError for an inactive account."""
    with transaction.atomic():
        _check(participant, actor)
        feed = CalendarFeed.objects.filter(participant=participant).first()
        if feed is not None:
            return feed
        try:
            # Two first requests at once: the one-to-one's unique index lets one insert win.
            with transaction.atomic():
                return CalendarFeed.objects.create(participant=participant)
        except IntegrityError:
            return CalendarFeed.objects.get(participant=participant)


def calendar_feed_renew(*, participant: User, actor: User | AnonymousUser | None) -> CalendarFeed:
    """Give the participant's feed a new secret address (made if there is none): the old address
    answers 404 from now on. The participant themself, or staff (the admin's action)."""
    with transaction.atomic():
        _check(participant, actor)
        feed = CalendarFeed.objects.select_for_update().filter(participant=participant).first()
        if feed is None:
            return CalendarFeed.objects.create(participant=participant)
        feed.token = new_token()
        feed.renewed_at = timezone.now()
        feed.save(update_fields=["token", "renewed_at", "updated_at"])
        return feed
