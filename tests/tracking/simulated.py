"""Simulated sensor tracks of real catalog objects (the shipped CelesTrak snapshot, read in place)."""

import csv
from functools import cache
from pathlib import Path

import numpy as np
from sgp4.api import Satrec

from tracking.astro import correlation, simulation
from tracking.astro.measurements import predict
from tracking.astro.topocentric import Site

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
CATALOG = SHARED / "catalog" / "celestrak-2026-05-30"
SITES = SHARED / "sensors" / "ssn_sites.csv"


def catalog_text(*groups: str) -> str:
    paths = [CATALOG / f"{g}.tle" for g in groups]
    missing = [str(p) for p in paths if not p.is_file()]
    assert not missing, f"reference data missing (../shared beside the checkout): {missing}"
    return "".join(p.read_text() for p in paths)


@cache
def satrecs(*groups: str) -> dict[int, Satrec]:
    lines = [line for line in catalog_text(*groups).splitlines() if line.strip()]
    by_id = {}
    for i in range(0, len(lines), 3):
        satrec = Satrec.twoline2rv(lines[i + 1], lines[i + 2])
        by_id.setdefault(satrec.satnum, satrec)
    return by_id


@cache
def site_rows() -> dict[str, dict]:
    assert SITES.is_file(), f"reference data missing: {SITES}"
    with SITES.open() as f:
        return {row["code"]: row for row in csv.DictReader(f)}


def site(code: str) -> Site:
    row = site_rows()[code]
    return Site(float(row["latitude_deg"]), float(row["longitude_deg"]), float(row["altitude_m"]))


def first_visible_jd(satrec: Satrec, code: str, start_jd: float, min_elevation_deg: float = 20.0) -> float:
    """The first time from start_jd (within two days, 20 s steps) the object is well above the site."""
    grid = start_jd + np.arange(0, 2 * 86400, 20.0) / 86400.0
    geometry = simulation.track_geometry(site(code), grid, radar=True)
    whole = np.floor(grid)
    _, r, v = satrec.sgp4_array(whole, grid - whole)
    values, _ = predict(geometry, r, v)
    up = np.flatnonzero(values[:, 1] > min_elevation_deg)
    assert up.size, f"object never rises above {min_elevation_deg} deg at {code} within two days"
    return float(grid[up[0]])


def radar_track(satrec, code, jd0, *, seed=0, along_track_km=1.0, points=5, spacing_s=10.0, key=None):
    geometry = simulation.track_geometry(
        site(code), jd0 + np.arange(points) * spacing_s / 86400.0, radar=True
    )
    made = simulation.simulate_track(
        satrec,
        geometry,
        np.random.default_rng(seed),
        along_track_km=along_track_km,
        angle_sigma_deg=simulation.RADAR_ANGLE_SIGMA_DEG,
        range_sigma_km=simulation.RADAR_RANGE_SIGMA_KM,
    )
    return correlation.TrackData(key if key is not None else code, code, geometry, made.values, made.sigmas)


def optical_track(satrec, code, jd0, *, seed=0, along_track_km=1.0, points=4, spacing_s=15.0, key=None):
    geometry = simulation.track_geometry(
        site(code), jd0 + np.arange(points) * spacing_s / 86400.0, radar=False
    )
    made = simulation.simulate_track(
        satrec,
        geometry,
        np.random.default_rng(seed),
        along_track_km=along_track_km,
        angle_sigma_deg=simulation.OPTICAL_ANGLE_SIGMA_DEG,
    )
    return correlation.TrackData(key if key is not None else code, code, geometry, made.values, made.sigmas)
