"""Real Redis, real worker processes: a job submitted through the API runs end to end."""

import pytest

from shifts.jobs.models import DiagnosticResult, Job, JobStatus
from tests.factories import coalition, persona
from tests.processes import wait_for

pytestmark = pytest.mark.integration


def _status(job_id: int) -> str:
    return Job.objects.get(pk=job_id).status


def test_a_job_submitted_through_the_api_is_run_by_a_real_worker(client, start_worker):
    coalition()
    officer = persona("ops", "USA")
    client.force_login(officer.user)
    start_worker("w1")
    response = client.post(
        "/api/v1/jobs/",
        {"kind": "diagnostic", "params": {"seconds": 0.5, "steps": 5}},
        content_type="application/json",
    )
    job_id = response.json()["id"]
    wait_for(lambda: _status(job_id) == JobStatus.SUCCEEDED, 60, "the job to succeed")
    job = Job.objects.get(pk=job_id)
    assert job.worker.startswith("w1@") and job.attempts == 1
    assert DiagnosticResult.objects.get(job=job).worked_s >= 0.5
    assert client.get(f"/api/v1/jobs/{job_id}/").json()["result_summary"]["worked_s"] >= 0.5


def test_heavy_kinds_run_on_the_tracking_queue_and_progress_is_visible_live(client, start_worker):
    coalition()
    client.force_login(persona("ops", "USA").user)
    start_worker("w1")
    job_id = client.post(
        "/api/v1/jobs/",
        {"kind": "diagnostic", "params": {"seconds": 3, "steps": 30}},
        content_type="application/json",
    ).json()["id"]
    seen = wait_for(
        lambda: (p := Job.objects.get(pk=job_id).progress_percent) and 0 < p < 100 and p,
        30,
        "partial progress",
    )
    assert 0 < seen < 100
    wait_for(lambda: _status(job_id) == JobStatus.SUCCEEDED, 60, "the job to succeed")
