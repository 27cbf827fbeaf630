"""Benchmark roster generation and validation: 28 days for 60 officers.

    python bench/roster.py [--json] [--officers 60] [--days 28] [--time-limit 12]

Builds its own data set (4 nations, 4 crews, 6 positions, certifications through the services,
imported history for currency) in a throwaway SQLite database, generates the roster with CP-SAT,
then validates it with the same rule function the assignment service uses.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from anywhere

NATIONS = {
    "USA": ("United States", 0.4),
    "GBR": ("United Kingdom", 0.22),
    "AUS": ("Australia", 0.19),
    "CAN": ("Canada", 0.19),
}


def setup_django(folder: str) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789abcdef-0123456789")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opscenter.settings")
    os.environ["OPSCENTER_VAR_DIR"] = folder
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(officers: int):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from shifts.markings.models import Nation
    from shifts.workforce.demo import officials_ensure, workforce_ensure
    from shifts.workforce.models import Officer

    nations = {code: Nation.objects.create(code=code, name=name) for code, (name, _) in NATIONS.items()}
    admin = get_user_model().objects.create_superuser("bench.admin", "admin@bench.invalid", None)
    made = []
    counts = {code: int(officers * share) for code, (_, share) in NATIONS.items()}
    counts["USA"] += officers - sum(counts.values())
    for code, count in counts.items():
        for index in range(count):
            user = get_user_model().objects.create_user(f"{code.lower()}.{index}", last_name=f"{code}{index}")
            made.append(Officer.objects.create(user=user, nation=nations[code], rank="Capt"))
    officials_ensure(certifiers=[], schedulers=[])
    return workforce_ensure(officers=made, certifier=admin, today=timezone.now().date()), len(made)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--officers", type=int, default=60)
    parser.add_argument("--days", type=int, default=28)
    parser.add_argument("--time-limit", type=float, default=12.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup_django(folder)
        from django.utils import timezone

        from shifts.workforce.services.roster import roster_validate
        from shifts.workforce.services.roster_solver import roster_generate

        _, count = build(args.officers)
        start = timezone.now().date() + timedelta(days=1)
        began = time.perf_counter()
        result = roster_generate(start=start, days=args.days, time_limit_s=args.time_limit)
        generate_s = time.perf_counter() - began
        began = time.perf_counter()
        _, violations = roster_validate(start=start, days=args.days)
        validate_s = time.perf_counter() - began
    report = {
        "officers": count,
        "days": args.days,
        "generate_s": round(generate_s, 2),
        "validate_s": round(validate_s, 3),
        "violations": len(violations),
    }
    if args.json:
        print(json.dumps(report))
    else:
        print(
            f"{count} officers, {args.days} days: generated {result.created} seats in {generate_s:.1f} s "
            f"({result.status}; per nation {result.per_nation}), validated in {validate_s:.2f} s: "
            f"{len(violations)} violations"
        )
        for violation in violations[:20]:
            print(" ", violation.message)


if __name__ == "__main__":
    main()
