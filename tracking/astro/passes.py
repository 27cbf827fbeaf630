"""Pass prediction for sensor sites over many satellites.

Visibility = elevation >= min AND range <= max AND azimuth inside the clockwise window.

Method. All satellites are propagated in batch on a coarse grid (default 60 s). Each
constraint has a smooth signed function whose zeros are its boundary: elevation - min,
max - range, and for each azimuth edge the signed distance of the satellite's horizontal
position from the vertical plane through that edge (azimuth itself jumps at the zenith;
this does not). Every sign change between two samples is bisected with single-time
``Satrec.sgp4`` calls (vectorized across events) down to tolerance_s. The crossings split
the window into pieces of constant visibility; one evaluation per piece decides it, and
consecutive visible pieces form a pass. Culmination is a golden-section search for the
maximum elevation within the pass.

Coarse step. A constraint whose function peaks just below zero on the grid may still
cross zero between samples (a grazing pass a few hundredths of a degree above the mask,
or a closest approach just inside max range). If the function is concave over the two
steps around the sampled peak, the true peak exceeds it by at most the larger one-sided
drop to the neighbours; every sampled peak within that bound of zero is re-examined by a
local maximisation. Edge-plane functions are near-linear over a step and need no such
check. A crossing is only refined where the other constraints may hold during its step,
which drops e.g. the many range crossings below the horizon.

The 60 s default is measured: against 1 s brute force for all 16 SSN sites over 24 h (7
draws of 200 random catalog objects, plus the 200 lowest orbits, 200-300 km), ~93,000
passes, none missed. The only differences were 15 passes shorter than 1 s and 3 gaps of
0.2 s while a pass crossed the excluded azimuths near the zenith, found here and invisible
to 1 s sampling; 120 s gave the same on one draw.

Times are float Julian dates (UTC, resolution ~40 us); ``time.jd_to_datetime`` converts.
Passes in progress at the window start or end are clipped to the window and flagged.
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from sgp4.api import Satrec

from tracking.astro.frames import teme_to_itrf_inplace
from tracking.astro.propagation import DEFAULT_CHUNK, propagate_itrf_chunks
from tracking.astro.time import SECONDS_PER_DAY
from tracking.astro.topocentric import LookAngles, Site, look_angles

DEFAULT_STEP_S = 60.0
_GOLDEN = (math.sqrt(5.0) - 1.0) / 2.0
# Rows of _constraint_functions(); only the first two can peak between samples.
_ELEVATION, _RANGE, _N_PEAKED = 0, 1, 2


@dataclass(frozen=True)
class VisibilityLimits:
    """Azimuth window: clockwise from azimuth_min_deg to azimuth_max_deg (may wrap north).

    (0, 360) is the whole horizon; e.g. (347, 227) is the 240 deg arc through north and east.
    """

    min_elevation_deg: float = 0.0
    max_range_km: float = math.inf
    azimuth_min_deg: float = 0.0
    azimuth_max_deg: float = 360.0

    def __post_init__(self) -> None:
        if self.azimuth_width_deg == 0.0:
            raise ValueError("empty azimuth window (azimuth_min_deg == azimuth_max_deg)")

    @property
    def azimuth_width_deg(self) -> float:
        span = self.azimuth_max_deg - self.azimuth_min_deg
        return 360.0 if span >= 360.0 else span % 360.0


@dataclass(frozen=True)
class Pass:
    sat_index: int
    rise_jd: float
    culmination_jd: float
    set_jd: float
    max_elevation_deg: float
    rise_azimuth_deg: float
    set_azimuth_deg: float
    rise_clipped: bool = False  # already visible at window start: rise_jd is the start
    set_clipped: bool = False  # still visible at window end: set_jd is the end


@dataclass(frozen=True)
class PassSearch:
    passes: list[Pass]  # sorted by rise, then satellite
    failed_sat_indices: np.ndarray  # sgp4 error at some grid time (those times: not visible)


def visibility_margin_deg(look: LookAngles, limits: VisibilityLimits) -> np.ndarray:
    """Signed margin, >= 0 exactly where visible (NaN states give NaN, i.e. not visible).

    Minimum of: elevation above the mask (deg); angular distance inside the nearest azimuth
    edge (deg, negative outside); range headroom as a fraction of max range, expressed in
    degrees (1 deg ~ 1.7 %) so the three are commensurate.
    """
    margin = look.elevation_deg - limits.min_elevation_deg
    if math.isfinite(limits.max_range_km):
        headroom = np.rad2deg(1.0 - look.range_km / limits.max_range_km)
        margin = np.minimum(margin, headroom)
    width = limits.azimuth_width_deg
    if width < 360.0:
        offset = np.mod(look.azimuth_deg - limits.azimuth_min_deg, 360.0)
        inside = np.minimum(offset, width - offset)
        outside = -np.minimum(offset - width, 360.0 - offset)
        margin = np.minimum(margin, np.where(offset <= width, inside, outside))
    return margin


def predict_passes(
    satrecs: Sequence[Satrec],
    site: Site,
    limits: VisibilityLimits,
    start_jd: float,
    start_fr: float,
    duration_s: float,
    *,
    step_s: float = DEFAULT_STEP_S,
    tolerance_s: float = 0.1,
    chunk: int = DEFAULT_CHUNK,
) -> PassSearch:
    """Passes of every satellite over the window [start, start + duration_s].

    Rise, set and culmination are refined to within tolerance_s; rise and set lie on the
    visible side of their crossing. Passes shorter than tolerance_s are not reported.
    """
    (search,) = predict_passes_for_sites(
        satrecs,
        [(site, limits)],
        start_jd,
        start_fr,
        duration_s,
        step_s=step_s,
        tolerance_s=tolerance_s,
        chunk=chunk,
    )
    return search


def predict_passes_for_sites(
    satrecs: Sequence[Satrec],
    sensors: Sequence[tuple[Site, VisibilityLimits]],
    start_jd: float,
    start_fr: float,
    duration_s: float,
    *,
    step_s: float = DEFAULT_STEP_S,
    tolerance_s: float = 0.1,
    chunk: int = DEFAULT_CHUNK,
) -> list[PassSearch]:
    """``predict_passes`` for several sites, sharing the coarse batch propagation."""
    if duration_s <= 0 or step_s <= 0 or tolerance_s <= 0:
        raise ValueError("duration_s, step_s and tolerance_s must be > 0")
    t = np.unique(np.append(np.arange(0.0, duration_s, step_s), duration_s))
    evaluators = [_Evaluator(satrecs, s, lim, start_jd, start_fr) for s, lim in sensors]
    jd = np.full(t.size, start_jd)
    fr = start_fr + t / SECONDS_PER_DAY
    passes: list[list[Pass]] = [[] for _ in sensors]
    failed = [np.empty(0, dtype=np.int64)]
    for sl, states in propagate_itrf_chunks(satrecs, jd, fr, velocity=False, chunk=chunk):
        for found, evaluate in zip(passes, evaluators, strict=True):
            grid = _Grid(t, look_angles(evaluate.site, states.r_km), sl.start)
            found += _chunk_passes(grid, evaluate, tolerance_s)
        failed.append(sl.start + np.flatnonzero(states.failed))
    failed_sats = np.concatenate(failed)
    for found in passes:
        found.sort(key=lambda p: (p.rise_jd, p.sat_index))
    return [PassSearch(found, failed_sats) for found in passes]


class _Evaluator:
    """Look angles and constraint values of given satellites at given times.

    Times are seconds from the window start; satellites are indices into satrecs.
    """

    def __init__(
        self,
        satrecs: Sequence[Satrec],
        site: Site,
        limits: VisibilityLimits,
        start_jd: float,
        start_fr: float,
    ) -> None:
        self.satrecs, self.site, self.limits = satrecs, site, limits
        self.start_jd, self.start_fr = start_jd, start_fr

    def look(self, sat: np.ndarray, t_s: np.ndarray) -> LookAngles:
        fr = self.start_fr + t_s / SECONDS_PER_DAY
        pairs = zip(sat.tolist(), fr.tolist(), strict=True)
        states = [self.satrecs[i].sgp4(self.start_jd, f) for i, f in pairs]
        r = np.array([s[1] for s in states], dtype=np.float64).reshape(-1, 3)
        r[np.array([s[0] != 0 for s in states], dtype=bool)] = np.nan
        teme_to_itrf_inplace(r, None, self.start_jd, fr)
        return look_angles(self.site, r)

    def constraint(self, kind: np.ndarray, sat: np.ndarray, t_s: np.ndarray) -> np.ndarray:
        values = _constraint_functions(self.look(sat, t_s), self.limits)
        return np.take_along_axis(values, kind[np.newaxis], axis=0)[0]

    def visible(self, sat: np.ndarray, t_s: np.ndarray) -> np.ndarray:
        return visibility_margin_deg(self.look(sat, t_s), self.limits) >= 0

    def jd(self, t_s: np.ndarray) -> np.ndarray:
        return (self.start_jd + self.start_fr) + t_s / SECONDS_PER_DAY


def _constraint_functions(look: LookAngles, limits: VisibilityLimits) -> np.ndarray:
    """(4, ...) smooth functions whose sign changes are the constraint boundaries.

    Rows: elevation - min (deg); max - range (km); horizontal distance (km) from the
    vertical plane through each azimuth edge. Constraints that do not apply are +inf.
    """
    never = np.full(np.shape(look.range_km), np.inf)
    rows = [look.elevation_deg - limits.min_elevation_deg, limits.max_range_km - look.range_km]
    if limits.azimuth_width_deg < 360.0:
        horizontal = look.range_km * np.cos(np.deg2rad(look.elevation_deg))
        for edge in (limits.azimuth_min_deg, limits.azimuth_max_deg):
            rows.append(horizontal * np.sin(np.deg2rad(look.azimuth_deg - edge)))
    else:
        rows += [never, never]
    return np.stack(np.broadcast_arrays(*rows))


@dataclass
class _Grid:
    t: np.ndarray  # (n_t,) seconds from window start
    look: LookAngles  # (n_sat_chunk, n_t)
    first_sat: int  # global index of the chunk's first satellite


@dataclass
class _Brackets:
    """Sign changes, one per entry: constraint row `kind` changes sign in [lo, hi] (s)."""

    kind: np.ndarray
    sat: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    lo_positive: np.ndarray

    @staticmethod
    def concatenate(parts: list["_Brackets"]) -> "_Brackets":
        fields = ("kind", "sat", "lo", "hi", "lo_positive")
        return _Brackets(*(np.concatenate([getattr(p, f) for p in parts]) for f in fields))


def _chunk_passes(grid: _Grid, evaluate: _Evaluator, tolerance_s: float) -> list[Pass]:
    values = _constraint_functions(grid.look, evaluate.limits)
    peaks = _hidden_peak_candidates(values)
    brackets = _Brackets.concatenate(
        [_sign_changes(values, peaks, grid), _near_misses(peaks, grid, evaluate, tolerance_s)]
    )
    lo, hi = _bisect(evaluate, brackets, tolerance_s)
    return _assemble(grid, evaluate, brackets.sat, lo, hi, tolerance_s)


def _hidden_peak_candidates(values: np.ndarray) -> np.ndarray:
    """(2, n_sat, n_t - 2): interior samples where elevation/range margin peaks below zero
    but, if concave over the neighbouring steps, could exceed zero between samples."""
    peaked = values[:_N_PEAKED]
    left, mid, right = peaked[..., :-2], peaked[..., 1:-1], peaked[..., 2:]
    with np.errstate(invalid="ignore"):  # unlimited range is +inf: inf - inf -> NaN -> False
        bound = mid + np.maximum(mid - left, mid - right)
    return (mid >= left) & (mid > right) & (mid < 0) & (bound >= 0)


def _sign_changes(values: np.ndarray, peaks: np.ndarray, grid: _Grid) -> _Brackets:
    positive = values >= 0
    change = positive[..., 1:] != positive[..., :-1]
    # A boundary only matters in a step where the other constraints may hold: at one of its
    # ends, or between them next to a hidden peak (most range crossings, e.g., happen below
    # the horizon and are dropped here).
    may_hold = positive[:_N_PEAKED, :, 1:] | positive[:_N_PEAKED, :, :-1]
    may_hold[..., :-1] |= peaks
    may_hold[..., 1:] |= peaks
    change[_ELEVATION] &= may_hold[_RANGE]
    change[_RANGE] &= may_hold[_ELEVATION]
    change[_N_PEAKED:] &= may_hold[_ELEVATION] & may_hold[_RANGE]
    kind, sat, k = np.nonzero(change)
    return _Brackets(kind, grid.first_sat + sat, grid.t[k], grid.t[k + 1], positive[kind, sat, k])


def _near_misses(
    peaks: np.ndarray,
    grid: _Grid,
    evaluate: _Evaluator,
    tolerance_s: float,
) -> _Brackets:
    """Maximise each hidden-peak candidate; those reaching zero give two crossings."""
    kind, sat, k = np.nonzero(peaks)
    sat = grid.first_sat + sat
    lo, hi = grid.t[k], grid.t[k + 2]

    def margin(s: np.ndarray, t: np.ndarray) -> np.ndarray:
        return evaluate.constraint(kind, s, t)

    t_peak, peak = _golden_max(margin, sat, lo, hi, tolerance_s)
    up = peak >= 0
    k2, s2, t2 = np.r_[kind[up], kind[up]], np.r_[sat[up], sat[up]], t_peak[up]
    # Up on [lo, peak], down on [peak, hi].
    below = np.zeros(t2.size, dtype=bool)
    return _Brackets(k2, s2, np.r_[lo[up], t2], np.r_[t2, hi[up]], np.r_[below, ~below])


def _bisect(
    evaluate: _Evaluator,
    b: _Brackets,
    tolerance_s: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Shrink every bracket around its sign change to at most tolerance_s."""
    lo, hi = b.lo.copy(), b.hi.copy()
    for _ in range(_iterations(hi - lo, tolerance_s, 0.5)):
        mid = 0.5 * (lo + hi)
        like_lo = (evaluate.constraint(b.kind, b.sat, mid) >= 0) == b.lo_positive
        lo = np.where(like_lo, mid, lo)
        hi = np.where(like_lo, hi, mid)
    return lo, hi


