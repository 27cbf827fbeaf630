"""How far off an SGP4 element set is, by regime and age: one-sigma radial, along-track, cross-track (km).

A set is a fit to past observations; propagated away from its epoch its error grows, fastest along
track (drag and timing errors accumulate as a phase drift). The figures follow the orders of
magnitude measured for the public catalogue by Flohrer, Krag & Klinkrad, "Assessment and
categorization of TLE orbit errors for the US SSN catalogue" (AMOS 2008): at epoch about 0.1-0.5 km
radial, 0.5-2 km along track and 0.2-0.6 km cross track in LEO, several km in GEO; along track in
LEO grows by roughly 1-3 km a day. They are deliberately on the generous side of those figures: the
gate built on them must not throw out a real object whose set is old.
"""

import numpy as np

LEO, MEO, GEO, HEO = 0, 1, 2, 3
REGIME_NAMES = ("LEO", "MEO", "GEO", "HEO")

# Per regime: radial, along-track, cross-track as (at epoch km, km per day, km per day²).
_GROWTH = np.array(
    [
        [[0.3, 0.1, 0.0], [1.5, 1.5, 0.1], [0.3, 0.1, 0.0]],  # LEO
        [[1.0, 0.3, 0.0], [3.0, 1.5, 0.0], [1.0, 0.3, 0.0]],  # MEO
        [[1.0, 0.3, 0.0], [4.0, 2.0, 0.0], [1.5, 0.3, 0.0]],  # GEO
        [[2.0, 1.0, 0.0], [8.0, 6.0, 0.2], [2.0, 1.0, 0.0]],  # HEO
    ]
)


def regime_of(mean_motion_rev_per_day: np.ndarray, eccentricity: np.ndarray) -> np.ndarray:
    """LEO / MEO / GEO / HEO codes from mean motion and eccentricity (the usual boundaries)."""
    n = np.asarray(mean_motion_rev_per_day, dtype=np.float64)
    e = np.asarray(eccentricity, dtype=np.float64)
    regime = np.full(n.shape, MEO, dtype=np.int8)
    regime[n >= 11.25] = LEO
    regime[(n > 0.9) & (n < 1.1) & (e < 0.1)] = GEO
    regime[e >= 0.25] = HEO
    return regime


def rtn_sigma_km(regime: np.ndarray, age_days: np.ndarray) -> np.ndarray:
    """(..., 3) one-sigma radial, along-track, cross-track errors for sets of this regime and age."""
    age = np.abs(np.asarray(age_days, dtype=np.float64))[..., None]
    coeff = _GROWTH[np.asarray(regime)]
    return coeff[..., 0] + coeff[..., 1] * age + coeff[..., 2] * age * age


def rtn_basis(r_km: np.ndarray, v_km_s: np.ndarray) -> np.ndarray:
    """(..., 3, 3) whose columns are the radial, along-track (in-plane) and cross-track unit vectors."""
    radial = r_km / np.linalg.norm(r_km, axis=-1, keepdims=True)
    normal = np.cross(r_km, v_km_s)
    normal /= np.linalg.norm(normal, axis=-1, keepdims=True)
    return np.stack([radial, np.cross(normal, radial), normal], axis=-1)


def along_track_coefficients(regime: np.ndarray) -> np.ndarray:
    """(n, 3) at-epoch, per-day and per-day² along-track growth: the largest of the three errors."""
    return _GROWTH[np.asarray(regime), 1]
