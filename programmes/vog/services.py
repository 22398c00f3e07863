"""Writing certificates of conduct: the trainee uploads (checked by content, kept private), staff
check or refuse them; the placement guard (receivers.py) asks `start_refusal`."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from iclon.accounts.models import User
from iclon.core.errors import Conflict, NotAllowed, PortalError
from programmes.intake.models import Application
from programmes.intake.services.documents import check_upload
from programmes.placements.models import Placement
from programmes.vog import notifications
from programmes.vog.models import VogCertificate, VogStatus, months_before
from programmes.vog.permissions import is_own_trainee_record, is_vog_staff
from programmes.vog.selectors import placement_needs_vog

#: A certificate older than this is refused at upload: no rule accepts it.
OLDEST_YEARS = 3


def vog_upload(
    *, trainee: Application, issued_on: datetime.date | None, upload: UploadedFile | None, actor: User
) -> VogCertificate:
    """The trainee uploads their certificate (PDF, JPEG or PNG, checked by content); staff are
    asked to check it."""
    if not is_own_trainee_record(actor, trainee):
        raise NotAllowed(_("Only the trainee uploads their certificate of conduct."))
    today = timezone.localdate()
    if issued_on is None:
        raise PortalError(_("Enter the date on the certificate."), field="issued_on")
    if issued_on > today:
        raise PortalError(_("The date on the certificate cannot be in the future."), field="issued_on")
    if issued_on < today.replace(year=today.year - OLDEST_YEARS):
        raise PortalError(
            _("This certificate is more than %(years)d years old: request a new one.") % {"years": OLDEST_YEARS},
            field="issued_on",
        )
    if upload is None:
        raise PortalError(_("Choose the file of your certificate (PDF, JPEG or PNG)."), field="file")
    content_type = check_upload(upload)
    with transaction.atomic():
        certificate = VogCertificate(
            trainee=trainee,
            issued_on=issued_on,
            original_name=(upload.name or "vog")[:200],
            content_type=content_type,
            size=upload.size or 0,
        )
        certificate.file.save("vog", upload, save=False)
        certificate.save()
        return certificate


def _lock(certificate: VogCertificate) -> VogCertificate:
    return (
        VogCertificate.objects.select_for_update(of=("self",))
        .select_related("trainee", "trainee__applicant")
        .get(pk=certificate.pk)
    )


def vog_verify(*, certificate: VogCertificate, actor: User) -> VogCertificate:
    """Staff checked the certificate against the document: it counts for placements now."""
    if not is_vog_staff(actor):
        raise NotAllowed()
    with transaction.atomic():
        certificate = _lock(certificate)
        if certificate.status != VogStatus.SUBMITTED:
            raise Conflict(_("This certificate has been checked already."))
        certificate.status, certificate.checked_by, certificate.checked_at = VogStatus.VERIFIED, actor, timezone.now()
        certificate.rejection_reason = ""
        certificate.save()
        notifications.vog_checked(certificate=certificate)
        return certificate


def vog_reject(*, certificate: VogCertificate, actor: User, reason: str) -> VogCertificate:
    """Staff do not accept the certificate (unreadable, another person, not for education); the
    trainee is told why and uploads another."""
    if not is_vog_staff(actor):
        raise NotAllowed()
    reason = (reason or "").strip()
    if not reason:
        raise PortalError(_("Say why, so the trainee knows what to upload instead."), field="reason")
    with transaction.atomic():
        certificate = _lock(certificate)
        if certificate.status != VogStatus.SUBMITTED:
            raise Conflict(_("This certificate has been checked already."))
        certificate.status, certificate.checked_by, certificate.checked_at = VogStatus.REJECTED, actor, timezone.now()
        certificate.rejection_reason = reason
        certificate.save()
        notifications.vog_checked(certificate=certificate)
        return certificate


def start_refusal(*, placement: Placement) -> str | None:
    """Why `placement` may not be confirmed or started: no checked certificate recent enough."""
    needed = placement_needs_vog(placement)
    if needed is None:
        return None
    rule, starts_on = needed
    return gettext(
        "The trainee has no checked certificate of conduct (VOG) issued on or after %(date)s: "
        "the placement starts on %(start)s and a VOG may be at most %(months)d months old."
    ) % {
        "date": date_format(months_before(starts_on, rule.max_age_months), "j F Y"),
        "start": date_format(starts_on, "j F Y"),
        "months": rule.max_age_months,
    }
