"""Celery tasks of microcredentials: issue one after a completion is recorded, revoke after one is
withdrawn. Both take ids, load the row and call one service; both are safe to run twice (issuing
returns the live credential, revoking finds none left)."""

from __future__ import annotations

import logging

from celery import shared_task

from iclon.core.errors import PortalError
from professionalisation.completion.models import Completion
from professionalisation.credentials import services

logger = logging.getLogger(__name__)


@shared_task(name="professionalisation.credentials.tasks.microcredential_issue_task")
def microcredential_issue_task(completion_id: int) -> bool:
    """Issue the completion's microcredential; False when there is none to issue (the activity
    gives none, the completion was withdrawn meanwhile, the description is missing: logged)."""
    completion = Completion.objects.filter(pk=completion_id).first()
    if completion is None:
        return False
    try:
        services.microcredential_issue(completion=completion, actor=None)
    except PortalError as error:
        logger.info("No microcredential for completion %s: %s", completion_id, error.message)
        return False
    return True


@shared_task(name="professionalisation.credentials.tasks.microcredential_revoke_task")
def microcredential_revoke_task(completion_id: int, reason: str = "") -> int:
    """Revoke the live credentials of a withdrawn completion. Returns how many were revoked."""
    completion = Completion.objects.filter(pk=completion_id).first()
    if completion is None:
        return 0
    return services.completion_credentials_revoke(completion=completion, reason=reason)
