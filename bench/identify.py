"""Benchmark track identification against the full CelesTrak catalogue.

    python bench/identify.py [--json] [--observations 10000] [--seed 2]

Simulates tracks of catalogue objects as the sensors of ssn_sites.csv would see them: LEO objects
by the radars (0.02 deg angles, 50 m range, 5 points 10 s apart), higher orbits by the optical
sites (2 arcsec RA/Dec, 4 points 15 s apart). Each true orbit is its catalogue set displaced
0.5-3 km along track, as real sets are off; 5 % of the tracks come from objects removed from the
catalogue handed to the correlator (true UCTs). Runs the real correlator (tracking.astro.correlation,
what the job calls) and the amateur tools' fixed gate (position under 2 deg, track angle under
20 deg) on the same tracks. Sunlight and weather are not modelled: every geometrically visible
pass is observed.

The gate's two settings were chosen on seed 1; the default seed 2 is held out.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

import numpy as np
from sgp4.api import Satrec

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from anywhere

from tracking.astro import correlation, simulation  # noqa: E402
from tracking.astro.frames import teme_to_itrf  # noqa: E402
from tracking.astro.passes import VisibilityLimits  # noqa: E402
from tracking.astro.topocentric import Site, look_angles  # noqa: E402

CATALOG = ROOT.parent / "shared" / "data" / "catalog" / "celestrak-2026-05-30"
SENSORS = ROOT.parent / "shared" / "data" / "sensors" / "ssn_sites.csv"
START_JD = 2461191.5  # 2026-05-31 00:00 UTC, 70 min after the catalogue's publication
OBSERVATIONS_PER_DAY = 80_000
UCT_SHARE = 0.05
SEARCH_STEP_S = 30.0


def load_catalog() -> tuple[list[Satrec], list[int]]:
    if not CATALOG.is_dir():
        raise SystemExit(f"catalogue not found: {CATALOG}")
    satrecs, ids, seen = [], [], set()
    for path in sorted(CATALOG.glob("*.tle")):
        lines = [line.rstrip() for line in path.read_text().splitlines() if line.strip()]
        for i in range(0, len(lines), 3):
            satrec = Satrec.twoline2rv(lines[i + 1], lines[i + 2])
            if satrec.satnum not in seen:
                seen.add(satrec.satnum)
                satrecs.append(satrec)
                ids.append(satrec.satnum)
    return satrecs, ids


def load_sensors() -> list[dict]:
    with SENSORS.open() as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        row["site"] = Site(float(row["latitude_deg"]), float(row["longitude_deg"]), float(row["altitude_m"]))
        row["limits"] = VisibilityLimits(
            float(row["min_elevation_deg"]),
            float(row["max_range_km"]),
            float(row["azimuth_min_deg"]),
            float(row["azimuth_max_deg"]),
        )
    return rows


def _visible(limits: VisibilityLimits, looks) -> np.ndarray:
    az_offset = np.mod(looks.azimuth_deg - limits.azimuth_min_deg, 360.0)
    return (
        (looks.elevation_deg >= limits.min_elevation_deg)
        & (looks.range_km <= limits.max_range_km)
        & (az_offset <= limits.azimuth_width_deg)
    )


def simulate(satrecs, sensors, n_tracks: int, span_days: float, rng) -> list[tuple[int, object]]:
    """(catalogue index, SimulatedTrack) pairs: each object at most once per sensor."""
    radars = [s for s in sensors if s["kind"] == "radar"]
    optical = [s for s in sensors if s["kind"] == "optical"]
    grid = START_JD + np.arange(0.0, span_days * 86400.0, SEARCH_STEP_S) / 86400.0
    tracks: list[tuple[int, object]] = []
    used: set[tuple[int, str]] = set()  # one track per object and sensor: no overlapping twins
    while len(tracks) < n_tracks:
        before = len(tracks)
        for index in rng.permutation(len(satrecs)):
            if len(tracks) >= n_tracks:
                break
            satrec = satrecs[index]
            leo = satrec.no_kozai * 1440 / (2 * np.pi) >= 6.4  # period under 225 min
            pool = [s for s in (radars if leo else optical) if (index, s["code"]) not in used]
            made = _object_track(satrec, pool, grid, leo, rng)
            if made is not None:
                used.add((int(index), made[0]))
                tracks.append((int(index), made))
        if len(tracks) == before:
            break
    return tracks


def _object_track(satrec, sensors, grid, radar: bool, rng):
    whole = np.floor(grid)
    e, r, _ = satrec.sgp4_array(whole, grid - whole)
    if np.any(e != 0):
        return None
    r_itrf, _ = teme_to_itrf(r, whole, grid - whole)
    points, spacing_s = (5, 10.0) if radar else (4, 15.0)
    steps = int(np.ceil((points - 1) * spacing_s / SEARCH_STEP_S))
    for sensor in rng.permutation(len(sensors)):
        site, limits = sensors[sensor]["site"], sensors[sensor]["limits"]
        seen = _visible(limits, look_angles(site, r_itrf))
        starts = np.flatnonzero(seen[: len(seen) - steps] & seen[steps:])
        if starts.size == 0:
            continue
        jd0 = grid[rng.choice(starts)]
        times = jd0 + np.arange(points) * spacing_s / 86400.0
        geometry = simulation.track_geometry(site, times, radar=radar)
        along_km = rng.uniform(0.5, 3.0) * rng.choice([-1.0, 1.0])
        noise = (
            dict(
                angle_sigma_deg=simulation.RADAR_ANGLE_SIGMA_DEG,
                range_sigma_km=simulation.RADAR_RANGE_SIGMA_KM,
            )
            if radar
            else dict(angle_sigma_deg=simulation.OPTICAL_ANGLE_SIGMA_DEG)
        )
        made = simulation.simulate_track(satrec, geometry, rng, along_track_km=along_km, **noise)
        return sensors[sensor]["code"], made
    return None


def run(n_observations: int, seed: int) -> dict:
    rng = np.random.default_rng(seed)
    satrecs, ids = load_catalog()
    sensors = load_sensors()
    span_days = max(1.0 / 24, n_observations / OBSERVATIONS_PER_DAY)
    simulated = simulate(satrecs, sensors, int(n_observations / 4.6), span_days, rng)
    uct_count = max(1, round(UCT_SHARE * len(simulated)))
    removed = {index for index, _ in simulated[:uct_count]}  # their later tracks are true UCTs too
    kept = [i for i in range(len(satrecs)) if i not in removed]
    position = {old: new for new, old in enumerate(kept)}
    tracks = [
        correlation.TrackData(k, code, made.geometry, made.values, made.sigmas)
        for k, (_, (code, made)) in enumerate(simulated)
    ]
    truth = [position.get(index) for index, _ in simulated]  # None: a true UCT

    started = time.perf_counter()
    catalog = correlation.Catalog([satrecs[i] for i in kept], [ids[i] for i in kept])
    outcomes = correlation.correlate(tracks, catalog)
    seconds = time.perf_counter() - started
    chosen = [o.index if o.result == correlation.CORRELATED else o.result for o in outcomes]

    started = time.perf_counter()
    baseline = [("uct" if i is None else i) for i in correlation.fixed_gate(tracks, catalog)]
    baseline_seconds = time.perf_counter() - started
    observations = sum(len(t.values) for t in tracks)
    return {
        "tracks": len(tracks),
        "observations": observations,
        "catalog_objects": len(kept),
        "true_ucts": sum(t is None for t in truth),
        "seconds": round(seconds, 2),
        **_rates(chosen, truth),
        "ambiguous": sum(o.result == correlation.AMBIGUOUS for o in outcomes),
        "maneuver_flags": sum(o.maneuver_index is not None for o in outcomes),
        "baseline_seconds": round(baseline_seconds, 2),
        **{f"baseline_{k}": v for k, v in _rates(baseline, truth).items()},
        "seed": seed,
    }


def _rates(chosen: list, truth: list) -> dict:
    correct = sum((c == "uct") if t is None else (c == t) for c, t in zip(chosen, truth, strict=True))
    true_ucts = [c for c, t in zip(chosen, truth, strict=True) if t is None]
    wrong = sum(isinstance(c, int | np.integer) and c != t for c, t in zip(chosen, truth, strict=True))
    return {
        "correct_rate": round(correct / len(truth), 4),
        "uct_recall": round(sum(c == "uct" for c in true_ucts) / max(1, len(true_ucts)), 4),
        "false_correlation_rate": round(wrong / len(truth), 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="one JSON line")
    parser.add_argument("--observations", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2, help="1 was used to choose the gate; 2 is held out")
    args = parser.parse_args()
    result = run(args.observations, args.seed)
    if args.json:
        print(json.dumps(result))
        return
    for key, value in result.items():
        print(f"{key:>32}: {value}")


if __name__ == "__main__":
    main()
