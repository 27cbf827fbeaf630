"""Fault tests against real processes: workers killed with SIGKILL, Redis killed and restarted.

Recovery runs as in production: the beat sweeper re-queues what a dead worker held, and a
new worker takes it. Limits are shortened (tests/processes.py FAST_RECOVERY_ENV).
"""

import random
import time

import pytest
from django.db.models import Count

from shifts.jobs import services as jobs
from shifts.jobs.models import DiagnosticResult, Job, JobStatus
from tests.factories import coalition, persona
from tests.processes import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.fault]


def _submit(n: int, **params) -> list[int]:
    coalition()
    return [jobs.job_submit(kind="diagnostic", params=params).pk for _ in range(n)]


def _count(job_ids, status) -> int:
    return Job.objects.filter(pk__in=job_ids, status=status).count()


def _assert_each_result_exactly_once(job_ids) -> None:
    counts = dict(DiagnosticResult.objects.filter(job__in=job_ids).values_list("job").annotate(n=Count("id")))
    assert counts == {job_id: 1 for job_id in job_ids}


def test_a_job_whose_worker_is_killed_mid_run_succeeds_once_on_another(start_worker, start_beat):
    [job_id] = _submit(1, seconds=6, steps=30)
    doomed = start_worker("doomed")
    wait_for(lambda: Job.objects.get(pk=job_id).progress_percent >= 20, 60, "the job to be well under way")
    doomed.kill()
    start_beat()
    start_worker("rescuer")
    wait_for(lambda: _count([job_id], JobStatus.SUCCEEDED), 90, "the job to succeed after the kill")
    job = Job.objects.get(pk=job_id)
    assert job.attempts == 2 and job.worker.startswith("rescuer@")
    assert any("stopped its heartbeat" in e.reason for e in job.events.all())
    _assert_each_result_exactly_once([job_id])


def test_no_queued_job_is_lost_when_redis_is_killed_and_restarted(redis_server, start_worker, start_beat):
    job_ids = _submit(10, seconds=0.2, steps=2)
    time.sleep(0.5)  # the messages are in Redis, no worker has taken them
    redis_server.kill()
    redis_server.start()
    start_beat()
    start_worker("after-restart")
    wait_for(lambda: _count(job_ids, JobStatus.SUCCEEDED) == len(job_ids), 120, "every job to succeed")
    _assert_each_result_exactly_once(job_ids)


def test_two_hundred_jobs_survive_five_random_worker_kills(start_worker, start_beat):
    rng = random.Random(20261125)
    job_ids = _submit(200, seconds=0.3, steps=3)
    start_beat()
    for kill in range(5):
        victim = start_worker(f"victim{kill}")
        time.sleep(rng.uniform(1.0, 4.0))
        victim.kill()
    start_worker("survivor")
    wait_for(
        lambda: _count(job_ids, JobStatus.SUCCEEDED) == 200, 300, "all 200 jobs to succeed", interval_s=1
    )
    _assert_each_result_exactly_once(job_ids)


def test_a_running_job_cancelled_then_its_worker_killed_ends_cancelled(start_worker, start_beat):
    [job_id] = _submit(1, seconds=60, steps=2)  # its next safe point is 30 s away
    doomed = start_worker("doomed")
    wait_for(lambda: _count([job_id], JobStatus.RUNNING), 60, "the job to start")
    jobs.job_cancel(job=Job.objects.get(pk=job_id), by=None)
    doomed.kill()  # before the run reaches a safe point and sees the cancellation
    start_beat()
    start_worker("next")  # runs the sweeps; it must not run the job again
    wait_for(lambda: _count([job_id], JobStatus.CANCELLED), 60, "the sweeper to cancel the job")
    time.sleep(3)  # further sweeps leave it cancelled
    job = Job.objects.get(pk=job_id)
    assert job.status == JobStatus.CANCELLED and job.attempts == 1
    assert "after its cancellation was requested" in job.events.last().reason
    assert not DiagnosticResult.objects.filter(job_id=job_id).exists()


def test_a_queued_job_cancelled_while_redis_is_down_ends_cancelled(
    client, redis_server, start_worker, start_beat
):
    coalition()
    submitter = persona("ops", "USA").user
    job_id = jobs.job_submit(kind="diagnostic", params={"seconds": 0.2}, requested_by=submitter).pk
    wait_for(lambda: Job.objects.get(pk=job_id).dispatched_at, 10, "the job's message to be sent")
    client.force_login(submitter)
    redis_server.kill()
    try:
        started = time.monotonic()
        response = client.post(f"/api/v1/jobs/{job_id}/cancel/")
        took_s = time.monotonic() - started
    finally:
        redis_server.start()
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert took_s < 3, f"cancelling waited {took_s:.1f} s for the broker"
    start_beat()
    start_worker("after-restart")  # the message kept by Redis is delivered: nothing to claim
    time.sleep(4)
    job = Job.objects.get(pk=job_id)
    assert job.status == JobStatus.CANCELLED and job.attempts == 0
    assert not DiagnosticResult.objects.filter(job_id=job_id).exists()
