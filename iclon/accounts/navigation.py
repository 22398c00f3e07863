"""Accounts' dashboard card: the open requests to delete an account, for the staff who handle them."""

from django.urls import reverse
from django.utils.translation import gettext, ngettext

from iclon.accounts.models import ErasureRequest
from iclon.accounts.permissions import can_handle_erasure_request
from iclon.core.navigation import DashboardCard


def dashboard_cards(request) -> list[DashboardCard]:
    if not can_handle_erasure_request(request.user):
        return []
    count = ErasureRequest.objects.filter(status=ErasureRequest.Status.OPEN).count()
    if not count:
        return []
    url = reverse("admin:accounts_erasurerequest_changelist") + f"?status__exact={ErasureRequest.Status.OPEN}"
    text = ngettext(
        "%(count)d person asks to delete their account.", "%(count)d people ask to delete their account.", count
    ) % {"count": count}
    return [
        DashboardCard(
            title=gettext("Requests to delete an account"),
            text=text,
            links=[(gettext("Open requests"), url)],
            kind="staff",
        )
    ]
