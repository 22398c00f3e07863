"""Base models shared by every app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Adds created_at and updated_at to a model."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class IdempotencyRecord(models.Model):
    """The first answer to an API POST that carried an `Idempotency-Key` header, kept for a day so
    that a retry with the same key gets the same answer and writes nothing twice
    (iclon/core/api/idempotency.py).

    `owner` is a digest of who asked (the Authorization header, else the session cookie, else the
    client's address), never the credentials themselves; `fingerprint` a digest of the request
    (method, path, content type and body): the same key with another request is refused. The
    answer may hold personal data of the one who asked it; rows go after IDEMPOTENCY_KEY_HOURS
    (core.tasks.idempotency_records_purge_task, nightly)."""

    owner = models.CharField(_("owner digest"), max_length=64)
    key = models.CharField(_("idempotency key"), max_length=255)
    fingerprint = models.CharField(_("request digest"), max_length=64)
    method = models.CharField(_("method"), max_length=8)
    path = models.CharField(_("path"), max_length=2000)
    status_code = models.PositiveSmallIntegerField(_("status code"))
    content_type = models.CharField(_("content type"), max_length=200, blank=True)
    location = models.CharField(_("location"), max_length=2000, blank=True)
    body = models.BinaryField(_("answer"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("idempotent API answer")
        verbose_name_plural = _("idempotent API answers")
        constraints = [models.UniqueConstraint(fields=["owner", "key"], name="core_idempotency_owner_key")]

    def __str__(self) -> str:
        return f"{self.method} {self.path} ({self.status_code})"
