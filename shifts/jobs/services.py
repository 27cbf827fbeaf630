"""The durable job engine: submit, claim, run, finish, recover, cancel, hand over.

Delivery through Redis is at least once; the effect is exactly once because
- a run starts only by a conditional claim (queued -> running) that issues a fresh
  `run_token`, so a duplicate message finds nothing to claim;
- every write of a run (progress, heartbeat, results, outcome) is fenced by that token,
  so a run the sweeper has given up on can no longer write;
- results are written by the kind's `store` in the same transaction that marks the job
  done, replacing any earlier results of the job.
"""

import logging
import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from shifts.jobs import kinds as jobkinds
from shifts.jobs import signals
from shifts.jobs.kinds import JobError, TransientJobError
from shifts.jobs.models import OPEN_JOB_STATUSES, Job, JobChunk, JobEvent, JobStatus
from shifts.jobs.perms import job_action_refusal
from shifts.markings.models import Nation
from shifts.markings.services import check_marking
from shifts.refusals import Refusal
from shifts.workforce.models import Officer, Shift

log = logging.getLogger(__name__)
S = JobStatus

# Every allowed change of status, in one place.
TRANSITIONS: dict[str, set[str]] = {
    S.QUEUED: {S.RUNNING, S.CANCELLED, S.FAILED},
    S.RUNNING: {S.SUCCEEDED, S.NEEDS_REVIEW, S.FAILED, S.CANCELLED, S.QUEUED},
    S.NEEDS_REVIEW: {S.SUCCEEDED, S.FAILED},
    S.SUCCEEDED: {S.QUEUED},
    S.FAILED: {S.QUEUED},
    S.CANCELLED: {S.QUEUED},
}
TERMINAL = {S.SUCCEEDED, S.FAILED, S.CANCELLED}


class JobParamsError(JobError):
    """The parameters a kind's serializer refused: `errors` maps each field to its messages."""

    def __init__(self, kind: str, errors: dict):
        self.errors = {name: _messages(detail) for name, detail in errors.items()}
        detail = "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in self.errors.items())
        super().__init__(f"invalid parameters for {kind}: {detail}")


def _messages(detail) -> list[str]:
    """A serializer's errors for one field as sentences; a list's items are named by position."""
    if isinstance(detail, dict):
        return [
            f"item {int(key) + 1}: {message}" if str(key).isdigit() else f"{key}: {message}"
            for key, inner in detail.items()
            for message in _messages(inner)
        ]
    if isinstance(detail, list):
        return [message for inner in detail for message in _messages(inner)]
    return [str(detail)]


class InvalidTransition(JobError):
    pass


class JobSuperseded(Exception):
    """This run no longer owns the job (the sweeper re-queued it, or it was cancelled)."""


class JobCancelled(Exception):
    pass


def _cfg(name: str) -> int:
    return settings.OPSCENTER[name]


def _label(user: AbstractBaseUser | None, fallback: str) -> str:
    return user.get_username() if user is not None else fallback


def _transition(
    job: Job,
    to: str,
    *,
    reason: str,
    actor: AbstractBaseUser | None = None,
    actor_label: str = "system",
    token: uuid.UUID | None = None,
    **fields: Any,
) -> Job:
    """Move a locked job row to `to`, writing the event. Call inside transaction.atomic()."""
    if token is not None and job.run_token != token:
        raise JobSuperseded(job.pk)
    if to not in TRANSITIONS[job.status]:
        raise InvalidTransition(f"job {job.pk} cannot go from {job.status} to {to}")
    JobEvent.objects.create(
        job=job,
        actor=actor,
        actor_label=_label(actor, actor_label),
        from_status=job.status,
        to_status=to,
        reason=reason,
    )
    job.status = to
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=["status", "updated_at", *fields])
    if to == S.FAILED:
        job_id = job.pk
        transaction.on_commit(lambda: signals.job_failed.send(Job, job_id=job_id), robust=True)
    return job


def _locked(job_id: int) -> Job:
    return Job.objects.select_for_update().get(pk=job_id)


