import csv
from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tracking.services.screening import ScreeningRequest, screening_run


def _utc(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--start {text!r} is not an ISO date-time, e.g. 2026-05-31T00:00:00Z") from None
    if value.tzinfo is None:
        raise CommandError(f"--start {text!r} has no time zone: add Z for UTC")
    return value


class Command(BaseCommand):
    help = "Screen the catalog for close approaches; prints CSV, one row per encounter."

    def add_arguments(self, parser):
        parser.add_argument("--start", type=_utc, help="UTC start, ISO 8601 (default: now)")
        parser.add_argument("--window-hours", type=float, default=24.0)
        parser.add_argument("--threshold-km", type=float, default=5.0)

    def handle(self, *args, start=None, window_hours=24.0, threshold_km=5.0, **options):
        if not 0 < window_hours <= 168:
            raise CommandError("--window-hours must be more than 0 and at most 168 (7 days)")
        if threshold_km <= 0:
            raise CommandError("--threshold-km must be more than 0")
        request = ScreeningRequest(
            start=start or timezone.now(), window_hours=window_hours, threshold_km=threshold_km
        )
        encounters = screening_run(request)
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(["norad_id_1", "norad_id_2", "tca", "miss_km", "relative_speed_km_s"])
        for e in encounters:
            writer.writerow(
                [
                    e.primary.space_object.norad_id,
                    e.secondary.space_object.norad_id,
                    e.tca.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                    f"{e.miss_km:.3f}",
                    f"{e.relative_speed_km_s:.3f}",
                ]
            )
