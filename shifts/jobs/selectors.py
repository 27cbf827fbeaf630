"""Reads of the job engine, already scoped to what the reader may see."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from shifts.jobs.models import OPEN_JOB_STATUSES, Job
from shifts.markings.selectors import visible_to
from shifts.workforce.models import Officer, Shift


def jobs_visible_to(officer: Officer | None) -> QuerySet[Job]:
    return visible_to(Job.objects.select_related("shift", "requested_by"), officer)


def jobs_filtered(
    officer: Officer | None, *, status: str = "", kind: str = "", shift: Shift | None = None
) -> QuerySet[Job]:
    jobs = jobs_visible_to(officer)
    if status == "open":
        jobs = jobs.filter(status__in=OPEN_JOB_STATUSES)
    elif status:
        jobs = jobs.filter(status=status)
    if kind:
        jobs = jobs.filter(kind=kind)
    if shift is not None:
        jobs = jobs.filter(shift=shift)
    return jobs


def job_for(officer: Officer | None, pk: int) -> Job:
    """The job if the officer may see it, else 404: releasability cannot be forgotten in a view."""
    return get_object_or_404(jobs_visible_to(officer).prefetch_related("events__actor"), pk=pk)
