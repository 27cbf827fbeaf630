"""The checks every CCSDS TDM (503.0-B-2) segment goes through, read from KVN or XML.

One segment is one track: PARTICIPANT_1 is the sensor code, PARTICIPANT_2 the track id. Read
are ANGLE_1/ANGLE_2 (AZEL, or RADEC in EME2000/ICRF, taken as J2000), RANGE in km and
DOPPLER_INSTANTANEOUS (the range rate, km/s); data at one epoch make one record. TIME_SYSTEM
must be UTC. A RANGE is taken as the one-way distance to the object. Ancillary data (signal
strengths, meteorology, clocks, MAG, RCS) are read past; any other measurement type is refused
rather than dropped. TDM has no per-point sigmas: the records' sigmas stay None. A segment
with any error gives no records: a track is taken whole or not at all.

The keyword vocabulary is the ccsds-ndm library's TDM 2.0 model, generated from the CCSDS schema.
"""

import re
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime, timedelta
from fractions import Fraction

from ccsds_ndm.models.ndmxml4.ndmxml_4_0_0_tdm_2_0 import TdmMetadata, TrackingDataObservationType

from tracking.formats.fields import number
from tracking.formats.observations import SENSOR_CODE_MAX, TRACK_ID_MAX, ObservationRecord
from tracking.formats.records import RecordError

HEADER_KEYWORDS = frozenset({"CREATION_DATE", "ORIGINATOR", "MESSAGE_ID"})
META_KEYWORDS = frozenset(f.metadata["name"] for f in fields(TdmMetadata)) - {"COMMENT"}
DATA_KEYWORDS = frozenset(f.metadata["name"] for f in fields(TrackingDataObservationType)) - {"EPOCH"}
USED_DATA = frozenset({"ANGLE_1", "ANGLE_2", "RANGE", "DOPPLER_INSTANTANEOUS"})
ANCILLARY_DATA = frozenset(
    {"CARRIER_POWER", "PC_N0", "PR_N0", "MAG", "RCS", "PRESSURE", "RHUMIDITY", "TEMPERATURE"}
    | {"TROPO_DRY", "TROPO_WET", "STEC", "CLOCK_BIAS", "CLOCK_DRIFT"}
)
VERSIONS = ("1.0", "2.0")
J2000_FRAMES = ("EME2000", "ICRF")
_CORRECTIONS = {
    "CORRECTION_ANGLE_1": "ANGLE_1",
    "CORRECTION_ANGLE_2": "ANGLE_2",
    "CORRECTION_RANGE": "RANGE",
    "CORRECTION_DOPPLER": "DOPPLER_INSTANTANEOUS",
}
_EPOCH = re.compile(
    r"([0-9]{4})-(?:([0-9]{2})-([0-9]{2})|([0-9]{3}))T([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]*)?Z?"
)


@dataclass(slots=True)
class DataLine:
    keyword: str
    epoch: str
    value: str
    location: str
    raw_text: str = ""
    problem: str = ""  # what the message's reader already found wrong with it


@dataclass(slots=True)
class Segment:
    """One segment's metadata (keyword -> (value, location)) and data, as the file wrote them."""

    location: str  # where its metadata starts
    meta: dict[str, tuple[str, str]] = field(default_factory=dict)
    data: list[DataLine] = field(default_factory=list)


def ccsds_epoch(text: str) -> datetime:
    """'2026-05-31T01:02:03.25' or day-of-year '2026-151T01:02:03.25' (optional Z), as UTC."""
    match = _EPOCH.fullmatch(text)
    if not match:
        raise ValueError(f"{text!r} is not an epoch like 2026-05-31T01:02:03.5 or 2026-151T01:02:03.5")
    year, month, day, doy, hour, minute, second, fraction = match.groups()
    try:
        start = datetime(int(year), int(month or 1), int(day or 1), tzinfo=UTC)
    except ValueError:
        raise ValueError(f"{text!r} is not a date") from None
    if doy and not 1 <= int(doy) <= (start.replace(year=start.year + 1) - start).days:
        raise ValueError(f"{doy} is not a day of {year}")
    if int(hour) > 23 or int(minute) > 59 or int(second) > 59:
        raise ValueError(f"{text!r}: {hour}:{minute}:{second} is not a time of day")
    micro = round(Fraction(fraction or "0") * 1_000_000) if fraction not in (None, ".") else 0
    return start + timedelta(
        days=int(doy or 1) - 1, hours=int(hour), minutes=int(minute), seconds=int(second), microseconds=micro
    )


