"""Identification's job kind: correlating an observation batch, split by sensor across workers."""

from rest_framework import serializers

from shifts.jobs import kinds as jobkinds
from shifts.jobs.kinds import JobError
from shifts.jobs.models import Job
from tracking.identification.models import ObservationBatch
from tracking.identification.services import correlation

CORRELATION_KIND = "observation_correlation"


class CorrelationParams(serializers.Serializer):
    batch = serializers.IntegerField(min_value=1, label="Observation batch", help_text="the batch's number")
    pieces = serializers.IntegerField(
        min_value=1, max_value=32, default=4, label="Pieces", help_text="pieces across workers (by sensor)"
    )

    def validate_batch(self, pk: int) -> int:
        if not ObservationBatch.objects.filter(pk=pk).exists():
            raise serializers.ValidationError(f"there is no observation batch {pk}")
        return pk


def _plan(ctx) -> list[dict]:
    pieces = correlation.sensor_pieces(ctx.params["batch"], ctx.params["pieces"])
    if not pieces:
        raise JobError("the batch has no tracks left to correlate (all decided by analysts)")
    return pieces


def _piece(ctx, piece: dict) -> list[dict]:
    ctx.check_cancelled()
    return correlation.tracks_correlate(piece["track_ids"])


def _store(job: Job, outputs: list[list[dict]]) -> dict:
    summary = correlation.outcomes_store(outputs=[o for piece in outputs for o in piece], job=job)
    ObservationBatch.objects.filter(pk=job.params["batch"]).update(correlation_job=job)
    return {"batch": job.params["batch"], **summary}


CORRELATION = jobkinds.register(
    jobkinds.JobKind(
        name=CORRELATION_KIND,
        title="Observation correlation",
        params=CorrelationParams,
        run=_plan,
        run_chunk=_piece,
        store=_store,
        queue="tracking",
    )
)
