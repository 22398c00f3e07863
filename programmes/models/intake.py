"""Kept for migration 0003, which refers to `programmes.models.intake.application_storage` and
`document_upload_to` (migrations are not rewritten). Intake's models live in programmes/intake/models.py."""

from programmes.intake.models import application_storage, document_upload_to

__all__ = ["application_storage", "document_upload_to"]
