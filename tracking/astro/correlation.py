"""Correlating sensor tracks to the catalog: cull, predict, gate, assign.

1. Cull. The whole catalog is propagated once on a coarse grid across the batch (300 s) and
   interpolated (cubic Hermite with the velocities, ~0.2 km in LEO) to each track's middle time.
   Only objects whose line of sight from the sensor lies within a few sigma of the observed one
   (and, for radar, whose range does) are looked at closely.
2. Predict and gate. Each remaining object is propagated exactly at the track's times, its
   measurements predicted with their Jacobian. The residuals r are tested with a chi-square gate on
   S = H P Hᵀ + R: R the sensor's noise, P the set's own position error (``element_error``, by
   regime and age) as one offset common to the whole short arc. Along-track error is mostly a
   timing error, the same at every point of a track of seconds, so it is a full covariance over
   the track, not independent noise per point.
3. Assign. Tracks of one sensor that overlap in time are different objects: within each group of
   such tracks competing for objects, a global nearest neighbour (``linear_sum_assignment`` on the
   negative log likelihood, with a UCT option per track) decides, so two tracks never silently take
   one object. Tracks apart in time (later passes, other sensors) may share an object.
4. Decide. Correlated when one object passes and no other comes close in likelihood; ambiguous
   when a second is statistically indistinguishable (or the object went to a better track); UCT
   when none passes. A UCT whose observed position lies in a catalog object's orbital plane and
   shell but far along track is flagged as a candidate manoeuvre of that object.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.stats import chi2 as chi2_dist
from sgp4.api import Satrec, SatrecArray

from tracking.astro import element_error
from tracking.astro.measurements import (
    AZEL,
    Geometry,
    angle_difference_deg,
    azel_unit_teme,
    predict,
    radec_unit_teme,
)

SECONDS_PER_DAY = 86400.0
GRID_STEP_S = 300.0
CORRELATED, AMBIGUOUS, UCT = "correlated", "ambiguous", "uct"


@dataclass(frozen=True)
class GateConfig:
    gate_probability: float = 0.9999  # a true object fails the gate this rarely (by the model)
    ambiguity_nll: float = 6.0  # a rival within this of the best -2 ln L is indistinguishable
    cull_sigmas: float = 6.0
    cull_margin_km: float = 3.0  # interpolation and model slack in the cull
    overlap_margin_s: float = 60.0


@dataclass(frozen=True)
class TrackData:
    """One track: its sensor's geometry, the measured values and their standard deviations (n, m)."""

    key: object
    sensor: str
    geometry: Geometry
    values: np.ndarray
    sigmas: np.ndarray

    @property
    def span_jd(self) -> tuple[float, float]:
        return float(self.geometry.jd.min()), float(self.geometry.jd.max())


class Catalog:
    """The objects to correlate against: their SGP4 records and what the error model needs."""

    def __init__(self, satrecs: Sequence[Satrec], norad_ids: Sequence[int]):
        self.satrecs = list(satrecs)
        self.norad_ids = np.asarray(norad_ids, dtype=np.int64)
        self.epoch_jd = np.array([s.jdsatepoch + s.jdsatepochF for s in self.satrecs])
        rev_per_day = np.array([s.no_kozai for s in self.satrecs]) * 1440.0 / (2 * np.pi)
        self.regime = element_error.regime_of(rev_per_day, np.array([s.ecco for s in self.satrecs]))
        self._along_track = element_error.along_track_coefficients(self.regime)

    def along_track_sigma_km(self, jd: float) -> np.ndarray:
        """Every object's along-track sigma at jd: the largest of its three, what the cull needs."""
        age = np.abs(jd - self.epoch_jd)
        c = self._along_track
        return c[:, 0] + (c[:, 1] + c[:, 2] * age) * age

    def __len__(self) -> int:
        return len(self.satrecs)


@dataclass
class Candidate:
    index: int
    chi2: float
    dof: int
    nll: float  # chi2 + ln det S: comparable across objects with different covariances
    gated: bool
    predicted: np.ndarray = field(repr=False, default=None)
    sigma: np.ndarray = field(repr=False, default=None)  # per point: noise and the set's error

    @property
    def score(self) -> float:
        return self.chi2 / self.dof


