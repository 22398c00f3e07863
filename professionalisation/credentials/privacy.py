"""The personal data of microcredentials (iclon.core.privacy): the learner's name and address in
a signed credential. Erasure clears them and the signed credential itself; the row stays revoked,
so a verifier who holds a copy learns that it no longer stands."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from iclon.core.privacy import anonymise_rows, personal_data
from professionalisation.credentials.models import Microcredential


def _erase(user: Any, identifiers: frozenset[str]) -> None:
    credentials = Microcredential.objects.filter(participant=user)
    credentials.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    anonymise_rows(
        Microcredential.objects.filter(participant=user),
        {"learner_name": "", "learner_email": "", "jwt": "", "credential": {}, "revoke_reason": ""},
    )


PERSONAL_DATA = [
    personal_data(
        "professionalisation.Microcredential",
        fields=("participant", "learner_name", "learner_email", "credential", "revoke_reason", "revoked_by"),
        owner=("participant",),
        export_fields=(
            "credential_id",
            "learner_name",
            "learner_email",
            "language",
            "issued_at",
            "credential",
            "revoked_at",
        ),
        erase=_erase,
        keep="The credential's id and dates, revoked, without the learner.",
    ),
]
