from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tracking.models import CatalogImport, ImportMode
from tracking.services.catalog import CatalogImportRejected, ImportFile, catalog_import


def describe(report: CatalogImport) -> str:
    text = (
        f"{report.filename} ({report.file_format}): {report.new_objects} new objects, "
        f"{report.updated_objects} updated, {report.unchanged} unchanged, {report.rejected} rejected, "
        f"{report.new_element_sets} new element sets"
    )
    if report.full_catalog:
        text += f", {len(report.missing_norad_ids)} missing from this full catalog"
    return text


class Command(BaseCommand):
    help = "Import element-set files (TLE/3LE, OMM XML/KVN/JSON/CSV) into the catalog."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import", help="import files; each file is all-or-nothing unless --per-record")
        load.add_argument("files", nargs="+", type=Path)
        load.add_argument("--per-record", action="store_true", help="import good records, report bad ones")
        load.add_argument("--full-catalog", action="store_true", help="report objects missing from the load")

    def handle(self, *args, files, per_record, full_catalog, **options):
        mode = ImportMode.PER_RECORD if per_record else ImportMode.STRICT
        failed = 0
        for path in files:
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                self.stderr.write(f"{path}: cannot read: {exc}")
                failed += 1
                continue
            try:
                report = catalog_import(
                    upload=ImportFile(path.name, text), mode=mode, full_catalog=full_catalog, via="cli"
                )
            except CatalogImportRejected as exc:
                self.stderr.write(f"{path.name}: rejected, nothing imported:")
                for error in exc.report.errors:
                    self.stderr.write(f"  {error}")
                failed += 1
                continue
            self.stdout.write(describe(report))
            for error in report.errors:
                self.stderr.write(f"  skipped: {error}")
        if failed:
            raise CommandError(f"{failed} of {len(files)} files not imported")
