from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iclon.notifications.categories import categories
from iclon.notifications.models import NotificationPreference
from iclon.notifications.selectors import inbox_for_user, notification_list_for_user
from iclon.notifications.services import notification_mark_read, preferences_save


@login_required
def notification_list(request):
    notifications = inbox_for_user(user=request.user).order_by("-created_at", "-pk")
    page = Paginator(notifications, 20).get_page(request.GET.get("page"))
    return render(request, "notifications/notification_list.html", {"page": page})


@login_required
@require_POST
def notification_read(request, pk=None):
    """Mark one notification (then follow its link) or all of them as read."""
    notification_mark_read(user=request.user, notification_id=pk)
    if pk is None:
        messages.success(request, _("All notifications are marked as read."))
        return redirect("notifications:list")
    notification = (
        notification_list_for_user(user=request.user).filter(recipient=request.user, pk=pk).only("url").first()
    )
    link = notification.link if notification else ""
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return redirect(link)
    return redirect("notifications:list")


@login_required
def preferences(request):
    """Per category: by e-mail and/or in the portal. Mandatory categories are shown, locked on."""
    stored = {p.category: p for p in NotificationPreference.objects.filter(user=request.user)}
    rows = []
    for category in categories().values():
        preference = stored.get(category.key)
        rows.append(
            {
                "category": category,
                "email": category.mandatory or preference is None or preference.email,
                "in_app": category.mandatory or preference is None or preference.in_app,
            }
        )
    if request.method == "POST":
        choices = {
            row["category"].key: {
                "email": f"{row['category'].key}:email" in request.POST,
                "in_app": f"{row['category'].key}:in_app" in request.POST,
            }
            for row in rows
        }
        preferences_save(user=request.user, choices=choices)
        messages.success(request, _("Your notification settings have been saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"rows": rows})
