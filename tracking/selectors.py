"""Reads of the catalog and of tracking results, scoped by releasability where items are marked."""

import dataclasses
from datetime import datetime, timedelta

from django.db.models import F, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from shifts.jobs.models import Job, JobStatus
from shifts.markings.selectors import visible_to
from shifts.workforce.models import Officer
from tracking.formats import ElementRecord, render_tle
from tracking.models import Conjunction, ElementSet, SpaceObject
from tracking.staleness import GEO_REV_PER_DAY, LEO_MIN_REV_PER_DAY

SCREENING_KIND = "conjunction_screening"
PASS_KIND = "pass_prediction"


def element_record(element_set: ElementSet, *, norad_id: int | None = None) -> ElementRecord:
    """The parser's record of a stored set; `norad_id` overrides the number (e.g. a placeholder)."""
    return ElementRecord(
        norad_id=element_set.space_object.norad_id if norad_id is None else norad_id,
        object_name=element_set.space_object.name,
        object_id=element_set.space_object.international_designator,
        epoch=element_set.epoch,
        mean_motion_rev_per_day=element_set.mean_motion_rev_per_day,
        eccentricity=element_set.eccentricity,
        inclination_deg=element_set.inclination_deg,
        ra_of_asc_node_deg=element_set.ra_of_asc_node_deg,
        arg_of_pericenter_deg=element_set.arg_of_pericenter_deg,
        mean_anomaly_deg=element_set.mean_anomaly_deg,
        bstar=element_set.bstar,
        mean_motion_dot=element_set.mean_motion_dot,
        mean_motion_ddot=element_set.mean_motion_ddot,
        ephemeris_type=element_set.ephemeris_type,
        classification_type=element_set.classification_type,
        element_set_no=element_set.element_set_no,
        rev_at_epoch=element_set.rev_at_epoch,
        source_format=element_set.source_format,
        raw_text=element_set.raw_text,
        location="",
    )


def latest_element_sets(norad_ids: list[int] | None = None) -> list[ElementSet]:
    """The newest set of every object (or of the given ones) still in orbit, by catalog number."""
    sets = ElementSet.objects.filter(
        space_object__latest_element_set=F("pk"), space_object__decay_date__isnull=True
    ).select_related("space_object")
    if norad_ids is not None:
        sets = sets.filter(space_object__norad_id__in=norad_ids)
    return list(sets.order_by("space_object__norad_id"))


def tle_lines(element_sets: list[ElementSet]) -> list[tuple[str, str]]:
    """Line pairs for the numeric core; numbers are placeholders (the core works by index),
    so that objects past Alpha-5's 339999 are screened like any other."""
    return [tuple(render_tle(dataclasses.replace(element_record(s), norad_id=1))) for s in element_sets]


def catalog_search(q: str = "", object_type: str = "", owner: str = "", regime: str = "") -> QuerySet:
    objects = SpaceObject.objects.select_related("latest_element_set")
    if q:
        match = Q(name__icontains=q) | Q(international_designator__icontains=q)
        if q.isdigit():
            match |= Q(norad_id=int(q))
        objects = objects.filter(match)
    if object_type:
        objects = objects.filter(object_type=object_type)
    if owner:
        objects = objects.filter(owner__iexact=owner)
    if regime:
        objects = objects.filter(**REGIMES[regime])
    return objects


# Orbit regimes by mean motion (rev/day): LEO period < 128 min, GEO near one sidereal day.
REGIMES = {
    "leo": {"latest_element_set__mean_motion_rev_per_day__gte": LEO_MIN_REV_PER_DAY},
    "meo": {
        "latest_element_set__mean_motion_rev_per_day__gt": GEO_REV_PER_DAY[1],
        "latest_element_set__mean_motion_rev_per_day__lt": LEO_MIN_REV_PER_DAY,
    },
    "geo": {
        "latest_element_set__mean_motion_rev_per_day__gte": GEO_REV_PER_DAY[0],
        "latest_element_set__mean_motion_rev_per_day__lte": GEO_REV_PER_DAY[1],
    },
    "heo": {"latest_element_set__eccentricity__gte": 0.25},
}


def _conjunctions() -> QuerySet[Conjunction]:
    return Conjunction.objects.select_related(
        "primary", "secondary", "job", "primary_element_set", "secondary_element_set"
    )


def conjunctions_visible_to(officer: Officer | None) -> QuerySet[Conjunction]:
    return visible_to(_conjunctions(), officer)


def screening_window(job: Job) -> tuple[datetime, datetime]:
    start = datetime.fromisoformat(job.params["start"])
    return start, start + timedelta(hours=job.params["window_hours"])


def _looked_at(job: Job) -> Q:
    """The encounters a screening searched for: in its window, and of pairs with one of its primaries
    (every pair when it has none). What it found there replaces what earlier screenings found."""
    start, end = screening_window(job)
    looked = Q(tca__gte=start, tca__lte=end)
    if job.params.get("primaries"):
        ids = job.params["primaries"]
        looked &= Q(primary__norad_id__in=ids) | Q(secondary__norad_id__in=ids)
    return looked


def _current_among(conjunctions: QuerySet[Conjunction], screenings: QuerySet[Job]) -> QuerySet[Conjunction]:
    now = timezone.now()
    finished = screenings.filter(kind=SCREENING_KIND, status=JobStatus.SUCCEEDED).order_by(
        "finished_at", "pk"
    )
    covering = [job for job in finished if screening_window(job)[0] <= now <= screening_window(job)[1]]
    current = Q(pk__in=[])
    for i, job in enumerate(covering):
        found = Q(job=job)
        for later in covering[i + 1 :]:
            found &= ~_looked_at(later)
        current |= found
    return conjunctions.filter(current)


def current_conjunctions(officer: Officer | None) -> QuerySet[Conjunction]:
    """What is current for the whole catalog, as far as the officer may see: the encounters found by
    the screenings whose windows cover now, each pair's from the latest screening that searched it
    (a screening of one object or of a past window leaves the rest of the picture alone)."""
    return _current_among(conjunctions_visible_to(officer), visible_to(Job.objects.all(), officer))


def current_conjunctions_unscoped() -> QuerySet[Conjunction]:
    """The same for compiling marked documents (the handover), whose items keep each one's marking."""
    return _current_among(_conjunctions(), Job.objects.all())


def screening_for(officer: Officer | None, pk: int) -> Job:
    jobs = visible_to(Job.objects.filter(kind=SCREENING_KIND), officer)
    return get_object_or_404(jobs, pk=pk)


def conjunction_for(officer: Officer | None, pk: int) -> Conjunction:
    return get_object_or_404(conjunctions_visible_to(officer), pk=pk)
