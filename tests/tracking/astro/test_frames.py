"""TEME -> Earth-fixed and geodetic conversions, checked against Skyfield (offline).

Skyfield's builtin timescale carries real UT1-UTC (about +0.032 s on 2026-05-30) and
rotates TEME with GMST(UT1); our model uses UTC (see frames' docstring). So:

* fed the same UT1, our rotation must reproduce Skyfield's ITRS to 1e-5 km / 1e-6 km/s
  (measured: 1.2e-6 km, 6e-8 km/s; no polar motion on either side);
* with our UTC model, the whole difference must be the rotation by UT1-UTC, i.e.
  omega * (distance from the axis) * |UT1-UTC|: measured ~16 m in LEO, ~99 m at GEO.
"""

from datetime import UTC, datetime

import numpy as np
import pytest
from skyfield.api import EarthSatellite, load, wgs84
from skyfield.framelib import itrs

from tests.tracking.astro.test_propagation import catalog_sample
from tracking.astro.frames import (
    WGS84_A_KM,
    WGS84_F,
    geodetic_to_itrf,
    gmst82_rad,
    gmst82_rate_rad_s,
    itrf_to_geodetic,
    teme_to_itrf,
)
from tracking.astro.propagation import propagate_itrf, propagate_teme
from tracking.astro.time import time_grid

START = datetime(2026, 5, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def skyfield_itrs() -> tuple[list, np.ndarray, np.ndarray, np.ndarray, np.ndarray, object]:
    """30 catalog objects, 24 h at 15 min: satrecs, jd, fr, Skyfield ITRS r and v, times."""
    satrecs = catalog_sample(30)
    jd, fr = time_grid(START, 86400, 900)
    ts = load.timescale(builtin=True)
    t = ts.utc(2026, 5, 30, 0, 0, np.arange(jd.size) * 900.0)
    states = [EarthSatellite.from_satrec(s, ts).at(t).frame_xyz_and_velocity(itrs) for s in satrecs]
    r = np.stack([p.km.T for p, _ in states])
    v = np.stack([w.km_per_s.T for _, w in states])
    return satrecs, jd, fr, r, v, t


def test_rotation_matches_skyfield_itrs_when_given_ut1(skyfield_itrs) -> None:
    satrecs, jd, fr, r_sky, v_sky, t = skyfield_itrs
    teme = propagate_teme(satrecs, jd, fr)
    r, v = teme_to_itrf(teme.r_km, jd, fr + t.dut1 / 86400.0, teme.v_km_s)
    assert np.linalg.norm(r - r_sky, axis=-1).max() < 1e-5
    assert np.linalg.norm(v - v_sky, axis=-1).max() < 1e-6


def test_utc_model_differs_from_skyfield_only_by_ut1_minus_utc(skyfield_itrs) -> None:
    satrecs, jd, fr, r_sky, _, t = skyfield_itrs
    ours = propagate_itrf(satrecs, jd, fr)
    error_km = np.linalg.norm(ours.r_km - r_sky, axis=-1)
    from_axis_km = np.hypot(r_sky[..., 0], r_sky[..., 1])
    expected_km = gmst82_rate_rad_s(jd, fr) * from_axis_km * np.abs(t.dut1)
    np.testing.assert_allclose(error_km, expected_km, rtol=1e-3, atol=1e-5)
    assert 0.010 < error_km.max() < 0.2  # LEO ~16 m ... GEO ~99 m for |UT1-UTC| ~ 0.032 s


def test_itrf_velocity_is_the_derivative_of_itrf_position() -> None:
    # SGP4's own velocity is not exactly d(position)/dt (~5e-5 km/s off), so feed the
    # rotation a TEME velocity that is, and check the Earth-fixed one stays consistent:
    # this pins the sign and size of the omega x r term with no external reference.
    satrecs = catalog_sample(20)
    jd, fr = time_grid(START, 3600, 600)
    h_day = 0.05 / 86400
    ahead, behind = (propagate_teme(satrecs, jd, fr + d) for d in (h_day, -h_day))
    v_teme = (ahead.r_km - behind.r_km) / 0.1
    _, v_itrf = teme_to_itrf(propagate_teme(satrecs, jd, fr).r_km, jd, fr, v_teme)
    ahead_itrf, _ = teme_to_itrf(ahead.r_km, jd, fr + h_day)
    behind_itrf, _ = teme_to_itrf(behind.r_km, jd, fr - h_day)
    # Measured 1e-8 km/s (rounding over the 0.1 s baseline); a missing omega x r is 0.5 km/s.
    np.testing.assert_allclose(v_itrf, (ahead_itrf - behind_itrf) / 0.1, rtol=0, atol=1e-7)
    assert np.abs(gmst82_rate_rad_s(jd, fr) - 7.2921158553e-5).max() < 1e-14


def test_gmst_at_j2000() -> None:
    # IAU 1982: GMST at 2000-01-01 12:00 UT1 is 67310.54841 s = 280.460618375 deg.
    assert np.rad2deg(gmst82_rad(2451545.0, 0.0)) == pytest.approx(280.460618375, abs=1e-9)
    assert np.rad2deg(gmst82_rad(2451544.5, 0.5)) == pytest.approx(280.460618375, abs=1e-9)


def test_geodetic_round_trip_to_well_below_a_millimetre() -> None:
    rng = np.random.default_rng(20260530)
    lat = np.concatenate([rng.uniform(-90, 90, 100_000), [90.0, -90.0, 0.0, 89.9999999]])
    lon = np.concatenate([rng.uniform(-180, 180, 100_000), [0.0, 0.0, 180.0, 45.0]])
    alt = np.concatenate([rng.uniform(-10, 45_000, 100_000), [0.0, 400.0, 35_786.0, 1.0]])
    r = geodetic_to_itrf(lat, lon, alt)
    back = itrf_to_geodetic(r)
    # Measured worst case: 2e-11 km in height, 3e-14 deg in angles.
    np.testing.assert_allclose(back.alt_km, alt, rtol=0, atol=1e-9)
    np.testing.assert_allclose(back.lat_deg, lat, rtol=0, atol=1e-11)
    not_pole = np.abs(lat) < 90
    lon_error = (back.lon_deg - lon + 180) % 360 - 180
    np.testing.assert_allclose(lon_error[not_pole], 0, atol=1e-11)
    assert np.linalg.norm(geodetic_to_itrf(*back) - r, axis=-1).max() < 1e-9


def test_geodetic_reference_points() -> None:
    b = WGS84_A_KM * (1 - WGS84_F)
    g = itrf_to_geodetic(np.array([[WGS84_A_KM, 0, 0], [0, 0, b], [0, -WGS84_A_KM - 500, 0]]))
    np.testing.assert_allclose(g.lat_deg, [0, 90, 0], atol=1e-12)
    np.testing.assert_allclose(g.lon_deg, [0, 0, -90], atol=1e-12)
    np.testing.assert_allclose(g.alt_km, [0, 0, 500], atol=1e-9)


def test_geodetic_matches_skyfield_wgs84() -> None:
    # Forward only: the round-trip test above then pins the inverse too.
    rng = np.random.default_rng(7)
    lat, lon = rng.uniform(-90, 90, 500), rng.uniform(-180, 180, 500)
    alt_km = rng.uniform(-0.5, 5.0, 500)
    sky = wgs84.latlon(lat, lon, alt_km * 1000)
    np.testing.assert_allclose(geodetic_to_itrf(lat, lon, alt_km), sky.itrs_xyz.km.T, atol=1e-9)
