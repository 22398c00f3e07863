from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iclon.notifications.models import Channel, Notification
from iclon.notifications.services import notification_mark_read


@login_required
def notification_list(request):
    notifications = Notification.objects.filter(recipient=request.user, channel=Channel.IN_APP).order_by("-created_at")
    page = Paginator(notifications, 20).get_page(request.GET.get("page"))
    return render(request, "notifications/notification_list.html", {"page": page})


@login_required
@require_POST
def notification_read(request, pk=None):
    count = notification_mark_read(user=request.user, notification_id=pk)
    if pk is None:
        messages.success(request, _("All notifications are marked as read."))
    next_url = request.POST.get("next", "")
    if pk is not None and count:
        notification = Notification.objects.filter(recipient=request.user, pk=pk).only("url").first()
        if notification and notification.url and url_has_allowed_host_and_scheme(notification.url, None):
            next_url = next_url or notification.url
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    return redirect(next_url or "notifications:list")
