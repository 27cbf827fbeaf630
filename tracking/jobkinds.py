"""Tracking's job kinds, registered into the shifts registry from TrackingConfig.ready()."""

from datetime import datetime

from django.utils import timezone
from rest_framework import serializers

from shifts.jobs import kinds as jobkinds
from shifts.jobs.kinds import JobError
from shifts.jobs.models import Job
from tracking import selectors
from tracking.astro.screening import MAX_WINDOW_S, merge_chunks
from tracking.identification.models import ObservationBatch
from tracking.models import CatalogImport, ElementSet
from tracking.services import drop_folder, maneuvers, passes, screening
from tracking.staleness import Age, age_at


class WindowParams(serializers.Serializer):
    """A time window that starts now unless the caller says when."""

    start = serializers.DateTimeField(
        required=False, label="Window start", help_text="UTC start of the window (default: now)"
    )

    def validate(self, attrs: dict) -> dict:
        attrs.setdefault("start", timezone.now().replace(microsecond=0))
        return attrs


class ScreeningParams(WindowParams):
    window_hours = serializers.FloatField(
        min_value=0.1, max_value=MAX_WINDOW_S / 3600, default=24, label="Window (hours)"
    )
    threshold_km = serializers.FloatField(
        min_value=0.01, max_value=100, default=5, label="Threshold (km)", help_text="miss distance at TCA"
    )
    primaries = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        default=list,
        label="Primaries",
        help_text="catalog numbers to screen against the catalog; empty: all vs all",
    )
    pieces = serializers.IntegerField(
        min_value=1, max_value=32, default=4, label="Pieces", help_text="pieces across workers"
    )


def _request(params: dict) -> screening.ScreeningRequest:
    return screening.ScreeningRequest(
        start=datetime.fromisoformat(params["start"]),
        window_hours=params["window_hours"],
        threshold_km=params["threshold_km"],
        primaries=tuple(params["primaries"]),
    )


def _screening_plan(ctx) -> list[dict]:
    ids = [s.pk for s in selectors.latest_element_sets()]
    if len(ids) < 2:
        raise JobError("the catalog holds fewer than two objects with element sets: import a catalog first")
    pieces = ctx.params["pieces"]  # pieces split the time grid, so any catalog size splits evenly
    return [{"index": i, "pieces": pieces, "element_set_ids": ids} for i in range(pieces)]


def _screening_piece(ctx, piece: dict) -> dict:
    ctx.check_cancelled()
    return screening.screening_chunk(
        _request(ctx.params), piece["element_set_ids"], piece["index"], piece["pieces"]
    )


def _screening_store(job: Job, outputs: list[dict]) -> dict:
    ids = job.chunks.order_by("index").first().input["element_set_ids"]
    by_id = ElementSet.objects.select_related("space_object").in_bulk(ids)
    result = merge_chunks(outputs)
    encounters = screening.encounters_from(result.encounters, [by_id[pk] for pk in ids])
    screening.conjunctions_store(job=job, encounters=encounters)
    ages = [age_at(s, datetime.fromisoformat(job.params["start"])) for s in by_id.values()]
    return {
        "objects": len(ids),
        "conjunctions": len(encounters),
        # None, not 0.0, when nothing was found: a zero reads as a collision.
        "closest_km": round(min(e.miss_km for e in encounters), 3) if encounters else None,
        "excluded_objects": len(result.excluded),
        **_age_summary(ages),
    }


def _age_summary(ages: list[Age]) -> dict:
    """How old the element sets a run used were at its start, for the job page."""
    return {
        "oldest_element_set_days": round(max((a.days for a in ages), default=0.0), 1),
        "stale_element_sets": sum(a.stale for a in ages),
    }


SCREENING = jobkinds.register(
    jobkinds.JobKind(
        name=selectors.SCREENING_KIND,
        title="Conjunction screening",
        params=ScreeningParams,
        run=_screening_plan,
        run_chunk=_screening_piece,
        store=_screening_store,
        queue="tracking",
    )
)


class PassParams(WindowParams):
    norad_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1), min_length=1, max_length=2000, label="Catalog numbers"
    )
    sensors = serializers.ListField(
        child=serializers.CharField(), default=list, label="Sensors", help_text="sensor codes; empty: all"
    )
    window_hours = serializers.FloatField(min_value=0.1, max_value=72, default=24, label="Window (hours)")