def _dispatch_on_commit(job: Job) -> None:
    job_id = job.pk
    # robust: a broker that is down must not fail the request; the sweeper sends it later.
    transaction.on_commit(lambda: job_dispatch(job_id=job_id), robust=True)


def job_dispatch(*, job_id: int) -> None:
    """Send the message that makes a worker run a queued job."""
    from shifts.jobs.tasks import run_job

    job = Job.objects.get(pk=job_id)
    if job.status != S.QUEUED:
        return
    task_id = str(uuid.uuid4())
    Job.objects.filter(pk=job_id, status=S.QUEUED).update(
        dispatched_at=timezone.now(), due_at=None, task_id=task_id
    )
    run_job.apply_async(args=[job_id], queue=jobkinds.get(job.kind).queue, task_id=task_id)


def job_submit(
    *,
    kind: str,
    params: dict,
    requested_by: AbstractBaseUser | None = None,
    shift: Shift | None = None,
    classification: int | None = None,
    releasable_to: list[Nation] | None = None,
    via: str = "ui",
) -> Job:
    """A job a person (page, API) or an operator (command line, no user) submits.

    Internal kinds are refused; a person marks the job no higher than they may read
    (the marking rule of every write, shifts.markings.services.check_marking).
    """
    job_kind = jobkinds.get(kind)
    if job_kind.internal:
        raise JobError(f"{kind} jobs are created by the system only, not submitted")
    if requested_by is not None:
        check_marking(_officer(requested_by), classification or 0, releasable_to)
    return _create(
        job_kind,
        params,
        requested_by=requested_by,
        shift=shift,
        classification=classification,
        releasable_to=releasable_to,
        via=via,
    )


def job_submit_internal(
    *,
    kind: str,
    params: dict,
    via: str,
    requested_by: AbstractBaseUser | None = None,
    classification: int | None = None,
    releasable_to: list[Nation] | None = None,
) -> Job:
    """A job the system creates for itself (the drop-folder scanner, an import's follow-up): any kind.

    Marked like what it works on (default: the default marking), whose writer already passed the
    marking rule; `requested_by` is the person whose action made the system submit it."""
    return _create(
        jobkinds.get(kind),
        params,
        via=via,
        requested_by=requested_by,
        classification=classification,
        releasable_to=releasable_to,
    )


def _officer(user: AbstractBaseUser) -> Officer:
    officer = getattr(user, "officer", None)
    if officer is None or not officer.active:
        raise Refusal(
            f"{user.get_username()} is not an active officer: only an officer can act on the watch's jobs",
            rule="job_permission",
        )
    return officer


def _create(
    job_kind: jobkinds.JobKind,
    params: dict,
    *,
    via: str,
    requested_by: AbstractBaseUser | None = None,
    shift: Shift | None = None,
    classification: int | None = None,
    releasable_to: list[Nation] | None = None,
) -> Job:
    from shifts.workforce.selectors import shift_on_watch

    serializer = job_kind.params(data=params)
    if not serializer.is_valid():
        raise JobParamsError(job_kind.name, serializer.errors)
    with transaction.atomic():
        job = Job.objects.create(
            kind=job_kind.name,
            params=serializer.data,  # the JSON form: what a worker reads back
            requested_by=requested_by,
            shift=shift or shift_on_watch(),
            **({} if classification is None else {"classification": classification}),
        )
        job.releasable_to.set(releasable_to if releasable_to is not None else Nation.objects.all())
        JobEvent.objects.create(
            job=job,
            actor=requested_by,
            actor_label=_label(requested_by, via),
            to_status=S.QUEUED,
            reason=f"submitted via {via}",
        )
        _dispatch_on_commit(job)
    return job


@dataclass
class JobRun:
    job: Job
    token: uuid.UUID


def job_claim(*, job_id: int, worker: str) -> JobRun | None:
    """Start a run if the job is still queued; None when another delivery got there first."""
    token = uuid.uuid4()
    now = timezone.now()
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != S.QUEUED:
            return None
        if job.cancel_requested:
            _cancelled(job, reason="cancelled before a worker started it again", actor_label=worker)
            return None
        _transition(
            job,
            S.RUNNING,
            reason=f"claimed by {worker} (attempt {job.attempts + 1})",
            actor_label=worker,
            run_token=token,
            worker=worker,
            attempts=job.attempts + 1,
            started_at=now,
            heartbeat_at=now,
            progress_percent=0,
            progress_message="started",
        )
    return JobRun(job=job, token=token)


