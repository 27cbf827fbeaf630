"""Pass prediction against truths built independently of the code under test.

* Synthetic satellites (``satellite_over``): a circular 500 km orbit whose epoch is a chosen
  instant T and whose mean anomaly and RAAN are solved so that the geodetic sub-satellite
  point at T is a chosen place. Over the site itself that is a zenith pass culminating at T.
* Brute force: the same propagator sampled every second, with the visibility rules written
  out again in the test, for real catalog objects and a real SSN site (azimuth window
  through north, range limit).
* Skyfield's ``find_events`` for plain elevation masks.
"""

import csv
import math
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import fsolve
from sgp4.api import WGS72, Satrec, jday
from skyfield.api import EarthSatellite, load, wgs84

from tests.tracking.astro.test_propagation import _verification_cases, catalog_sample
from tracking.astro.frames import gmst82_rad, itrf_to_geodetic, teme_to_itrf
from tracking.astro.passes import (
    DEFAULT_STEP_S,
    PassSearch,
    VisibilityLimits,
    predict_passes,
    predict_passes_for_sites,
    visibility_margin_deg,
)
from tracking.astro.propagation import propagate_itrf, satrecs_from_tles
from tracking.astro.topocentric import LookAngles, Site, look_angles

SITES_CSV = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "sensors"
SITE = Site(40.0, -75.0, 0.0)
T_JD, T_FR = jday(2026, 6, 1, 12, 0, 0.0)  # the synthetic satellites' chosen instant
SECOND = 1.0 / 86400.0


def satellite_over(lat_deg: float, lon_deg: float, alt_km: float = 500.0) -> Satrec:
    """Circular orbit (65 deg inclination, ascending) whose sub-point at T is (lat, lon)."""
    epoch = T_JD - 2433281.5 + T_FR  # sgp4init counts days from 1949-12-31 00:00
    mean_motion = math.sqrt(398600.8 / (6378.135 + alt_km) ** 3) * 60.0  # rad/min
    incl = math.radians(65.0)

    def build(x: np.ndarray) -> Satrec:
        sat = Satrec()
        anomaly, node = (float(a) % (2 * math.pi) for a in x)
        sat.sgp4init(WGS72, "i", 99999, epoch, 0, 0, 0, 1e-4, 0, incl, anomaly, mean_motion, node)
        return sat

    def miss(x: np.ndarray) -> list[float]:
        _, r, _ = build(x).sgp4(T_JD, T_FR)
        g = itrf_to_geodetic(teme_to_itrf(np.array(r), T_JD, T_FR)[0])
        return [float(g.lat_deg) - lat_deg, (float(g.lon_deg) - lon_deg + 180) % 360 - 180]

    # Spherical first guess: argument of latitude and RAAN putting the point under (lat, lon).
    u = math.asin(math.sin(math.radians(lat_deg)) / math.sin(incl))
    ra = math.atan2(math.cos(incl) * math.sin(u), math.cos(u))
    x = fsolve(miss, [u, float(gmst82_rad(T_JD, T_FR)) + math.radians(lon_deg) - ra], xtol=1e-10)
    assert max(abs(m) for m in miss(x)) < 1e-8
    return build(x)


@pytest.fixture(scope="module")
def zenith_sat() -> Satrec:
    return satellite_over(SITE.lat_deg, SITE.lon_deg)


def _search(satrecs, limits, start_s: float, duration_s: float, site=SITE, **kw) -> PassSearch:
    """Window starting start_s seconds after T (negative = before)."""
    return predict_passes(satrecs, site, limits, T_JD, T_FR + start_s * SECOND, duration_s, **kw)


def _look_at(sat: Satrec, jd: np.ndarray, site: Site = SITE) -> LookAngles:
    """Independent single-satellite evaluation at float Julian dates."""
    states = propagate_itrf([sat], np.floor(jd), jd - np.floor(jd), velocity=False)
    return look_angles(site, states.r_km[0])


def _seconds_from_t(jd: float) -> float:
    return (jd - (T_JD + T_FR)) * 86400.0


