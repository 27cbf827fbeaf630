"""Geometry on demand for the pages: ground tracks, range around TCA, states for the CDM."""

from dataclasses import dataclass
from datetime import datetime

import numpy as np

from tracking import selectors
from tracking.astro.frames import itrf_to_geodetic, teme_to_itrf
from tracking.astro.propagation import propagate_itrf
from tracking.astro.time import datetime_to_jd
from tracking.formats import to_satrec
from tracking.models import Conjunction, ElementSet

MINUTES_PER_DAY = 1440.0


def _satrec(element_set: ElementSet):
    return to_satrec(selectors.element_record(element_set))


def _grid(start: datetime, offsets_s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    jd, fr = datetime_to_jd(start)
    return np.full(offsets_s.size, jd), fr + offsets_s / 86400.0


def ground_track(element_set: ElementSet, start: datetime, orbits: float = 2.0, step_s: float = 60.0):
    """Sub-satellite latitude and longitude (deg) over the next `orbits` revolutions, with the
    offsets from `start` (s) of the points SGP4 could propagate."""
    period_s = 86400.0 / element_set.mean_motion_rev_per_day
    offsets = np.arange(0.0, min(orbits * period_s, 86400.0) + step_s, step_s)
    jd, fr = _grid(start, offsets)
    states = propagate_itrf([_satrec(element_set)], jd, fr, velocity=False)
    ok = states.error_code[0] == 0
    lat, lon, _alt = itrf_to_geodetic(states.r_km[0][ok])
    return lat, lon, offsets[ok]


def range_around_tca(conjunction: Conjunction, half_window_s: float = 600.0, step_s: float = 5.0):
    """Offsets from TCA (s) and the distance between the two objects (km)."""
    offsets = np.arange(-half_window_s, half_window_s + step_s, step_s)
    jd, fr = _grid(conjunction.tca, offsets)
    sets = [conjunction.primary_element_set, conjunction.secondary_element_set]
    states = propagate_itrf([_satrec(s) for s in sets], jd, fr, velocity=False)
    return offsets, np.linalg.norm(states.r_km[0] - states.r_km[1], axis=-1)


@dataclass(frozen=True)
class StateAtTca:
    r_teme_km: np.ndarray  # inertial: for relative velocity and the RTN frame
    v_teme_km_s: np.ndarray
    r_itrf_km: np.ndarray  # Earth-fixed: what the CDM reports
    v_itrf_km_s: np.ndarray


def states_at_tca(conjunction: Conjunction) -> tuple[StateAtTca, StateAtTca]:
    jd, fr = datetime_to_jd(conjunction.tca)
    result = []
    for element_set in (conjunction.primary_element_set, conjunction.secondary_element_set):
        _err, r, v = _satrec(element_set).sgp4(jd, fr)
        r_itrf, v_itrf = teme_to_itrf(np.array(r), jd, fr, np.array(v))
        result.append(StateAtTca(np.array(r), np.array(v), r_itrf, v_itrf))
    return result[0], result[1]
