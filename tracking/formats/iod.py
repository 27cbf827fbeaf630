"""IOD (Interactive Orbit Determination, G. D. Lewis) optical observation lines.

Spec: http://www.satobs.org/position/IODformat.html. A line without a position (a brightness
report, or a station status C/O report) is valid and yields no record.
"""

import re

from tracking.formats.fields import Line, one_of, split_lines
from tracking.formats.observations import ObservationRecord
from tracking.formats.optical import (
    EPOCH_CODES,
    AngleFormat,
    ColumnLine,
    Sighting,
    assign_track_ids,
    column_code,
    columns_label,
    exact_digits,
    full_year,
    is_comment,
    left_justified,
    matching,
    reduce_sighting,
    station_code,
    utc_instant,
)
from tracking.formats.records import RecordError

_ARCSEC, _ARCMIN = 1 / 3600, 1 / 60
ANGLE_FORMATS = {
    "1": AngleFormat("radec", "HHMMSSs", "DDMMSS", _ARCSEC),
    "2": AngleFormat("radec", "HHMMmmm", "DDMMmm", _ARCMIN),
    "3": AngleFormat("radec", "HHMMmmm", "DDdddd", 1.0),
    "4": AngleFormat("azel", "DDDMMSS", "DDMMSS", _ARCSEC),
    "5": AngleFormat("azel", "DDDMMmm", "DDMMmm", _ARCMIN),
    "6": AngleFormat("azel", "DDDdddd", "DDdddd", 1.0),
    "7": AngleFormat("radec", "HHMMSSs", "DDdddd", 1.0),
}
_BLANK_COLUMNS = (6, 9, 16, 21, 23, 41, 44, 47, 62, 65, 71, 74)
_WIDTH = 80
_STATUS = "EGFPBTCO"  # sky conditions E-T; C clouded out, O observer away (blank: not said)
_BEHAVIOUR = "EFIRSXBHPADMNV"
_WITH_PERIOD = "FRXP"  # constant or regular flashing, irregular flash period, period ending a series
_DATE_TIME = re.compile(r"([0-9]{8})([0-9]{0,9}) *")
_PIECE = re.compile(r"[A-Z]{1,3} *")
_MAGNITUDE = re.compile(r"[+-][0-9]+ *")
_PERIOD = re.compile(r" *[0-9]+")


def _date_time(text: str):
    match = _DATE_TIME.fullmatch(text)
    if not match:
        raise ValueError(f"{text.rstrip()!r} is not YYYYMMDD followed by up to HHMMSSsss")
    date, time = match[1], match[2]
    return utc_instant(int(date[0:4]), int(date[4:6]), int(date[6:8]), time, 3)


def _mantissa_exponent(text: str) -> float:
    """'17' is 1 x 10^(7-8) = 0.1: how IOD writes time and position uncertainties."""
    if not re.fullmatch(r"[0-9]{2}", text):
        raise ValueError(f"{text!r} is not two digits MX (M x 10^(X-8))")
    return int(text[0]) * 10.0 ** (int(text[1]) - 8)


def _layout_ok(row: ColumnLine) -> bool:
    length = len(row.text.rstrip())
    if length > _WIDTH:
        row.reader.error(row.where, "line length", f"{length} characters; IOD lines end at column 80")
        return False
    return row.separators_blank(_BLANK_COLUMNS)


def _object(row: ColumnLine, status: str | None) -> tuple[int | None, str]:
    if row.blank(1, 15):
        if status not in ("C", "O"):
            reason = "missing (only station status reports, C and O, leave columns 1-15 blank)"
            row.reader.error(row.where, columns_label("object number", 1, 5), reason)
        return None, ""
    norad = row.field("object number", 1, 5, exact_digits(5))
    year = row.field("launch year", 7, 8, exact_digits(2))
    launch = row.field("launch number", 10, 12, exact_digits(3))
    piece = row.field("launch piece", 13, 15, matching(_PIECE, "1-3 capital letters written from the left"))
    if None in (norad, year, launch, piece):
        return None, ""
    return int(norad), f"{full_year(year)}-{launch}{piece.rstrip()}"


def _photometry(row: ColumnLine) -> None:
    """Behaviour, magnitude, its uncertainty, flash period: checked, not kept."""
    if row.blank(66, 80):
        return
    behaviour = row.field("optical behaviour", 66, 66, one_of(*_BEHAVIOUR))
    if not row.blank(67, 70):
        row.field("visual magnitude", 67, 70, matching(_MAGNITUDE, "a sign and digits like +020"))
    if not row.blank(72, 73):
        row.field("magnitude uncertainty", 72, 73, left_justified(2))
    if not row.blank(75, 80):
        period = row.field("flash period", 75, 80, matching(_PERIOD, "digits SSSsss"))
        if period is not None and int(period) == 0:
            row.reader.error(row.where, columns_label("flash period", 75, 80), "a period of zero")
        elif period is not None and behaviour and behaviour not in _WITH_PERIOD:
            reason = f"behaviour {behaviour!r} has no period (a period goes with F, R, X or P)"
            row.reader.error(row.where, columns_label("flash period", 75, 80), reason)


def _read_line(line: Line, filename: str) -> tuple[ObservationRecord | None, list[RecordError]]:
    row = ColumnLine(line, filename, _WIDTH)
    if not _layout_ok(row):
        return None, row.reader.errors
    status = row.field("station status", 22, 22, column_code(*_STATUS, blank=True))
    norad, designator = _object(row, status)
    station = row.field("station", 17, 20, station_code)
    when = row.field("date and time", 24, 40, _date_time)
    if status in ("C", "O") and not row.blank(41, 80):
        reason = f"status {status} reports the station, not an observation: columns 41-80 must be blank"
        row.reader.error(row.where, columns_label("station status", 22, 22), reason)
    if row.blank(41, 80) or row.reader.errors:
        return None, row.reader.errors
    epoch_sigma = row.field("time uncertainty", 42, 43, _mantissa_exponent)
    sighting = None
    if not row.blank(45, 64):
        code = row.field("angle format code", 45, 45, one_of(*ANGLE_FORMATS))
        epoch_code = row.field("epoch code", 46, 46, one_of(*EPOCH_CODES))
        angle_1 = row.field("angle 1", 48, 54, left_justified(7))
        sign = row.field("angle 2 sign", 55, 55, one_of("+", "-"))
        angle_2 = row.field("angle 2", 56, 61, left_justified(6))
        accuracy = row.field("position uncertainty", 63, 64, _mantissa_exponent)
        if code and not row.reader.errors:
            sighting = Sighting(
                station, when, ANGLE_FORMATS[code], angle_1, sign, angle_2, epoch_code,
                accuracy, epoch_sigma, norad, designator, row.where, line.text,
            )  # fmt: skip
    _photometry(row)
    if row.reader.errors or sighting is None:
        return None, row.reader.errors
    try:
        return reduce_sighting(sighting), []
    except ValueError as problem:
        row.reader.error(row.where, columns_label("angles", 48, 61), str(problem))
        return None, row.reader.errors


def parse_iod(text: str, filename: str) -> tuple[list[ObservationRecord], list[RecordError]]:
    """Every observation in an IOD file; blank lines and '#' notes are skipped."""
    records: list[ObservationRecord] = []
    errors: list[RecordError] = []
    for line in split_lines(text):
        if is_comment(line.text):
            continue
        record, problems = _read_line(line, filename)
        records.extend([record] if record else [])
        errors.extend(problems)
    return assign_track_ids(records), errors
