from functools import cache

from iclon.core.usercache import user_cached
from iclon.notifications.selectors import inbox_for_user


def unread_notifications(request):
    """The unread count in the header, only for signed-in users, only when a template uses it (a
    callable, evaluated lazily and at most once per response). Kept in the per-user cache
    (iclon/core/usercache.py): a new notification (receivers.py) and marking read
    (services.notification_mark_read) retire it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @cache
    def count():
        return user_cached(user, "unread", lambda: inbox_for_user(user=user).filter(read_at__isnull=True).count())

    return {"unread_notification_count": count}
