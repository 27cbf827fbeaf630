"""Thin Celery tasks: take an id, claim, call one service. State lives in shifts.Job."""

from celery import shared_task

from shifts.jobs import services as jobs


@shared_task(name="shifts.run_job", bind=True)
def run_job(self, job_id: int) -> None:
    run = jobs.job_claim(job_id=job_id, worker=self.request.hostname or "worker")
    if run is not None:
        jobs.job_execute(run)


@shared_task(name="shifts.run_job_chunk", bind=True)
def run_job_chunk(self, job_id: int, index: int, token: str) -> None:
    jobs.job_chunk_execute(job_id=job_id, index=index, token=token, worker=self.request.hostname or "worker")


@shared_task(name="shifts.sweep_jobs")
def sweep_jobs() -> dict:
    report = jobs.jobs_sweep()
    return {name: len(ids) for name, ids in vars(report).items()}
