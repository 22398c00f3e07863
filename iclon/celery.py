"""The Celery app: `celery -A iclon worker` and `celery -A iclon beat`."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iclon.settings")

app = Celery("iclon")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Task modules kept apart from an app's tasks.py (e.g. programmes/privacy_tasks.py).
app.autodiscover_tasks(related_name="privacy_tasks")
app.autodiscover_tasks(related_name="placement_tasks")
