import json

import pytest

from shifts.jobs import services as jobs
from shifts.jobs.models import Job, JobStatus
from tests.http import csrf_post
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
    by_file = {Job.objects.get(pk=i).params["file"]: Job.objects.get(pk=i) for i in job_ids}
    assert by_file["good.tle"].status == JobStatus.SUCCEEDED and SpaceObject.objects.count() == 3
    assert by_file["bad.tle"].status == JobStatus.FAILED
    assert "bad.tle rejected, nothing imported: bad.tle line 2" in by_file["bad.tle"].error_message
    assert CatalogImport.objects.get(filename="bad.tle").accepted is False
    assert (tmp_path / "done" / "good.tle").exists() and (tmp_path / "rejected" / "bad.tle").exists()
    assert (tmp_path / "notes.md").exists()


@pytest.fixture
def drop(settings, tmp_path):
    """A drop folder, and a file beside it that no job may read or move."""
    settings.OPSCENTER = {**settings.OPSCENTER, "CATALOG_DROP_DIR": str(tmp_path / "drop")}
    (tmp_path / "drop" / "queued").mkdir(parents=True)
    outside = tmp_path / "outside.tle"
    outside.write_text(crossing_pair())
    return tmp_path / "drop", outside


def _untouched(drop_dir, outside) -> bool:
    return outside.read_text() == crossing_pair() and not any(
        (drop_dir / sub).exists() and any((drop_dir / sub).iterdir()) for sub in ("done", "rejected")
    )


def _bad_params(outside) -> list[dict]:
    return [
        {key: value}
        for key in ("path", "file")
        for value in ("../../etc/hostname", str(outside), "../../outside.tle", "/etc/hostname")
    ]


def test_the_api_refuses_an_import_job_pointed_at_any_file(drop, logged_in, us_chief):
    client = logged_in(us_chief)
    token = client.get("/jobs/").cookies["csrftoken"].value
    for params in _bad_params(drop[1]):
        response = client.post(
            "/api/v1/jobs/",
            {"kind": "catalog_import", "params": params},
            content_type="application/json",
            headers={"X-CSRFToken": token},
        )
        assert response.status_code == 400, (params, response.json())
        assert "created by the system only" in response.json()["kind"][0]
    assert not Job.objects.exists() and _untouched(*drop)


def test_the_jobs_page_refuses_an_import_job_pointed_at_any_file(drop, logged_in, us_chief):
    client = logged_in(us_chief)
    for params in _bad_params(drop[1]):
        typed = {
            "kind": "catalog_import",
            "params": json.dumps(params),
            **{f"p-{k}": v for k, v in params.items()},
        }
        response = csrf_post(client, "/jobs/submit", typed)
        assert response.status_code == 400, params
    assert not Job.objects.exists() and _untouched(*drop)


def test_even_the_scanner_names_only_a_claimed_file():
    with pytest.raises(jobs.JobParamsError, match="not the name of a file in the drop folder"):
        jobs.job_submit_internal(kind="catalog_import", params={"file": "../../etc/hostname"}, via="test")


def test_the_worker_reads_and_moves_only_files_inside_the_drop_folder(drop):
    drop_dir, outside = drop
    (drop_dir / "queued" / "x.tle").write_text(crossing_pair())
    job = jobs.job_submit_internal(kind="catalog_import", params={"file": "x.tle"}, via="test")
    Job.objects.filter(pk=job.pk).update(
        params={"file": "../../outside.tle"}
    )  # a row changed behind our back
    _run_all([job.pk])
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "not the name of a file" in job.error_message
    assert _untouched(drop_dir, outside) and not SpaceObject.objects.exists()
