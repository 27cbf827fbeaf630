"""Conjunction screening of the catalog: the service behind the job and the `screen` command."""

from dataclasses import dataclass
from datetime import datetime

import numpy as np
from django.db import transaction

from shifts.jobs.models import Job
from tracking import selectors
from tracking.astro import screening
from tracking.astro.time import datetime_to_jd, jd_to_datetime
from tracking.models import Conjunction, ElementSet


@dataclass(frozen=True)
class ScreeningRequest:
    start: datetime
    window_hours: float = 24.0
    threshold_km: float = 5.0
    primaries: tuple[int, ...] = ()


@dataclass(frozen=True)
class Encounter:
    primary: ElementSet
    secondary: ElementSet
    tca: datetime
    miss_km: float
    relative_speed_km_s: float
    radial_km: float
    in_track_km: float
    cross_track_km: float


def _core_args(request: ScreeningRequest, element_sets: list[ElementSet]) -> dict:
    start_jd, start_fr = datetime_to_jd(request.start)
    primaries = None
    if request.primaries:
        wanted = set(request.primaries)
        primaries = [i for i, s in enumerate(element_sets) if s.space_object.norad_id in wanted]
    return {
        "tles": selectors.tle_lines(element_sets),
        "start_jd": start_jd,
        "start_fr": start_fr,
        "window_s": request.window_hours * 3600.0,
        "threshold_km": request.threshold_km,
        "primaries": primaries,
    }


def screening_run(request: ScreeningRequest) -> list[Encounter]:
    """Screen the catalog in this process (the command line's path)."""
    element_sets = selectors.latest_element_sets()
    result = screening.screen(**_core_args(request, element_sets))
    return encounters_from(result.encounters, element_sets)


def screening_chunk(request: ScreeningRequest, element_set_ids: list[int], index: int, n_chunks: int) -> dict:
    """One piece of a screening job, over the snapshot of element sets the job took."""
    by_id = ElementSet.objects.select_related("space_object").in_bulk(element_set_ids)
    element_sets = [by_id[pk] for pk in element_set_ids]
    return screening.screen_chunk(**_core_args(request, element_sets), chunk_index=index, n_chunks=n_chunks)


def encounters_from(rows: np.ndarray, element_sets: list[ElementSet]) -> list[Encounter]:
    return [
        Encounter(
            primary=element_sets[int(row["index_1"])],
            secondary=element_sets[int(row["index_2"])],
            tca=jd_to_datetime(float(row["tca_jd"]), float(row["tca_fr"])),
            **{
                name: float(row[name])
                for name in ("miss_km", "relative_speed_km_s", "radial_km", "in_track_km", "cross_track_km")
            },
        )
        for row in rows
    ]


def conjunctions_store(*, job: Job, encounters: list[Encounter]) -> list[Conjunction]:
    """Replace the job's conjunctions; each carries at least the job's marking."""
    with transaction.atomic():
        Conjunction.objects.filter(job=job).delete()
        created = Conjunction.objects.bulk_create(
            Conjunction(
                job=job,
                classification=job.classification,
                primary_id=e.primary.space_object_id,
                secondary_id=e.secondary.space_object_id,
                primary_element_set=e.primary,
                secondary_element_set=e.secondary,
                tca=e.tca,
                miss_km=e.miss_km,
                relative_speed_km_s=e.relative_speed_km_s,
                radial_km=e.radial_km,
                in_track_km=e.in_track_km,
                cross_track_km=e.cross_track_km,
            )
            for e in encounters
        )
        nations = list(job.releasable_to.all())
        through = Conjunction.releasable_to.through
        through.objects.bulk_create(
            through(conjunction_id=c.pk, nation_id=n.pk) for c in created for n in nations
        )
    return created
