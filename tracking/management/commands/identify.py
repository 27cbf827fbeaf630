"""python manage.py identify OBS_FILE [--format auto|tdm|iod|uk|rde|csv]: each track's identity, as CSV."""

import csv
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tracking.formats.obs_reader import parse_observations
from tracking.identification.services.correlation import IdentificationError, records_identify

FORMATS = ["auto", "tdm", "tdm-xml", "iod", "uk", "rde", "csv", "json"]


class Command(BaseCommand):
    help = (
        "Correlate a file's tracks with the catalog in the database; prints track_id,result,norad_id,score."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("obs_file", type=Path)
        parser.add_argument("--format", default="auto", choices=FORMATS)

    def handle(self, *args, **options) -> None:
        path: Path = options["obs_file"]
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"{path}: cannot read the file: {exc}") from None
        parsed = parse_observations(text, filename=path.name, file_format=options["format"])
        if parsed.errors:
            raise CommandError("\n".join(str(e) for e in parsed.errors))
        try:
            outcomes = records_identify(parsed.records)
        except IdentificationError as exc:
            raise CommandError(f"{path.name}: {exc}") from None
        out = csv.writer(self.stdout if self.stdout else sys.stdout, lineterminator="\n")
        out.writerow(["track_id", "result", "norad_id", "score"])
        for o in outcomes:
            out.writerow([o.track_id, o.result, o.norad_id or "", "" if o.score is None else o.score])
