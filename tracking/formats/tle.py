"""Two- and three-line element sets: reading (with Alpha-5 catalog numbers) and checks.

Columns below are the TLE documentation's: 1-based and inclusive.
"""

import re
from datetime import UTC, datetime, timedelta
from fractions import Fraction

from tracking.formats.fields import FieldReader, Line, bounded, integer, number, one_of, split_lines
from tracking.formats.records import ALPHA5_MAX, ElementRecord, RecordError

# Alpha-5 skips I and O, which read as 1 and 0.
_ALPHA5_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
_CATALOG = re.compile(r"[0-9]{5}|[A-HJ-NP-Z][0-9]{4}")
_DIGITS = "0123456789"
_TLE_DESIGNATOR = re.compile(r"([0-9]{2})([0-9]{3})([A-Z]{1,3})")
_EPOCH = re.compile(r"([0-9]{2}) *([0-9]{1,3}\.[0-9]*) *")
_EXPONENT_FORM = re.compile(r"([ +-])([0-9]{5})([+-][0-9])")
_LINE_LENGTH = 69
_BLANK_COLUMNS = {"1": (2, 9, 18, 33, 44, 53, 62, 64), "2": (2, 8, 17, 26, 34, 43, 52)}


class TleFormatError(ValueError):
    """A record that cannot be written as a TLE (it can still travel as OMM)."""


def to_alpha5(number: int) -> str:
    """25544 -> '25544', 100001 -> 'A0001', 339999 -> 'Z9999'; larger numbers do not fit."""
    if not 0 <= number <= ALPHA5_MAX:
        raise TleFormatError(
            f"catalog number {number} does not fit a TLE (Alpha-5 ends at Z9999 = 339999);"
            " send this object as OMM"
        )
    if number < 100_000:
        return f"{number:05d}"
    lead, rest = divmod(number, 10_000)
    return f"{_ALPHA5_LETTERS[lead - 10]}{rest:04d}"


def from_alpha5(text: str) -> int:
    """'25544' -> 25544, 'A0001' -> 100001, 'E8493' -> 148493, 'Z9999' -> 339999."""
    if not _CATALOG.fullmatch(text):
        raise ValueError(
            f"{text!r} is not a catalog number (5 digits, or Alpha-5: a letter other than"
            " I or O, then 4 digits)"
        )
    if text[0] in _DIGITS:
        return int(text)
    return (10 + _ALPHA5_LETTERS.index(text[0])) * 10_000 + int(text[1:])


def _full_year(two_digits: int) -> int:
    """TLE years: 57-99 are 1957-1999 (Sputnik onwards), 00-56 are 2000-2056."""
    return two_digits + (1900 if two_digits >= 57 else 2000)


def checksum(line: str) -> int:
    """Mod-10 sum over columns 1-68: digits count their value, minus signs count 1."""
    return sum(int(char) if char in _DIGITS else char == "-" for char in line[:68]) % 10


def _designator(text: str) -> str:
    """Columns 10-17, '98067A  ', as OMM writes it: '1998-067A' ('' when blank)."""
    if not text.strip():
        return ""
    match = _TLE_DESIGNATOR.fullmatch(text.rstrip())
    if not match:
        raise ValueError(f"{text.rstrip()!r} is not a designator like 98067A")
    return f"{_full_year(int(match[1]))}-{match[2]}{match[3]}"


def _epoch(text: str) -> datetime:
    """Columns 19-32, YYDDD.DDDDDDDD, to the microsecond (1e-8 day is exactly 864 µs)."""
    match = _EPOCH.fullmatch(text)
    if not match:
        raise ValueError(f"{text!r} is not an epoch like 26150.51748228")
    year = _full_year(int(match[1]))
    start = datetime(year, 1, 1, tzinfo=UTC)
    day = Fraction(match[2])
    if not 1 <= day < 1 + (start.replace(year=year + 1) - start).days:
        raise ValueError(f"{match[2]} is not a day of {year}")
    return start + timedelta(microseconds=round((day - 1) * 86_400_000_000))


def _exponent_form(text: str) -> float:
    """' 21767-3' is 0.21767e-3: sign, five digits after an implied point, exponent."""
    match = _EXPONENT_FORM.fullmatch(text)
    if not match:
        raise ValueError(f"{text!r} is not a number in TLE exponent form like ' 21767-3'")
    return float(f"{'-' if match[1] == '-' else ''}0.{match[2]}e{match[3]}")


def _eccentricity(text: str) -> float:
    if not re.fullmatch(r"[0-9]{7}", text):
        raise ValueError(f"{text!r} is not 7 digits (the leading decimal point is implied)")
    return float(f"0.{text}")


