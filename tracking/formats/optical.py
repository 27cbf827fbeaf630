"""What the amateur optical formats (IOD, UK, RDE) share: angle codes, epochs, designators, tracks.

Spec: http://www.satobs.org/position/posn_formats.html. Columns are 1-based and inclusive.
Numbers are written left-justified with the unused low-order digits blank (a shorter number is
a less precise one), so "1122   " with pattern HHMMSSs is 11h22m.
"""

import math
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from tracking.astro.astrometry import (
    J2000_JD,
    besselian_epoch_jd,
    julian_epoch_jd,
    precess_radec_deg,
    refraction_deg,
)
from tracking.astro.time import datetime_to_jd
from tracking.formats.fields import FieldReader, Line
from tracking.formats.observations import ObservationRecord

# Epoch of the star chart a position was read from; "0" is the equinox of the observation's date.
EPOCH_JD = {
    "1": besselian_epoch_jd(1855),
    "2": besselian_epoch_jd(1875),
    "3": besselian_epoch_jd(1900),
    "4": besselian_epoch_jd(1950),
    "5": J2000_JD,
    "6": julian_epoch_jd(2050),
}
EPOCH_CODES = ("0", *EPOCH_JD)
STATION = re.compile(r"[0-9A-HJ-NP-Z]{4}")  # COSPAR digits, or TruSat codes (no I or O)
TRACK_GAP = timedelta(minutes=30)
_LEFT_JUSTIFIED = re.compile(r"[0-9]+ *")
_UNIT_DIVISOR = {"H": 1, "D": 1, "M": 60, "S": 3600}
_RUN = re.compile(r"(.)\1*")
# Launch pieces as in designators: A-Z without I and O, then AA, AB, ... (bijective base 24).
_PIECE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


@dataclass(frozen=True, slots=True)
class AngleFormat:
    """How one angle format code writes its two angles and its position accuracy."""

    frame: str  # "radec" or "azel"
    angle_1: str  # digit pattern, e.g. "HHMMSSs"; lowercase digits are decimals of the unit before
    angle_2: str  # after the sign, e.g. "DDMMSS"
    accuracy_unit_deg: float  # the unit the position accuracy is written in
    refracted: bool = False  # elevation as seen, refraction still in it


def exact_digits(count: int):
    regex = re.compile(f"[0-9]{{{count}}}")

    def convert(text: str) -> str:
        if not regex.fullmatch(text):
            raise ValueError(f"{text!r} is not {count} digits")
        return text

    return convert


def matching(regex: re.Pattern, what: str):
    """Converter that returns the text if regex matches all of it, else says it is not what."""

    def convert(text: str) -> str:
        if not regex.fullmatch(text):
            raise ValueError(f"{text!r} is not {what}")
        return text

    return convert


def station_code(text: str) -> str:
    return matching(STATION, "a station code (4 digits or capitals, no I or O)")(text)


def left_justified(width: int):
    """Converter for a number written from the left with trailing blanks: returns its digits."""

    def convert(text: str) -> str:
        if not _LEFT_JUSTIFIED.fullmatch(text):
            raise ValueError(f"{text!r} is not {width} digits written from the left (blanks after)")
        return text.rstrip()

    return convert


def column_code(*choices: str, blank: bool = False):
    """Converter for a one-column code; blank: a blank column is allowed and read as ''."""

    def convert(text: str) -> str:
        if text.strip() in choices or (blank and not text.strip()):
            return text.strip()
        listed = ", ".join(choices) + (" or blank" if blank else "")
        raise ValueError(f"{text!r} is not one of {listed}")

    return convert


