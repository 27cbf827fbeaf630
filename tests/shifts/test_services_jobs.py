import dataclasses
from datetime import timedelta

import pytest
from django.utils import timezone

from shifts.jobs import kinds as jobkinds
from shifts.jobs import services as jobs
from shifts.jobs.models import DiagnosticResult, Job, JobStatus
from tests.factories import coalition, shift_at, shift_on_watch_now

pytestmark = pytest.mark.django_db


def _submit(**params) -> Job:
    coalition()
    return jobs.job_submit(kind="diagnostic", params={"seconds": 0, "steps": 2, **params})


def test_it_validates_parameters_per_kind_before_queueing():
    with pytest.raises(jobs.JobParamsError, match="seconds"):
        _submit(seconds=-1)
    with pytest.raises(jobs.JobError, match="unknown job kind 'nope'"):
        jobs.job_submit(kind="nope", params={})
    assert not Job.objects.exists()


def test_a_job_belongs_to_the_shift_on_watch_and_is_unowned_without_one():
    unowned = _submit()
    assert unowned.shift is None
    shift = shift_on_watch_now()
    assert _submit().shift == shift


def test_a_run_claims_computes_and_writes_its_result_once():
    job = _submit()
    run = jobs.job_claim(job_id=job.pk, worker="w1")
    assert jobs.job_claim(job_id=job.pk, worker="w2") is None  # a duplicate delivery finds nothing
    jobs.job_execute(run)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.progress_percent == 100
    assert DiagnosticResult.objects.filter(job=job).count() == 1
    assert [e.to_status for e in job.events.all()] == ["queued", "running", "succeeded"]


def test_a_rerun_replaces_the_result_instead_of_adding_one():
    job = _submit()
    jobs.job_execute(jobs.job_claim(job_id=job.pk, worker="w1"))
    jobs.job_rerun(job=job, by=None)
    jobs.job_execute(jobs.job_claim(job_id=job.pk, worker="w1"))
    assert DiagnosticResult.objects.filter(job=job).count() == 1
    assert DiagnosticResult.objects.get(job=job).attempt == 1


def test_a_superseded_run_cannot_write(settings):
    job = _submit()
    stale = jobs.job_claim(job_id=job.pk, worker="w1")
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    report = jobs.jobs_sweep()
    assert report.recovered == [job.pk]
    fresh = jobs.job_claim(job_id=job.pk, worker="w2")
    jobs.job_execute(stale)  # the old run wakes up: its writes are fenced off
    assert Job.objects.get(pk=job.pk).status == JobStatus.RUNNING
    jobs.job_execute(fresh)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.attempts == 2
    assert DiagnosticResult.objects.get(job=job).attempt == 2


def test_the_sweeper_fails_a_job_after_the_maximum_attempts_with_a_reason(settings):
    settings.OPSCENTER = {**settings.OPSCENTER, "JOB_MAX_ATTEMPTS": 1}
    job = _submit()
    jobs.job_claim(job_id=job.pk, worker="w1")
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    assert jobs.jobs_sweep().failed == [job.pk]
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "stopped its heartbeat" in job.error_message and "gave up after 1 attempts" in job.error_message


