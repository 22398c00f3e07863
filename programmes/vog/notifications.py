"""What the certificates of conduct tell people: the trainee hears that their certificate was
checked or not accepted (with the reason), and is reminded before a placement that needs one."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from iclon.core.routing import absolute_url
from iclon.notifications.messages import date_param
from iclon.notifications.services import notify
from programmes.vog.models import VogCertificate, VogStatus

VOG = "programmes.vog"

CATEGORIES = [
    (VOG, _("My certificate of conduct (VOG)"), True),
]

CHECKED = gettext_noop("Your certificate of conduct has been checked")
REJECTED = gettext_noop("Your certificate of conduct was not accepted")
REMINDER = gettext_noop("Upload your certificate of conduct (VOG) before %(date)s")


def vog_page() -> str:
    return reverse("vog:mine")


def vog_checked(*, certificate: VogCertificate) -> None:
    applicant = certificate.trainee.applicant
    if applicant is None:
        return
    accepted = certificate.status == VogStatus.VERIFIED
    notify(
        category=VOG,
        template="emails/programmes/vog_checked",
        context={"certificate": certificate, "accepted": accepted, "page_url": absolute_url(vog_page())},
        idempotency_key=f"vog:{certificate.pk}:{certificate.status}",
        recipient=applicant,
        url=vog_page(),
        message=CHECKED if accepted else REJECTED,
    )


def vog_reminder(*, trainee, placement) -> None:
    applicant = trainee.applicant
    if applicant is None:
        return
    starts_on = placement.period.starts_on
    notify(
        category=VOG,
        template="emails/programmes/vog_reminder",
        context={"placement": placement, "starts_on": starts_on, "page_url": absolute_url(vog_page())},
        idempotency_key=f"vog-reminder:{placement.pk}:{starts_on.isoformat()}",
        recipient=applicant,
        url=vog_page(),
        message=REMINDER,
        params={"date": date_param(starts_on)},
    )