class _Checker:
    """Collects the problems of one segment, each with its line and keyword."""

    def __init__(self, filename: str, segment: Segment) -> None:
        self.filename, self.segment = filename, segment
        self.errors: list[RecordError] = []

    def error(self, location: str, keyword: str, reason: str) -> None:
        self.errors.append(RecordError(self.filename, location, keyword, reason))

    def meta(self, keyword: str, *, required: str = "") -> str | None:
        """The keyword's value; when required says why, its absence is an error."""
        if keyword in self.segment.meta:
            return self.segment.meta[keyword][0]
        if required:
            self.error(self.segment.location, keyword, f"missing from the segment's metadata: {required}")
        return None

    def meta_choice(self, keyword: str, accepted: tuple[str, ...], refused: dict[str, str]) -> str | None:
        value = self.meta(keyword)
        if value is None or value.upper() in accepted:
            return None if value is None else value.upper()
        location = self.segment.meta[keyword][1]
        reason = refused.get(value.upper(), f"{value!r} is not one of {', '.join(accepted)}")
        self.error(location, keyword, reason)
        return None

    def meta_number(self, keyword: str) -> float | None:
        value = self.meta(keyword)
        if value is None:
            return None
        try:
            return number(value)
        except ValueError as problem:
            self.error(self.segment.meta[keyword][1], keyword, str(problem))
            return None


def _identity(check: _Checker, seen_tracks: dict[str, str]) -> tuple[str, str] | None:
    sensor = check.meta("PARTICIPANT_1", required="it names the sensor")
    track = check.meta("PARTICIPANT_2", required="it is the track id")
    for keyword, value, limit in (
        ("PARTICIPANT_1", sensor, SENSOR_CODE_MAX),
        ("PARTICIPANT_2", track, TRACK_ID_MAX),
    ):
        if value is not None and not 0 < len(value) <= limit:
            check.error(check.segment.meta[keyword][1], keyword, f"{value!r} is not 1-{limit} characters")
            return None
    if track is not None and track in seen_tracks:
        reason = f"track {track!r} already has a segment (from {seen_tracks[track]}): one segment per track"
        check.error(check.segment.meta["PARTICIPANT_2"][1], "PARTICIPANT_2", reason)
        return None
    if sensor is None or track is None:
        return None
    seen_tracks[track] = check.segment.location
    return sensor, track