_ANGLE = bounded(number, 0, 360)
# (record field, field name in messages, first column, last column, converter)
_LINE1_FIELDS = (
    ("norad_id", "catalog number", 3, 7, from_alpha5),
    ("classification_type", "classification", 8, 8, one_of("U", "C", "S")),
    ("object_id", "international designator", 10, 17, _designator),
    ("epoch", "epoch", 19, 32, _epoch),
    ("mean_motion_dot", "mean motion derivative", 34, 43, number),
    ("mean_motion_ddot", "mean motion second derivative", 45, 52, _exponent_form),
    ("bstar", "bstar", 54, 61, _exponent_form),
    ("ephemeris_type", "ephemeris type", 63, 63, integer),
    ("element_set_no", "element set number", 65, 68, integer),
)
_LINE2_FIELDS = (
    ("inclination_deg", "inclination", 9, 16, bounded(number, 0, 180)),
    ("ra_of_asc_node_deg", "right ascension of ascending node", 18, 25, _ANGLE),
    ("eccentricity", "eccentricity", 27, 33, _eccentricity),
    ("arg_of_pericenter_deg", "argument of perigee", 35, 42, _ANGLE),
    ("mean_anomaly_deg", "mean anomaly", 44, 51, _ANGLE),
    ("mean_motion_rev_per_day", "mean motion", 53, 63, bounded(number, 0, 100, low_open=True)),
    ("rev_at_epoch", "revolution number", 64, 68, integer),
)


def _kind(line: Line) -> str:
    """'1' or '2' for element lines, '?' for a full-width line that should be one, else 'name'."""
    text = line.text.rstrip()
    if text[:2] in ("1 ", "2 "):
        return text[0]
    return "?" if len(text) == _LINE_LENGTH else "name"


def _layout_ok(reader: FieldReader, line: Line, expected: str) -> bool:
    """Line number, length and blank columns: if these are wrong no column can be trusted."""
    where, text = f"line {line.number}", line.text.rstrip()
    if text[:1] != expected:
        reader.error(where, "line number", f"expected '{expected}' in column 1, found {text[:1]!r}")
        return False
    if len(text) != _LINE_LENGTH:
        state = "truncated" if len(text) < _LINE_LENGTH else "too long"
        reader.error(where, "line length", f"{len(text)} characters, expected 69 (line {state})")
        return False
    for column in _BLANK_COLUMNS[expected]:
        if text[column - 1] != " ":
            found = text[column - 1]
            reader.error(where, "layout", f"expected a blank in column {column}, found {found!r}")
            return False
    return True


def _check_sum(reader: FieldReader, line: Line) -> None:
    stated, computed = line.text[68], checksum(line.text)
    if stated not in _DIGITS:
        reader.error(f"line {line.number}", "checksum", f"{stated!r} is not a digit")
    elif int(stated) != computed:
        reason = f"column 69 says {stated} but the line sums to {computed}"
        reader.error(f"line {line.number}", "checksum", reason)


def _object_name(name: Line | None) -> str:
    """CelesTrak pads names to 24 columns; Space-Track 3LE writes them as '0 NAME'."""
    if name is None:
        return ""
    return name.text.strip().removeprefix("0 ").strip()


def _read_record(
    text: str, name: Line | None, line1: Line, line2: Line, filename: str
) -> tuple[ElementRecord | None, list[RecordError]]:
    reader = FieldReader(filename)
    if not all([_layout_ok(reader, line1, "1"), _layout_ok(reader, line2, "2")]):
        return None, reader.errors
    values = {}
    for line, fields in ((line1, _LINE1_FIELDS), (line2, _LINE2_FIELDS)):
        _check_sum(reader, line)
        where = f"line {line.number}"
        for key, label, first, last, convert in fields:
            values[key] = reader.read(where, label, line.text[first - 1 : last], convert)
    number1, number2 = line1.text[2:7], line2.text[2:7]
    if number1 != number2:
        reason = f"{number2!r} does not match {number1!r} on line {line1.number}"
        reader.error(f"line {line2.number}", "catalog number", reason)
    if reader.errors:
        return None, reader.errors
    first = name or line1
    record = ElementRecord(
        **values,
        object_name=_object_name(name),
        source_format="3le" if name else "tle",
        raw_text=text[first.start : line2.end],
        location=f"line {first.number}",
    )
    return record, []


def parse_tle(text: str, filename: str) -> tuple[list[ElementRecord], list[RecordError]]:
    """Every 2- or 3-line element set in text; blank lines are ignored."""
    lines = [line for line in split_lines(text) if line.text.strip()]
    records: list[ElementRecord] = []
    errors: list[RecordError] = []

    def orphan(line: Line, field: str, reason: str) -> None:
        errors.append(RecordError(filename, f"line {line.number}", field, reason))

    name, index = None, 0
    while index < len(lines):
        line = lines[index]
        following = lines[index + 1] if index + 1 < len(lines) else None
        kind = _kind(line)
        if following and kind in ("1", "?") and _kind(following) in ("2", "?"):
            record, problems = _read_record(text, name, line, following, filename)
            records.extend([record] if record else [])
            errors.extend(problems)
            name, index = None, index + 2
            continue
        if kind == "1":
            orphan(line, "line 2", "line 1 is not followed by a line 2")
            name = None
        elif kind == "2":
            orphan(line, "line 1", "line 2 has no line 1 before it")
            name = None
        else:
            if name:
                orphan(name, "line 1", "name line is not followed by element lines")
            name = line
        index += 1
    if name:
        orphan(name, "line 1", "name line is not followed by element lines")
    return records, errors
