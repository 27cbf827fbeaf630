"""Look angles: exact local geometry, and agreement with Skyfield's (sat - topos) altaz.

Skyfield rotates with real UT1 (UT1-UTC ~ +0.032 s here), we with UTC. Fed the same UT1,
the two agree to 1e-6 deg, 1e-5 km and 1e-6 km/s (measured 1e-8 deg, 1.2e-7 km, 7e-9
km/s). With our UTC model the ~11 m rotation of the site and ~16 m of a LEO satellite
show up as measured <= 0.0013 deg in elevation, <= 0.002 deg in azimuth, <= 11 m in range
and <= 1.5e-4 km/s in range rate; the tolerances below are those figures rounded up.
"""

from datetime import UTC, datetime

import numpy as np
import pytest
from skyfield.api import EarthSatellite, load, wgs84

from tests.tracking.astro.test_propagation import catalog_sample
from tracking.astro.frames import teme_to_itrf
from tracking.astro.propagation import propagate_itrf, propagate_teme
from tracking.astro.time import time_grid
from tracking.astro.topocentric import Site, look_angles

MILLSTONE = Site(42.617, -71.491, 131.0)


def _skyfield_look(satrecs, t) -> tuple[np.ndarray, ...]:
    top = wgs84.latlon(MILLSTONE.lat_deg, MILLSTONE.lon_deg, MILLSTONE.alt_m)
    ts = t.ts
    sky = [EarthSatellite.from_satrec(s, ts) for s in satrecs]
    rows = [(s - top).at(t).frame_latlon_and_rates(top) for s in sky]
    el = np.array([r[0].degrees for r in rows])
    az = np.array([r[1].degrees for r in rows])
    rng = np.array([r[2].km for r in rows])
    rate = np.array([r[5].km_per_s for r in rows])
    return az, el, rng, rate


@pytest.fixture(scope="module")
def skyfield_case():
    satrecs = catalog_sample(40)
    jd, fr = time_grid(datetime(2026, 5, 30, tzinfo=UTC), 86400, 600)
    t = load.timescale(builtin=True).utc(2026, 5, 30, 0, 0, np.arange(jd.size) * 600.0)
    return satrecs, jd, fr, t, _skyfield_look(satrecs, t)


def _azimuth_error(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.abs((a - b + 180.0) % 360.0 - 180.0)


def test_matches_skyfield_altaz_when_given_ut1(skyfield_case) -> None:
    satrecs, jd, fr, t, (az, el, rng, rate) = skyfield_case
    teme = propagate_teme(satrecs, jd, fr)
    r, v = teme_to_itrf(teme.r_km, jd, fr + t.dut1 / 86400.0, teme.v_km_s)
    ours = look_angles(MILLSTONE, r, v)
    # Azimuth is ill-conditioned at the zenith; none of these samples is within 1 deg of it.
    assert el.max() < 89
    assert _azimuth_error(ours.azimuth_deg, az).max() < 1e-6
    assert np.abs(ours.elevation_deg - el).max() < 1e-6
    assert np.abs(ours.range_km - rng).max() < 1e-5
    assert np.abs(ours.range_rate_km_s - rate).max() < 1e-6


def test_utc_model_stays_within_the_ut1_budget(skyfield_case) -> None:
    satrecs, jd, fr, _, (az, el, rng, rate) = skyfield_case
    itrf = propagate_itrf(satrecs, jd, fr)
    ours = look_angles(MILLSTONE, itrf.r_km, itrf.v_km_s)
    above = el > 0
    assert above.sum() > 50
    assert _azimuth_error(ours.azimuth_deg, az)[above].max() < 0.005
    assert np.abs(ours.elevation_deg - el).max() < 0.003
    assert np.abs(ours.range_km - rng).max() < 0.02
    assert np.abs(ours.range_rate_km_s - rate).max() < 3e-4


def test_local_geometry_is_exact() -> None:
    site = Site(-21.816, 114.166, 10.0)
    east, north, up = site.enu_rows
    offsets = np.array([up * 500, north * 1000, east * 1000, (north + east) * 800, -up * 10])
    look = look_angles(site, site.itrf_km + offsets)
    np.testing.assert_allclose(look.elevation_deg, [90, 0, 0, 0, -90], atol=1e-9)
    np.testing.assert_allclose(look.azimuth_deg[1:4], [0, 90, 45], atol=1e-9)
    np.testing.assert_allclose(look.range_km, [500, 1000, 1000, 800 * np.sqrt(2), 10], rtol=1e-12)
    assert look.range_rate_km_s is None


def test_range_rate_sign_and_site_height() -> None:
    site = Site(64.29, -149.19, 175.0)
    east, _, up = site.enu_rows
    r = site.itrf_km + np.array([up * 1000, up * 1000])
    v = np.array([up * 2.0, -up * 3.0 + east * 5.0])
    look = look_angles(site, r, v)
    np.testing.assert_allclose(look.range_rate_km_s, [2.0, -3.0], atol=1e-12)
    sea_level = Site(64.29, -149.19, 0.0)
    assert np.linalg.norm(site.itrf_km - sea_level.itrf_km) == pytest.approx(0.175, abs=1e-12)


def test_vectorized_over_satellites_and_times() -> None:
    satrecs = catalog_sample(7)
    jd, fr = time_grid(datetime(2026, 5, 30, tzinfo=UTC), 3600, 60)
    states = propagate_itrf(satrecs, jd, fr)
    look = look_angles(MILLSTONE, states.r_km, states.v_km_s)
    assert all(a.shape == (7, 61) for a in look)
    one = look_angles(MILLSTONE, states.r_km[3, 17], states.v_km_s[3, 17])
    assert one.elevation_deg == pytest.approx(look.elevation_deg[3, 17], abs=1e-12)
    assert ((look.azimuth_deg >= 0) & (look.azimuth_deg < 360)).all()
