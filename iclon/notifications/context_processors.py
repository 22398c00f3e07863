from functools import cache

from iclon.notifications.selectors import inbox_for_user


def unread_notifications(request):
    """The unread count in the header: one COUNT query, only for signed-in users, only when a
    template uses it (a callable, evaluated lazily and at most once per response)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @cache
    def count():
        return inbox_for_user(user=user).filter(read_at__isnull=True).count()

    return {"unread_notification_count": count}
