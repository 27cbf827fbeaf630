"""Correlation against the catalog in the database: the service, `identify`, the stored outcome."""

import csv
import io
from datetime import UTC
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.tracking.simulated import catalog_text, first_visible_jd, radar_track, satrecs, site_rows
from tracking.astro.time import jd_to_datetime
from tracking.identification.models import Observation, ObservationBatch, ReviewStatus, Track, TrackResult
from tracking.identification.services.correlation import outcomes_store, tracks_correlate
from tracking.models import Sensor
from tracking.services.catalog import ImportFile, catalog_import

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).resolve().parents[1] / "formats" / "samples"
DMSP = 28054


@pytest.fixture
def catalog():
    catalog_import(upload=ImportFile("stations-weather.tle", catalog_text("stations", "weather")))


def sensor(code: str) -> Sensor:
    row = site_rows()[code]
    fields = {k: row[k] for k in ("name", "owner_nation", "kind")}
    numbers = ("latitude_deg", "longitude_deg", "altitude_m", "min_elevation_deg", "max_range_km")
    return Sensor.objects.create(
        code=code,
        **fields,
        **{k: float(row[k]) for k in (*numbers, "azimuth_min_deg", "azimuth_max_deg")},
        angle_noise_deg=0.02,
        range_noise_km=0.05,
    )


def stored_track(track_data, fyl: Sensor, batch: ObservationBatch, track_id: str) -> Track:
    times = [jd_to_datetime(jd).astimezone(UTC) for jd in track_data.geometry.jd]
    track = Track.objects.create(
        batch=batch,
        sensor=fyl,
        track_id=track_id,
        start=times[0],
        end=times[-1],
        observation_count=len(times),
    )
    Observation.objects.bulk_create(
        Observation(
            track=track,
            epoch=t,
            azimuth_deg=row[0],
            elevation_deg=row[1],
            range_km=row[2],
            location=f"line {i + 1}",
        )
        for i, (t, row) in enumerate(zip(times, track_data.values, strict=True))
    )
    return track


def test_a_stored_track_of_a_known_object_is_correlated_with_its_residuals(catalog):
    fyl = sensor("FYLUK")
    dmsp = satrecs("weather")[DMSP]
    jd = first_visible_jd(dmsp, "FYLUK", dmsp.jdsatepoch + dmsp.jdsatepochF + 0.3)
    batch = ObservationBatch.objects.create(filename="night.tdm", file_format="tdm", sha256="a" * 64)
    track = stored_track(radar_track(dmsp, "FYLUK", jd), fyl, batch, "T1")
    summary = outcomes_store(outputs=tracks_correlate([track.pk]), job=None)
    track.refresh_from_db()
    assert summary["correlated"] == 1
    assert track.result == TrackResult.CORRELATED and track.space_object.norad_id == DMSP
    assert track.review_status == ReviewStatus.NONE
    assert track.candidates[0]["norad_id"] == DMSP and track.candidates[0]["element_age_days"] >= 0.3
    assert {p["quantity"] for p in track.residuals["points"]} == {"azimuth_deg", "elevation_deg", "range_km"}
    assert all(abs(p["residual"]) < 5 * p["sigma"] for p in track.residuals["points"])


def test_a_track_nobody_knows_waits_for_review_and_a_decided_track_is_left_alone_on_rerun(catalog):
    fyl = sensor("FYLUK")
    unknown = satrecs("geo", "weather")[DMSP]
    jd = first_visible_jd(unknown, "FYLUK", unknown.jdsatepoch + 0.3)
    batch = ObservationBatch.objects.create(filename="night.tdm", file_format="tdm", sha256="b" * 64)
    lost = stored_track(radar_track(unknown, "FYLUK", jd, along_track_km=400.0), fyl, batch, "LOST")
    outcomes_store(outputs=tracks_correlate([lost.pk]), job=None)
    lost.refresh_from_db()
    assert (lost.result, lost.review_status, lost.space_object) == (TrackResult.UCT, ReviewStatus.OPEN, None)

    Track.objects.filter(pk=lost.pk).update(review_status=ReviewStatus.DISMISSED)
    outputs = tracks_correlate([lost.pk])
    Track.objects.filter(pk=lost.pk).update(result=TrackResult.PENDING)
    outcomes_store(outputs=outputs, job=None)
    lost.refresh_from_db()
    assert lost.result == TrackResult.PENDING  # the analyst's decision stands; nothing overwritten


def test_identify_prints_each_tracks_identity_from_a_tdm_file(catalog):
    sensor("FYLUK")
    out = io.StringIO()
    call_command("identify", str(SAMPLES / "radar-fylingdales.tdm"), stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == ["track_id", "result", "norad_id", "score"]
    by_object = {r["track_id"]: r for r in rows}
    dmsp = next(r for r in rows if r["norad_id"] == str(DMSP))
    assert dmsp["result"] == "correlated" and float(dmsp["score"]) < 3
    iss = next(r for tid, r in by_object.items() if r is not dmsp)
    # ISS (ZARYA) and its docked modules are one radar target: the analyst decides.
    assert iss["result"] == "ambiguous" and int(iss["norad_id"]) in {25544, 49044}


def test_identify_names_an_unknown_sensor_and_a_bad_line(catalog, tmp_path):
    with pytest.raises(CommandError, match=r"line \d+, field sensor: unknown sensor 'FYLUK'"):
        call_command("identify", str(SAMPLES / "radar-fylingdales.tdm"))
    bad = tmp_path / "bad.tdm"
    bad.write_text(
        (SAMPLES / "radar-fylingdales.tdm").read_text().replace("TIME_SYSTEM = UTC", "TIME_SYSTEM = TAI", 1)
    )
    with pytest.raises(CommandError, match=r"bad\.tdm line"):
        call_command("identify", str(bad), "--format", "tdm")


@pytest.mark.integration
def test_a_correlation_job_runs_split_by_sensor_on_two_real_workers(catalog, start_worker):
    from shifts.jobs.models import Job, JobChunk, JobStatus
    from shifts.jobs.services import job_submit_internal
    from tests.processes import wait_for

    dmsp = satrecs("weather")[DMSP]
    batch = ObservationBatch.objects.create(filename="two-sites.tdm", file_format="tdm", sha256="c" * 64)
    for code in ("FYLUK", "THLSFS"):
        jd = first_visible_jd(dmsp, code, dmsp.jdsatepoch + dmsp.jdsatepochF + 0.2)
        stored_track(radar_track(dmsp, code, jd), sensor(code), batch, f"{code}-1")
    start_worker("w1", concurrency=1)
    start_worker("w2", concurrency=1)
    job = job_submit_internal(kind="observation_correlation", params={"batch": batch.pk}, via="test")
    wait_for(
        lambda: Job.objects.get(pk=job.pk).status in (JobStatus.SUCCEEDED, JobStatus.FAILED), 120, "the job"
    )
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error_message
    assert JobChunk.objects.filter(job=job, finished_at__isnull=False).count() == 2
    assert job.result_summary["correlated"] == 2
    assert set(Track.objects.filter(batch=batch).values_list("space_object__norad_id", flat=True)) == {DMSP}
    batch.refresh_from_db()
    assert batch.correlation_job == job