def sexagesimal_deg(digits: str, pattern: str) -> float:
    """'1100114' as HHMMmmm is 11h00.114m = 165.0285 degrees; missing digits count as zeros."""
    padded = digits.ljust(len(pattern), "0")
    value, divisor = 0.0, 1
    for run in _RUN.finditer(pattern):
        part, letter = padded[run.start() : run.end()], run[0][0]
        if letter.islower():
            value += int(part) / 10 ** len(part) / divisor
            continue
        divisor = _UNIT_DIVISOR[letter]
        if letter in "MS" and int(part) >= 60:
            unit = "minutes" if letter == "M" else "seconds"
            raise ValueError(f"{unit} {part} of {digits!r} ({pattern}) are 60 or more")
        value += int(part) / divisor
    return value * (15.0 if pattern.startswith("H") else 1.0)


def full_year(two_digits: str) -> int:
    """Years as in TLEs: 57-99 are 1957-1999 (Sputnik onwards), 00-56 are 2000-2056."""
    year = int(two_digits)
    return year + (1900 if year >= 57 else 2000)


def piece_letters(number: int) -> str:
    """Launch piece 1 -> 'A', 24 -> 'Z', 25 -> 'AA' (the UK and RDE formats number pieces)."""
    if number < 1:
        raise ValueError(f"launch piece {number:02d} is not a piece (they count from 01)")
    letters = ""
    while number:
        number, index = divmod(number - 1, len(_PIECE_LETTERS))
        letters = _PIECE_LETTERS[index] + letters
    return letters


def utc_instant(year: int, month: int, day: int, time_digits: str, seconds_decimals: int) -> datetime:
    """Date plus 'HHMMSS' and up to seconds_decimals more digits, left-justified, as UTC."""
    padded = time_digits.ljust(6 + seconds_decimals, "0")
    hour, minute, second = int(padded[0:2]), int(padded[2:4]), int(padded[4:6])
    fraction = padded[6:]
    try:
        midnight = datetime(year, month, day, tzinfo=UTC)
    except ValueError:
        raise ValueError(f"{year:04d}-{month:02d}-{day:02d} is not a date") from None
    if hour > 23 or minute > 59 or second > 59:
        raise ValueError(f"{padded[0:2]}:{padded[2:4]}:{padded[4:6]} is not a time of day")
    micro = round(int(fraction) * 10 ** (6 - len(fraction))) if fraction else 0
    return midnight + timedelta(hours=hour, minutes=minute, seconds=second, microseconds=micro)


@dataclass(frozen=True, slots=True)
class Sighting:
    """One optical position as a line gives it, before reduction to J2000 and degrees."""

    station: str
    epoch: datetime
    angle_format: AngleFormat
    angle_1: str  # digits
    sign: str  # "+" or "-" ("" taken as +)
    angle_2: str
    epoch_code: str
    accuracy: float | None  # in angle_format.accuracy_unit_deg
    epoch_sigma_s: float | None
    norad_id: int | None
    designator: str
    location: str
    raw_text: str


def reduce_sighting(sighting: Sighting) -> ObservationRecord:
    """Degrees, RA/Dec precessed to J2000, elevation without refraction; ValueError if impossible."""
    fmt = sighting.angle_format
    angle_1 = sexagesimal_deg(sighting.angle_1, fmt.angle_1)
    angle_2 = sexagesimal_deg(sighting.angle_2, fmt.angle_2) * (-1 if sighting.sign == "-" else 1)
    if angle_1 >= 360.0:
        raise ValueError(f"angle 1 {sighting.angle_1!r} ({fmt.angle_1}) is 360 degrees or more")
    if abs(angle_2) > 90.0:
        raise ValueError(f"angle 2 {sighting.sign}{sighting.angle_2!r} ({fmt.angle_2}) is beyond 90 degrees")
    # A zero uncertainty ('00', '0000') says nothing, and would divide by zero downstream.
    sigma = sighting.accuracy * fmt.accuracy_unit_deg if sighting.accuracy else None
    angles: dict[str, float]
    if fmt.frame == "azel":
        if fmt.refracted:
            angle_2 -= float(refraction_deg(angle_2))
        angles = {"azimuth_deg": angle_1, "elevation_deg": angle_2}
    else:
        angle_1, angle_2 = _to_j2000(angle_1, angle_2, sighting.epoch_code, sighting.epoch)
        angles = {"right_ascension_deg": angle_1, "declination_deg": angle_2}
    return ObservationRecord(
        sensor_code=sighting.station,
        track_id="",
        epoch=sighting.epoch,
        **angles,
        angle_1_sigma_deg=None if sigma is None else coordinate_sigma_deg(sigma, angle_2),
        angle_2_sigma_deg=sigma,
        reported_norad_id=sighting.norad_id,
        reported_designator=sighting.designator,
        epoch_sigma_s=sighting.epoch_sigma_s or None,
        location=sighting.location,
        raw_text=sighting.raw_text,
    )


