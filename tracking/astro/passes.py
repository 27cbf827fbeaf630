"""Pass prediction for one sensor site over many satellites.

Visibility = elevation >= min AND range <= max AND azimuth inside the clockwise window.
All satellites are first propagated in batch on a coarse grid (default 60 s); each visible
run of samples is a pass whose rise and set are then bisected, and whose culmination is
golden-section searched, with single-time ``Satrec.sgp4`` calls (vectorized across passes).

Coarse step: a visible interval shorter than the step can fall between samples, e.g. a
grazing pass peaking a few hundredths of a degree above the mask. On the grid it shows as
a local maximum of the visibility margin below zero. If the margin is concave over the two
steps around that sample, its true peak exceeds the sampled one by at most the larger
one-sided drop to the neighbours, so every sampled peak within that bound of zero is
re-examined by a local maximisation. The 60 s default rests on measurement as well: against
1 s brute force for all 16 SSN sites over 24 h, with 4 draws of 200 random catalog objects
plus the 200 lowest orbits (200-300 km), it missed none of ~58,000 passes (120 s missed
none of one 11,842-pass draw either) and found a few sub-second grazes the 1 s sampling
missed. 60 s is the benchmark's grid too, and costs half the batch propagation of 30 s.

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
    degrees (1 deg ~ 1.7 %) so the three are commensurate. Only the sign is used.
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

    Rise, set and culmination times are refined to within tolerance_s; rise and set are the
    visible side of the crossing.
    """
    if duration_s <= 0 or step_s <= 0 or tolerance_s <= 0:
        raise ValueError("duration_s, step_s and tolerance_s must be > 0")
    if len(satrecs) == 0:
        return PassSearch([], np.empty(0, dtype=np.int64))
    t = np.unique(np.append(np.arange(0.0, duration_s, step_s), duration_s))
    jd = np.full(t.size, start_jd)
    fr = start_fr + t / SECONDS_PER_DAY
    found, failed = [], []
    for sl, states in propagate_itrf_chunks(satrecs, jd, fr, velocity=False, chunk=chunk):
        look = look_angles(site, states.r_km)
        margin = visibility_margin_deg(look, limits)
        found.append(_coarse_passes(margin, look.elevation_deg, t, sl.start))
        failed.append(sl.start + np.flatnonzero(states.failed))
    evaluate = _Evaluator(satrecs, site, limits, start_jd, start_fr)
    candidates = _Candidates.concatenate(found)
    return PassSearch(_refine(candidates, evaluate, tolerance_s), np.concatenate(failed))


@dataclass
class _Candidates:
    """Passes found on the grid, as brackets in seconds from the window start."""

    sat: np.ndarray
    rise: np.ndarray  # (n, 2): [not visible, visible], equal if clipped
    set: np.ndarray  # (n, 2): [visible, not visible], equal if clipped
    peak: np.ndarray  # (n, 2): bracket of the maximum elevation

    @staticmethod
    def concatenate(parts: list["_Candidates"]) -> "_Candidates":
        return _Candidates(
            *(
                np.concatenate([getattr(p, f) for p in parts])
                for f in ("sat", "rise", "set", "peak")
            )
        )


def _coarse_passes(
    margin: np.ndarray, elevation: np.ndarray, t: np.ndarray, first_sat: int
) -> _Candidates:
    """Runs of visible samples, plus near misses confirmed later (flagged by NaN peak)."""
    visible = margin >= 0
    edges = np.diff(np.pad(visible, ((0, 0), (1, 1))).astype(np.int8), axis=1)
    sat, first = np.nonzero(edges == 1)
    _, after_last = np.nonzero(edges == -1)
    last = after_last - 1
    peak_k = np.array(
        [a + np.argmax(elevation[i, a : b + 1]) for i, a, b in zip(sat, first, last, strict=True)],
        dtype=int,
    )
    step = np.diff(t, prepend=t[0], append=t[-1])
    rise = np.stack([t[np.maximum(first - 1, 0)], t[first]], axis=1)
    set_ = np.stack([t[last], t[np.minimum(last + 1, t.size - 1)]], axis=1)
    peak = np.stack([t[peak_k] - step[peak_k], t[peak_k] + step[peak_k + 1]], axis=1)
    runs = _Candidates(first_sat + sat, rise, set_, peak)
    return _Candidates.concatenate([runs, _near_misses(margin, t, first_sat)])


def _near_misses(margin: np.ndarray, t: np.ndarray, first_sat: int) -> _Candidates:
    """Grid peaks of the margin below zero that a concave margin could lift above zero."""
    left, mid, right = margin[:, :-2], margin[:, 1:-1], margin[:, 2:]
    bound = mid + np.maximum(mid - left, mid - right)
    peak = (mid >= left) & (mid > right) & (mid < 0) & (bound >= 0)
    sat, k = np.nonzero(peak)
    bracket = np.stack([t[k], t[k + 2]], axis=1)
    nan = np.full_like(bracket, np.nan)
    return _Candidates(first_sat + sat, bracket, nan, nan)


