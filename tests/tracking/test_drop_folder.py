import pytest

from shifts.models import Job, JobStatus
from shifts.services import jobs
from tests.tracking.builders import crossing_pair
from tracking.models import CatalogImport, SpaceObject
from tracking.services.drop_folder import drop_folder_scan

pytestmark = pytest.mark.django_db


def _run_all(job_ids):
    for job_id in job_ids:
        jobs.job_execute(jobs.job_claim(job_id=job_id, worker="w1"))


def test_files_dropped_in_the_folder_are_imported_by_jobs_and_filed(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.OPSCENTER = {**settings.OPSCENTER, "CATALOG_DROP_DIR": str(tmp_path)}
    (tmp_path / "good.tle").write_text(crossing_pair())
    (tmp_path / "bad.tle").write_text("ALPHA\n1 00001U garbage\n")
    (tmp_path / "notes.md").write_text("not an element set file")
    with django_capture_on_commit_callbacks():
        job_ids = drop_folder_scan()
        assert drop_folder_scan() == []  # claimed files are not submitted twice
    _run_all(job_ids)
    by_file = {Job.objects.get(pk=i).params["path"].rsplit("/", 1)[1]: Job.objects.get(pk=i) for i in job_ids}
    assert by_file["good.tle"].status == JobStatus.SUCCEEDED and SpaceObject.objects.count() == 3
    assert by_file["bad.tle"].status == JobStatus.FAILED
    assert "bad.tle rejected, nothing imported: bad.tle line 2" in by_file["bad.tle"].error_message
    assert CatalogImport.objects.get(filename="bad.tle").accepted is False
    assert (tmp_path / "done" / "good.tle").exists() and (tmp_path / "rejected" / "bad.tle").exists()
    assert (tmp_path / "notes.md").exists()
