from celery import shared_task

from iclon.notifications.services import notification_deliver, notification_sweep


@shared_task(bind=True, name="iclon.notifications.tasks.send_notification_task", max_retries=None)
def send_notification_task(self, notification_id: int) -> None:
    """Deliver one e-mail notification; retried with backoff on a transient failure."""
    wait = notification_deliver(notification_id=notification_id)
    if wait is not None and not self.request.is_eager:
        # The row is queued again with next_attempt_at; if this retry message is lost, the
        # sweeper enqueues the row once it is overdue.
        raise self.retry(countdown=wait)


@shared_task(name="iclon.notifications.tasks.sweep_notifications_task")
def sweep_notifications_task() -> dict:
    """Periodic (beat): enqueue overdue queued notifications and, again, the ones stuck in 'sending'."""
    return notification_sweep()
