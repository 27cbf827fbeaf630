"""UK (RGO / OTWG) optical observation lines: 80 packed columns, no separators.

Spec: http://www.satobs.org/position/UKformat.html. Objects are named by international
designator only (YYLLLPP, the piece as a number), so reported_norad_id stays None. A line
'999' ends a report.
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
    piece_letters,
    reduce_sighting,
    station_code,
    utc_instant,
)
from tracking.formats.records import RecordError

_SS, _MM, _DD = "SSSs", "MMmm", "Dddd"  # how the position accuracy is written, per code
_UNIT_DEG = {_SS: 1 / 3600, _MM: 1 / 60, _DD: 1.0}
# Codes 4-6 give elevation corrected for refraction, 7-9 as seen.
ANGLE_FORMATS = {
    "1": (AngleFormat("radec", "HHMMSSss", "DDMMSSs", _UNIT_DEG[_SS]), _SS),
    "2": (AngleFormat("radec", "HHMMmmmm", "DDMMmmm", _UNIT_DEG[_MM]), _MM),
    "3": (AngleFormat("radec", "HHMMmmmm", "DDddddd", _UNIT_DEG[_DD]), _DD),
    "4": (AngleFormat("azel", "DDDMMSSs", "DDMMSSs", _UNIT_DEG[_SS]), _SS),
    "5": (AngleFormat("azel", "DDDMMmmm", "DDMMmmm", _UNIT_DEG[_MM]), _MM),
    "6": (AngleFormat("azel", "DDDddddd", "DDddddd", _UNIT_DEG[_DD]), _DD),
    "7": (AngleFormat("azel", "DDDMMSSs", "DDMMSSs", _UNIT_DEG[_SS], refracted=True), _SS),
    "8": (AngleFormat("azel", "DDDMMmmm", "DDMMmmm", _UNIT_DEG[_MM], refracted=True), _MM),
    "9": (AngleFormat("azel", "DDDddddd", "DDddddd", _UNIT_DEG[_DD], refracted=True), _DD),
}
END_OF_REPORT = "999"
_WIDTH = 80
# Magnitudes: signed Mm ('+6 ', '-21'), or unsigned MMm for 10 and fainter ('121').
_MAGNITUDE = re.compile(r"[+-][0-9]+ *|[0-9]{3}")
_BLANKS_AS_ZEROS = re.compile(r" *[0-9]+ *")
_APPEARANCE = "SIRFXE"  # steady, irregular, regular variation, flashing, exceptional, eclipse


def _fixed_point(decimals: int):
    """'01   ' with one integer digit is 0.1: digits from the left, blanks after read as zeros."""

    def convert(text: str) -> float | None:
        if not text.strip():
            return None
        digits = left_justified(len(text))(text)
        return int(digits.ljust(len(text), "0")) / 10**decimals

    return convert


def _accuracy(pattern: str):
    """Position accuracy, one digit per letter of pattern; blanks anywhere read as zeros."""

    def convert(text: str) -> float | None:
        if not text.strip():
            return None
        if not _BLANKS_AS_ZEROS.fullmatch(text):
            raise ValueError(f"{text!r} is not a number {pattern} (digits and blanks)")
        decimals = sum(letter.islower() for letter in pattern)
        return int(text.replace(" ", "0")) / 10**decimals

    return convert


def _designator(row: ColumnLine) -> str | None:
    digits = row.field("international designator", 1, 7, exact_digits(7))
    if digits is None:
        return None
    piece = row.reader.read(
        row.where, columns_label("launch piece", 6, 7), digits[5:], lambda t: piece_letters(int(t))
    )
    return None if piece is None else f"{full_year(digits[0:2])}-{digits[2:5]}{piece}"


def _photometry(row: ColumnLine) -> None:
    """Magnitudes, flash period, appearance: checked, not kept."""
    if not row.blank(69, 71):
        row.field("brightest magnitude", 69, 71, matching(_MAGNITUDE, "a magnitude like +6, -21 or 121"))
    if not row.blank(72, 74) and row.text[71:74] != "INV":
        row.field("faintest magnitude", 72, 74, matching(_MAGNITUDE, "a magnitude like +8, -21, 121 or INV"))
    if not row.blank(75, 79):
        period = row.field("flash period", 75, 79, _accuracy("SSSss"))
        if period == 0:
            row.reader.error(row.where, columns_label("flash period", 75, 79), "a period of zero")
    row.field("appearance", 80, 80, column_code(*_APPEARANCE, blank=True))


def _read_line(line: Line, filename: str) -> tuple[ObservationRecord | None, list[RecordError]]:
    row = ColumnLine(line, filename, _WIDTH)
    length = len(line.text.rstrip())
    if length > _WIDTH:
        row.reader.error(row.where, "line length", f"{length} characters; UK lines end at column 80")
        return None, row.reader.errors
    designator = _designator(row)
    station = row.field("station", 8, 11, station_code)
    date = row.field("date", 12, 17, exact_digits(6))
    time = row.field("time", 18, 27, left_justified(10))
    epoch_sigma = row.field("time accuracy", 28, 32, _fixed_point(4))
    row.field("time standard", 33, 33, one_of("1", "2", "3"))
    code = row.field("position format code", 34, 34, one_of(*ANGLE_FORMATS))
    angle_1 = row.field("angle 1", 35, 42, left_justified(8))
    unsigned = bool(code) and ANGLE_FORMATS[code][0].frame == "azel"  # elevation may omit +
    sign = row.field("angle 2 sign", 43, 43, column_code("+", "-", blank=unsigned))
    angle_2 = row.field("angle 2", 44, 50, left_justified(7))
    pattern = ANGLE_FORMATS[code][1] if code else _SS
    accuracy = row.field("position accuracy", 51, 54, _accuracy(pattern))
    epoch_code = row.field("epoch", 55, 55, one_of(*EPOCH_CODES))
    if not row.blank(56, 68):
        reason = "range data is not read (the format gives no units): leave columns 56-68 blank"
        row.reader.error(row.where, columns_label("range", 56, 68), reason)
    _photometry(row)
    when = None
    if date is not None and time is not None:
        when = row.reader.read(
            row.where,
            columns_label("date and time", 12, 27),
            time,
            lambda t: utc_instant(full_year(date[0:2]), int(date[2:4]), int(date[4:6]), t, 4),
        )
    if row.reader.errors:
        return None, row.reader.errors
    sighting = Sighting(
        station, when, ANGLE_FORMATS[code][0], angle_1, sign, angle_2, epoch_code,
        accuracy, epoch_sigma, None, designator, row.where, line.text,
    )  # fmt: skip
    try:
        return reduce_sighting(sighting), []
    except ValueError as problem:
        row.reader.error(row.where, columns_label("angles", 35, 50), str(problem))
        return None, row.reader.errors


def parse_uk(text: str, filename: str) -> tuple[list[ObservationRecord], list[RecordError]]:
    """Every observation in a UK-format file; blank lines, '#' notes and '999' are skipped."""
    records: list[ObservationRecord] = []
    errors: list[RecordError] = []
    for line in split_lines(text):
        if is_comment(line.text) or line.text.strip() == END_OF_REPORT:
            continue
        record, problems = _read_line(line, filename)
        records.extend([record] if record else [])
        errors.extend(problems)
    return assign_track_ids(records), errors
