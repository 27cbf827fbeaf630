"""Sensor pass prediction over the catalog: the service behind the pass-prediction job."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from shifts.jobs.kinds import JobError
from shifts.jobs.models import Job
from tracking import selectors
from tracking.astro.passes import VisibilityLimits, predict_passes_for_sites
from tracking.astro.time import datetime_to_jd, jd_to_datetime
from tracking.astro.topocentric import Site
from tracking.formats import to_satrec
from tracking.models import PredictedPass, Sensor


@dataclass(frozen=True)
class FoundPass:
    sensor_id: int
    space_object_id: int
    element_set_id: int
    rise: datetime
    culmination: datetime
    set: datetime
    max_elevation_deg: float
    rise_azimuth_deg: float
    set_azimuth_deg: float


def passes_predict(
    *,
    norad_ids: list[int],
    sensor_codes: list[str],
    start: datetime,
    window_hours: float,
    progress: Callable[[float, str], None] = lambda percent, message: None,
) -> list[FoundPass]:
    element_sets = selectors.latest_element_sets(norad_ids)
    missing = sorted(set(norad_ids) - {s.space_object.norad_id for s in element_sets})
    if missing:
        raise JobError(f"no element set for catalog numbers {', '.join(map(str, missing[:20]))}")
    sensors = list(Sensor.objects.filter(code__in=sensor_codes) if sensor_codes else Sensor.objects.all())
    unknown = sorted(set(sensor_codes) - {s.code for s in sensors})
    if unknown:
        raise JobError(f"unknown sensors: {', '.join(unknown)}")
    satrecs = [to_satrec(selectors.element_record(s)) for s in element_sets]
    jd, fr = datetime_to_jd(start)
    progress(0, f"{len(satrecs)} objects over {len(sensors)} sensors")
    # One batch propagation serves every sensor.
    searches = predict_passes_for_sites(
        satrecs,
        [(Site(s.latitude_deg, s.longitude_deg, s.altitude_m), _limits(s)) for s in sensors],
        jd,
        fr,
        window_hours * 3600.0,
    )
    found = []
    for sensor, search in zip(sensors, searches, strict=True):
        found.extend(
            FoundPass(
                sensor_id=sensor.pk,
                space_object_id=element_sets[p.sat_index].space_object_id,
                element_set_id=element_sets[p.sat_index].pk,
                rise=jd_to_datetime(p.rise_jd),
                culmination=jd_to_datetime(p.culmination_jd),
                set=jd_to_datetime(p.set_jd),
                max_elevation_deg=p.max_elevation_deg,
                rise_azimuth_deg=p.rise_azimuth_deg,
                set_azimuth_deg=p.set_azimuth_deg,
            )
            for p in search.passes
        )
    return found


def _limits(sensor: Sensor) -> VisibilityLimits:
    return VisibilityLimits(
        sensor.min_elevation_deg, sensor.max_range_km, sensor.azimuth_min_deg, sensor.azimuth_max_deg
    )


def passes_store(*, job: Job, passes: list[FoundPass]) -> list[PredictedPass]:
    with transaction.atomic():
        PredictedPass.objects.filter(job=job).delete()
        return PredictedPass.objects.bulk_create(PredictedPass(job=job, **vars(p)) for p in passes)
