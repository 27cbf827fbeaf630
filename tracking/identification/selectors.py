"""Reads of identification's data, scoped by releasability: batches and tracks are marked, sensors not."""

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from shifts.markings.selectors import visible_to
from shifts.workforce.models import Officer
from tracking.identification.models import ObservationBatch, Track, TrackResult
from tracking.models import Sensor, SensorStatus, SensorStatusChange

OUTCOMES = (TrackResult.CORRELATED, TrackResult.AMBIGUOUS, TrackResult.UCT, TrackResult.PENDING)


def _with_counts(batches: QuerySet[ObservationBatch]) -> QuerySet[ObservationBatch]:
    """Each batch with `correlated`, `ambiguous`, `uct` and `pending`: its tracks per outcome."""
    return batches.annotate(
        **{
            outcome.value: Count("tracks", filter=Q(tracks__result=outcome), distinct=True)
            for outcome in OUTCOMES
        }
    )


def batches_visible_to(officer: Officer | None) -> QuerySet[ObservationBatch]:
    batches = ObservationBatch.objects.select_related("correlation_job", "uploaded_by")
    counted = _with_counts(visible_to(batches, officer)).prefetch_related("releasable_to")
    return counted.order_by("-created_at", "-id")  # an aggregate drops Meta.ordering


def batch_for(officer: Officer | None, pk: int) -> ObservationBatch:
    return get_object_or_404(batches_visible_to(officer), pk=pk)


def tracks_of(batch: ObservationBatch, officer: Officer | None) -> QuerySet[Track]:
    tracks = batch.tracks.select_related("sensor", "space_object").prefetch_related("releasable_to")
    return visible_to(tracks, officer).order_by("start", "id")


def sensors_by_status() -> list[Sensor]:
    """Every sensor, those not operational first (down, then degraded), then by code."""
    rank = {SensorStatus.DOWN: 0, SensorStatus.DEGRADED: 1, SensorStatus.OPERATIONAL: 2}
    return sorted(Sensor.objects.all(), key=lambda s: (rank.get(s.status, 0), s.code))


def sensor_for(code: str) -> Sensor:
    return get_object_or_404(Sensor, code=code)


def sensor_history(sensor: Sensor, limit: int = 100) -> QuerySet[SensorStatusChange]:
    return sensor.status_changes.select_related("changed_by__user", "changed_by__nation")[:limit]


def status_changes_since(since) -> QuerySet[SensorStatusChange]:
    return (
        SensorStatusChange.objects.filter(changed_at__gte=since)
        .select_related("sensor", "changed_by__user", "changed_by__nation")
        .order_by("changed_at", "id")
    )


def with_previous(changes: list[SensorStatusChange]) -> list[tuple[SensorStatusChange, str]]:
    """Each change with the status it left (operational before a sensor's first change)."""
    sensors = {c.sensor_id for c in changes}
    left: dict[int, str] = {}
    previous: dict[int, str] = {}
    for pk, sensor_id, status in (
        SensorStatusChange.objects.filter(sensor_id__in=sensors)
        .order_by("changed_at", "id")
        .values_list("pk", "sensor_id", "status")
    ):
        left[pk] = previous.get(sensor_id, SensorStatus.OPERATIONAL)
        previous[sensor_id] = status
    return [(c, left.get(c.pk, SensorStatus.OPERATIONAL)) for c in changes]
