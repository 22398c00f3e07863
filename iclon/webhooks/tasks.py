from celery import shared_task

from iclon.webhooks.services import deliveries_purge, deliveries_sweep, delivery_attempt


@shared_task(name="iclon.webhooks.tasks.deliver_webhook_task")
def deliver_webhook_task(delivery_id: int) -> str | None:
    """One attempt at one delivery (claimed first, so a repeated task sends nothing twice). A failed
    attempt is not retried by this task: its row gets next_attempt_at and the sweeper enqueues it
    when it is due."""
    return delivery_attempt(delivery_id=delivery_id)


@shared_task(name="iclon.webhooks.tasks.sweep_webhooks_task")
def sweep_webhooks_task() -> dict:
    """Periodic (beat, every minute): one delivery task per due row, and the stuck ones again."""
    return deliveries_sweep()


@shared_task(name="iclon.webhooks.tasks.purge_webhook_deliveries_task")
def purge_webhook_deliveries_task() -> int:
    """Nightly (beat): the finished deliveries older than WEBHOOK_DELIVERY_KEEP_DAYS."""
    return deliveries_purge()