def test_the_sweeper_resends_a_job_whose_message_was_lost(redis_server, django_capture_on_commit_callbacks):
    job = _submit()
    Job.objects.filter(pk=job.pk).update(dispatched_at=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks():
        assert jobs.jobs_sweep().redispatched == [job.pk]
    job.refresh_from_db()
    assert job.dispatched_at > timezone.now() - timedelta(minutes=1)
    assert "sent again" in job.events.last().reason


def test_cancelling_a_running_job_stops_it_at_the_next_safe_point():
    job = _submit(steps=3)
    run = jobs.job_claim(job_id=job.pk, worker="w1")
    jobs.job_cancel(job=job, by=None)
    jobs.job_execute(run)
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    assert not DiagnosticResult.objects.filter(job=job).exists()


def test_a_queued_job_cancelled_is_never_claimed():
    job = _submit()
    jobs.job_cancel(job=job, by=None)
    assert jobs.job_claim(job_id=job.pk, worker="w1") is None
    with pytest.raises(jobs.InvalidTransition, match="nothing to cancel"):
        jobs.job_cancel(job=job, by=None)


def test_transient_errors_retry_with_backoff(monkeypatch):
    from shifts.jobs import diagnostic as jobkinds_builtin

    def flaky(ctx):
        raise jobs.TransientJobError("catalog feed unreachable")

    flaky_kind = dataclasses.replace(jobkinds_builtin.DIAGNOSTIC, run=flaky)
    monkeypatch.setitem(jobkinds._KINDS, "diagnostic", flaky_kind)
    job = _submit()
    jobs.job_execute(jobs.job_claim(job_id=job.pk, worker="w1"))
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and job.due_at > timezone.now()
    assert "retry in 5 s: catalog feed unreachable" in job.events.last().reason


def test_handover_moves_every_open_job_to_the_next_shift_with_an_event_each():
    start = timezone.now().replace(microsecond=0) - timedelta(hours=1)
    old, new = shift_at(start), shift_at(start + timedelta(hours=8))
    coalition()
    open_jobs = [jobs.job_submit(kind="diagnostic", params={}, shift=old) for _ in range(3)]
    done = jobs.job_submit(kind="diagnostic", params={"seconds": 0}, shift=old)
    jobs.job_execute(jobs.job_claim(job_id=done.pk, worker="w1"))
    moved = jobs.jobs_hand_over(from_shift=old, to_shift=new, by=None)
    assert sorted(j.pk for j in moved) == sorted(j.pk for j in open_jobs)
    assert set(Job.objects.filter(shift=new).values_list("pk", flat=True)) == {j.pk for j in open_jobs}
    assert Job.objects.get(pk=done.pk).shift == old
    assert all("handed over" in j.events.last().reason for j in Job.objects.filter(shift=new))


def test_the_shift_on_watch_takes_unowned_jobs():
    job = _submit()
    shift = shift_on_watch_now()
    assert jobs.jobs_sweep().adopted == [job.pk]
    assert Job.objects.get(pk=job.pk).shift == shift


def test_the_transition_map_refuses_what_it_does_not_allow():
    job = _submit()
    with pytest.raises(jobs.InvalidTransition, match="cannot go from queued to succeeded"):
        jobs._transition(job, JobStatus.SUCCEEDED, reason="no")


def test_a_cancelled_running_job_whose_worker_died_ends_cancelled_not_requeued():
    job = _submit()
    jobs.job_claim(job_id=job.pk, worker="w1")
    jobs.job_cancel(job=job, by=None)
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    report = jobs.jobs_sweep()
    assert report.cancelled == [job.pk] and report.recovered == []
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED and job.run_token is None
    assert "after its cancellation was requested" in job.events.last().reason
    assert jobs.job_claim(job_id=job.pk, worker="w2") is None


def test_a_queued_job_whose_cancellation_was_requested_is_cancelled_by_the_sweeper():
    job = _submit()
    Job.objects.filter(pk=job.pk).update(cancel_requested=True)  # e.g. re-queued by an older sweeper
    assert jobs.jobs_sweep().cancelled == [job.pk]
    assert Job.objects.get(pk=job.pk).status == JobStatus.CANCELLED


def test_a_delivery_that_finds_a_cancel_requested_queued_job_ends_it():
    job = _submit()
    Job.objects.filter(pk=job.pk).update(cancel_requested=True)
    assert jobs.job_claim(job_id=job.pk, worker="w1") is None
    assert Job.objects.get(pk=job.pk).status == JobStatus.CANCELLED


def test_a_transient_error_after_a_cancel_request_ends_cancelled(monkeypatch):
    from shifts.jobs import diagnostic as jobkinds_builtin

    job = _submit()
    run = jobs.job_claim(job_id=job.pk, worker="w1")

    def cancelled_then_flaky(ctx):
        jobs.job_cancel(job=ctx.job, by=None)
        raise jobs.TransientJobError("catalog feed unreachable")

    monkeypatch.setitem(
        jobkinds._KINDS,
        "diagnostic",
        dataclasses.replace(jobkinds_builtin.DIAGNOSTIC, run=cancelled_then_flaky),
    )
    jobs.job_execute(run)
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED and job.due_at is None
