"""The 8-hour UTC watches: Mid 2300–0700Z, Day 0700–1500Z, Swing 1500–2300Z by default."""

from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction

from shifts.workforce.models import Shift


def _crosses_midnight(hour: int) -> bool:
    """A watch starting late enough to end the next day belongs to that next day (the Mid)."""
    return hour + settings.OPSCENTER["WATCH_HOURS"] > 24


def watch_starts(day: date) -> list[tuple[str, datetime]]:
    """The watches that belong to `day`; a watch starting late the evening before (Mid) belongs to `day`."""
    starts = []
    for watch, hour in settings.OPSCENTER["WATCH_START_HOURS"]:
        start = datetime.combine(day, time(hour), tzinfo=UTC)
        if _crosses_midnight(hour):
            start -= timedelta(days=1)
        starts.append((watch, start))
    return sorted(starts, key=lambda item: item[1])


def watch_day(starts_at: datetime) -> date:
    """The day a watch starting at `starts_at` belongs to: the inverse of `watch_starts`."""
    day = starts_at.astimezone(UTC).date()
    return day + timedelta(days=1) if _crosses_midnight(starts_at.astimezone(UTC).hour) else day


@transaction.atomic
def shifts_ensure(*, start: date, days: int) -> list[Shift]:
    """Create the watches of `days` days from `start`, keeping those that exist (idempotent)."""
    hours = timedelta(hours=settings.OPSCENTER["WATCH_HOURS"])
    shifts = []
    for offset in range(days):
        for watch, starts_at in watch_starts(start + timedelta(days=offset)):
            shift, _ = Shift.objects.get_or_create(
                starts_at=starts_at, defaults={"watch": watch, "ends_at": starts_at + hours}
            )
            shifts.append(shift)
    return shifts
