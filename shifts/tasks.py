"""Celery's autodiscovery reads this module: the tasks of each concern."""

from shifts.jobs import tasks as jobs_tasks  # noqa: F401
from shifts.watch import tasks as watch_tasks  # noqa: F401
