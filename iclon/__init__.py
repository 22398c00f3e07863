"""The ICLON portal's project package. The Celery app is loaded with Django, so that
`shared_task` binds to it and `transaction.on_commit` can enqueue tasks."""

from iclon.celery import app as celery_app

__all__ = ["celery_app"]
