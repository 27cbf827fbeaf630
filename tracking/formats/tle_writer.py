"""Writing a record as TLE lines, where it fits (Alpha-5 catalog numbers up to 339999)."""

import re
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal

from tracking.formats.records import ElementRecord
from tracking.formats.tle import TleFormatError, checksum, to_alpha5

_OMM_DESIGNATOR = re.compile(r"[0-9]{2}([0-9]{2})-([0-9]{3})([A-Z]{1,3})")
# The TLE epoch has 8 decimals of a day: 1e-8 day is exactly 864 µs.
_TICK = timedelta(microseconds=864)


def render_tle(record: ElementRecord, *, with_name: bool = False) -> list[str]:
    """[line 1, line 2] with checksums, after the object name if with_name.

    Raises TleFormatError for what a TLE cannot carry: catalog numbers above 339999, epochs
    outside 1957-2056, designators not like 1998-067A, out-of-width values.
    """
    number = to_alpha5(record.norad_id)
    line1 = " ".join(
        [
            f"1 {number}{_classification(record.classification_type)}",
            f"{_designator(record.object_id):8}",
            _epoch(record.epoch),
            _rate(record.mean_motion_dot),
            _exponent_form(record.mean_motion_ddot, "mean motion second derivative"),
            _exponent_form(record.bstar, "bstar"),
            _whole(record.ephemeris_type, 1, "ephemeris type"),
            _whole(record.element_set_no, 4, "element set number"),
        ]
    )
    line2 = " ".join(
        [
            f"2 {number}",
            _fixed(record.inclination_deg, 8, 4, "inclination"),
            _fixed(record.ra_of_asc_node_deg, 8, 4, "right ascension"),
            _eccentricity(record.eccentricity),
            _fixed(record.arg_of_pericenter_deg, 8, 4, "argument of perigee"),
            _fixed(record.mean_anomaly_deg, 8, 4, "mean anomaly"),
            # No blank before the revolution number; TLEs keep only its last five digits.
            _fixed(record.mean_motion_rev_per_day, 11, 8, "mean motion")
            + f"{record.rev_at_epoch % 100_000:5d}",
        ]
    )
    lines = [line + str(checksum(line)) for line in (line1, line2)]
    return [record.object_name, *lines] if with_name else lines


def _designator(object_id: str) -> str:
    if not object_id:
        return ""
    match = _OMM_DESIGNATOR.fullmatch(object_id)
    if not match:
        raise TleFormatError(f"OBJECT_ID {object_id!r} is not a designator like 1998-067A")
    return "".join(match.groups())


def _epoch(epoch: datetime) -> str:
    """YYDDD.DDDDDDDD, rounded before formatting so a carry moves to the next day or year."""
    epoch = epoch.astimezone(UTC)
    start = datetime(epoch.year, 1, 1, tzinfo=UTC)
    ticks, rest = divmod(epoch - start, _TICK)
    rounded = start + _TICK * (ticks + (2 * rest >= _TICK))
    if not 1957 <= rounded.year <= 2056:
        raise TleFormatError(f"epoch {epoch.isoformat()} is outside the TLE years 1957-2056")
    day, fraction = divmod((rounded - start.replace(year=rounded.year)) // _TICK, 100_000_000)
    return f"{rounded.year % 100:02d}{day + 1:03d}.{fraction:08d}"


def _rate(value: float) -> str:
    """Mean motion derivative: sign, then 8 decimals without the leading zero: ' .00011776'."""
    text = f"{abs(value):.8f}"
    if not text.startswith("0."):
        raise TleFormatError(f"mean motion derivative {value} does not fit a TLE (|value| < 1)")
    return ("-" if value < 0 and text != "0.00000000" else " ") + text[1:]


def _exponent_form(value: float, label: str) -> str:
    """' 21767-3' for 0.21767e-3: sign, five digits after an implied point, exponent."""
    if value == 0:
        return " 00000+0"
    digits = Decimal(repr(value))  # the shortest repr: the digits the source file had
    exponent = digits.adjusted() + 1
    mantissa = int(abs(digits).scaleb(5 - exponent).to_integral_value(ROUND_HALF_EVEN))
    if mantissa == 100_000:  # rounding carried into a sixth digit
        mantissa, exponent = 10_000, exponent + 1
    if exponent < -9:  # smaller than the field can show: it rounds to zero
        return " 00000+0"
    if exponent > 9:
        raise TleFormatError(f"{label} {value} is too large for a TLE")
    return f"{'-' if value < 0 else ' '}{mantissa:05d}{exponent:+d}"


def _eccentricity(value: float) -> str:
    text = f"{value:.7f}"
    if not text.startswith("0."):
        raise TleFormatError(f"eccentricity {value} does not fit a TLE (0 <= e < 1)")
    return text[2:]


def _fixed(value: float, width: int, decimals: int, label: str) -> str:
    text = f"{value:{width}.{decimals}f}"
    if len(text) > width:
        raise TleFormatError(f"{label} {value} does not fit {width} TLE columns")
    return text


def _whole(value: int, width: int, label: str) -> str:
    if not 0 <= value < 10**width:
        raise TleFormatError(f"{label} {value} does not fit {width} TLE columns")
    return f"{value:{width}d}"


def _classification(value: str) -> str:
    if len(value) != 1:
        raise TleFormatError(f"classification {value!r} is not a single character")
    return value
