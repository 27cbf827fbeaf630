"""RDE (R. D. Eberst) optical reports: a header line, day-of-month lines, observation lines, '999'.

Spec: http://www.satobs.org/position/RDEformat.html. The header (site, year and month, time
and position accuracy, star-chart epoch) applies to every observation until the '999' that
ends the report; a 'SATOBS' line may introduce a report. Objects are named by international
designator only, so reported_norad_id stays None.
"""

import re
from dataclasses import dataclass

from tracking.formats.fields import Line, split_lines
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

ANGLE_FORMAT = AngleFormat("radec", "HHMMSS", "DDMMSS", 1 / 3600)  # position format code 1
END_OF_REPORT = "999"
INTRODUCTION = "SATOBS"
_DAY = re.compile(r"[0-9]{2}")
_TIME_ACCURACY = re.compile(r"[0-9]\.[0-9]")
_TIME = re.compile(r"([0-9]{6})(?:\.([0-9]{0,2}))? *")
_MAGNITUDE = re.compile(r"[ +-][0-9]\.[0-9]")
_PERIOD = re.compile(r" *[0-9.]+ *")


@dataclass(frozen=True, slots=True)
class _Header:
    station: str
    year: int
    month: int
    time_accuracy_s: float
    position_accuracy_arcsec: float
    epoch_code: str


def _read_header(line: Line, filename: str) -> tuple[_Header | None, list[RecordError]]:
    row = ColumnLine(line, filename, 20)
    if len(line.text.rstrip()) > 20:
        reason = f"{len(line.text.rstrip())} characters; an RDE header ends at column 20"
        row.reader.error(row.where, "line length", reason)
        return None, row.reader.errors
    station = row.field("station", 1, 4, station_code)
    month = row.field("year and month", 6, 9, exact_digits(4))
    time_accuracy = row.field("time accuracy", 11, 13, matching(_TIME_ACCURACY, "T.t seconds"))
    row.field("time standard", 14, 14, column_code("1", "2", "3"))
    row.field("position format code", 15, 15, column_code("1"))
    position_accuracy = row.field("position accuracy", 17, 19, exact_digits(3))
    epoch_code = row.field("epoch", 20, 20, column_code(*EPOCH_CODES))
    row.separators_blank((5, 10, 16))
    if month is not None and not 1 <= int(month[2:]) <= 12:
        row.reader.error(row.where, columns_label("year and month", 6, 9), f"{month[2:]} is not a month")
    if row.reader.errors:
        return None, row.reader.errors
    header = _Header(
        station, full_year(month[:2]), int(month[2:]), float(time_accuracy),
        float(position_accuracy), epoch_code,
    )  # fmt: skip
    return header, []


def _read_observation(
    line: Line, header: _Header, day: int, filename: str
) -> tuple[ObservationRecord | None, list[RecordError]]:
    row = ColumnLine(line, filename, 43)
    if len(line.text.rstrip()) > 43:
        reason = f"{len(line.text.rstrip())} characters; RDE observation lines end at column 43"
        row.reader.error(row.where, "line length", reason)
        return None, row.reader.errors
    digits = row.field("international designator", 1, 7, exact_digits(7))
    time = row.field("time", 9, 17, matching(_TIME, "HHMMSS.ss"))
    angle_1 = row.field("right ascension", 19, 24, left_justified(6))
    sign = row.field("declination sign", 25, 25, column_code("+", "-"))
    angle_2 = row.field("declination", 26, 31, left_justified(6))
    row.separators_blank((8, 18))
    for name, first, last in (("brightest magnitude", 32, 35), ("faintest magnitude", 36, 39)):
        if not row.blank(first, last):
            row.field(name, first, last, matching(_MAGNITUDE, "a magnitude like ' 3.1' or '-1.5'"))
    if not row.blank(40, 42):
        row.field("flash period", 40, 42, matching(_PERIOD, "a period in seconds"))
    row.field("appearance", 43, 43, column_code(*"SIRFXE", blank=True))
    designator = None
    if digits is not None:
        label = columns_label("launch piece", 6, 7)
        piece = row.reader.read(row.where, label, digits[5:], lambda t: piece_letters(int(t)))
        designator = f"{full_year(digits[:2])}-{digits[2:5]}{piece}"
    when = None
    if time is not None:
        match = _TIME.fullmatch(time)
        when = row.reader.read(
            row.where,
            columns_label("time", 9, 17),
            match[1] + (match[2] or ""),
            lambda t: utc_instant(header.year, header.month, day, t, 2),
        )
    if row.reader.errors:
        return None, row.reader.errors
    sighting = Sighting(
        header.station, when, ANGLE_FORMAT, angle_1, sign, angle_2, header.epoch_code,
        header.position_accuracy_arcsec, header.time_accuracy_s, None, designator, row.where, line.text,
    )  # fmt: skip
    try:
        return reduce_sighting(sighting), []
    except ValueError as problem:
        row.reader.error(row.where, columns_label("angles", 19, 31), str(problem))
        return None, row.reader.errors


class _Report:
    """Where the reading of one file stands: inside a report or not, its header, its day."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.open: Line | None = None  # the header line of the report being read
        self.header: _Header | None = None
        self.day: int | None = None
        self.records: list[ObservationRecord] = []
        self.errors: list[RecordError] = []

    def error(self, line: Line, field: str, reason: str) -> None:
        self.errors.append(RecordError(self.filename, f"line {line.number}", field, reason))

    def start(self, line: Line) -> None:
        self.open, self.day = line, None
        self.header, problems = _read_header(line, self.filename)
        self.errors.extend(problems)

    def close(self) -> None:
        self.open = self.header = None

    def unclosed(self) -> None:
        reason = f"the report this header starts has no closing {END_OF_REPORT}"
        self.error(self.open, "end of report", reason)

    def day_of_month(self, line: Line) -> None:
        self.day = int(line.text.strip())
        if self.header is None:
            return
        try:
            utc_instant(self.header.year, self.header.month, self.day, "", 0)
        except ValueError as problem:
            self.error(line, columns_label("day of month", 1, 2), str(problem))
            self.day = None

    def observation(self, line: Line) -> None:
        if self.header is None:
            reason = f"the header of this report (line {self.open.number}) is not valid"
            self.error(line, "report header", reason)
        elif self.day is None:
            self.error(line, "day of month", "no valid day-of-month line comes before this observation")
        else:
            record, problems = _read_observation(line, self.header, self.day, self.filename)
            self.records.extend([record] if record else [])
            self.errors.extend(problems)


def _looks_like_header(text: str) -> bool:
    return bool(re.match(r"\S{4} [0-9]{4} ", text))


def parse_rde(text: str, filename: str) -> tuple[list[ObservationRecord], list[RecordError]]:
    """Every observation in every report of an RDE file; blank lines and '#' notes are skipped."""
    report = _Report(filename)
    for line in split_lines(text):
        stripped = line.text.strip()
        if is_comment(line.text) or (report.open is None and stripped == INTRODUCTION):
            continue
        if report.open is None:
            report.start(line)
        elif stripped == END_OF_REPORT:
            report.close()
        elif _looks_like_header(line.text):
            report.unclosed()
            report.start(line)
        elif _DAY.fullmatch(stripped):
            report.day_of_month(line)
        else:
            report.observation(line)
    if report.open is not None:
        report.unclosed()
    return assign_track_ids(report.records), report.errors
