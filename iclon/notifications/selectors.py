"""Who sees which notification: the one place the rule is written.

A notification belongs to a person, so it follows the portal's rule for person-owned resources
(as partnerships.tenancy.visible_rows writes it for the domain apps, which this app may not
import): staff holding `notifications.view_notification` through their staff group see every row
(the outbox in the admin); anybody else their own; anonymous visitors none. The portal's pages
show a person their own inbox: they narrow this list to `recipient=user`.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from iclon.accounts.models import User
from iclon.accounts.roles import staff_may
from iclon.notifications.models import Channel, Notification

VIEW = "notifications.view_notification"


def notification_list_for_user(*, user: User | AnonymousUser | None) -> QuerySet[Notification]:
    """The notifications `user` may see: staff with the view permission all, anybody else their own."""
    rows = Notification.objects.all()
    if staff_may(user, VIEW):
        return rows
    if user is None or not user.is_authenticated or not user.is_active:
        return rows.none()
    return rows.filter(recipient=user)


def inbox_for_user(*, user: User | AnonymousUser | None) -> QuerySet[Notification]:
    """The in-app notifications addressed to `user` (their own, also for staff who may see all)."""
    if user is None or not user.is_authenticated:
        return Notification.objects.none()
    return notification_list_for_user(user=user).filter(recipient=user, channel=Channel.IN_APP)


def notification_queued(*, idempotency_key: str) -> bool:
    """Whether a notification was written for `idempotency_key` already (a repeat of the same
    event, which `notify` answers with the rows it wrote the first time)."""
    return Notification.objects.filter(idempotency_key=idempotency_key).exists()
