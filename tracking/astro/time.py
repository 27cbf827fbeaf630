"""Conversions between UTC instants and the split Julian dates (jd, fr) that sgp4 takes.

Time scale: UTC is used as the SGP4 time scale throughout. sgp4 interprets a TLE epoch as
UTC, and this package also feeds UTC to the Earth-rotation model in ``frames`` where UT1
is strictly required; the neglected UT1-UTC is kept below 0.9 s by the IERS (see
``frames`` for what that costs in position).

A split Julian date keeps the whole day (always ending in .5, i.e. midnight) in ``jd`` and
the fraction of the day in ``fr``, so adding seconds to ``fr`` keeps microsecond precision
that a single float64 Julian date (resolution ~40 us) would lose.
"""

from datetime import UTC, datetime

import numpy as np

SECONDS_PER_DAY = 86400.0
UNIX_EPOCH_JD = 2440587.5
_US_PER_DAY = 86_400_000_000
_UNIX_EPOCH = np.datetime64("1970-01-01T00:00:00", "us")


def datetime64_to_jd(t: np.ndarray | np.datetime64) -> tuple[np.ndarray, np.ndarray]:
    """UTC datetime64 values (any unit, naive by numpy convention) -> split Julian (jd, fr)."""
    us = (np.asarray(t, dtype="datetime64[us]") - _UNIX_EPOCH).astype(np.int64)
    days, rem_us = np.divmod(us, _US_PER_DAY)
    return UNIX_EPOCH_JD + days.astype(np.float64), rem_us / _US_PER_DAY


def datetime_to_jd(dt: datetime) -> tuple[float, float]:
    """Aware datetime -> split Julian (jd, fr) in UTC. Naive datetimes are refused."""
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError("datetime must be timezone-aware (UTC)")
    utc = dt.astimezone(UTC).replace(tzinfo=None)
    jd, fr = datetime64_to_jd(np.datetime64(utc, "us"))
    return float(jd), float(fr)


def jd_to_datetime64(jd: np.ndarray | float, fr: np.ndarray | float = 0.0) -> np.ndarray:
    """Split Julian (jd, fr) in UTC -> datetime64[us], rounded to the nearest microsecond."""
    jd = np.asarray(jd, dtype=np.float64)
    fr = np.asarray(fr, dtype=np.float64)
    # Split whole days out of both parts first so the microsecond count stays exact.
    whole_jd = np.floor(jd - UNIX_EPOCH_JD)
    days = whole_jd + np.floor(fr)
    day_fraction = (jd - UNIX_EPOCH_JD - whole_jd) + (fr - np.floor(fr))
    us = days.astype(np.int64) * _US_PER_DAY + np.rint(day_fraction * _US_PER_DAY).astype(np.int64)
    return _UNIX_EPOCH + us.astype("timedelta64[us]")


def jd_to_datetime(jd: float, fr: float = 0.0) -> datetime:
    """Split Julian (jd, fr) in UTC -> aware UTC datetime (microsecond resolution)."""
    t = jd_to_datetime64(jd, fr)
    return t.item().replace(tzinfo=UTC)


def time_grid(
    start: datetime | np.datetime64, duration_s: float, step_s: float
) -> tuple[np.ndarray, np.ndarray]:
    """Evenly spaced instants start, start+step, ... up to and including start+duration.

    24 h at 60 s gives 1441 instants. Returns (jd, fr) arrays with fr normalised to [0, 1).
    """
    if step_s <= 0 or duration_s < 0:
        raise ValueError("step_s must be > 0 and duration_s >= 0")
    if isinstance(start, datetime):
        jd0, fr0 = datetime_to_jd(start)
    else:
        jd0, fr0 = (float(x) for x in datetime64_to_jd(start))
    # The small epsilon keeps e.g. 86400/60 from rounding down to 1439.999...
    n = int(np.floor(duration_s / step_s + 1e-9)) + 1
    fr = fr0 + np.arange(n) * (step_s / SECONDS_PER_DAY)
    whole = np.floor(fr)
    return jd0 + whole, fr - whole
