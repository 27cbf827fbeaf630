"""Manoeuvre detection over the element-set history held in the catalog."""

from datetime import datetime

from django.db import transaction

from shifts.jobs.kinds import JobError
from shifts.jobs.models import Job
from tracking import selectors
from tracking.astro.maneuvers import detect_maneuvers
from tracking.formats import render_tle
from tracking.models import ElementSet, ManeuverDetection, SpaceObject


def maneuvers_detect(*, norad_ids: list[int]) -> list[tuple[int, datetime]]:
    objects = {o.norad_id: o for o in SpaceObject.objects.filter(norad_id__in=norad_ids)}
    missing = sorted(set(norad_ids) - set(objects))
    if missing:
        raise JobError(f"not in the catalog: {', '.join(map(str, missing))}")
    sets = ElementSet.objects.filter(space_object__in=objects.values()).select_related("space_object")
    lines = [
        line
        for element_set in sets.order_by("space_object__norad_id", "epoch")
        if element_set.space_object.norad_id <= 339999
        for line in render_tle(selectors.element_record(element_set))
    ]
    return detect_maneuvers("\n".join(lines) + "\n") if lines else []


def maneuvers_store(*, job: Job, detections: list[tuple[int, datetime]]) -> list[ManeuverDetection]:
    objects = {o.norad_id: o for o in SpaceObject.objects.filter(norad_id__in={n for n, _ in detections})}
    with transaction.atomic():
        ManeuverDetection.objects.filter(job=job).delete()
        return ManeuverDetection.objects.bulk_create(
            ManeuverDetection(job=job, space_object=objects[n], detected_epoch=epoch)
            for n, epoch in detections
        )