@dataclass
class Residuals:
    quantities: list[str]
    jd: np.ndarray
    observed: np.ndarray
    predicted: np.ndarray
    sigma: np.ndarray  # total: sensor noise and the set's error, per point

    @property
    def residual(self) -> np.ndarray:
        diff = self.observed - self.predicted
        diff[:, 0] = angle_difference_deg(self.observed[:, 0], self.predicted[:, 0])
        return diff


@dataclass
class Outcome:
    result: str
    index: int | None  # the catalog object (correlated; the best candidate when ambiguous)
    candidates: list[Candidate] = field(default_factory=list)  # best first
    residuals: Residuals | None = None  # against `index`
    maneuver_index: int | None = None  # a UCT in this object's plane, far along track
    regime: str = ""


def correlate(
    tracks: Sequence[TrackData], catalog: Catalog, config: GateConfig = GateConfig()
) -> list[Outcome]:
    """Every track's outcome, in the order given."""
    if not tracks:
        return []
    grid = _Grid(catalog, tracks)
    evaluated = [_evaluate(t, catalog, grid, config) for t in tracks]
    chosen = _assign(tracks, evaluated)
    return [
        _decide(t, ev, choice, catalog, grid, config)
        for t, ev, choice in zip(tracks, evaluated, chosen, strict=True)
    ]


