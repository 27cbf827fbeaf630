import io

import pytest
from django.core.management import call_command

from shifts.jobs import services as jobs
from shifts.jobs.models import JobChunk, JobStatus
from tests.factories import coalition
from tests.tracking.builders import EPOCH, crossing_pair
from tracking.models import Conjunction
from tracking.services.catalog import ImportFile, catalog_import

pytestmark = pytest.mark.django_db

PARAMS = {"start": EPOCH.isoformat(), "window_hours": 4, "threshold_km": 5, "pieces": 3}


def _run_to_completion(job, capture):
    with capture():
        jobs.job_execute(jobs.job_claim(job_id=job.pk, worker="w1"))
    job.refresh_from_db()
    for chunk in JobChunk.objects.filter(job=job).order_by("-index"):  # any order will do
        jobs.job_chunk_execute(job_id=job.pk, index=chunk.index, token=str(chunk.run_token), worker="w2")
    job.refresh_from_db()
    return job


def test_a_screening_job_splits_into_pieces_and_stores_each_encounter_once(
    django_capture_on_commit_callbacks,
):
    coalition()
    catalog_import(upload=ImportFile("pair.tle", crossing_pair()))
    job = jobs.job_submit(kind="conjunction_screening", params=PARAMS)
    job = _run_to_completion(job, django_capture_on_commit_callbacks)
    assert job.status == JobStatus.SUCCEEDED, job.error_message
    assert JobChunk.objects.filter(job=job).count() == 3
    found = list(Conjunction.objects.filter(job=job))
    assert len(found) >= 3 and job.result_summary["conjunctions"] == len(found)
    assert {(c.primary.norad_id, c.secondary.norad_id) for c in found} == {(1, 2)}
    assert all(c.miss_km <= 5 for c in found)
    assert len({c.tca for c in found}) == len(found)
    assert set(found[0].releasable_to.values_list("code", flat=True)) == {"USA", "GBR", "AUS", "CAN"}

    jobs.job_rerun(job=job, by=None)
    job = _run_to_completion(job, django_capture_on_commit_callbacks)
    assert Conjunction.objects.filter(job=job).count() == len(found)  # replaced, not added


def test_a_late_piece_of_a_superseded_run_writes_nothing(django_capture_on_commit_callbacks):
    coalition()
    catalog_import(upload=ImportFile("pair.tle", crossing_pair()))
    job = jobs.job_submit(kind="conjunction_screening", params=PARAMS)
    with django_capture_on_commit_callbacks():
        jobs.job_execute(jobs.job_claim(job_id=job.pk, worker="w1"))
    stale = JobChunk.objects.filter(job=job).first()
    jobs.job_cancel(job=job, by=None)
    jobs.job_chunk_execute(job_id=job.pk, index=stale.index, token=str(stale.run_token), worker="w2")
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED and not Conjunction.objects.exists()


def test_screening_an_empty_catalog_fails_with_a_message_an_operator_can_act_on(
    django_capture_on_commit_callbacks,
):
    coalition()
    job = jobs.job_submit(kind="conjunction_screening", params=PARAMS)
    with django_capture_on_commit_callbacks():
        jobs.job_execute(jobs.job_claim(job_id=job.pk, worker="w1"))
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "import a catalog first" in job.error_message


def test_the_screen_command_prints_the_same_encounters_as_csv():
    catalog_import(upload=ImportFile("pair.tle", crossing_pair()))
    out = io.StringIO()
    call_command(
        "screen", "--start", EPOCH.isoformat(), "--window-hours", "4", "--threshold-km", "5", stdout=out
    )
    header, *rows = out.getvalue().splitlines()
    assert header == "norad_id_1,norad_id_2,tca,miss_km,relative_speed_km_s"
    assert len(rows) >= 3 and all(
        r.startswith("1,2,2026-05-30T") and r.split(",")[2].endswith("Z") for r in rows
    )
    assert all(float(r.split(",")[3]) <= 5 for r in rows)


def test_pieces_waiting_in_the_queue_are_not_taken_for_a_dead_worker(
    settings, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from shifts.jobs.models import Job

    settings.OPSCENTER = {**settings.OPSCENTER, "JOB_HEARTBEAT_STALE_S": 60, "JOB_QUEUED_STALE_S": 600}
    coalition()
    catalog_import(upload=ImportFile("pair.tle", crossing_pair()))
    job = jobs.job_submit(kind="conjunction_screening", params=PARAMS)
    with django_capture_on_commit_callbacks():
        jobs.job_execute(jobs.job_claim(job_id=job.pk, worker="w1"))
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(seconds=120))
    assert jobs.jobs_sweep().recovered == []  # pieces queued two minutes: still waiting their turn
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(seconds=700))
    with django_capture_on_commit_callbacks():
        assert jobs.jobs_sweep().recovered == [job.pk]