@dataclass
class JobContext:
    """What a kind's `run` sees: its parameters, and progress reports that double as safe points."""

    run: JobRun
    params: dict = field(init=False)

    def __post_init__(self) -> None:
        self.params = self.run.job.params

    @property
    def job(self) -> Job:
        return self.run.job

    def progress(self, percent: float, message: str = "") -> None:
        updated = Job.objects.filter(pk=self.job.pk, run_token=self.run.token, status=S.RUNNING).update(
            progress_percent=max(0, min(100, int(percent))),
            progress_message=message[:200],
            heartbeat_at=timezone.now(),
            updated_at=timezone.now(),
        )
        if not updated:
            raise JobSuperseded(self.job.pk)
        self.check_cancelled()

    def check_cancelled(self) -> None:
        if Job.objects.filter(pk=self.job.pk, cancel_requested=True).exists():
            raise JobCancelled(self.job.pk)


class _Heartbeat(threading.Thread):
    """Keeps the heartbeat fresh while a kind computes between progress reports."""

    def __init__(self, run: JobRun):
        super().__init__(daemon=True, name=f"job-{run.job.pk}-heartbeat")
        self.run_ = run
        self.stopped = threading.Event()
        self.interval_s = max(0.2, _cfg("JOB_HEARTBEAT_STALE_S") / 4)

    def run(self) -> None:
        try:
            while not self.stopped.wait(self.interval_s):
                Job.objects.filter(pk=self.run_.job.pk, run_token=self.run_.token, status=S.RUNNING).update(
                    heartbeat_at=timezone.now()
                )
        except Exception:  # a missed beat is recovered by the sweeper; never kill the run
            log.exception("heartbeat of job %s failed", self.run_.job.pk)
        finally:
            connection.close()


def job_execute(run: JobRun) -> None:
    """Run a claimed job to its outcome, recording it; never raises for the job's own failures."""
    kind = jobkinds.get(run.job.kind)
    if kind.run_chunk is None:
        _guarded(run, lambda: _finish(run, kind, [kind.run(JobContext(run))]))
    else:
        _guarded(run, lambda: _fan_out(run, kind.run(JobContext(run))))


def job_chunk_execute(*, job_id: int, index: int, token: str, worker: str) -> None:
    """Run one piece of a fanned-out job; the piece that finishes last completes the job."""
    chunk = JobChunk.objects.filter(job_id=job_id, index=index, run_token=token, finished_at=None).first()
    job = Job.objects.filter(pk=job_id, run_token=token, status=S.RUNNING).first()
    if chunk is None or job is None:
        return  # a duplicate delivery, or a run that was given up: nothing to do
    run = JobRun(job=job, token=chunk.run_token)
    kind = jobkinds.get(job.kind)
    _guarded(
        run, lambda: _finish_chunk(run, kind, chunk, kind.run_chunk(JobContext(run), chunk.input), worker)
    )


def _guarded(run: JobRun, work) -> None:
    heartbeat = _Heartbeat(run)
    heartbeat.start()
    try:
        work()
    except JobSuperseded:
        log.info("job %s: run %s superseded; its work is discarded", run.job.pk, run.token)
    except JobCancelled:
        _end(run, S.CANCELLED, "cancelled at a safe point", progress_message="cancelled")
    except TransientJobError as exc:
        _retry_later(run, str(exc))
    except SoftTimeLimitExceeded:
        limit = settings.CELERY_TASK_SOFT_TIME_LIMIT
        _end(run, S.FAILED, f"exceeded the time limit of {limit} s", error_message=f"Stopped after {limit} s")
    except JobError as exc:
        _end(run, S.FAILED, str(exc), error_message=str(exc))
    except Exception as exc:
        log.exception("job %s failed", run.job.pk)
        message = f"Unexpected error on worker {run.job.worker}: {type(exc).__name__}: {exc}"
        _end(run, S.FAILED, message, error_message=message)
    finally:
        heartbeat.stopped.set()
        heartbeat.join()


