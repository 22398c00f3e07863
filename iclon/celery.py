"""The Celery app: `celery -A iclon worker` and `celery -A iclon beat`."""

import os

from celery import Celery
from django.conf import settings

from iclon.core.slices import slice_packages

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iclon.settings")

app = Celery("iclon")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Each installed app's tasks.py, and each slice's (programmes/intake/tasks.py, …): found lazily, once
# Django's apps are ready.
app.autodiscover_tasks(lambda: [*settings.INSTALLED_APPS, *slice_packages()])