def _metadata(check: _Checker, has_angles: bool) -> dict[str, object]:
    """The segment's settings the data need, each checked; an error leaves it out."""
    system = check.meta("TIME_SYSTEM", required="epochs must be in UTC")
    if system is not None and system.upper() != "UTC":
        reason = f"{system!r}: only UTC is accepted (give the epochs in UTC)"
        check.error(check.segment.meta["TIME_SYSTEM"][1], "TIME_SYSTEM", reason)
    settings: dict[str, object] = {}
    unsupported = "is not supported: give AZEL or RADEC angles"
    settings["angle_type"] = check.meta_choice(
        "ANGLE_TYPE", ("AZEL", "RADEC"), {"XEYN": f"XEYN {unsupported}", "XSYE": f"XSYE {unsupported}"}
    )
    if has_angles and "ANGLE_TYPE" not in check.segment.meta:
        check.meta("ANGLE_TYPE", required="the segment has ANGLE_1/ANGLE_2 data")
    if settings["angle_type"] == "RADEC":
        check.meta("REFERENCE_FRAME", required="RADEC angles need their frame (EME2000 or ICRF)")
        frame_refused = {"TOD", "ITRF2000", "ITRF-93", "ITRF-97"}
        reason = "RADEC angles are accepted in EME2000 or ICRF (J2000) only"
        check.meta_choice("REFERENCE_FRAME", J2000_FRAMES, dict.fromkeys(frame_refused, reason))
    light_time = "range as light time is not accepted: give RANGE_UNITS = km"
    units = {"S": light_time, "RU": "range in range units is not accepted: give RANGE_UNITS = km"}
    check.meta_choice("RANGE_UNITS", ("KM",), units)
    check.meta_choice("RANGE_MODE", ("COHERENT", "CONSTANT", "ONE_WAY"), {})
    modulus = check.meta_number("RANGE_MODULUS")
    if modulus:
        reason = "ambiguous range (a non-zero modulus) is not accepted: give the full range in km"
        check.error(check.segment.meta["RANGE_MODULUS"][1], "RANGE_MODULUS", reason)
    settings["corrections"] = _corrections(check)
    for keyword in ("START_TIME", "STOP_TIME"):
        value = check.meta(keyword)
        if value is not None:
            try:
                settings[keyword] = ccsds_epoch(value)
            except ValueError as problem:
                check.error(check.segment.meta[keyword][1], keyword, str(problem))
    return settings


def _corrections(check: _Checker) -> dict[str, float]:
    """Corrections the file says are not yet applied, by data keyword, to be added to the data."""
    given = {key: check.meta_number(key) for key in _CORRECTIONS if key in check.segment.meta}
    if not given:
        return {}
    applied = check.meta_choice("CORRECTIONS_APPLIED", ("YES", "NO"), {})
    if "CORRECTIONS_APPLIED" not in check.segment.meta:
        check.meta("CORRECTIONS_APPLIED", required="corrections are given: say YES or NO")
    if applied != "NO":
        return {}
    return {_CORRECTIONS[key]: value for key, value in given.items() if value is not None}


def _measurement(check: _Checker, line: DataLine, angle_type: object) -> float | None:
    try:
        value = number(line.value)
    except ValueError as problem:
        check.error(line.location, line.keyword, str(problem))
        return None
    if line.keyword == "ANGLE_1" and not -180.0 <= value < 360.0:
        check.error(line.location, line.keyword, f"{line.value} is outside [-180, 360) degrees")
        return None
    if line.keyword == "ANGLE_2" and not -90.0 <= value <= 90.0:
        what = "an elevation" if angle_type == "AZEL" else "a declination"
        check.error(line.location, line.keyword, f"{line.value} is outside [-90, 90]: not {what}")
        return None
    if line.keyword == "RANGE" and value <= 0:
        check.error(line.location, line.keyword, f"{line.value} km is not a range")
        return None
    return value


def _epochs(
    check: _Checker, settings: dict[str, object]
) -> dict[datetime, dict[str, tuple[float, DataLine]]]:
    """Measurements by epoch, then keyword, in file order; every bad line reported.

    An epoch with a bad line is left out whole, so its other half is not reported as missing.
    """
    by_epoch: dict[datetime, dict[str, tuple[float, DataLine]]] = {}
    spoilt: set[str] = set()
    for line in check.segment.data:
        value = _data_value(check, line, settings)
        if value is _SKIP:
            continue
        if value is None:
            spoilt.add(line.epoch)
            continue
        epoch, measured = value
        at_epoch = by_epoch.setdefault(epoch, {})
        if line.keyword in at_epoch:
            reason = f"given twice for {line.epoch} (also {at_epoch[line.keyword][1].location})"
            check.error(line.location, line.keyword, reason)
            continue
        at_epoch[line.keyword] = (measured + settings["corrections"].get(line.keyword, 0.0), line)
    return {
        epoch: values
        for epoch, values in by_epoch.items()
        if not spoilt & {v[1].epoch for v in values.values()}
    }


