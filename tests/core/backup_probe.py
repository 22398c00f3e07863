"""What the portal reads from a database and its document folder, as JSON-ready data: the rows of
every model (their count and a digest of their primary keys) and every application document's
bytes (a digest, read through its storage). tests/core/test_backup.py compares it before a backup
and after the restore, the second time in a separate process started on the restored copy."""

from __future__ import annotations

import hashlib

from django.apps import apps
from django_scopes import scopes_disabled

from programmes.models import ApplicationDocument


def snapshot() -> dict:
    rows = {}
    with scopes_disabled():
        for model in apps.get_models():
            if model._meta.proxy or not model._meta.managed:
                continue
            keys = sorted(str(pk) for pk in model._base_manager.values_list("pk", flat=True))
            rows[model._meta.label] = [len(keys), hashlib.sha256("|".join(keys).encode()).hexdigest()]
        documents = {}
        for document in ApplicationDocument.objects.order_by("pk"):
            with document.file.open("rb") as handle:
                documents[document.file.name] = hashlib.sha256(handle.read()).hexdigest()
    return {"rows": rows, "documents": documents}
