"""Plumbing shared by the parsers: numbered lines, field conversion, error collection.

Converters take the field's text and either return its value or raise ValueError whose
message is the reason shown to the user (so it quotes the offending text).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from tracking.formats.records import RecordError

T = TypeVar("T")

# Same line ends as Python's universal newlines (and so the csv module): \r\n, \r or \n.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
# ASCII only: \d and float() would also take other scripts' digits.
_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True, slots=True)
class Line:
    number: int  # 1-based, as editors count
    start: int  # offset of the line's first character in the text
    text: str  # without the line end

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def split_lines(text: str) -> list[Line]:
    return [
        Line(number, match.start(), match.group().rstrip("\r\n"))
        for number, match in enumerate(_LINE.finditer(text), start=1)
    ]


def number(text: str) -> float:
    if not _NUMBER.fullmatch(text.strip()):
        raise ValueError(f"{text.strip()!r} is not a number")
    return float(text)


def integer(text: str) -> int:
    if not _INTEGER.fullmatch(text.strip()):
        raise ValueError(f"{text.strip()!r} is not a whole number")
    return int(text)


def calendar_date(text: str) -> date:
    try:
        if _DATE.fullmatch(text.strip()):
            return date.fromisoformat(text.strip())
    except ValueError:
        pass
    raise ValueError(f"{text.strip()!r} is not a date like 1998-11-20")


def bounded(
    convert: Callable[[str], float],
    low: float,
    high: float,
    *,
    low_open: bool = False,
    high_open: bool = False,
) -> Callable[[str], float]:
    """convert, then check the value lies between low and high (each end open or closed)."""

    def checked(text: str) -> float:
        value = convert(text)
        too_low = value <= low if low_open else value < low
        too_high = value >= high if high_open else value > high
        if too_low or too_high:
            interval = f"{'(' if low_open else '['}{low}, {high}{')' if high_open else ']'}"
            raise ValueError(f"{text.strip()} is outside {interval}")
        return value

    return checked


def one_of(*choices: str) -> Callable[[str], str]:
    def checked(text: str) -> str:
        if text.strip() not in choices:
            raise ValueError(f"{text.strip()!r} is not one of {', '.join(choices)}")
        return text.strip()

    return checked


class FieldReader:
    """Reads the fields of one record, collecting every problem instead of stopping at the first."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.errors: list[RecordError] = []

    def error(self, location: str, field: str, reason: str) -> None:
        self.errors.append(RecordError(self.filename, location, field, reason))

    def read(self, location: str, field: str, text: str, convert: Callable[[str], T]) -> T | None:
        """The converted value, or None (with the problem recorded) if the text is bad."""
        try:
            return convert(text)
        except ValueError as problem:
            self.error(location, field, str(problem))
            return None