class _Grid:
    """The catalog on a coarse time grid over the batch; Hermite interpolation to any time inside."""

    def __init__(self, catalog: Catalog, tracks: Sequence[TrackData]):
        first = min(t.span_jd[0] for t in tracks) - 60.0 / SECONDS_PER_DAY
        last = max(t.span_jd[1] for t in tracks) + 60.0 / SECONDS_PER_DAY
        steps = max(1, int(np.ceil((last - first) * SECONDS_PER_DAY / GRID_STEP_S)))
        self.jd0 = first
        self.times = first + np.arange(steps + 1) * GRID_STEP_S / SECONDS_PER_DAY
        whole = np.floor(self.times)
        e, r, v = SatrecArray(catalog.satrecs).sgp4(whole, self.times - whole)
        r[e != 0] = np.nan
        v[e != 0] = np.nan
        # Time-major, so that one grid time is one contiguous block.
        self.r = np.ascontiguousarray(r.transpose(1, 0, 2))
        self.v = np.ascontiguousarray(v.transpose(1, 0, 2))

    def at(self, jd: float) -> tuple[np.ndarray, np.ndarray]:
        k = int(np.clip((jd - self.jd0) * SECONDS_PER_DAY // GRID_STEP_S, 0, len(self.times) - 2))
        h = GRID_STEP_S
        s = (jd - self.times[k]) * SECONDS_PER_DAY / h
        r0, v0, r1, v1 = self.r[k], self.v[k], self.r[k + 1], self.v[k + 1]
        s2, s3 = s * s, s * s * s
        r = (
            (2 * s3 - 3 * s2 + 1) * r0
            + (s3 - 2 * s2 + s) * h * v0
            + (3 * s2 - 2 * s3) * r1
            + (s3 - s2) * h * v1
        )
        v = (
            (6 * s2 - 6 * s) * r0
            + (3 * s2 - 4 * s + 1) * h * v0
            + (6 * s - 6 * s2) * r1
            + (3 * s2 - 2 * s) * h * v1
        ) / h
        return r, v


def observed_units_teme(track: TrackData) -> np.ndarray:
    """Unit lines of sight (n, 3) in TEME from the track's measured angles."""
    g = track.geometry
    if g.angles == AZEL:
        return azel_unit_teme(g.site, track.values[:, 0], track.values[:, 1], g.jd)
    return radec_unit_teme(track.values[:, 0], track.values[:, 1], g.j2000_from_teme)


def _mid(track: TrackData) -> int:
    return len(track.geometry.jd) // 2


def cull(track: TrackData, catalog: Catalog, grid: _Grid, config: GateConfig) -> np.ndarray:
    """Indices of the objects that could have made this track, from the interpolated catalog."""
    g, i = track.geometry, _mid(track)
    r, _ = grid.at(g.jd[i])
    u = observed_units_teme(track)[i]
    los = r - g.site_states[0][i]
    range_km = np.sqrt(np.einsum("ij,ij->i", los, los))
    sigma = catalog.along_track_sigma_km(g.jd[i])
    tolerance_km = config.cull_sigmas * sigma + config.cull_margin_km
    angle_noise = np.deg2rad(config.cull_sigmas * track.sigmas[i, :2].max())
    with np.errstate(invalid="ignore"):
        cos_sep = np.clip((los @ u) / range_km, -1.0, 1.0)
        near = np.arccos(cos_sep) * range_km <= tolerance_km + angle_noise * range_km
        if g.has_range:
            near &= (
                np.abs(range_km - track.values[i, 2])
                <= tolerance_km + config.cull_sigmas * track.sigmas[i, 2]
            )
    return np.flatnonzero(near)


def _evaluate(track: TrackData, catalog: Catalog, grid: _Grid, config: GateConfig) -> list[Candidate]:
    """Gate statistics of every culled object, best (lowest -2 ln L) first."""
    candidates = []
    for index in cull(track, catalog, grid, config):
        fit = residuals_against(track, catalog, int(index))
        if fit is None:
            continue
        residual, s, predicted = fit
        chi2, dof, nll = _statistics(residual, s)
        gated = chi2 <= _gate(config.gate_probability, dof)
        sigma = np.sqrt(np.diag(s)).reshape(predicted.shape)
        candidates.append(Candidate(int(index), chi2, dof, nll, bool(gated), predicted, sigma))
    return sorted(candidates, key=lambda c: c.nll)


@lru_cache(maxsize=256)
def _gate(probability: float, dof: int) -> float:
    return float(chi2_dist.ppf(probability, dof))


def residuals_against(track: TrackData, catalog: Catalog, index: int):
    """(residuals (n·m,), their covariance S) of the track against one object, or None if SGP4 fails."""
    g = track.geometry
    whole = np.floor(g.jd)
    e, r, v = catalog.satrecs[index].sgp4_array(whole, g.jd - whole)
    if np.any(e != 0):
        return None
    predicted, partials = predict(g, r, v)
    residual = track.values - predicted
    residual[:, 0] = angle_difference_deg(track.values[:, 0], predicted[:, 0])
    # The set's error is one offset in its own radial/along/cross frame, which turns with the
    # orbit over the arc: a constant inertial offset would misplace a 25 km timing error by a km.
    sigma = element_error.rtn_sigma_km(catalog.regime[index], g.jd[_mid(track)] - catalog.epoch_jd[index])
    in_rtn = np.einsum("nmk,nkl->nml", partials, element_error.rtn_basis(r, v)).reshape(-1, 3)
    s = (in_rtn * sigma**2) @ in_rtn.T + np.diag(track.sigmas.reshape(-1) ** 2)
    if g.has_range_rate:
        s += _range_rate_variance(catalog, index, sigma, track.values.shape)
    return residual.reshape(-1), s, predicted


def _range_rate_variance(catalog: Catalog, index: int, sigma: np.ndarray, shape) -> np.ndarray:
    # A position error of sigma on an orbit of mean motion n comes with a velocity error of about
    # n * sigma, common to the whole arc like the position error.
    n_rad_s = catalog.satrecs[index].no_kozai / 60.0
    sigma_v = n_rad_s * float(np.sqrt(sigma @ sigma))
    mask = np.zeros(shape)
    mask[:, -1] = 1.0
    mask = mask.reshape(-1)
    return np.outer(mask, mask) * sigma_v**2


def _statistics(residual: np.ndarray, s: np.ndarray) -> tuple[float, int, float]:
    factor = np.linalg.cholesky(s)
    white = np.linalg.solve(factor, residual)
    chi2 = float(white @ white)
    return chi2, residual.size, chi2 + 2.0 * float(np.log(np.diag(factor)).sum())


def _assign(tracks: Sequence[TrackData], evaluated: list[list[Candidate]]) -> list[int | None]:
    """The object each track takes (None: none), competing tracks resolved by global nearest neighbour."""
    groups = _competing_groups(tracks, evaluated)
    chosen: list[int | None] = [None] * len(tracks)
    for members in groups:
        if len(members) == 1:
            gated = [c for c in evaluated[members[0]] if c.gated]
            chosen[members[0]] = gated[0].index if gated else None
            continue
        objects = sorted({c.index for m in members for c in evaluated[m] if c.gated})
        column = {obj: j for j, obj in enumerate(objects)}
        big = 1e12
        cost = np.full((len(members), len(objects) + len(members)), big)
        for row, m in enumerate(members):
            gated = [c for c in evaluated[m] if c.gated]
            for c in gated:
                cost[row, column[c.index]] = c.nll
            # Taking no object costs the gate's edge: worse than any gated pairing of this track.
            cost[row, len(objects) + row] = max((c.nll for c in gated), default=0.0) + 1.0
        rows, cols = linear_sum_assignment(cost)
        for row, col in zip(rows, cols, strict=True):
            if col < len(objects):
                chosen[members[row]] = objects[col]
    return chosen


def _competing_groups(tracks: Sequence[TrackData], evaluated: list[list[Candidate]]) -> list[list[int]]:
    """Tracks of one sensor overlapping in time that share a gated object, joined transitively."""
    parent = list(range(len(tracks)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    margin = GateConfig.overlap_margin_s / SECONDS_PER_DAY
    claims: dict[int, list[int]] = {}
    for i, candidates in enumerate(evaluated):
        for c in candidates:
            if c.gated:
                claims.setdefault(c.index, []).append(i)
    for claimants in claims.values():
        for a_pos, a in enumerate(claimants):
            for b in claimants[a_pos + 1 :]:
                if tracks[a].sensor == tracks[b].sensor and _overlap(tracks[a], tracks[b], margin):
                    parent[root(a)] = root(b)
    groups: dict[int, list[int]] = {}
    for i in range(len(tracks)):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


def _overlap(a: TrackData, b: TrackData, margin: float) -> bool:
    (a0, a1), (b0, b1) = a.span_jd, b.span_jd
    return a0 - margin <= b1 and b0 - margin <= a1


def _decide(track, candidates, chosen, catalog, grid, config) -> Outcome:
    gated = [c for c in candidates if c.gated]
    if not gated:
        outcome = Outcome(UCT, None, candidates[:5], maneuver_index=maneuver_candidate(track, catalog, grid))
        outcome.regime = _regime_from_track(track)
        return outcome
    if chosen is None:
        # The object went to a better track of the same sensor: show it, never drop or double it.
        best = gated[0]
        result = AMBIGUOUS
    else:
        best = next(c for c in gated if c.index == chosen)
        rivals = [c for c in gated if c.index != chosen and c.nll - best.nll < config.ambiguity_nll]
        result = AMBIGUOUS if rivals else CORRELATED
    ranked = [best] + [c for c in candidates if c is not best]
    return Outcome(
        result,
        best.index,
        ranked[:5],
        residuals=Residuals(
            track.geometry.quantities, track.geometry.jd, track.values, best.predicted, best.sigma
        ),
        regime=element_error.REGIME_NAMES[catalog.regime[best.index]],
    )


def maneuver_candidate(track: TrackData, catalog: Catalog, grid: _Grid) -> int | None:
    """A catalog object whose orbital plane and shell the track lies in, though far along track.

    That is what a manoeuvre looks like from the ground: the burn changed the object's timing
    (and a little its shell), not its plane. The object nearest along track is named.
    """
    g = track.geometry
    first, last = 0, len(g.jd) - 1
    points = []
    for i in (first, last):
        r, v = grid.at(g.jd[i])
        site = g.site_states[0][i : i + 1]
        u = observed_units_teme(track)[i]
        normal = np.cross(r, v)
        normal /= np.linalg.norm(normal, axis=1, keepdims=True)
        if g.has_range:
            p = np.broadcast_to(site[0] + track.values[i, 2] * u, r.shape)
        else:
            with np.errstate(divide="ignore", invalid="ignore"):
                rho = -(normal @ site[0]) / (normal @ u)
            rho = np.where(np.abs(normal @ u) > 0.05, rho, np.nan)
            p = site[0] + rho[:, None] * u
        points.append((p, r, v, normal))
    (p0, r0, v0, normal), (p1, _, _, _) = points
    age = g.jd[first] - catalog.epoch_jd
    sigma = element_error.rtn_sigma_km(catalog.regime, age)
    with np.errstate(invalid="ignore"):
        out_of_plane = np.abs(np.einsum("ij,ij->i", p0, normal))
        shell = np.abs(np.linalg.norm(p0, axis=1) - np.linalg.norm(r0, axis=1))
        motion = p1 - p0
        heading = np.einsum("ij,ij->i", motion, v0) / (
            np.linalg.norm(motion, axis=1) * np.linalg.norm(v0, axis=1) + 1e-12
        )
        along = np.linalg.norm(p0 - r0, axis=1)
        in_plane = (out_of_plane < 3 * sigma[:, 2] + 10.0) & (shell < 3 * sigma[:, 0] + 25.0)
        fits = in_plane & (heading > 0.9) & (along > 10 * sigma[:, 1]) & (along < 300.0 * (1.0 + np.abs(age)))
        fits &= np.array([s.ecco < 0.05 for s in catalog.satrecs])
    found = np.flatnonzero(fits)
    return int(found[np.argmin(along[found])]) if found.size else None


def _regime_from_track(track: TrackData) -> str:
    if not track.geometry.has_range:
        return ""
    g, i = track.geometry, _mid(track)
    site = g.site_states[0][i : i + 1]
    radius = np.linalg.norm(site[0] + track.values[i, 2] * observed_units_teme(track)[i])
    if radius < 6378.0 + 2000.0:
        return "LEO"
    return "GEO" if abs(radius - 42164.0) < 1000.0 else "MEO"


def fixed_gate(
    tracks: Sequence[TrackData],
    catalog: Catalog,
    position_deg: float = 2.0,
    track_angle_deg: float = 20.0,
) -> list[int | None]:
    """The amateur tools' gate, as a baseline: the nearest object within 2° whose track on the sky
    heads within 20° of the observed one; no error model, no assignment. None: UCT."""
    if not tracks:
        return []
    grid = _Grid(catalog, tracks)
    return [_fixed_gate_one(t, catalog, grid, position_deg, track_angle_deg) for t in tracks]


def _fixed_gate_one(track, catalog, grid, position_deg, track_angle_deg) -> int | None:
    g = track.geometry
    observed = observed_units_teme(track)
    i = _mid(track)
    best, best_error = None, np.inf
    r_mid, _ = grid.at(g.jd[i])
    los = r_mid - g.site_states[0][i]
    with np.errstate(invalid="ignore"):
        sep = np.degrees(np.arccos(np.clip(los @ observed[i] / np.linalg.norm(los, axis=1), -1, 1)))
    for index in np.flatnonzero(sep < position_deg + 0.5):
        whole = np.floor(g.jd)
        e, r, _ = catalog.satrecs[int(index)].sgp4_array(whole, g.jd - whole)
        if np.any(e != 0):
            continue
        predicted = r - g.site_states[0]
        predicted /= np.linalg.norm(predicted, axis=1, keepdims=True)
        error = np.degrees(np.arccos(np.clip(predicted[i] @ observed[i], -1, 1)))
        if error >= position_deg or error >= best_error:
            continue
        if len(g.jd) > 1 and _heading_error_deg(observed, predicted) >= track_angle_deg:
            continue
        best, best_error = int(index), error
    return best


def _heading_error_deg(observed: np.ndarray, predicted: np.ndarray) -> float:
    a = observed[-1] - observed[0]
    b = predicted[-1] - predicted[0]
    cos = a @ b / (np.linalg.norm(a) * np.linalg.norm(b) + 1e-15)
    return float(np.degrees(np.arccos(np.clip(cos, -1.0, 1.0))))