def _assemble(
    grid: _Grid,
    evaluate: _Evaluator,
    sat: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    tolerance_s: float,
) -> list[Pass]:
    """Cut each satellite's window at its crossings; visible runs of pieces are passes."""
    n_sat = grid.look.range_km.shape[0]
    sats = grid.first_sat + np.arange(n_sat)
    end = grid.t[-1]
    # Window start and end act as zero-width crossings, flagged to mark clipped passes.
    sat = np.r_[sats, sat, sats]
    lo = np.r_[np.zeros(n_sat), lo, np.full(n_sat, end)]
    hi = np.r_[np.zeros(n_sat), hi, np.full(n_sat, end)]
    boundary = np.r_[np.full(n_sat, -1), np.zeros(sat.size - 2 * n_sat, int), np.ones(n_sat, int)]
    order = np.lexsort((boundary, hi, lo, sat))
    sat, lo, hi, boundary = sat[order], lo[order], hi[order], boundary[order]
    # Piece j runs from crossing j to crossing j + 1 of the same satellite.
    same = sat[1:] == sat[:-1]
    begin, piece_sat = hi[:-1][same], sat[:-1][same]
    # Crossings closer than tolerance_s can overlap; keep pieces from running backwards.
    finish = np.maximum(lo[1:][same], begin)
    visible = evaluate.visible(piece_sat, 0.5 * (begin + finish))
    first_of_run = visible & ~np.r_[False, visible[:-1] & (piece_sat[1:] == piece_sat[:-1])]
    last_of_run = visible & ~np.r_[visible[1:] & (piece_sat[1:] == piece_sat[:-1]), False]
    starts, stops = np.flatnonzero(first_of_run), np.flatnonzero(last_of_run)
    rise, set_, run_sat = begin[starts], finish[stops], piece_sat[starts]
    rise_clipped = boundary[:-1][same][starts] == -1
    set_clipped = boundary[1:][same][stops] == 1
    # Below tolerance_s a pass's times are not resolved; such glints are not reported.
    k = set_ - rise >= tolerance_s
    clipped = rise_clipped[k], set_clipped[k]
    return _passes(grid, evaluate, run_sat[k], rise[k], set_[k], *clipped, tolerance_s)


