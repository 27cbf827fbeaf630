"""Observations as CSV (a header row) or JSON (a list of objects, or {"observations": [...]}).

Columns/keys are the record's own field names: sensor, track_id, epoch (ISO 8601 with a time
zone, e.g. 2026-05-31T13:30:50.25Z), and any of azimuth_deg, elevation_deg,
right_ascension_deg, declination_deg (topocentric, J2000), range_km, range_rate_km_s, their
sigmas (angle_1_sigma_deg, angle_2_sigma_deg, range_sigma_km, range_rate_sigma_km_s),
epoch_sigma_s and norad_id. An empty CSV cell or a JSON null is 'not measured'. Any other
column is an error: nothing is dropped unread.
"""

import csv
import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

from tracking.formats.fields import number, split_lines
from tracking.formats.observations import SENSOR_CODE_MAX, TRACK_ID_MAX, ObservationRecord
from tracking.formats.records import RecordError

REQUIRED = ("sensor", "track_id", "epoch")
ANGLE_PAIRS = (("azimuth_deg", "elevation_deg"), ("right_ascension_deg", "declination_deg"))
MEASURED = ("range_km", "range_rate_km_s")
SIGMAS = {
    "angle_1_sigma_deg": "angles",
    "angle_2_sigma_deg": "angles",
    "range_sigma_km": "range_km",
    "range_rate_sigma_km_s": "range_rate_km_s",
    "epoch_sigma_s": "epoch",
}
COLUMNS = (*REQUIRED, *(name for pair in ANGLE_PAIRS for name in pair), *MEASURED, *SIGMAS, "norad_id")
_LIMITS = {
    "azimuth_deg": (0.0, 360.0, "[0, 360)"),
    "right_ascension_deg": (0.0, 360.0, "[0, 360)"),
    "elevation_deg": (-90.0, 90.0, "[-90, 90]"),
    "declination_deg": (-90.0, 90.0, "[-90, 90]"),
}


def _epoch(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text!r} is not an ISO 8601 time like 2026-05-31T13:30:50.25Z") from None
    if value.tzinfo is None:
        raise ValueError(f"{text!r} has no time zone: write it in UTC with a Z")
    return value.astimezone(UTC)


def _text(limit: int) -> Callable[[str], str]:
    def convert(text: str) -> str:
        if not 0 < len(text.strip()) <= limit or not text.strip().isprintable():
            raise ValueError(f"{text!r} is not 1-{limit} printable characters")
        return text.strip()

    return convert


def _angle(name: str) -> Callable[[str], float]:
    low, high, shown = _LIMITS[name]

    def convert(text: str) -> float:
        value = number(text)
        if not low <= value <= high or (high == 360.0 and value == 360.0):
            raise ValueError(f"{text} is outside {shown} degrees")
        return value

    return convert


def _positive(text: str) -> float:
    value = number(text)
    if value <= 0:
        raise ValueError(f"{text} is not above zero")
    return value


def _norad(text: str) -> int:
    if not text.strip().isdigit() or int(text) < 1:
        raise ValueError(f"{text!r} is not a catalog number")
    return int(text)


_CONVERTERS: dict[str, Callable[[str], object]] = {
    "sensor": _text(SENSOR_CODE_MAX),
    "track_id": _text(TRACK_ID_MAX),
    "epoch": _epoch,
    **{name: _angle(name) for name in _LIMITS},
    "range_km": _positive,
    "range_rate_km_s": number,
    **dict.fromkeys(SIGMAS, _positive),
    "norad_id": _norad,
}