def coordinate_sigma_deg(sky_sigma_deg: float, latitude_deg: float) -> float:
    """An arc on the sky as a sigma of RA or azimuth at that declination or elevation."""
    cos_latitude = math.cos(math.radians(latitude_deg))
    return min(180.0, sky_sigma_deg / cos_latitude) if cos_latitude > 0 else 180.0


def _to_j2000(ra_deg: float, dec_deg: float, epoch_code: str, when: datetime) -> tuple[float, float]:
    if epoch_code == "5":
        return ra_deg, dec_deg
    from_jd = EPOCH_JD[epoch_code] if epoch_code != "0" else sum(datetime_to_jd(when))
    ra, dec = precess_radec_deg(ra_deg, dec_deg, from_jd)
    return float(ra), float(dec)


def assign_track_ids(records: list[ObservationRecord]) -> list[ObservationRecord]:
    """One station, one object, each observation within 30 minutes of the one before: one track.

    The id is '<station>-<object>-<YYYYMMDDHHMM of the track's first observation>', the object
    being the NORAD number when the observer gave one, else the international designator.
    File order is kept.
    """
    by_object: dict[tuple[str, str], list[int]] = {}
    for index, record in enumerate(records):
        obj = str(record.reported_norad_id or record.reported_designator)
        by_object.setdefault((record.sensor_code, obj), []).append(index)
    track_ids = [""] * len(records)
    for (station, obj), indexes in by_object.items():
        indexes.sort(key=lambda i: records[i].epoch)
        first = previous = records[indexes[0]].epoch
        for i in indexes:
            if records[i].epoch - previous > TRACK_GAP:
                first = records[i].epoch
            previous = records[i].epoch
            track_ids[i] = f"{station}-{obj}-{first:%Y%m%d%H%M}"
    return [replace(record, track_id=track_id) for record, track_id in zip(records, track_ids, strict=True)]


def is_comment(text: str) -> bool:
    """Blank lines and '#' notes carry nothing; report files often hold both."""
    return not text.strip() or text.lstrip().startswith("#")


def columns_label(name: str, first: int, last: int) -> str:
    return f"{name} (column {first})" if first == last else f"{name} (columns {first}-{last})"


class ColumnLine:
    """One fixed-column line, padded with blanks to its width, read field by field.

    Every problem is collected in reader.errors, each naming the line and the field's columns.
    """

    def __init__(self, line: Line, filename: str, width: int) -> None:
        self.reader = FieldReader(filename)
        self.where = f"line {line.number}"
        self.text = line.text.rstrip().ljust(width)

    def field(self, name: str, first: int, last: int, convert):
        """The converted columns, or None with the problem recorded."""
        try:
            return convert(self.text[first - 1 : last])
        except ValueError as problem:
            self.reader.error(self.where, columns_label(name, first, last), str(problem))
            return None

    def blank(self, first: int, last: int) -> bool:
        return not self.text[first - 1 : last].strip()

    def separators_blank(self, columns: tuple[int, ...]) -> bool:
        """Reports the first separator that is not blank: every field after it is shifted."""
        for column in columns:
            if self.text[column - 1] != " ":
                reason = f"expected a blank, found {self.text[column - 1]!r}"
                self.reader.error(self.where, f"column {column}", reason)
                return False
        return True
