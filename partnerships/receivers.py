"""Signal receivers of partnerships: the anonymous school lists of the API are kept whole in the
shared cache (iclon/core/api/cache.py); a change of what they show retires them."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from iclon.core.pagecache import retire_public_pages
from partnerships.models import EducationRegion, School, SchoolBoard, TrainingSchoolPartnership


def _retire(*, using: str = "default", **kwargs) -> None:
    # At once (the same transaction reads its change) and at commit (a list read meanwhile was
    # rendered from the rows before the change).
    retire_public_pages()
    transaction.on_commit(retire_public_pages, using=using)


def connect() -> None:
    for model in (School, SchoolBoard, EducationRegion, TrainingSchoolPartnership):
        label = model._meta.label_lower
        post_save.connect(_retire, sender=model, dispatch_uid=f"public-lists-save-{label}")
        post_delete.connect(_retire, sender=model, dispatch_uid=f"public-lists-delete-{label}")
