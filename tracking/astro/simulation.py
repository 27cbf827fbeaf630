"""Simulated tracks of catalog objects, for the benchmark, the tests and the demo.

A "true" orbit is a catalog set displaced along track (a timing error, as real sets have); the
sensor measures it with Gaussian noise of the given standard deviations.
"""

from dataclasses import dataclass

import numpy as np
from sgp4.api import Satrec

from tracking.astro.measurements import AZEL, RADEC, Geometry, predict, teme_to_j2000_matrix
from tracking.astro.topocentric import Site

SECONDS_PER_DAY = 86400.0
RADAR_ANGLE_SIGMA_DEG = 0.02
RADAR_RANGE_SIGMA_KM = 0.05
OPTICAL_ANGLE_SIGMA_DEG = 2.0 / 3600.0


@dataclass(frozen=True)
class SimulatedTrack:
    geometry: Geometry
    values: np.ndarray  # (n, m) measured
    sigmas: np.ndarray  # (n, m) the noise it was drawn with


def track_geometry(site: Site, jd: np.ndarray, *, radar: bool) -> Geometry:
    jd = np.asarray(jd, dtype=np.float64)
    return Geometry(
        site=site,
        jd=jd,
        angles=AZEL if radar else RADEC,
        has_range=radar,
        has_range_rate=False,
        j2000_from_teme=teme_to_j2000_matrix(float(jd[len(jd) // 2])),
    )


def simulate_track(
    satrec: Satrec,
    geometry: Geometry,
    rng: np.random.Generator,
    *,
    along_track_km: float = 0.0,
    angle_sigma_deg: float,
    range_sigma_km: float | None = None,
) -> SimulatedTrack:
    """What the sensor measures of the object whose true orbit is ``satrec`` shifted along track."""
    _, r, v = satrec.sgp4_array(np.floor(geometry.jd), geometry.jd - np.floor(geometry.jd))
    speed = np.linalg.norm(v[len(v) // 2])
    shift_days = along_track_km / speed / SECONDS_PER_DAY
    jd = geometry.jd + shift_days
    _, r, v = satrec.sgp4_array(np.floor(jd), jd - np.floor(jd))
    truth, _ = predict(geometry, r, v)
    sigmas = np.empty_like(truth)
    sigmas[:, :2] = angle_sigma_deg
    if geometry.has_range:
        sigmas[:, 2] = range_sigma_km
    values = truth + rng.normal(size=truth.shape) * sigmas
    values[:, 0] = np.mod(values[:, 0], 360.0)
    return SimulatedTrack(geometry, values, sigmas)
