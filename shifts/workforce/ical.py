"""An officer's upcoming watches as an iCalendar (RFC 5545) feed, written by hand: no library needed."""

from collections.abc import Iterable

from django.utils import timezone

from shifts.workforce.models import Assignment, Officer

STAMP = "%Y%m%dT%H%M%SZ"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", r"\;").replace(",", r"\,").replace("\n", r"\n")


def calendar_for(officer: Officer, seats: Iterable[Assignment]) -> str:
    now = timezone.now().strftime(STAMP)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//opscenter//roster//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape(f'Watches of {officer}')}",
    ]
    for seat in seats:
        lines += [
            "BEGIN:VEVENT",
            f"UID:assignment-{seat.pk}@opscenter",
            f"DTSTAMP:{now}",
            f"DTSTART:{seat.shift.starts_at.strftime(STAMP)}",
            f"DTEND:{seat.shift.ends_at.strftime(STAMP)}",
            f"SUMMARY:{_escape(f'{seat.shift.get_watch_display()} watch: {seat.position.code}')}",
            f"DESCRIPTION:{_escape(f'{seat.position.title} on {seat.shift}')}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"
