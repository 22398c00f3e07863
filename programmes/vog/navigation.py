"""The certificate of conduct on the dashboard: a trainee whose coming placement needs one is told
(a next step, linked to their VOG page); staff who check certificates see how many wait."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext

from iclon.core.navigation import AttentionItem, NavItem
from programmes.intake.selectors import own_applications
from programmes.placements.permissions import TRAINEE_STATUSES
from programmes.vog.models import VogCertificate, VogStatus
from programmes.vog.permissions import is_vog_staff
from programmes.vog.selectors import missing_for_trainee


def _trainee(request):
    return next((a for a in own_applications(request) if a.status in TRAINEE_STATUSES), None)


def account_links(request) -> list[NavItem]:
    if _trainee(request) is None:
        return []
    return [NavItem(gettext("My certificate of conduct (VOG)"), reverse("vog:mine"), "/placements/vog/")]


def attention_items(request) -> list[AttentionItem]:
    items = []
    trainee = _trainee(request)
    if trainee is not None:
        missing = missing_for_trainee(trainee)
        if missing:
            placement, _rule = missing[0]
            items.append(
                AttentionItem(
                    label=gettext("Upload a certificate of conduct (VOG) for your placement at %(school)s")
                    % {"school": placement.school.name},
                    url=reverse("vog:mine"),
                    order=5,
                )
            )
    if is_vog_staff(request.user):
        try:
            changelist = reverse("admin:programmes_vogcertificate_changelist")
        except NoReverseMatch:
            return items
        waiting = VogCertificate.objects.filter(status=VogStatus.SUBMITTED).count()
        items.append(
            AttentionItem(
                label=ngettext(
                    "certificate of conduct waiting for a check",
                    "certificates of conduct waiting for a check",
                    waiting,
                ),
                url=f"{changelist}?{urlencode({'status__exact': VogStatus.SUBMITTED})}",
                count=waiting,
                order=23,
            )
        )
    return items
