"""The diagnostic job: works for a given time, reporting progress, and writes one row.

Operators use it to check the workers end to end; the fault tests use it as their load.
"""

import socket
import time

from rest_framework import serializers

from shifts.jobs import kinds as jobkinds
from shifts.jobs.models import DiagnosticResult, Job


class DiagnosticParams(serializers.Serializer):
    seconds = serializers.FloatField(
        min_value=0, max_value=3600, default=5, label="Seconds of work", help_text="how long the job works"
    )
    steps = serializers.IntegerField(
        min_value=1, max_value=1000, default=20, label="Steps", help_text="progress reports along the way"
    )


def _run(ctx) -> float:
    seconds, steps = ctx.params["seconds"], ctx.params["steps"]
    started = time.monotonic()
    for step in range(steps):
        ctx.progress(100 * step // steps, f"working: step {step + 1} of {steps}")
        time.sleep(seconds / steps)
    return time.monotonic() - started


def _store(job: Job, outputs: list[float]) -> dict:
    [worked_s] = outputs
    DiagnosticResult.objects.filter(job=job).delete()
    DiagnosticResult.objects.create(
        job=job, worked_s=worked_s, worker=socket.gethostname(), attempt=job.attempts
    )
    return {"worked_s": round(worked_s, 3)}


DIAGNOSTIC = jobkinds.register(
    jobkinds.JobKind(
        name="diagnostic",
        title="Worker diagnostic",
        params=DiagnosticParams,
        run=_run,
        store=_store,
    )
)