def _fan_out(run: JobRun, inputs: list[dict]) -> None:
    from shifts.jobs.tasks import run_job_chunk

    if not inputs:
        raise JobError("nothing to do: the job split into no pieces")
    queue = jobkinds.get(run.job.kind).queue
    with transaction.atomic():
        job = _locked(run.job.pk)
        if job.run_token != run.token or job.status != S.RUNNING:
            raise JobSuperseded(job.pk)
        JobChunk.objects.filter(job=job).delete()
        JobChunk.objects.bulk_create(
            JobChunk(job=job, index=i, run_token=run.token, input=data) for i, data in enumerate(inputs)
        )
        job.progress_message = f"split into {len(inputs)} pieces"
        job.save(update_fields=["progress_message", "updated_at"])
        token = str(run.token)
        for index in range(len(inputs)):
            transaction.on_commit(
                lambda i=index: run_job_chunk.apply_async(args=[job.pk, i, token], queue=queue), robust=True
            )


def _finish_chunk(run: JobRun, kind: jobkinds.JobKind, chunk: JobChunk, output: Any, worker: str) -> None:
    with transaction.atomic():
        job = _locked(run.job.pk)
        if job.run_token != run.token or job.status != S.RUNNING:
            raise JobSuperseded(job.pk)
        updated = JobChunk.objects.filter(pk=chunk.pk, finished_at=None).update(
            output=output, worker=worker, finished_at=timezone.now()
        )
        if not updated:
            return
        pieces = list(JobChunk.objects.filter(job=job, run_token=run.token).order_by("index"))
        done = sum(1 for piece in pieces if piece.finished_at)
        if done == len(pieces):
            _finish(run, kind, [piece.output for piece in pieces])
            return
        job.progress_percent = 100 * done // len(pieces)
        job.progress_message = f"{done} of {len(pieces)} pieces done"
        job.save(update_fields=["progress_percent", "progress_message", "updated_at"])


def _finish(run: JobRun, kind: jobkinds.JobKind, outputs: list) -> None:
    with transaction.atomic():
        job = _locked(run.job.pk)
        if job.run_token != run.token or job.status != S.RUNNING:
            raise JobSuperseded(job.pk)
        summary = kind.store(job, outputs)
        to = S.NEEDS_REVIEW if kind.needs_review(summary) else S.SUCCEEDED
        _transition(
            job,
            to,
            reason="finished" if to == S.SUCCEEDED else "finished; results wait for an analyst",
            actor_label=job.worker,
            token=run.token,
            result_summary=summary,
            error_message="",
            progress_percent=100,
            progress_message="done",
            finished_at=timezone.now(),
        )


def _end(run: JobRun, to: str, reason: str, **fields: Any) -> None:
    try:
        with transaction.atomic():
            job = _locked(run.job.pk)
            _transition(
                job,
                to,
                reason=reason,
                actor_label=job.worker,
                token=run.token,
                finished_at=timezone.now(),
                **fields,
            )
    except JobSuperseded:
        log.info("job %s: run %s superseded before it could record %s", run.job.pk, run.token, to)


def _backoff_s(attempts: int) -> int:
    return min(600, 5 * 2 ** max(0, attempts - 1))


def _retry_later(run: JobRun, error: str) -> None:
    with transaction.atomic():
        job = _locked(run.job.pk)
        if job.run_token != run.token:
            return
        if job.cancel_requested:
            _cancelled(job, reason=f"cancelled; not retried after: {error}", actor_label=job.worker)
            return
        if job.attempts >= _cfg("JOB_MAX_ATTEMPTS"):
            _transition(
                job,
                S.FAILED,
                reason=f"gave up after {job.attempts} attempts: {error}",
                actor_label=job.worker,
                error_message=error,
                finished_at=timezone.now(),
            )
            return
        delay_s = _backoff_s(job.attempts)
        _transition(
            job,
            S.QUEUED,
            reason=f"transient error, retry in {delay_s} s: {error}",
            actor_label=job.worker,
            due_at=timezone.now() + timedelta(seconds=delay_s),
            dispatched_at=None,
            run_token=None,
            progress_message=f"waiting to retry: {error}"[:200],
        )


