"""Observation files dropped in the folder are imported by jobs, marked as the settings say, and filed."""

import pytest

from shifts.jobs import services as jobs
from shifts.jobs.models import Job, JobStatus
from tests.factories import coalition
from tests.tracking.identification.builders import csv_text, sites
from tracking.identification.models import ObservationBatch
from tracking.services.drop_folder import drop_folder_scan

pytestmark = pytest.mark.django_db


@pytest.fixture
def drop(settings, tmp_path):
    coalition()
    sites()
    settings.OPSCENTER = {
        **settings.OPSCENTER,
        "CATALOG_DROP_DIR": str(tmp_path),
        "OBSERVATIONS_DROP_CLASSIFICATION": "SECRET",
        "OBSERVATIONS_DROP_REL_TO": ["USA", "GBR"],
    }
    (tmp_path / "observations").mkdir()
    return tmp_path / "observations"


def _run(job_ids) -> dict[str, Job]:
    for job_id in job_ids:
        jobs.job_execute(jobs.job_claim(job_id=job_id, worker="w1"))
    return {job.params["file"]: job for job in Job.objects.filter(pk__in=job_ids)}


def test_dropped_files_are_imported_by_jobs_marked_by_the_settings_and_filed(drop):
    (drop / "good.csv").write_text(csv_text(("CODSFS", "A", 3)))
    (drop / "bad.csv").write_text(csv_text(("NOSUCH", "B", 1)))
    (drop / "notes.md").write_text("not observations")
    job_ids = drop_folder_scan()
    assert drop_folder_scan() == []  # claimed files are not submitted twice
    by_file = _run(job_ids)
    good, bad = by_file["good.csv"], by_file["bad.csv"]
    assert good.status == JobStatus.SUCCEEDED and bad.status == JobStatus.FAILED
    batch = ObservationBatch.objects.get()
    assert good.result_summary == {
        "batch": batch.pk,
        "already_imported": False,
        "tracks": 1,
        "observations": 3,
        "correlation_job": batch.correlation_job_id,
    }
    assert (batch.via, batch.classification) == ("drop", 2)
    assert sorted(n.code for n in batch.releasable_to.all()) == ["GBR", "USA"]
    assert "bad.csv rejected, nothing imported: bad.csv line 2, field sensor" in bad.error_message
    assert (drop / "done" / "good.csv").exists() and (drop / "rejected" / "bad.csv").exists()
    assert (
        "line 2, field sensor: unknown sensor 'NOSUCH'"
        in (drop / "rejected" / "bad.csv.errors.txt").read_text()
    )
    assert (drop / "notes.md").exists()


def test_the_same_file_dropped_again_is_filed_as_done_and_changes_nothing(drop):
    (drop / "night.csv").write_text(csv_text(("CODSFS", "A", 3)))
    _run(drop_folder_scan())
    (drop / "night.csv").write_text(csv_text(("CODSFS", "A", 3)))
    [again] = _run(drop_folder_scan()).values()
    assert again.status == JobStatus.SUCCEEDED and again.result_summary["already_imported"] is True
    assert ObservationBatch.objects.count() == 1


def test_the_worker_reads_only_a_file_claimed_into_the_folder(drop, tmp_path):
    outside = tmp_path / "outside.csv"
    outside.write_text(csv_text(("CODSFS", "A", 3)))
    with pytest.raises(jobs.JobParamsError, match="not the name of a file in the drop folder"):
        jobs.job_submit_internal(kind="observation_import", params={"file": "../outside.csv"}, via="test")
    (drop / "queued").mkdir()
    (drop / "queued" / "x.csv").write_text(csv_text(("CODSFS", "A", 3)))
    job = jobs.job_submit_internal(kind="observation_import", params={"file": "x.csv"}, via="test")
    Job.objects.filter(pk=job.pk).update(params={"file": "../../outside.csv"})
    [job] = _run([job.pk]).values()
    assert job.status == JobStatus.FAILED and "not the name of a file" in job.error_message
    assert outside.exists() and not ObservationBatch.objects.exists()
