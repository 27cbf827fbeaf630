"""Benchmark the conjunction screen on the CelesTrak catalogue and measure its recall.

    python bench/screening.py [--json] [--objects N] [--window-hours 24] [--threshold-km 5]

Screens all-vs-all with the job split into ``--chunks`` time chunks run by 1 and by 2
worker processes through ``screen_chunk`` (the function the Celery job calls), then checks
recall against a brute force on 2,000 objects of the densest shell: every pair distance
(``pdist``) every 5 s, sampled local minima under threshold + 15.9 km/s * 2.5 s refined
with a bounded scalar minimiser. ``--objects N`` above the catalogue size adds copies of
real element sets with random mean anomaly and node (new Alpha-5 catalogue numbers); below
it, the first N objects.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
from scipy.optimize import minimize_scalar
from scipy.spatial.distance import pdist
from sgp4.api import Satrec, SatrecArray

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from anywhere

from tracking.astro import screening  # noqa: E402

CATALOG = ROOT.parent / "shared" / "data" / "catalog" / "celestrak-2026-05-30"
START_JD, START_FR = 2461191.5, 0.0  # 2026-05-31 00:00 UTC, 70 min after publication
REFERENCE_OBJECTS = 2000
REFERENCE_STEP_S = 5.0
MAX_RELATIVE_SPEED_KM_S = 15.9
MATCH_S = 60.0
ALPHA5 = "ABCDEFGHJKLMNPQRSTUVWXYZ"


def load_catalog(folder: Path = CATALOG) -> list[tuple[str, str]]:
    """(line1, line2) of every three-line element set in the folder's *.tle files."""
    if not folder.is_dir():
        raise SystemExit(f"catalogue not found: {folder}")
    tles = []
    for path in sorted(folder.glob("*.tle")):
        lines = [line.rstrip() for line in path.read_text().splitlines() if line.strip()]
        tles += [(lines[i + 1], lines[i + 2]) for i in range(0, len(lines), 3)]
    return tles


def grow(tles: list[tuple[str, str]], n: int, seed: int = 0) -> list[tuple[str, str]]:
    """The first n objects, or the catalogue plus copies with random mean anomaly and node."""
    rng = np.random.default_rng(seed)
    grown = list(tles[:n])
    for number in range(100000, 100000 + n - len(tles)):
        line1, line2 = tles[number % len(tles)]
        node = (float(line2[17:25]) + rng.uniform(0, 360)) % 360
        anomaly = (float(line2[43:51]) + rng.uniform(0, 360)) % 360
        satnum = f"{ALPHA5[number // 10000 - 10]}{number % 10000:04d}"
        line1 = f"{line1[:2]}{satnum}{line1[7:68]}"
        head = f"{line2[:2]}{satnum}{line2[7:17]}{node:8.4f}"
        line2 = f"{head}{line2[25:43]}{anomaly:8.4f}{line2[51:68]}"
        grown.append((line1 + _checksum(line1), line2 + _checksum(line2)))
    return grown


def _checksum(line: str) -> str:
    return str(sum(int(c) if c.isdigit() else c == "-" for c in line[:68]) % 10)


def run_screen(tles, workers: int, chunks: int, window_s: float, threshold_km: float):
    """Wall time, worker CPU time and merged result of the chunked screen on ``workers``."""
    args = (START_JD, START_FR)
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [
            pool.submit(screening.screen_chunk, tles, *args, c, chunks, window_s, threshold_km)
            for c in range(chunks)
        ]
        result = screening.merge_chunks([f.result() for f in futures])
    wall = time.perf_counter() - started
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, used.ru_utime + used.ru_stime - cpu.ru_utime - cpu.ru_stime, result


def dense_subset(tles: list[tuple[str, str]], n: int = REFERENCE_OBJECTS) -> list[int]:
    """Indices of the n objects nearest in semi-major axis to the densest 10 km shell."""
    a_km = np.array([Satrec.twoline2rv(*tle).a for tle in tles]) * 6378.135
    counts, edges = np.histogram(a_km, bins=np.arange(6500, 8000, 10))
    centre = edges[counts.argmax()] + 5
    return sorted(np.argsort(np.abs(a_km - centre), kind="stable")[:n].tolist())


