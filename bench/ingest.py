"""Benchmark observation import: one file of N radar observations through the import service.

    python bench/ingest.py [--json] [--observations 10000] [--per-track 10] [--database-url URL]

Writes a CSV file (tracks of `--per-track` observations, 10 s apart, from the demo sensors), then
times `batch_import` on it (parse, checks, tracks, observations and the correlation job, one
transaction) in a throwaway SQLite database, or in the database given (its tables are created by
migrate; the batch is deleted afterwards). Then times importing the same bytes again (a no-op).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from anywhere

SENSORS = ["CODSFS", "BLEAFB", "CLRSFS", "FYLUK", "EGLAFB", "KWAJSF"]


def setup_django(folder: str, database_url: str | None) -> None:
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789abcdef-0123456789")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opscenter.settings")
    os.environ["OPSCENTER_VAR_DIR"] = folder
    # The correlation job's message goes to an in-memory broker: no Redis is needed, none is written to.
    os.environ["REDIS_URL"] = "memory://localhost/"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def observations_csv(count: int, per_track: int) -> str:
    start = datetime(2026, 5, 31, tzinfo=UTC)
    lines = ["sensor,track_id,epoch,azimuth_deg,elevation_deg,range_km,range_rate_km_s"]
    for i in range(count):
        track, step = divmod(i, per_track)
        epoch = start + timedelta(minutes=track, seconds=10 * step)
        lines.append(
            f"{SENSORS[track % len(SENSORS)]},T{track:06d},{epoch:%Y-%m-%dT%H:%M:%S}Z,"
            f"{(37 * track + step) % 360:.4f},{10 + (track % 70) + step * 0.1:.4f},"
            f"{800 + 3.5 * step + track % 2000:.3f},{-2 + 0.4 * step:.4f}"
        )
    return "\n".join(lines) + "\n"


def run(count: int, per_track: int) -> dict:
    from shifts.markings.models import Nation
    from tracking.identification.services.importing import batch_import
    from tracking.identification.services.sensors import sensors_load

    for code in ("USA", "GBR", "AUS", "CAN"):
        Nation.objects.get_or_create(code=code, defaults={"name": code})
    sensors_load(ROOT / "tracking" / "fixtures" / "demo" / "ssn_sites.csv")
    text = observations_csv(count, per_track)
    started = time.perf_counter()
    batch = batch_import(content=text, filename="bench.csv", via="command")
    seconds = time.perf_counter() - started
    started = time.perf_counter()
    again = batch_import(content=text, filename="bench.csv", via="command")
    again_seconds = time.perf_counter() - started
    assert again.duplicate and again.pk == batch.pk
    figures = {
        "observations": batch.observation_count,
        "tracks": batch.track_count,
        "bytes": len(text.encode()),
        "seconds": round(seconds, 3),
        "observations_per_second": round(batch.observation_count / seconds),
        "again_seconds": round(again_seconds, 3),
    }
    batch.correlation_job.delete()
    batch.delete()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--observations", type=int, default=10_000)
    parser.add_argument("--per-track", type=int, default=10)
    parser.add_argument("--database-url", help="default: a throwaway SQLite database")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup_django(folder, args.database_url)
        figures = run(args.observations, args.per_track)
    if args.json:
        print(json.dumps(figures))
        return
    print(
        f"{figures['observations']} observations in {figures['tracks']} tracks ({figures['bytes']} bytes): "
        f"imported in {figures['seconds']} s ({figures['observations_per_second']}/s); "
        f"the same file again in {figures['again_seconds']} s"
    )


if __name__ == "__main__":
    main()
