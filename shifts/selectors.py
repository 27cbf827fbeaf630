"""Reads, already scoped to what the reader may see."""

from datetime import datetime

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from shifts.models import OPEN_JOB_STATUSES, Job, Officer, Shift


def officer_of(user) -> Officer | None:
    return getattr(user, "officer", None) if user.is_authenticated else None


def shift_on_watch(at: datetime | None = None) -> Shift | None:
    at = at or timezone.now()
    return Shift.objects.filter(starts_at__lte=at, ends_at__gt=at).first()


def next_shift(after: Shift) -> Shift | None:
    return Shift.objects.filter(starts_at__gte=after.ends_at).order_by("starts_at").first()


def visible_to(queryset: QuerySet, officer: Officer | None) -> QuerySet:
    """Items whose marking the officer may read: cleared to the level, nation in REL TO."""
    if officer is None or not officer.active:
        return queryset.none()
    return queryset.filter(classification__lte=officer.clearance, releasable_to=officer.nation)


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
