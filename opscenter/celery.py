"""The Celery app: configured from the CELERY_* settings, queues and beat schedule here."""

import os

from celery import Celery
from kombu import Queue

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opscenter.settings")

app = Celery("opscenter")
app.config_from_object("django.conf:settings", namespace="CELERY")
# `tracking` takes the heavy numeric work so that it never queues behind, or starves,
# the quick bookkeeping tasks of the watch on `default`.
app.conf.task_queues = (Queue("default"), Queue("tracking"))
app.autodiscover_tasks()
