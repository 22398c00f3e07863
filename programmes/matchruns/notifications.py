"""What matching runs tell people: the run's creator hears how applying it went (in the portal).
The schools are asked to confirm each placement by placements' own notification
(`placement_proposed`, sent by `placement_propose`)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from iclon.core.routing import absolute_url
from iclon.notifications.models import Channel
from iclon.notifications.services import notify
from programmes.matchruns.models import MatchingRun

MATCHRUNS = "programmes.matchruns"

CATEGORIES = [
    (MATCHRUNS, _("Matching runs I started"), False),
]

APPLIED = gettext_noop("Matching run %(run)s applied: %(created)s placements proposed, %(failed)s refused")


def run_applied(*, run: MatchingRun, created: int, failed: int) -> None:
    if run.created_by is None:
        return
    url = reverse("matchruns:detail", args=[run.pk])
    notify(
        category=MATCHRUNS,
        template="emails/programmes/matching_run_applied",
        context={"run": run, "created": created, "failed": failed, "page_url": absolute_url(url)},
        idempotency_key=f"matchrun-applied:{run.pk}",
        recipient=run.created_by,
        channels=(Channel.IN_APP,),
        url=url,
        message=APPLIED,
        params={"run": run.pk, "created": created, "failed": failed},
    )
