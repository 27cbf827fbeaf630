"""One unambiguous date-time form for a coalition floor: `2026-12-02 0855Z`, dates `2026-12-02`.

Written the same way on every page, in every input and in every message, so that a US, a British and an
Australian operator read the same instant. Inputs also take the ISO forms people paste (`2026-12-02T08:55`).
"""

from datetime import UTC, date, datetime

MINUTES = "%Y-%m-%d %H%MZ"
SECONDS = "%Y-%m-%d %H%M:%SZ"
DAY = "%Y-%m-%d"
EXAMPLE = "2026-12-02 0855Z"

INPUT_FORMATS = (
    "%Y-%m-%d %H%MZ",
    "%Y-%m-%d %H%M",
    "%Y-%m-%d %H%M:%SZ",
    "%Y-%m-%d %H:%MZ",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%MZ",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M:%SZ",
    "%Y-%m-%d",
)


def zulu(value: datetime | None, *, seconds: bool = False) -> str:
    if value is None:
        return ""
    return value.astimezone(UTC).strftime(SECONDS if seconds else MINUTES)


def day(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(UTC)
    return value.strftime(DAY)


def parse(text: str) -> datetime | None:
    """The UTC instant written in one of INPUT_FORMATS, or None if it is in none of them."""
    text = text.strip().replace("t", "T").replace("z", "Z")
    for pattern in INPUT_FORMATS:
        try:
            return datetime.strptime(text, pattern).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None