class _Rows:
    """Turns rows (column -> text or None) into records, reporting each problem by place and column."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.records: list[ObservationRecord] = []
        self.errors: list[RecordError] = []
        self.track_sensors: dict[str, tuple[str, str]] = {}  # track id -> (sensor, where first seen)

    def error(self, where: str, column: str, reason: str) -> None:
        self.errors.append(RecordError(self.filename, where, column, reason))

    def add(self, where: str, row: dict[str, str | None], raw_text: str) -> None:
        before = len(self.errors)
        values = {}
        for column, text in row.items():
            if column not in COLUMNS:
                self.error(where, column, f"not a column ({', '.join(COLUMNS)})")
            elif text is not None and text.strip() != "":
                try:
                    values[column] = _CONVERTERS[column](text)
                except ValueError as problem:
                    self.error(where, column, str(problem))
        for column in REQUIRED:
            if column not in values and not any(e.field == column for e in self.errors[before:]):
                self.error(where, column, "missing")
        self.check_measurements(where, values)
        if len(self.errors) == before:
            self.check_track(where, values)
        if len(self.errors) == before:
            self.records.append(_record(values, where, raw_text))

    def check_measurements(self, where: str, values: dict) -> None:
        pairs = [pair for pair in ANGLE_PAIRS if pair[0] in values or pair[1] in values]
        for first, second in pairs:
            if (first in values) != (second in values):
                given, missing = (first, second) if first in values else (second, first)
                self.error(where, missing, f"{given} is given without {missing}")
        if len(pairs) > 1:
            self.error(where, "angles", "give azimuth/elevation or right ascension/declination, not both")
        if not pairs and not any(name in values for name in MEASURED):
            self.error(where, "measurement", "no angles, range or range rate")
        for sigma, quantity in SIGMAS.items():
            present = bool(pairs) if quantity == "angles" else quantity in values
            if sigma in values and not present:
                self.error(where, sigma, f"a sigma without its {quantity.replace('_', ' ')}")

    def check_track(self, where: str, values: dict) -> None:
        sensor, seen = self.track_sensors.setdefault(values["track_id"], (values["sensor"], where))
        if sensor != values["sensor"]:
            reason = (
                f"track {values['track_id']!r} is sensor {sensor!r}'s ({seen}), not {values['sensor']!r}'s"
            )
            self.error(where, "sensor", reason)


def _record(values: dict, where: str, raw_text: str) -> ObservationRecord:
    angles = {name: values[name] for pair in ANGLE_PAIRS for name in pair if name in values}
    if "azimuth_deg" in angles:
        angles["azimuth_deg"] %= 360.0
    return ObservationRecord(
        sensor_code=values["sensor"],
        track_id=values["track_id"],
        epoch=values["epoch"],
        **angles,
        **{name: values.get(name) for name in (*MEASURED, *SIGMAS) if name != "epoch_sigma_s"},
        epoch_sigma_s=values.get("epoch_sigma_s"),
        reported_norad_id=values.get("norad_id"),
        location=where,
        raw_text=raw_text,
    )


def parse_csv(text: str, filename: str) -> tuple[list[ObservationRecord], list[RecordError]]:
    lines = split_lines(text)
    rows = csv.reader(line.text for line in lines)
    reader = _Rows(filename)
    header: list[str] | None = None
    used = 0  # lines the csv reader has consumed before this row
    try:
        for row in rows:
            first, last, used = lines[used], lines[rows.line_num - 1], rows.line_num
            if not any(cell.strip() for cell in row):
                continue
            where = f"line {first.number}"
            if header is None:
                header = _header(reader, where, row)
                if header is None:
                    break
            elif len(row) != len(header):
                reader.error(where, "row", f"{len(row)} values for {len(header)} columns")
            else:
                reader.add(where, dict(zip(header, row, strict=True)), text[first.start : last.end])
    except csv.Error as error:
        reader.error(f"line {rows.line_num}", "CSV", str(error))
    return reader.records, reader.errors


def _header(reader: _Rows, where: str, row: list[str]) -> list[str] | None:
    """The column names; None (reported) when one is named twice: no row could be read right."""
    header = [cell.strip() for cell in row]
    twice = [name for index, name in enumerate(header) if name in header[:index]]
    for name in twice:
        reader.error(where, name, "the column is named twice")
    return None if twice else header


def _json_rows(value: object) -> Iterator[object]:
    if isinstance(value, dict) and set(value) == {"observations"}:
        value = value["observations"]
    elif isinstance(value, dict):
        extra = sorted(set(value) - {"observations"})
        raise ValueError(f"an object holds only 'observations', not {', '.join(map(repr, extra))}")
    if not isinstance(value, list):
        raise ValueError(f"expected a list of observations, found {type(value).__name__}")
    yield from value


def _json_text(key: str, value: object) -> str | None:
    """JSON keeps its types: names and times are strings, numbers numbers (true is not one)."""
    if value is None or key not in COLUMNS:
        return None if value is None else str(value)
    if key in REQUIRED:
        if not isinstance(value, str):
            raise ValueError(f"{value!r} should be a string")
        return value
    wanted = (int,) if key == "norad_id" else (int, float)
    if isinstance(value, bool) or not isinstance(value, wanted):
        raise ValueError(f"{value!r} should be {'an integer' if key == 'norad_id' else 'a number'}")
    return json.dumps(value)


def parse_json(text: str, filename: str) -> tuple[list[ObservationRecord], list[RecordError]]:
    reader = _Rows(filename)
    try:
        items = list(_json_rows(json.loads(text)))
    except json.JSONDecodeError as error:
        return [], [
            RecordError(filename, f"line {error.lineno}", "JSON", f"{error.msg} (column {error.colno})")
        ]
    except ValueError as problem:
        return [], [RecordError(filename, "line 1", "JSON", str(problem))]
    for index, item in enumerate(items, start=1):
        where = f"record {index}"
        if not isinstance(item, dict):
            reader.error(where, "record", f"expected an object, found {type(item).__name__}")
            continue
        row = {}
        for key, value in item.items():
            try:
                row[key] = _json_text(key, value)
            except ValueError as problem:
                reader.error(where, key, str(problem))
        if len(row) == len(item):
            reader.add(where, row, json.dumps(item))
    return reader.records, reader.errors
