from celery import Task, shared_task

from iclon.notifications.services import (
    enqueue_batch,
    notification_deliver,
    notification_deliver_batch,
    notification_sweep,
)


@shared_task(bind=True, name="iclon.notifications.tasks.deliver_batch_task", max_retries=None)
def deliver_batch_task(self: Task, notification_ids: list[int]) -> dict:
    """Deliver a batch of e-mail notifications over one SMTP connection; the rows whose send failed
    are retried together, with backoff (each row keeps its own next_attempt_at)."""
    outcome = notification_deliver_batch(notification_ids=notification_ids)
    if outcome.rest:
        # The batch ran out of time (a slow SMTP server): the rows it did not try go on in a new
        # batch; should this publish fail, they are queued and the sweeper enqueues them.
        enqueue_batch(outcome.rest, probe=True)
    if outcome.retry and outcome.wait is not None and not self.request.is_eager:
        # The rows are queued again with next_attempt_at; if this retry message is lost, the
        # sweeper enqueues them once they are overdue.
        raise self.retry(args=[outcome.retry], countdown=outcome.wait)
    return {"sent": len(outcome.sent), "retry": len(outcome.retry), "rest": len(outcome.rest)}


@shared_task(bind=True, name="iclon.notifications.tasks.send_notification_task", max_retries=None)
def send_notification_task(self: Task, notification_id: int) -> None:
    """Deliver one e-mail notification (a batch of one); retried with backoff on a transient failure.
    Kept for messages published under this name before batches; new work uses deliver_batch_task."""
    wait = notification_deliver(notification_id=notification_id)
    if wait is not None and not self.request.is_eager:
        raise self.retry(countdown=wait)


@shared_task(name="iclon.notifications.tasks.sweep_notifications_task")
def sweep_notifications_task() -> dict:
    """Periodic (beat): enqueue overdue queued notifications and, again, the ones stuck in 'sending'."""
    return notification_sweep()