def _require_may_act(by: AbstractBaseUser | None, job: Job, action: str) -> None:
    """A person acts under shifts.jobs.perms.job_action_refusal; `by=None` is the system or an operator."""
    refusal = job_action_refusal(by, job, action) if by is not None else None
    if refusal is not None:
        raise refusal


def _cancelled(job: Job, *, reason: str, actor_label: str) -> Job:
    """End a locked job whose cancellation was requested and that no live run will record."""
    return _transition(
        job,
        S.CANCELLED,
        reason=reason,
        actor_label=actor_label,
        run_token=None,
        finished_at=timezone.now(),
        progress_message="cancelled",
    )


def job_cancel(*, job: Job, by: AbstractBaseUser | None, reason: str = "") -> Job:
    """Cancel in the database only: no message is revoked, so a broker that is down cannot hold it up.

    A delivery of a cancelled job finds nothing to claim; a running job stops at its next
    progress report, and if its worker dies first the sweeper ends it as cancelled.
    """
    _require_may_act(by, job, "cancel")
    why = reason or "cancelled by operator"
    with transaction.atomic():
        job = _locked(job.pk)
        if job.status == S.QUEUED:
            _transition(
                job,
                S.CANCELLED,
                reason=why,
                actor=by,
                cancel_requested=True,
                finished_at=timezone.now(),
                progress_message="cancelled",
            )
        elif job.status == S.RUNNING:
            # The running code stops at its next safe point and records the cancellation.
            job.cancel_requested = True
            job.progress_message = "cancellation requested"
            job.save(update_fields=["cancel_requested", "progress_message", "updated_at"])
            JobEvent.objects.create(
                job=job,
                actor=by,
                actor_label=_label(by, "system"),
                from_status=S.RUNNING,
                to_status=S.RUNNING,
                reason=f"cancellation requested: {why}",
            )
        else:
            raise InvalidTransition(f"job {job.pk} is {job.get_status_display().lower()}: nothing to cancel")
    return job


def job_rerun(*, job: Job, by: AbstractBaseUser | None) -> Job:
    _require_may_act(by, job, "re-run")
    with transaction.atomic():
        job = _locked(job.pk)
        _transition(
            job,
            S.QUEUED,
            reason="re-run requested; its results will be replaced",
            actor=by,
            attempts=0,
            cancel_requested=False,
            run_token=None,
            error_message="",
            progress_percent=0,
            progress_message="",
            due_at=None,
            finished_at=None,
        )
        _dispatch_on_commit(job)
    return job


@dataclass
class SweepReport:
    redispatched: list[int] = field(default_factory=list)
    recovered: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    adopted: list[int] = field(default_factory=list)
    cancelled: list[int] = field(default_factory=list)


def jobs_sweep(*, now: datetime | None = None) -> SweepReport:
    """Recover, without a person, what a lost message or a dead worker left behind.

    Every open job reaches an end: a queued job whose cancellation was requested is
    cancelled here, whatever happened to its messages or to the run that was asked to stop.
    """
    now = now or timezone.now()
    report = SweepReport()
    _sweep_cancel_requested(report)
    _sweep_lost_messages(now, report)
    _sweep_dead_workers(now, report)
    _adopt_unowned(report)
    return report


def _sweep_cancel_requested(report: SweepReport) -> None:
    for job_id in Job.objects.filter(status=S.QUEUED, cancel_requested=True).values_list("pk", flat=True):
        with transaction.atomic():
            job = _locked(job_id)
            if job.status == S.QUEUED and job.cancel_requested:
                _cancelled(job, reason="cancelled while waiting for a worker", actor_label="sweeper")
                report.cancelled.append(job_id)


