"""Importing observations: whole or nothing, tracks by sensor and track id, provenance and marking kept,
every problem named by file, line and field."""

import dataclasses

import pytest

from shifts.jobs.models import Job
from shifts.markings.models import Classification, Nation
from tests.factories import coalition, nation, persona
from tests.tracking.identification.builders import T0, imported, radar_track, sites
from tracking.identification.models import Observation, ObservationBatch, Track
from tracking.identification.services.importing import CORRELATION_KIND, ObservationImportRejected

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
    assert (job.kind, job.params, job.requested_by) == (
        CORRELATION_KIND,
        {"batch": batch.pk},
        us_analyst.user,
    )


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
    with pytest.raises(ObservationImportRejected, match="no observations in the file"):
        imported([], officer=us_analyst)
    assert _nothing_written()


def test_parse_errors_come_first_in_the_list(us_analyst):
    from tracking.formats.records import RecordError
    from tracking.identification.services.importing import records_import

    batch = ObservationBatch(filename="n.csv", file_format="csv", sha256="1" * 64)
    parse_error = RecordError("n.csv", "line 1", "epoch", "not a UTC time")
    with pytest.raises(ObservationImportRejected) as rejected:
        records_import(
            batch=batch,
            records=radar_track("A", "NOSUCH", first_line=2, n=1),
            errors=[parse_error],
            nations=list(Nation.objects.all()),
        )
    assert [str(e) for e in rejected.value.errors] == [
        "n.csv line 1, field epoch: not a UTC time",
        "n.csv line 2, field sensor: unknown sensor 'NOSUCH': no sensor has that code (see Sensors)",
    ]
    assert _nothing_written()
