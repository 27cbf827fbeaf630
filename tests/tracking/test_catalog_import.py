import dataclasses
import io
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tracking.formats import parse, render_tle
from tracking.models import CatalogImport, ElementSet, ObjectType, SpaceObject
from tracking.services.catalog import CatalogImportRejected, ImportFile, catalog_import

pytestmark = pytest.mark.django_db

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
CATALOG = SHARED / "catalog" / "celestrak-2026-05-30"
SAMPLES = Path(__file__).resolve().parent / "formats" / "samples"


def _shared(name: str) -> Path:
    path = CATALOG / name
    assert path.exists(), f"reference data missing: {path} (the tests read ../shared/data in place)"
    return path


def _file(path: Path) -> ImportFile:
    return ImportFile(path.name, path.read_text())


def test_it_imports_a_real_catalog_file_and_a_second_import_changes_nothing():
    first = catalog_import(upload=_file(_shared("stations.tle")))
    assert first.accepted and first.new_objects == SpaceObject.objects.count() > 20
    assert first.new_element_sets == ElementSet.objects.count()
    iss = SpaceObject.objects.get(norad_id=25544)
    assert iss.latest_element_set.raw_text.splitlines()[1].startswith("1 25544U")
    assert iss.international_designator == "1998-067A"
    again = catalog_import(upload=_file(_shared("stations.tle")))
    assert (again.new_objects, again.new_element_sets, again.updated_objects) == (0, 0, 0)
    assert again.unchanged == first.new_objects
    assert ElementSet.objects.count() == first.new_element_sets


def test_a_bad_record_rejects_the_whole_file_naming_file_line_and_field():
    lines = _shared("weather.tle").read_text().splitlines()
    lines[4] = lines[4][:10] + "X" + lines[4][11:]  # corrupt the second object's line 2
    with pytest.raises(CatalogImportRejected, match=r"weather\.tle line 5, field ") as rejected:
        catalog_import(upload=ImportFile("weather.tle", "\n".join(lines) + "\n"))
    assert not SpaceObject.objects.exists() and not ElementSet.objects.exists()
    report = CatalogImport.objects.get()
    assert report.accepted is False and report.rejected == 1
    assert rejected.value.report == report


def test_per_record_mode_imports_the_good_records_and_reports_the_rest():
    lines = _shared("weather.tle").read_text().splitlines()
    total = len(lines) // 3
    lines[4] = lines[4][:-1] + str((int(lines[4][-1]) + 1) % 10)  # bad checksum
    report = catalog_import(upload=ImportFile("weather.tle", "\n".join(lines) + "\n"), mode="per_record")
    assert report.accepted and report.rejected == 1 and report.new_objects == total - 1
    assert "weather.tle line 5" in report.errors[0] and "checksum" in report.errors[0]


def test_a_newer_set_updates_the_object_and_becomes_its_latest():
    catalog_import(upload=_file(_shared("stations.tle")))
    iss = parse(_shared("stations.tle").read_text(), filename="stations.tle").records[0]
    newer = dataclasses.replace(
        iss, epoch=iss.epoch + timedelta(hours=12), element_set_no=iss.element_set_no + 1
    )
    report = catalog_import(upload=ImportFile("iss-update.tle", "\n".join(render_tle(newer, with_name=True))))
    assert (report.new_objects, report.updated_objects, report.new_element_sets) == (0, 1, 1)
    space_object = SpaceObject.objects.get(norad_id=iss.norad_id)
    assert space_object.latest_element_set.epoch == newer.epoch
    assert space_object.element_sets.count() == 2


def test_a_full_catalog_load_reports_what_it_lacks():
    catalog_import(upload=_file(_shared("weather.tle")))
    report = catalog_import(upload=_file(_shared("stations.tle")), full_catalog=True)
    weather_ids = set(
        SpaceObject.objects.exclude(element_sets__source="stations.tle").values_list("norad_id", flat=True)
    )
    assert set(report.missing_norad_ids) == weather_ids and weather_ids


def test_analyst_objects_and_large_catalog_numbers_come_in_through_omm():
    for sample in ("celestrak.xml", "spacetrack.json", "celestrak.kvn", "spacetrack.csv"):
        report = catalog_import(upload=_file(SAMPLES / sample))
        assert report.accepted, report.errors
    analyst = SpaceObject.objects.get(norad_id=270001)
    assert analyst.object_type == ObjectType.ANALYST and analyst.international_designator == ""
    assert SpaceObject.objects.get(norad_id=412345).element_sets.count() == 1


def test_the_catalog_command_imports_files_and_fails_clearly_on_a_bad_one(tmp_path):
    bad = tmp_path / "bad.tle"
    bad.write_text("ISS\n1 25544U garbage\n")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="1 of 2 files not imported"):
        call_command("catalog", "import", str(_shared("stations.tle")), str(bad), stdout=out, stderr=err)
    assert "stations.tle (tle):" in out.getvalue() and "new objects" in out.getvalue()
    assert "bad.tle: rejected, nothing imported" in err.getvalue() and "bad.tle line 2" in err.getvalue()


def test_the_whole_shipped_catalog_imports_in_seconds():
    started = time.monotonic()
    for path in sorted(CATALOG.glob("*.tle")):
        catalog_import(upload=_file(path), via="cli")
    assert SpaceObject.objects.count() == 11958 - _duplicates_across_groups()
    assert time.monotonic() - started < 120


def _duplicates_across_groups() -> int:
    ids = [
        line[2:7]
        for path in CATALOG.glob("*.tle")
        for line in path.read_text().splitlines()
        if line.startswith("1 ")
    ]
    return len(ids) - len(set(ids))
