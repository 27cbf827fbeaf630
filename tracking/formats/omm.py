"""CCSDS OMM keywords (as read from XML, KVN, JSON or CSV) to element records, with checks.

Space-Track adds catalog fields (OBJECT_TYPE, COUNTRY_CODE, ...) as plain keys in JSON/CSV
and as user-defined parameters in XML/KVN; both are looked up. Unknown keys are ignored.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from fractions import Fraction

from tracking.formats.fields import FieldReader, bounded, calendar_date, integer, number, one_of
from tracking.formats.records import ElementRecord, RecordError

# 18 SPCS has moved to 9-digit catalog numbers.
_MAX_CATALOG = 999_999_999
_EPOCH = re.compile(
    r"([0-9]{4})-(?:([0-9]{2})-([0-9]{2})|([0-9]{3}))"  # calendar date or day of year
    r"T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?Z?"
)


def _epoch(text: str) -> datetime:
    """2026-05-30T12:25:10.469069 (or day-of-year 2026-150T..., optional Z) as aware UTC."""
    match = _EPOCH.fullmatch(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not an epoch like 2026-05-30T12:25:10.469069")
    year, month, day, day_of_year, hour, minute, second, fraction = match.groups()
    try:
        if day_of_year:
            start = datetime(int(year), 1, 1, tzinfo=UTC)
            midnight = start + timedelta(days=int(day_of_year) - 1)
            if midnight.year != start.year:  # day 000, or 366 of a common year
                raise ValueError
        else:
            midnight = datetime(int(year), int(month), int(day), tzinfo=UTC)
        whole = midnight.replace(hour=int(hour), minute=int(minute), second=int(second))
    except ValueError:
        raise ValueError(f"{text!r} is not a valid date and time") from None
    # More than six decimals are rounded to the microsecond, never truncated.
    micro = round(Fraction(int(fraction or "0"), 10 ** len(fraction or "0")) * 1_000_000)
    return whole + timedelta(microseconds=micro)


_ANGLE = bounded(number, 0, 360)
_COUNT = bounded(integer, 0, float("inf"))
# OMM keyword: (record field, converter); all required.
_ELEMENTS: dict[str, tuple[str, Callable[[str], object]]] = {
    "NORAD_CAT_ID": ("norad_id", bounded(integer, 0, _MAX_CATALOG)),
    "EPOCH": ("epoch", _epoch),
    "MEAN_MOTION": ("mean_motion_rev_per_day", bounded(number, 0, 100, low_open=True)),
    "ECCENTRICITY": ("eccentricity", bounded(number, 0, 1, high_open=True)),
    "INCLINATION": ("inclination_deg", bounded(number, 0, 180)),
    "RA_OF_ASC_NODE": ("ra_of_asc_node_deg", _ANGLE),
    "ARG_OF_PERICENTER": ("arg_of_pericenter_deg", _ANGLE),
    "MEAN_ANOMALY": ("mean_anomaly_deg", _ANGLE),
    "EPHEMERIS_TYPE": ("ephemeris_type", bounded(integer, 0, 9)),
    "CLASSIFICATION_TYPE": ("classification_type", one_of("U", "C", "S")),
    "ELEMENT_SET_NO": ("element_set_no", _COUNT),
    "REV_AT_EPOCH": ("rev_at_epoch", _COUNT),
    "BSTAR": ("bstar", number),
    "MEAN_MOTION_DOT": ("mean_motion_dot", number),
    "MEAN_MOTION_DDOT": ("mean_motion_ddot", number),
}
# Optional catalog metadata: keyword (or USER_DEFINED_ + keyword): (record field, converter).
_METADATA: dict[str, tuple[str, Callable[[str], object]]] = {
    "OBJECT_TYPE": ("object_type", str.strip),
    "COUNTRY_CODE": ("country_code", str.strip),
    "OWNER": ("country_code", str.strip),  # CelesTrak's SATCAT name for the same thing
    "LAUNCH_DATE": ("launch_date", calendar_date),
    "DECAY_DATE": ("decay_date", calendar_date),
}
# Metadata that, when given, must say these are SGP4 elements in TEME about the Earth.
_EXPECTED = {
    "CENTER_NAME": ("EARTH",),
    "REF_FRAME": ("TEME",),
    "TIME_SYSTEM": ("UTC",),
    "MEAN_ELEMENT_THEORY": ("SGP4", "SGP/SGP4", "SGP4-XP"),
}


@dataclass(slots=True)
class RawOmm:
    """One OMM as its container gave it: keyword -> text (None for JSON null).

    fields is None when the container could not split the record into keywords at all.
    """

    fields: dict[str, str | None] | None
    raw_text: str
    location: str
    # Where each keyword was, when the container knows (KVN lines); else `location`.
    field_locations: dict[str, str] = field(default_factory=dict)
    # Problems the container found inside this record (they reject the record too).
    errors: list[RecordError] = field(default_factory=list)


def _read_omm(
    raw: RawOmm, filename: str, source_format: str
) -> tuple[ElementRecord | None, list[RecordError]]:
    """The record, or None and every problem with it."""
    if raw.fields is None:
        return None, raw.errors
    reader = FieldReader(filename)
    reader.errors.extend(raw.errors)

    def where(keyword: str) -> str:
        return raw.field_locations.get(keyword, raw.location)

    values: dict[str, object] = {}
    for keyword, (key, convert) in _ELEMENTS.items():
        text = raw.fields.get(keyword)
        if text is None or not text.strip():
            reason = "missing" if keyword not in raw.fields else "empty"
            reader.error(where(keyword), keyword, reason)
        else:
            values[key] = reader.read(where(keyword), keyword, text, convert)
    for keyword, (key, convert) in _METADATA.items():
        for name in (keyword, f"USER_DEFINED_{keyword}"):
            text = raw.fields.get(name)
            if text and text.strip():
                values[key] = reader.read(where(name), name, text, convert)
    for keyword, allowed in _EXPECTED.items():
        text = (raw.fields.get(keyword) or "").strip()
        if text and text.upper() not in allowed:
            reason = f"{text!r} is not supported ({', '.join(allowed)})"
            reader.error(where(keyword), keyword, reason)
    if reader.errors:
        return None, reader.errors
    record = ElementRecord(
        **values,
        object_name=(raw.fields.get("OBJECT_NAME") or "").strip(),
        object_id=(raw.fields.get("OBJECT_ID") or "").strip(),
        source_format=source_format,
        raw_text=raw.raw_text,
        location=raw.location,
    )
    return record, []


def read_omms(
    raws: list[RawOmm], filename: str, source_format: str
) -> tuple[list[ElementRecord], list[RecordError]]:
    records: list[ElementRecord] = []
    errors: list[RecordError] = []
    for raw in raws:
        record, problems = _read_omm(raw, filename, source_format)
        records.extend([record] if record else [])
        errors.extend(problems)
    return records, errors