def _passes(
    grid: _Grid,
    evaluate: _Evaluator,
    sat: np.ndarray,
    rise: np.ndarray,
    set_: np.ndarray,
    rise_clipped: np.ndarray,
    set_clipped: np.ndarray,
    tolerance_s: float,
) -> list[Pass]:
    lo, hi = _peak_brackets(grid, sat, rise, set_)

    def elevation(s: np.ndarray, t: np.ndarray) -> np.ndarray:
        return evaluate.look(s, t).elevation_deg

    culmination, max_el = _golden_max(elevation, sat, lo, hi, tolerance_s)
    rise_az = evaluate.look(sat, rise).azimuth_deg
    set_az = evaluate.look(sat, set_).azimuth_deg
    rise_jd, culmination_jd, set_jd = (evaluate.jd(x) for x in (rise, culmination, set_))
    return [
        Pass(
            sat_index=int(sat[i]),
            rise_jd=float(rise_jd[i]),
            culmination_jd=float(culmination_jd[i]),
            set_jd=float(set_jd[i]),
            max_elevation_deg=float(max_el[i]),
            rise_azimuth_deg=float(rise_az[i]),
            set_azimuth_deg=float(set_az[i]),
            rise_clipped=bool(rise_clipped[i]),
            set_clipped=bool(set_clipped[i]),
        )
        for i in range(sat.size)
    ]