def _sweep_lost_messages(now: datetime, report: SweepReport) -> None:
    stale = now - timedelta(seconds=_cfg("JOB_QUEUED_STALE_S"))
    due = Job.objects.filter(status=S.QUEUED, cancel_requested=False)
    never_sent = due.filter(dispatched_at__isnull=True).exclude(due_at__gt=now)
    lost = due.filter(dispatched_at__lt=stale)
    for job_id in never_sent.values_list("pk", flat=True):
        job_dispatch(job_id=job_id)
        report.redispatched.append(job_id)
    for job_id in lost.values_list("pk", flat=True):
        JobEvent.objects.create(
            job_id=job_id,
            actor_label="sweeper",
            from_status=S.QUEUED,
            to_status=S.QUEUED,
            reason=f"no worker took it within {_cfg('JOB_QUEUED_STALE_S')} s; sent again",
        )
        job_dispatch(job_id=job_id)
        report.redispatched.append(job_id)


def _sweep_dead_workers(now: datetime, report: SweepReport) -> None:
    stale_s = _cfg("JOB_HEARTBEAT_STALE_S")
    dead = Job.objects.filter(status=S.RUNNING, heartbeat_at__lt=now - timedelta(seconds=stale_s))
    # Pieces of a split job may wait in the queue behind other work with nobody beating for
    # them: like a queued job, they get the queued limit before the job counts as lost.
    waiting = Job.objects.filter(
        chunks__run_token=F("run_token"),
        chunks__finished_at__isnull=True,
        heartbeat_at__gte=now - timedelta(seconds=max(stale_s, _cfg("JOB_QUEUED_STALE_S"))),
    )
    dead = dead.exclude(pk__in=waiting.values("pk"))
    for job_id in dead.values_list("pk", flat=True):
        with transaction.atomic():
            job = _locked(job_id)
            if job.status != S.RUNNING or job.heartbeat_at >= now - timedelta(seconds=stale_s):
                continue
            lost = f"worker {job.worker} stopped its heartbeat (last {job.heartbeat_at:%H:%M:%SZ})"
            if job.cancel_requested:  # the run that was asked to stop died first: nothing to resume
                _cancelled(job, reason=f"{lost} after its cancellation was requested", actor_label="sweeper")
                report.cancelled.append(job_id)
                continue
            if job.attempts >= _cfg("JOB_MAX_ATTEMPTS"):
                message = f"{lost}; gave up after {job.attempts} attempts. Check the workers, then re-run."
                _transition(
                    job,
                    S.FAILED,
                    reason=message,
                    actor_label="sweeper",
                    run_token=None,
                    error_message=message,
                    finished_at=now,
                )
                report.failed.append(job_id)
                continue
            _transition(
                job,
                S.QUEUED,
                reason=f"{lost}; re-queued",
                actor_label="sweeper",
                run_token=None,
                dispatched_at=None,
                due_at=None,
                progress_message="re-queued after a worker was lost",
            )
            _dispatch_on_commit(job)
            report.recovered.append(job_id)


def _adopt_unowned(report: SweepReport) -> None:
    from shifts.workforce.selectors import shift_on_watch

    shift = shift_on_watch()
    if shift is None:
        return
    for job in Job.objects.filter(shift__isnull=True, status__in=OPEN_JOB_STATUSES):
        _set_owner(job, shift, actor=None, reason=f"unowned job taken by the shift on watch, {shift}")
        report.adopted.append(job.pk)


def _set_owner(job: Job, shift: Shift, *, actor: AbstractBaseUser | None, reason: str) -> None:
    Job.objects.filter(pk=job.pk).update(shift=shift, updated_at=timezone.now())
    JobEvent.objects.create(
        job=job,
        actor=actor,
        actor_label=_label(actor, "system"),
        from_status=job.status,
        to_status=job.status,
        reason=reason,
    )


def jobs_hand_over(*, from_shift: Shift, to_shift: Shift, by: AbstractBaseUser | None) -> list[Job]:
    """Move every open job of `from_shift` to `to_shift`, in one transaction, an event each."""
    with transaction.atomic():
        jobs = list(Job.objects.select_for_update().filter(shift=from_shift, status__in=OPEN_JOB_STATUSES))
        for job in jobs:
            _set_owner(job, to_shift, actor=by, reason=f"handed over from {from_shift} to {to_shift}")
    return jobs