class _Evaluator:
    """Margin and look angles of given satellites at given times (s from window start)."""

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

    def __call__(self, sat: np.ndarray, t_s: np.ndarray) -> tuple[np.ndarray, LookAngles]:
        fr = self.start_fr + t_s / SECONDS_PER_DAY
        states = [
            self.satrecs[i].sgp4(self.start_jd, f)
            for i, f in zip(sat.tolist(), fr.tolist(), strict=True)
        ]
        r = np.array([s[1] for s in states], dtype=np.float64).reshape(-1, 3)
        r[np.array([s[0] != 0 for s in states], dtype=bool)] = np.nan
        teme_to_itrf_inplace(r, None, self.start_jd, fr)
        look = look_angles(self.site, r)
        return visibility_margin_deg(look, self.limits), look


def _refine(c: _Candidates, evaluate: _Evaluator, tolerance_s: float) -> list[Pass]:
    c = _confirm_near_misses(c, evaluate, tolerance_s)

    def margin(sat: np.ndarray, t: np.ndarray) -> np.ndarray:
        return evaluate(sat, t)[0]

    def elevation(sat: np.ndarray, t: np.ndarray) -> np.ndarray:
        return evaluate(sat, t)[1].elevation_deg

    rise = _bisect_visible_edge(margin, c.sat, c.rise[:, 0], c.rise[:, 1], tolerance_s)
    set_ = _bisect_visible_edge(margin, c.sat, c.set[:, 1], c.set[:, 0], tolerance_s)
    lo = np.clip(c.peak[:, 0], rise, set_)
    hi = np.clip(c.peak[:, 1], rise, set_)
    culmination, max_el = _golden_max(elevation, c.sat, lo, hi, tolerance_s)
    rise_az = evaluate(c.sat, rise)[1].azimuth_deg
    set_az = evaluate(c.sat, set_)[1].azimuth_deg
    start = evaluate.start_jd + evaluate.start_fr
    passes = [
        Pass(
            sat_index=int(c.sat[i]),
            rise_jd=start + rise[i] / SECONDS_PER_DAY,
            culmination_jd=start + culmination[i] / SECONDS_PER_DAY,
            set_jd=start + set_[i] / SECONDS_PER_DAY,
            max_elevation_deg=float(max_el[i]),
            rise_azimuth_deg=float(rise_az[i]),
            set_azimuth_deg=float(set_az[i]),
            rise_clipped=bool(c.rise[i, 0] == c.rise[i, 1]),
            set_clipped=bool(c.set[i, 0] == c.set[i, 1]),
        )
        for i in range(c.sat.size)
    ]
    return sorted(passes, key=lambda p: (p.rise_jd, p.sat_index))


def _confirm_near_misses(c: _Candidates, evaluate: _Evaluator, tolerance_s: float) -> _Candidates:
    """Keep near misses whose true margin peak is >= 0, with brackets around that peak."""
    near = np.isnan(c.peak[:, 0])
    lo, hi = c.rise[near, 0], c.rise[near, 1]
    t_peak, peak_margin = _golden_max(
        lambda s, t: evaluate(s, t)[0], c.sat[near], lo, hi, tolerance_s
    )
    ok = peak_margin >= 0
    lo, hi, t_peak = lo[ok], hi[ok], t_peak[ok]
    confirmed = _Candidates(
        c.sat[near][ok],
        np.stack([lo, t_peak], axis=1),
        np.stack([t_peak, hi], axis=1),
        np.stack([lo, hi], axis=1),
    )
    runs = _Candidates(c.sat[~near], c.rise[~near], c.set[~near], c.peak[~near])
    return _Candidates.concatenate([runs, confirmed])


_Fn = Callable[[np.ndarray, np.ndarray], np.ndarray]


def _bisect_visible_edge(
    margin: _Fn, sat: np.ndarray, hidden: np.ndarray, visible: np.ndarray, tolerance_s: float
) -> np.ndarray:
    """Bisect each [hidden, visible] bracket (either order) down to tolerance_s.

    Returns the visible end, so reported rise/set times are themselves visible.
    """
    hidden, visible = hidden.copy(), visible.copy()
    for _ in range(_iterations(np.abs(visible - hidden), tolerance_s, 0.5)):
        mid = 0.5 * (hidden + visible)
        seen = margin(sat, mid) >= 0
        visible = np.where(seen, mid, visible)
        hidden = np.where(seen, hidden, mid)
    return visible


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