def reference(tles, window_s: float, threshold_km: float) -> np.ndarray:
    """Brute force: every pair every 5 s; rows (i, j, tca_s, miss_km)."""
    sats = [Satrec.twoline2rv(*tle) for tle in tles]
    array, n = SatrecArray(sats), len(sats)
    i_of, j_of = np.triu_indices(n, 1)
    times = np.arange(0.0, window_s + REFERENCE_STEP_S / 2, REFERENCE_STEP_S)
    reach2 = (threshold_km + MAX_RELATIVE_SPEED_KM_S * REFERENCE_STEP_S / 2) ** 2
    candidates, before, now = [], None, None
    for block in np.array_split(np.arange(times.size), max(1, times.size // 240)):
        err, r, _ = array.sgp4(np.full(block.size, START_JD), START_FR + times[block] / 86400)
        if err.any():
            raise SystemExit("SGP4 error in the reference subset")
        for col, k in enumerate(block):
            after = pdist(r[:, col], "sqeuclidean")
            if now is not None and before is not None:
                near = np.flatnonzero(now <= reach2)
                local = near[(now[near] < before[near]) & (now[near] <= after[near])]
                candidates += [(p, k - 1) for p in local]
            before, now = now, after
    rows = [_minimise(sats[i_of[p]], sats[j_of[p]], times[k]) for p, k in candidates]
    found = [(i_of[p], j_of[p], *row) for (p, _), row in zip(candidates, rows, strict=True)]
    return np.array([row for row in found if row[3] <= threshold_km]).reshape(-1, 4)


def _minimise(s1: Satrec, s2: Satrec, t_s: float) -> tuple[float, float]:
    def distance(t: float) -> float:
        _, r1, _ = s1.sgp4(START_JD, START_FR + t / 86400)
        _, r2, _ = s2.sgp4(START_JD, START_FR + t / 86400)
        return float(np.linalg.norm(np.subtract(r2, r1)))

    bounds = (t_s - REFERENCE_STEP_S, t_s + REFERENCE_STEP_S)
    best = minimize_scalar(distance, bounds=bounds, method="bounded", options={"xatol": 1e-5})
    return best.x, best.fun


def compare(found: np.ndarray, truth: np.ndarray) -> dict:
    """Recall of the reference encounters, and TCA/miss differences of the matches."""
    tca_s = (found["tca_jd"] - START_JD) * 86400 + (found["tca_fr"] - START_FR) * 86400
    by_pair: dict[tuple[int, int], list[int]] = {}
    for row, pair in enumerate(zip(found["index_1"], found["index_2"], strict=True)):
        by_pair.setdefault(pair, []).append(row)
    matched, dt, dmiss = 0, [0.0], [0.0]
    for i, j, t, miss in truth:
        rows = [r for r in by_pair.get((int(i), int(j)), []) if abs(tca_s[r] - t) <= MATCH_S]
        if rows:
            matched += 1
            best = min(rows, key=lambda r: abs(tca_s[r] - t))
            dt.append(abs(tca_s[best] - t))
            dmiss.append(abs(found["miss_km"][best] - miss) * 1000)
    return {
        "recall_vs_reference": matched / len(truth) if len(truth) else None,
        "reference_encounters": len(truth),
        "max_tca_difference_s": max(dt),
        "max_miss_difference_m": max(dmiss),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--objects", type=int, default=0)
    parser.add_argument("--window-hours", type=float, default=24.0)
    parser.add_argument("--threshold-km", type=float, default=5.0)
    parser.add_argument("--chunks", type=int, default=4)
    parser.add_argument("--no-reference", action="store_true", help="skip the recall check")
    args = parser.parse_args()
    catalog = load_catalog()
    tles = grow(catalog, args.objects) if args.objects else catalog
    window_s = args.window_hours * 3600
    screen = (args.chunks, window_s, args.threshold_km)
    wall_1, cpu_1, result_1 = run_screen(tles, 1, *screen)
    wall_2, cpu_2, result_2 = run_screen(tles, 2, *screen)
    assert np.array_equal(result_1.encounters, result_2.encounters)
    report = {
        "objects": len(tles),
        "window_h": args.window_hours,
        "threshold_km": args.threshold_km,
        "chunks": args.chunks,
        "wall_s_1_worker": round(wall_1, 2),
        "wall_s_2_workers": round(wall_2, 2),
        "cpu_s_1_worker": round(cpu_1, 2),
        "cpu_s_2_workers": round(cpu_2, 2),
        "conjunctions": len(result_2.encounters),
        "pairs": len(np.unique(result_2.encounters[["index_1", "index_2"]])),
        "excluded": len(result_2.excluded),
        "recall_vs_reference": None,
    }
    if not args.no_reference:
        subset = dense_subset(catalog)
        started = time.perf_counter()
        truth = reference([catalog[i] for i in subset], window_s, args.threshold_km)
        report["reference_wall_s"] = round(time.perf_counter() - started, 1)
        found = screening.screen([catalog[i] for i in subset], START_JD, START_FR, *screen[1:])
        report |= compare(found.encounters, truth)
    print(json.dumps(report) if args.json else "\n".join(f"{k}: {v}" for k, v in report.items()))


if __name__ == "__main__":
    main()