def _passes_run(ctx) -> list:
    return passes.passes_predict(
        norad_ids=ctx.params["norad_ids"],
        sensor_codes=ctx.params["sensors"],
        start=datetime.fromisoformat(ctx.params["start"]),
        window_hours=ctx.params["window_hours"],
        progress=ctx.progress,
    )


def _passes_store(job: Job, outputs: list) -> dict:
    [found] = outputs
    stored = passes.passes_store(job=job, passes=found)
    start = datetime.fromisoformat(job.params["start"])
    used = ElementSet.objects.filter(pk__in={p.element_set_id for p in stored})
    return {
        "passes": len(stored),
        "sensors": len({p.sensor_id for p in stored}),
        **_age_summary([age_at(s, start) for s in used]),
    }


PASSES = jobkinds.register(
    jobkinds.JobKind(
        name=selectors.PASS_KIND,
        title="Sensor pass prediction",
        params=PassParams,
        run=_passes_run,
        store=_passes_store,
        queue="tracking",
    )
)


class CatalogImportParams(serializers.Serializer):
    file = serializers.CharField(help_text="the name of a file the drop-folder scanner claimed into queued/")

    def validate_file(self, name: str) -> str:
        try:
            drop_folder.claimed_file(name)
        except JobError as exc:
            raise serializers.ValidationError(str(exc)) from None
        return name


def _drop_import_run(ctx) -> int:
    # Importing is idempotent, so it may run outside the fenced transaction: a rejected
    # file's report is kept even though the job fails.
    return drop_folder.drop_file_import(ctx.params["file"]).pk


def _drop_import_store(job: Job, outputs: list[int]) -> dict:
    report = CatalogImport.objects.get(pk=outputs[0])
    return {
        "import_report": report.pk,
        "new_objects": report.new_objects,
        "updated": report.updated_objects,
        "unchanged": report.unchanged,
    }


CATALOG_IMPORT = jobkinds.register(
    jobkinds.JobKind(
        name="catalog_import",
        title="Catalog import from the drop folder",
        params=CatalogImportParams,
        run=_drop_import_run,
        store=_drop_import_store,
        internal=True,  # created by the drop-folder scanner only
    )
)


class ManeuverParams(serializers.Serializer):
    norad_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1), min_length=1, max_length=500, label="Catalog numbers"
    )


def _maneuvers_store(job: Job, outputs: list) -> dict:
    [detections] = outputs
    stored = maneuvers.maneuvers_store(job=job, detections=detections)
    return {"maneuvers": len(stored), "objects": len({m.space_object_id for m in stored})}


MANEUVERS = jobkinds.register(
    jobkinds.JobKind(
        name="maneuver_detection",
        title="Manoeuvre detection",
        params=ManeuverParams,
        run=lambda ctx: maneuvers.maneuvers_detect(norad_ids=ctx.params["norad_ids"]),
        store=_maneuvers_store,
        queue="tracking",
    )
)


class ObservationImportParams(serializers.Serializer):
    file = serializers.CharField(help_text="the name of a file the drop-folder scanner claimed into queued/")

    def validate_file(self, name: str) -> str:
        try:
            drop_folder.OBSERVATIONS.claimed(name)
        except JobError as exc:
            raise serializers.ValidationError(str(exc)) from None
        return name


def _observation_import_run(ctx) -> dict:
    # Importing is idempotent (the same bytes are the same batch), so it runs outside the fence.
    batch = drop_folder.observation_file_import(ctx.params["file"])
    return {"batch": batch.pk, "duplicate": batch.duplicate}


def _observation_import_store(job: Job, outputs: list[dict]) -> dict:
    [output] = outputs
    batch = ObservationBatch.objects.get(pk=output["batch"])
    return {
        "batch": batch.pk,
        "already_imported": output["duplicate"],
        "tracks": batch.track_count,
        "observations": batch.observation_count,
        "correlation_job": batch.correlation_job_id,
    }


OBSERVATION_IMPORT = jobkinds.register(
    jobkinds.JobKind(
        name=drop_folder.OBSERVATIONS.kind,
        title="Observation import from the drop folder",
        params=ObservationImportParams,
        run=_observation_import_run,
        store=_observation_import_store,
        internal=True,  # created by the drop-folder scanner only
    )
)