def test_zenith_pass_culminates_at_the_constructed_instant(zenith_sat) -> None:
    # Start off the grid so no sample lands on T.
    (p,) = _search([zenith_sat], VisibilityLimits(10.0), -1717.0, 3600.0).passes
    assert abs(_seconds_from_t(p.culmination_jd)) < 2.0
    assert p.max_elevation_deg > 89.5
    assert not (p.rise_clipped or p.set_clipped)
    assert _seconds_from_t(p.rise_jd) < -60 and _seconds_from_t(p.set_jd) > 60
    # Rise and set sit on the visible side of the 10 deg crossing, within 0.1 s.
    el = _look_at(zenith_sat, np.array([p.rise_jd, p.set_jd])).elevation_deg
    el_out = _look_at(zenith_sat, np.array([p.rise_jd, p.set_jd]) + np.array([-0.1, 0.1]) * SECOND)
    # 1e-4 deg slack: a float Julian date moves the instant by up to 20 us.
    assert (el >= 10.0 - 1e-4).all() and (el_out.elevation_deg < 10.0).all()
    # Ascending at 65 deg inclination: rises in the south-west, sets in the north-east.
    assert 180 < p.rise_azimuth_deg < 260 and 0 < p.set_azimuth_deg < 80


def test_zenith_pass_matches_skyfield_find_events(zenith_sat) -> None:
    ts = load.timescale(builtin=True)
    t0 = ts.utc(2026, 6, 1, 11, 31, 23)  # T - 1717 s
    sky_sat = EarthSatellite.from_satrec(zenith_sat, ts)
    times, events = sky_sat.find_events(
        wgs84.latlon(SITE.lat_deg, SITE.lon_deg), t0, t0 + 3600 / 86400, altitude_degrees=10.0
    )
    assert list(events) == [0, 1, 2]
    (p,) = _search([zenith_sat], VisibilityLimits(10.0), -1717.0, 3600.0).passes
    ours = np.array([p.rise_jd, p.culmination_jd, p.set_jd])
    theirs = np.array([t.ut1 - t.dut1 / 86400 for t in times])  # UT1 - (UT1-UTC) = UTC
    np.testing.assert_allclose((ours - theirs) * 86400, 0, atol=1.0)


def test_azimuth_window_selects_the_half_pass_inside_it(zenith_sat) -> None:
    full = _search([zenith_sat], VisibilityLimits(10.0), -1800.0, 3600.0).passes[0]
    # Cape Cod's window (clockwise 347 -> 227 through north) holds both rise and set azimuths.
    (cod,) = _search([zenith_sat], VisibilityLimits(10.0, math.inf, 347, 227), -1800, 3600).passes
    assert abs(cod.rise_jd - full.rise_jd) < SECOND and abs(cod.set_jd - full.set_jd) < SECOND
    # A window wrapping through north that holds only the set azimuth: visible from zenith on.
    (north,) = _search([zenith_sat], VisibilityLimits(10.0, math.inf, 347, 60), -1800, 3600).passes
    assert abs(_seconds_from_t(north.rise_jd)) < 2.0
    assert abs(north.set_jd - full.set_jd) < SECOND
    assert north.max_elevation_deg > 89.0  # highest point of the visible part: just after zenith
    # A window holding neither.
    east = VisibilityLimits(10.0, math.inf, 60, 180)
    assert _search([zenith_sat], east, -1800, 3600).passes == []


def test_range_limit_trims_or_removes_the_pass(zenith_sat) -> None:
    # Altitude 500 km: nothing within 450 km; within 700 km, only the top of the pass.
    assert _search([zenith_sat], VisibilityLimits(0.0, 450.0), -1800, 3600).passes == []
    (p,) = _search([zenith_sat], VisibilityLimits(0.0, 700.0), -1800, 3600).passes
    rng = _look_at(zenith_sat, np.array([p.rise_jd, p.set_jd])).range_km
    rng_out = _look_at(zenith_sat, np.array([p.rise_jd - 0.1 * SECOND, p.set_jd + 0.1 * SECOND]))
    assert (rng <= 700.0 + 1e-3).all() and (rng_out.range_km > 700.0).all()
    assert abs(_seconds_from_t(p.culmination_jd)) < 2.0


