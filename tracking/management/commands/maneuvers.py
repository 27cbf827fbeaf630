import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tracking.astro.maneuvers import detect_maneuvers


class Command(BaseCommand):
    help = "Detect manoeuvres in element-set histories; prints CSV norad_id,detected_epoch."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        detect = sub.add_parser("detect", help="detect manoeuvres in a TLE history file")
        detect.add_argument("tle_file", type=Path)

    def handle(self, *args, tle_file: Path, **options):
        try:
            text = tle_file.read_text()
        except OSError as exc:
            raise CommandError(f"{tle_file}: cannot read: {exc.strerror}") from None
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(["norad_id", "detected_epoch"])
        for norad_id, epoch in detect_maneuvers(text):
            writer.writerow([norad_id, epoch.strftime("%Y-%m-%dT%H:%M:%S.%fZ")])
