"""The Celery app: `celery -A iclon worker` and `celery -A iclon beat`."""

import logging.config
import os

from celery import Celery, signals
from django.conf import settings

from iclon.core import requestid
from iclon.core.slices import slice_packages

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iclon.settings")

app = Celery("iclon")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Each installed app's tasks.py, and each slice's (programmes/intake/tasks.py, …): found lazily, once
# Django's apps are ready.
app.autodiscover_tasks(lambda: [*settings.INSTALLED_APPS, *slice_packages()])

# A task sent during a request carries the request id (and the user id) in its headers; the worker
# puts them back around the task, so its log lines carry them too (iclon/core/requestid.py).
signals.before_task_publish.connect(requestid.add_ids_to_task_headers, weak=False)
signals.task_prerun.connect(requestid.restore_ids_in_worker, weak=False)
signals.task_postrun.connect(requestid.clear_ids_in_worker, weak=False)


@signals.setup_logging.connect(weak=False)
def use_django_logging(**kwargs: object) -> None:
    """The worker and beat log as settings.LOGGING says (JSON lines with the ids when
    DJANGO_LOG_FORMAT=json), not with Celery's own format on the root logger."""
    logging.config.dictConfig(settings.LOGGING)
