"""Signal receivers of partnerships: the anonymous school lists of the API are kept whole in the
shared cache (iclon/core/api/cache.py); a change of what they show retires them."""

from django.db.models.signals import post_delete, post_save

from iclon.core.pagecache import public_data_changed
from partnerships.models import EducationRegion, School, SchoolBoard, TrainingSchoolPartnership


def connect() -> None:
    for model in (School, SchoolBoard, EducationRegion, TrainingSchoolPartnership):
        label = model._meta.label_lower
        post_save.connect(public_data_changed, sender=model, dispatch_uid=f"public-lists-save-{label}")
        post_delete.connect(public_data_changed, sender=model, dispatch_uid=f"public-lists-delete-{label}")
