"""Importing observations: whole or nothing, tracks by sensor and track id, provenance and marking kept,
every problem named by file, line and field."""

import dataclasses
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from shifts.jobs.models import Job
from shifts.markings.models import Classification
from shifts.refusals import Refusal
from tests.factories import coalition, nation, persona
from tests.tracking.identification.builders import T0, csv_text, imported, radar_track, sites
from tracking.identification.jobkinds import CORRELATION_KIND
from tracking.identification.models import Observation, ObservationBatch, Track
from tracking.identification.services.importing import ObservationImportRejected, batch_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def us_analyst():
    coalition()
    sites()
    return persona("usa.kim", "USA")


def _nothing_written() -> bool:
    return not (
        ObservationBatch.objects.exists() or Track.objects.exists() or Observation.objects.exists()
    ) and (not Job.objects.exists())


def test_it_groups_records_into_tracks_keeping_provenance_and_marking(us_analyst):
    records = [
        *radar_track("A", "CODSFS", n=3),
        *radar_track("B", "CODSFS", n=2, first_line=4),
        *radar_track("A2", "FYLUK", n=4, first_line=6, reported_norad_id=25544),
    ]
    noforn = [nation("USA")]
    batch = imported(records, officer=us_analyst, classification=Classification.SECRET, nations=noforn)
    assert (batch.observation_count, batch.track_count, batch.duplicate) == (9, 3, False)
    tracks = {t.track_id: t for t in batch.tracks.all()}
    assert {k: (t.sensor.code, t.observation_count) for k, t in tracks.items()} == {
        "A": ("CODSFS", 3),
        "B": ("CODSFS", 2),
        "A2": ("FYLUK", 4),
    }
    a2 = tracks["A2"]
    assert (a2.start, a2.end, a2.reported_norad_id, a2.result) == (
        T0,
        T0.replace(second=30),
        25544,
        "pending",
    )
    first = a2.observations.first()
    assert (first.epoch, first.location, first.raw_text, first.range_km) == (
        T0,
        "line 6",
        "FYLUK,A2,0",
        1200.0,
    )
    for marked in (batch, *tracks.values(), batch.correlation_job):
        assert marked.classification == Classification.SECRET
        assert [n.code for n in marked.releasable_to.all()] == ["USA"]
    job = batch.correlation_job
    assert (job.kind, job.params["batch"], job.requested_by) == (CORRELATION_KIND, batch.pk, us_analyst.user)


def test_an_unknown_sensor_rejects_the_whole_batch_naming_line_and_field(us_analyst):
    records = [*radar_track("A"), *radar_track("B", "NOSUCH", n=2, first_line=4)]
    with pytest.raises(ObservationImportRejected) as rejected:
        imported(records, officer=us_analyst)
    assert [(e["location"], e["field"]) for e in rejected.value.as_list()] == [
        ("line 4", "sensor"),
        ("line 5", "sensor"),
    ]
    assert "unknown sensor 'NOSUCH'" in rejected.value.errors[0].reason
    assert str(rejected.value).startswith(
        "night.csv rejected, nothing imported: night.csv line 4, field sensor"
    )
    assert _nothing_written()


def test_every_problem_is_listed_and_nothing_is_written(us_analyst):
    [good, *_] = radar_track("A", n=1)
    records = [
        good,
        dataclasses.replace(
            good,
            location="line 2",
            epoch=T0.replace(second=5),
            azimuth_deg=None,
            elevation_deg=None,
            range_km=None,
        ),
        dataclasses.replace(good, location="line 3", epoch=T0.replace(second=6), elevation_deg=None),
        dataclasses.replace(good, location="line 4", epoch=T0),
        dataclasses.replace(good, location="line 5", sensor_code="FYLUK", epoch=T0.replace(second=7)),
        dataclasses.replace(
            good, location="line 6", track_id="N", reported_norad_id=1, epoch=T0.replace(second=8)
        ),
        dataclasses.replace(
            good, location="line 7", track_id="N", reported_norad_id=2, epoch=T0.replace(second=9)
        ),
    ]
    with pytest.raises(ObservationImportRejected) as rejected:
        imported(records, officer=us_analyst)
    found = [(e["location"], e["field"]) for e in rejected.value.as_list()]
    assert found == [
        ("line 2", "measurement"),
        ("line 3", "elevation_deg"),
        ("line 4", "epoch"),
        ("line 5", "track"),
        ("line 7", "object"),
    ]
    reasons = [e.reason for e in rejected.value.errors]
    assert reasons[1] == "azimuth_deg given without elevation_deg"
    assert "(line 1)" in reasons[2] and "sensor CODSFS (line 1)" in reasons[3]
    assert "names object 1 (line 6) and 2 here" in reasons[4]
    assert "(and" not in str(rejected.value)  # five problems: all shown
    assert _nothing_written()


def test_a_file_with_no_observations_is_rejected(us_analyst):
    with pytest.raises(
        ObservationImportRejected, match=r"empty\.csv line 1, field file: no observations found"
    ):
        batch_import(content=csv_text(), filename="empty.csv", by=us_analyst)
    assert _nothing_written()


