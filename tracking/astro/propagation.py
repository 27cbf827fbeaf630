"""Batch SGP4 propagation of many satellites over a common time grid.

Positions are km, velocities km/s, shaped (n_sat, n_times, 3). sgp4 error codes
(``sgp4.api.SGP4_ERRORS``; 6 = decayed) come back per satellite and time; the state is
NaN wherever the code is non-zero, because sgp4 itself leaves plausible-looking numbers
there for some errors (e.g. decay).
"""

from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

import numpy as np
from sgp4.api import Satrec, SatrecArray

from tracking.astro.frames import teme_to_itrf_inplace

# Satellites per SatrecArray call: small enough that a chunk's states (~2 MB per 100
# satellites at 1441 steps) are still cached when rotated, large enough that the
# per-call overhead is invisible. Throughput is flat from ~16 to ~512.
DEFAULT_CHUNK = 128


class States(NamedTuple):
    error_code: np.ndarray  # (n_sat, n_times) uint8, 0 = ok
    r_km: np.ndarray  # (n_sat, n_times, 3)
    v_km_s: np.ndarray | None  # (n_sat, n_times, 3), None if not requested

    @property
    def failed(self) -> np.ndarray:
        """(n_sat,) bool: satellites with an sgp4 error at any of the times."""
        return (self.error_code != 0).any(axis=1)


def satrecs_from_tles(lines: Iterable[str]) -> list[Satrec]:
    """Satrecs from TLE text lines, 2- or 3-line format (name lines are skipped)."""
    satrecs = []
    line1 = None
    for line in lines:
        line = line.rstrip()
        if line.startswith("1 "):
            line1 = line
        elif line.startswith("2 ") and line1 is not None:
            satrecs.append(Satrec.twoline2rv(line1, line))
            line1 = None
    return satrecs


def propagate_teme(satrecs: Sequence[Satrec], jd: np.ndarray, fr: np.ndarray) -> States:
    """TEME states of every satellite at every time, straight from SatrecArray."""
    jd, fr = _as_times(jd, fr)
    e, r, v = SatrecArray(list(satrecs)).sgp4(jd, fr)
    _blank_errors(e, r, v)
    return States(e, r, v)


def propagate_itrf(
    satrecs: Sequence[Satrec],
    jd: np.ndarray,
    fr: np.ndarray,
    *,
    velocity: bool = True,
    chunk: int = DEFAULT_CHUNK,
) -> States:
    """Earth-fixed states of every satellite at every time (see ``frames`` for the model).

    Works satellite-chunk by chunk, writing straight into the full output arrays, so the
    only full-size allocations are the outputs. velocity=False skips (and does not keep) them.
    """
    jd, fr = _as_times(jd, fr)
    n_sat, n_t = len(satrecs), jd.size
    e = np.empty((n_sat, n_t), np.uint8)
    r = np.empty((n_sat, n_t, 3))
    v = np.empty((n_sat, n_t, 3)) if velocity else None
    v_scratch = None if velocity else np.empty((min(chunk, n_sat), n_t, 3))
    for sl in _chunks(n_sat, chunk):
        v_out = v[sl] if v is not None else v_scratch[: sl.stop - sl.start]
        _propagate_into(satrecs[sl], jd, fr, e[sl], r[sl], v_out, velocity)
    return States(e, r, v)


def propagate_itrf_chunks(
    satrecs: Sequence[Satrec],
    jd: np.ndarray,
    fr: np.ndarray,
    *,
    velocity: bool = True,
    chunk: int = DEFAULT_CHUNK,
) -> Iterator[tuple[slice, States]]:
    """Like ``propagate_itrf`` but yields (satellite slice, States) per chunk of satellites.

    Memory stays at one chunk; each yielded States owns fresh arrays, safe to keep.
    """
    jd, fr = _as_times(jd, fr)
    for sl in _chunks(len(satrecs), chunk):
        n = sl.stop - sl.start
        e = np.empty((n, jd.size), np.uint8)
        r = np.empty((n, jd.size, 3))
        v = np.empty((n, jd.size, 3))
        _propagate_into(satrecs[sl], jd, fr, e, r, v, velocity)
        yield sl, States(e, r, v if velocity else None)


def _propagate_into(
    satrecs: Sequence[Satrec],
    jd: np.ndarray,
    fr: np.ndarray,
    e: np.ndarray,
    r: np.ndarray,
    v: np.ndarray,
    rotate_velocity: bool,
) -> None:
    # SatrecArray._sgp4 is what the public .sgp4() calls after allocating its outputs;
    # calling it directly lets sgp4 write into slices of our final arrays (sgp4 is pinned).
    SatrecArray(list(satrecs))._sgp4(jd, fr, e, r, v)
    _blank_errors(e, r, v)
    teme_to_itrf_inplace(r, v if rotate_velocity else None, jd, fr)


def _blank_errors(e: np.ndarray, r: np.ndarray, v: np.ndarray) -> None:
    if e.any():
        bad = e != 0
        r[bad] = np.nan
        v[bad] = np.nan


def _as_times(jd: np.ndarray, fr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    jd, fr = np.broadcast_arrays(np.ravel(jd).astype(np.float64), np.ravel(fr).astype(np.float64))
    return np.ascontiguousarray(jd), np.ascontiguousarray(fr)


def _chunks(n: int, size: int) -> Iterator[slice]:
    if size < 1:
        raise ValueError("chunk must be >= 1")
    for start in range(0, n, size):
        yield slice(start, min(start + size, n))
