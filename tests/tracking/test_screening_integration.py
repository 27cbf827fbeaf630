"""A screening job split across two real worker processes through the real Redis."""

import pytest

from shifts.jobs.models import Job, JobChunk, JobStatus
from tests.factories import coalition, persona
from tests.processes import wait_for
from tests.tracking.builders import EPOCH, crossing_pair
from tracking.models import Conjunction
from tracking.services.catalog import ImportFile, catalog_import
from tracking.services.screening import ScreeningRequest, screening_run

pytestmark = pytest.mark.integration


def test_a_screening_job_runs_in_pieces_on_two_workers_and_matches_the_command(client, start_worker):
    coalition()
    client.force_login(persona("ops", "USA").user)
    catalog_import(upload=ImportFile("pair.tle", crossing_pair()))
    start_worker("w1", concurrency=1)
    start_worker("w2", concurrency=1)
    params = {"start": EPOCH.isoformat(), "window_hours": 6, "threshold_km": 5, "pieces": 4}
    job_id = client.post(
        "/api/v1/jobs/", {"kind": "conjunction_screening", "params": params}, content_type="application/json"
    ).json()["id"]
    wait_for(
        lambda: Job.objects.get(pk=job_id).status in (JobStatus.SUCCEEDED, JobStatus.FAILED),
        120,
        "the screening to finish",
    )
    job = Job.objects.get(pk=job_id)
    assert job.status == JobStatus.SUCCEEDED, job.error_message
    assert JobChunk.objects.filter(job=job, finished_at__isnull=False).count() == 4
    expected = screening_run(ScreeningRequest(start=EPOCH, window_hours=6, threshold_km=5))
    stored = Conjunction.objects.filter(job=job).order_by("tca")
    assert [c.tca for c in stored] == [e.tca for e in expected] and len(expected) >= 3
