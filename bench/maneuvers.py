"""Evaluate the manoeuvre detector on the five benchmark satellites.

    python bench/maneuvers.py [--json] [--tolerance-days 1]

A detection matches an operator manoeuvre within +-tolerance (each manoeuvre at most once).
Manoeuvres outside the span of the element sets (first epoch, last epoch] are not counted;
duplicated operator times count once.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import UTC
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from anywhere

from tracking.astro import maneuvers  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "maneuvers"
SATELLITES = ["CryoSat-2", "Jason-3", "Sentinel-3A", "SARAL", "Fengyun-2F"]


def truth_jd(name: str, data: Path = DATA) -> np.ndarray:
    """Operator manoeuvre times (UTC Julian dates) of one satellite."""
    listed = yaml.safe_load((data / f"manoeuvres_{name}.yaml").read_text())
    stamps = [t.replace(tzinfo=UTC).timestamp() for t in listed["manoeuvre_timestamps"]]
    return np.unique(np.array(stamps) / 86400 + maneuvers.UNIX_EPOCH_JD)


def evaluate(name: str, tolerance_days: float = 1.0, data: Path = DATA) -> dict:
    """Detections of one satellite's history scored against its operator manoeuvres."""
    path = data / f"{name}.tle"
    if not path.exists():
        raise SystemExit(f"benchmark data not found: {path}")
    (history,) = maneuvers.parse_histories(path.read_text())
    truth = truth_jd(name, data)
    truth = truth[(truth > history.epoch_jd[0]) & (truth <= history.epoch_jd[-1])]
    detected = history.epoch_jd[maneuvers.detect(history)]
    return {"sets": len(history.epoch_jd), "manoeuvres": len(truth)} | scores(
        maneuvers.match(detected, truth, tolerance_days)
    )


def scores(counts: dict) -> dict:
    found, wrong, missed = counts["true_positives"], counts["false_positives"], counts["missed"]
    return counts | {
        "precision": round(found / max(found + wrong, 1), 3),
        "recall": round(found / max(found + missed, 1), 3),
    }


def total(results: list[dict]) -> dict:
    keys = ("true_positives", "false_positives", "missed")
    return scores({key: sum(r[key] for r in results) for key in keys})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--tolerance-days", type=float, default=1.0)
    args = parser.parse_args()
    started = time.perf_counter()
    per_object = {name: evaluate(name, args.tolerance_days) for name in SATELLITES}
    overall = total(list(per_object.values()))
    leo = total([r for name, r in per_object.items() if name != "Fengyun-2F"])
    report = {
        "tolerance_days": args.tolerance_days,
        "precision": overall["precision"],
        "recall": overall["recall"],
        "overall": overall,
        "leo_only": leo,
        "per_object": per_object,
        "wall_s": round(time.perf_counter() - started, 2),
    }
    if args.json:
        print(json.dumps(report))
        return
    for name, r in per_object.items():
        counts = f"sets={r['sets']:5d} manoeuvres={r['manoeuvres']:4d}"
        print(f"{name:12s} {counts} P={r['precision']:.3f} R={r['recall']:.3f}")
    print(f"overall      P={overall['precision']:.3f} R={overall['recall']:.3f}")
    print(f"LEO only     P={leo['precision']:.3f} R={leo['recall']:.3f}")


if __name__ == "__main__":
    main()
