"""The one read rule: an item is visible to a reader cleared to its level whose nation is in REL TO."""

from django.db.models import QuerySet

from shifts.markings.models import Reader


def visible_to(queryset: QuerySet, officer: Reader | None) -> QuerySet:
    """Items whose marking the officer may read: cleared to the level, nation in REL TO."""
    if officer is None or not officer.active:
        return queryset.none()
    return queryset.filter(classification__lte=officer.clearance, releasable_to=officer.nation)