def test_mask_above_the_highest_elevation_sees_nothing() -> None:
    offset = satellite_over(SITE.lat_deg, SITE.lon_deg + 3.0)  # ~255 km east of the site
    (p,) = _search([offset], VisibilityLimits(0.0), -1800, 3600).passes
    assert 40.0 < p.max_elevation_deg < 89.9  # so the next assertion is not vacuous
    assert _search([offset], VisibilityLimits(89.9), -1800, 3600).passes == []


def test_grazing_pass_between_grid_samples_is_found() -> None:
    sat = satellite_over(SITE.lat_deg, SITE.lon_deg + 3.0)
    peak = _search([sat], VisibilityLimits(0.0), -1800, 3600).passes[0].max_elevation_deg
    limits = VisibilityLimits(peak - 0.02)  # visible for a few seconds only
    for start_s in (-1800.0, -1793.0, -1781.5, -1771.0):
        search = _search([sat], limits, start_s, 3600.0)
        (p,) = search.passes
        assert p.max_elevation_deg == pytest.approx(peak, abs=1e-3)
        duration_s = (p.set_jd - p.rise_jd) * 86400
        assert 0.5 < duration_s < 30.0
    # With this start, no grid sample falls inside the pass: only the near-miss
    # re-examination can have found it.
    grid_jd = T_JD + T_FR + (start_s + np.arange(0, 3601, DEFAULT_STEP_S)) * SECOND
    assert not ((grid_jd >= p.rise_jd) & (grid_jd <= p.set_jd)).any()


def test_passes_in_progress_at_the_window_edges_are_clipped_and_flagged(zenith_sat) -> None:
    (early,) = _search([zenith_sat], VisibilityLimits(10.0), -60.0, 1800.0).passes
    assert early.rise_clipped and not early.set_clipped
    assert early.rise_jd == pytest.approx(T_JD + T_FR - 60 * SECOND, abs=1e-9)
    assert abs(_seconds_from_t(early.culmination_jd)) < 2.0
    (late,) = _search([zenith_sat], VisibilityLimits(10.0), -1800.0, 1830.0).passes
    assert late.set_clipped and not late.rise_clipped
    assert late.set_jd == pytest.approx(T_JD + T_FR + 30 * SECOND, abs=1e-9)
    (both,) = _search([zenith_sat], VisibilityLimits(10.0), -20.0, 40.0).passes
    assert both.rise_clipped and both.set_clipped
    assert abs(_seconds_from_t(both.culmination_jd)) < 2.0


def test_satellites_that_fail_to_propagate_are_reported() -> None:
    cases = {int(c[0][2:7]): c for c in _verification_cases()}
    good, decayed = (satrecs_from_tles(cases[n][:2])[0] for n in (5, 28872))
    search = predict_passes(
        [good, decayed], SITE, VisibilityLimits(), decayed.jdsatepoch, decayed.jdsatepochF, 7200
    )
    assert search.failed_sat_indices.tolist() == [1]


def test_azimuth_margin_follows_the_clockwise_window() -> None:
    az = np.array([0.0, 100.0, 200.0, 350.0, 347.0, 227.0, 300.0, 230.0, 340.0])
    look = LookAngles(az, np.full(az.size, 45.0), np.full(az.size, 1000.0), None)
    margin = visibility_margin_deg(look, VisibilityLimits(0.0, math.inf, 347, 227))
    np.testing.assert_array_equal(margin > 0, [True] * 4 + [False] * 5)
    np.testing.assert_allclose(margin[4:6], 0.0, atol=1e-12)
    assert (margin[6:] < 0).all()
    whole = visibility_margin_deg(look, VisibilityLimits(10.0, math.inf, 0, 360))
    np.testing.assert_allclose(whole, 35.0)
    with pytest.raises(ValueError, match="empty azimuth window"):
        VisibilityLimits(0.0, math.inf, 10, 10)


