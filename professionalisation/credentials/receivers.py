"""Microcredentials follow completions (professionalisation/completion/signals.py): a recorded
completion of an activity that gives a microcredential is issued one, a withdrawn completion has
its credential revoked with the completion's reason. Both through Celery tasks (eager in tests and
without Redis); the signals are sent after the completion's transaction commits. The revocation
queues no message: the completion slice's "completion withdrawn" tells the participant, once, and
names the microcredential (see notifications.py)."""

from professionalisation.activities.models import CompletionAward
from professionalisation.completion.signals import completion_recorded, completion_withdrawn
from professionalisation.credentials import tasks


def _recorded(sender, completion, **kwargs) -> None:
    if completion.registration.session.activity.award == CompletionAward.MICROCREDENTIAL:
        tasks.microcredential_issue_task.delay(completion.pk)


def _withdrawn(sender, completion, reason="", **kwargs) -> None:
    tasks.microcredential_revoke_task.delay(completion.pk, reason or "")


def connect() -> None:
    completion_recorded.connect(_recorded, dispatch_uid="credentials.completion_recorded")
    completion_withdrawn.connect(_withdrawn, dispatch_uid="credentials.completion_withdrawn")