_SKIP = object()


def _data_value(check: _Checker, line: DataLine, settings: dict[str, object]):
    """(epoch, value) of a data line; _SKIP for ancillary data; None (reported) if it is bad."""
    if line.problem:
        check.error(line.location, line.keyword, line.problem)
        return None
    if line.keyword not in DATA_KEYWORDS:
        check.error(line.location, line.keyword, "not a TDM data keyword")
        return None
    if line.keyword in ANCILLARY_DATA:
        return _SKIP
    if line.keyword not in USED_DATA:
        reason = "this measurement type is not read here (ANGLE_1, ANGLE_2, RANGE, DOPPLER_INSTANTANEOUS are)"
        check.error(line.location, line.keyword, reason)
        return None
    try:
        epoch = ccsds_epoch(line.epoch)
    except ValueError as problem:
        check.error(line.location, line.keyword, str(problem))
        return None
    start, stop = settings.get("START_TIME"), settings.get("STOP_TIME")
    if (start and epoch < start) or (stop and epoch > stop):
        check.error(line.location, line.keyword, f"{line.epoch} is outside START_TIME to STOP_TIME")
        return None
    measured = _measurement(check, line, settings["angle_type"])
    return None if measured is None else (epoch, measured)


def _record(sensor: str, track: str, epoch: datetime, values: dict, angle_type: object) -> ObservationRecord:
    def get(keyword: str) -> float | None:
        return values[keyword][0] if keyword in values else None

    angles = {}
    if "ANGLE_1" in values:
        first, second = get("ANGLE_1") % 360.0, get("ANGLE_2")
        keys = (
            ("azimuth_deg", "elevation_deg")
            if angle_type == "AZEL"
            else ("right_ascension_deg", "declination_deg")
        )
        angles = dict(zip(keys, (first, second), strict=True))
    lines = sorted((line for _, line in values.values()), key=lambda line: int(line.location.split()[-1]))
    return ObservationRecord(
        sensor_code=sensor,
        track_id=track,
        epoch=epoch,
        **angles,
        range_km=get("RANGE"),
        range_rate_km_s=get("DOPPLER_INSTANTANEOUS"),
        location=lines[0].location,
        raw_text="\n".join(line.raw_text for line in lines if line.raw_text),
    )


def segment_records(
    segment: Segment, filename: str, seen_tracks: dict[str, str]
) -> tuple[list[ObservationRecord], list[RecordError]]:
    """The records of one segment; seen_tracks (track id -> where) spans the whole file."""
    check = _Checker(filename, segment)
    identity = _identity(check, seen_tracks)
    has_angles = any(line.keyword in ("ANGLE_1", "ANGLE_2") for line in segment.data)
    settings = _metadata(check, has_angles)
    if not segment.data:
        check.error(segment.location, "DATA_START", "the segment has no data lines")
    by_epoch = _epochs(check, settings)
    for values in by_epoch.values():
        if ("ANGLE_1" in values) != ("ANGLE_2" in values):
            present, missing = ("ANGLE_1", "ANGLE_2") if "ANGLE_1" in values else ("ANGLE_2", "ANGLE_1")
            check.error(values[present][1].location, present, f"no {missing} at {values[present][1].epoch}")
    if check.errors or identity is None:
        return [], check.errors
    records = [
        _record(*identity, epoch, values, settings["angle_type"]) for epoch, values in by_epoch.items()
    ]
    return records, []


def records_of_segments(
    segments: list[Segment], filename: str, errors: list[RecordError]
) -> tuple[list[ObservationRecord], list[RecordError]]:
    """The records of every segment, after the errors the message's reader already found."""
    records: list[ObservationRecord] = []
    seen_tracks: dict[str, str] = {}
    for segment in segments:
        found, problems = segment_records(segment, filename, seen_tracks)
        records.extend(found)
        errors.extend(problems)
    return records, errors