def _read_sites() -> dict[str, tuple[Site, VisibilityLimits]]:
    path = SITES_CSV / "ssn_sites.csv"
    assert path.is_file(), f"sensor sites file missing: {path}"
    sites = {}
    with path.open(newline="") as f:
        for row in csv.DictReader(f):
            place = (float(row[k]) for k in ("latitude_deg", "longitude_deg", "altitude_m"))
            site = Site(*place)
            limits = VisibilityLimits(
                float(row["min_elevation_deg"]),
                float(row["max_range_km"]),
                float(row["azimuth_min_deg"]),
                float(row["azimuth_max_deg"]),
            )
            sites[row["code"]] = (site, limits)
    return sites


def _brute_force_runs(
    sat: Satrec, site: Site, limits: VisibilityLimits, start_jd: float, seconds: int
) -> list[tuple[float, float]]:
    """Visible intervals (s from start) from 1 s sampling, rules restated independently."""
    t = np.arange(seconds + 1.0)
    states = propagate_itrf([sat], np.full(t.size, start_jd), t * SECOND, velocity=False)
    look = look_angles(site, states.r_km[0])
    width = (limits.azimuth_max_deg - limits.azimuth_min_deg) % 360 or 360
    in_window = (look.azimuth_deg - limits.azimuth_min_deg) % 360 <= width
    above = look.elevation_deg >= limits.min_elevation_deg
    visible = above & (look.range_km <= limits.max_range_km) & in_window
    edges = np.flatnonzero(np.diff(np.concatenate([[0], visible.astype(int), [0]])))
    return [(t[a], t[b - 1]) for a, b in zip(edges[::2], edges[1::2], strict=True)]


@pytest.mark.parametrize("code", ["CODSFS", "KWAJSF"])
def test_real_site_and_catalog_match_one_second_brute_force(code: str) -> None:
    site, limits = _read_sites()[code]
    leo = [s for s in catalog_sample(400) if s.no_kozai * 1440 / (2 * math.pi) > 11][:40]
    start_jd, hours = 2461190.5, 12  # 2026-05-30 00:00 UTC
    search = predict_passes(leo, site, limits, start_jd, 0.0, hours * 3600)
    assert search.failed_sat_indices.size == 0
    expected = []
    for i, sat in enumerate(leo):
        for a, b in _brute_force_runs(sat, site, limits, start_jd, hours * 3600):
            expected.append((i, a, b))
    assert len(expected) > 10
    assert len(search.passes) == len(expected), (len(search.passes), len(expected))
    ours = sorted(search.passes, key=lambda p: (p.sat_index, p.rise_jd))
    for p, (i, a, b) in zip(ours, expected, strict=True):
        rise_s, set_s = ((x - start_jd) * 86400 for x in (p.rise_jd, p.set_jd))
        assert p.sat_index == i
        # The 1 s samples bracket the true crossing: rise in (a-1, a], set in [b, b+1).
        assert a - 1.0 - 0.1 <= rise_s <= a + 0.1 and b - 0.1 <= set_s <= b + 1.0 + 0.1
        assert p.rise_clipped == (a == 0) and p.set_clipped == (b == hours * 3600)


def test_several_sites_share_one_propagation_and_match_single_site_searches() -> None:
    sites = _read_sites()
    sensors = [sites["CODSFS"], sites["SOCGEO"]]
    satrecs = catalog_sample(60)
    start_jd, duration_s = 2461190.5, 6 * 3600
    together = predict_passes_for_sites(satrecs, sensors, start_jd, 0.0, duration_s)
    for (site, limits), search in zip(sensors, together, strict=True):
        alone = predict_passes(satrecs, site, limits, start_jd, 0.0, duration_s)
        assert search.passes == alone.passes
    assert together[0].passes and together[1].passes
    assert together[0].passes != together[1].passes
