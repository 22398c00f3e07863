"""What study progress tells people: a trainee hears in the portal that a result of theirs was
recorded (one message per result, also for the bulk entry and the import; no e-mail)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from iclon.core.routing import absolute_url
from iclon.notifications.models import Channel
from iclon.notifications.services import notify
from programmes.progress.models import ModuleResult

PROGRESS = "programmes.progress"

CATEGORIES = [
    (PROGRESS, _("My study progress"), False),
]

RECORDED = gettext_noop("A result has been recorded for %(module)s")


def progress_page() -> str:
    return reverse("progress:mine")


def result_recorded(*, result: ModuleResult) -> None:
    applicant = result.trainee.applicant
    if applicant is None:
        return
    notify(
        category=PROGRESS,
        template="emails/programmes/progress_result",
        context={"result": result, "page_url": absolute_url(progress_page())},
        idempotency_key=f"progress-result:{result.pk}",
        recipient=applicant,
        channels=(Channel.IN_APP,),
        url=progress_page(),
        message=RECORDED,
        params={"module": {"nl": result.module.name_nl, "en": result.module.name_en}},
    )