def _peak_brackets(
    grid: _Grid, sat: np.ndarray, rise: np.ndarray, set_: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Around the highest grid sample inside each pass, one step either side, within it.

    Elevation need not be unimodal over a long pass (GEO over a day), so the search starts
    from the grid's best sample; a pass with no sample inside is searched whole.
    """
    t, el = grid.t, grid.look.elevation_deg
    first = np.searchsorted(t, rise, side="left")
    last = np.searchsorted(t, set_, side="right") - 1
    lo, hi = rise.copy(), set_.copy()
    for i in np.flatnonzero(first <= last):
        k = first[i] + np.argmax(el[sat[i] - grid.first_sat, first[i] : last[i] + 1])
        lo[i] = max(rise[i], t[max(k - 1, 0)])
        hi[i] = min(set_[i], t[min(k + 1, t.size - 1)])
    return lo, hi


_Fn = Callable[[np.ndarray, np.ndarray], np.ndarray]


def _golden_max(
    f: _Fn, sat: np.ndarray, lo: np.ndarray, hi: np.ndarray, tolerance_s: float
) -> tuple[np.ndarray, np.ndarray]:
    """Golden-section search for the maximum of f on each [lo, hi]; returns (t, f(t))."""
    lo, hi = lo.copy(), hi.copy()
    c = hi - _GOLDEN * (hi - lo)
    d = lo + _GOLDEN * (hi - lo)
    fc, fd = f(sat, c), f(sat, d)
    for _ in range(_iterations(hi - lo, tolerance_s, _GOLDEN)):
        left = fc >= fd  # the maximum lies in [lo, d]
        lo = np.where(left, lo, c)
        hi = np.where(left, d, hi)
        c, d = (
            np.where(left, hi - _GOLDEN * (hi - lo), d),
            np.where(left, c, lo + _GOLDEN * (hi - lo)),
        )
        x = np.where(left, c, d)
        fx = f(sat, x)
        fc, fd = np.where(left, fx, fd), np.where(left, fc, fx)
    best_c = fc >= fd
    return np.where(best_c, c, d), np.where(best_c, fc, fd)


def _iterations(width: np.ndarray, tolerance_s: float, shrink: float) -> int:
    widest = float(width.max(initial=0.0))
    if widest <= tolerance_s:
        return 0
    return math.ceil(math.log(tolerance_s / widest) / math.log(shrink))