def test_the_same_bytes_again_return_their_batch_and_change_nothing(us_analyst):
    text = csv_text(("CODSFS", "A", 3), ("FYLUK", "B", 2))
    first = batch_import(content=text, filename="night.csv", by=us_analyst)
    again = batch_import(content=text.encode(), filename="renamed.csv", by=us_analyst.user, via="api")
    assert (first.duplicate, again.duplicate, again.pk) == (False, True, first.pk)
    assert (again.filename, again.via, again.track_count, again.observation_count) == (
        "night.csv",
        "ui",
        2,
        5,
    )
    assert Observation.objects.count() == 5 and Job.objects.count() == 1


def test_a_file_is_rejected_whole_with_its_parse_and_sensor_problems_listed(us_analyst):
    text = csv_text(("CODSFS", "A", 2), ("NOSUCH", "B", 1)).replace("2026-05-31T02:00:10Z", "yesterday")
    with pytest.raises(ObservationImportRejected) as rejected:
        batch_import(content=text, filename="bad.csv", by=us_analyst)
    found = [(e["file"], e["location"], e["field"]) for e in rejected.value.as_list()]
    assert ("bad.csv", "line 3", "epoch") in found and ("bad.csv", "line 4", "sensor") in found
    assert _nothing_written()


def test_text_that_is_not_utf8_is_rejected(us_analyst):
    with pytest.raises(
        ObservationImportRejected, match=r"bad.csv file, field encoding: not UTF-8 text \(byte 0\)"
    ):
        batch_import(content=b"\xff\xfe", filename="bad.csv", by=us_analyst)
    assert _nothing_written()


def test_an_importer_marks_no_higher_than_they_may_read(us_analyst):
    british = persona("gbr.clarke", "GBR")
    uncleared = persona("aus.ryan", "AUS", clearance=Classification.UNCLASSIFIED)
    text = csv_text(("CODSFS", "A", 2))
    for by, marking, rule in (
        (british, {"releasable_to": [nation("USA")]}, "releasability"),
        (uncleared, {"classification": Classification.SECRET}, "clearance"),
    ):
        with pytest.raises(Refusal) as refused:
            batch_import(content=text, filename="n.csv", by=by, **marking)
        assert (refused.value.rule, refused.value.http_status) == (rule, 403)
    nobody = get_user_model().objects.create_user("visitor")
    with pytest.raises(Refusal, match="not an active officer"):
        batch_import(content=text, filename="n.csv", by=nobody)
    assert _nothing_written()


def test_the_same_bytes_under_a_marking_the_importer_cannot_read_are_not_shown_to_them(us_analyst):
    text = csv_text(("CODSFS", "A", 2))
    batch_import(content=text, filename="n.csv", by=us_analyst, releasable_to=[nation("USA")])
    with pytest.raises(Refusal, match="imported before, under a marking you may not read"):
        batch_import(content=text, filename="n.csv", by=persona("gbr.clarke", "GBR"))
    assert ObservationBatch.objects.count() == 1


def test_the_system_imports_without_a_person_at_the_marking_it_is_given(us_analyst):
    batch = batch_import(
        content=csv_text(("CODSFS", "A", 2)),
        filename="feed.csv",
        via="command",
        classification=Classification.SECRET,
        releasable_to=[nation("USA"), nation("GBR")],
    )
    assert (batch.uploaded_by, batch.via, batch.correlation_job.requested_by) == (None, "command", None)
    assert sorted(n.code for n in batch.tracks.get().releasable_to.all()) == ["GBR", "USA"]


SAMPLES = Path(__file__).resolve().parents[2] / "tracking" / "formats" / "samples"
TRUSAT = Path(__file__).resolve().parents[4] / "shared" / "data" / "observations" / "trusat"


def test_each_tdm_segment_is_a_track_of_its_participants(us_analyst):
    tdm = (SAMPLES / "radar-fylingdales.tdm").read_text()
    batch = batch_import(content=tdm, filename="fylingdales.tdm", by=us_analyst)
    assert batch.file_format == "tdm"
    tracks = list(batch.tracks.order_by("start"))
    assert [t.sensor.code for t in tracks] == ["FYLUK", "FYLUK"]
    assert "FYLUK-20260531-0131" in {t.track_id for t in tracks}
    iss = next(t for t in tracks if t.track_id == "FYLUK-20260531-0131")
    first = iss.observations.first()
    assert (first.azimuth_deg, first.range_km, first.range_rate_km_s) == (178.2949, 667.385, -1.4847)
    assert first.location.startswith("line ") and "ANGLE_1" in first.raw_text


@pytest.mark.skipif(not TRUSAT.exists(), reason="../shared is not here")
def test_iod_lines_from_a_station_that_is_no_sensor_here_are_refused_by_station(us_analyst):
    text = (TRUSAT / "IOD_data_compliant.txt").read_text()
    with pytest.raises(ObservationImportRejected) as rejected:
        batch_import(content=text, filename="iod.txt", by=us_analyst)
    errors = rejected.value.errors
    assert str(errors[0]).startswith("iod.txt line 60, field angles (columns 48-61)")  # the parser's first
    unknown = [e for e in errors if e.field == "station"]
    assert (
        len(unknown) == 45
        and unknown[0].reason == "unknown sensor '2701': no sensor has that code (see Sensors)"
    )
    # TruSat's examples repeat one observation in several angle formats: not one track's arc.
    assert any(e.field == "epoch" and "another observation at this time (line 2)" in e.reason for e in errors)
    assert _nothing_written()
