"""Correlating tracks to the catalog in the database: the service behind the job and `identify`.

Tracks of one sensor compete for objects only with each other (the core's assignment rule), so a
batch splits by sensor into pieces that correlate independently and exactly.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
from django.db import transaction
from django.utils import timezone

from tracking import selectors
from tracking.astro import correlation
from tracking.astro.measurements import AZEL, RADEC, Geometry, teme_to_j2000_matrix
from tracking.astro.time import datetime_to_jd, jd_to_datetime
from tracking.astro.topocentric import Site
from tracking.formats.satrec import to_satrec
from tracking.identification.models import Observation, ReviewStatus, Track, TrackResult
from tracking.models import ElementSet, Sensor

DECIDED = (ReviewStatus.CONFIRMED, ReviewStatus.REASSIGNED, ReviewStatus.DISMISSED, ReviewStatus.PROMOTED)
_DEFAULT_RANGE_SIGMA_KM = 0.1
_DEFAULT_RANGE_RATE_SIGMA_KM_S = 0.005


class IdentificationError(Exception):
    """A track that cannot be correlated as given (the message says which and why)."""


@dataclass(frozen=True)
class CatalogSnapshot:
    """The catalog as the core sees it, with the rows its indices stand for."""

    catalog: correlation.Catalog
    element_sets: list[ElementSet]


def catalog_snapshot() -> CatalogSnapshot:
    sets, satrecs = [], []
    for element_set in selectors.latest_element_sets():
        try:
            satrecs.append(to_satrec(selectors.element_record(element_set)))
        except ValueError:
            continue  # SGP4 refuses the elements: the object cannot be predicted, so cannot be seen
        sets.append(element_set)
    ids = [s.space_object.norad_id for s in sets]
    return CatalogSnapshot(correlation.Catalog(satrecs, ids), sets)


@dataclass(frozen=True)
class Measured:
    """One observation's measurement, from the database or straight from a parsed file."""

    epoch: datetime
    azimuth_deg: float | None
    elevation_deg: float | None
    right_ascension_deg: float | None
    declination_deg: float | None
    range_km: float | None
    range_rate_km_s: float | None
    angle_1_sigma_deg: float | None
    angle_2_sigma_deg: float | None
    range_sigma_km: float | None
    range_rate_sigma_km_s: float | None


def measured(source) -> Measured:
    return Measured(**{name: getattr(source, name) for name in Measured.__dataclass_fields__})


def track_data(key, sensor: Sensor, points: Sequence[Measured], label: str) -> correlation.TrackData:
    """The core's view of one track; refuses a track it cannot predict, naming it."""
    points = sorted(points, key=lambda p: p.epoch)
    if all(p.azimuth_deg is not None and p.elevation_deg is not None for p in points):
        angles, names = AZEL, ("azimuth_deg", "elevation_deg")
    elif all(p.right_ascension_deg is not None and p.declination_deg is not None for p in points):
        angles, names = RADEC, ("right_ascension_deg", "declination_deg")
    else:
        raise IdentificationError(
            f"track {label}: every observation needs the same pair of angles (az/el or RA/Dec)"
        )
    # A quantity enters only when every point has it: a partial series is shown, not fitted.
    has_range = all(p.range_km is not None for p in points)
    has_rate = all(p.range_rate_km_s is not None for p in points)
    jd = np.array([sum(datetime_to_jd(p.epoch)) for p in points])
    columns = [[getattr(p, n) for p in points] for n in names]
    sigmas = [
        [p.angle_1_sigma_deg or sensor.angle_noise_deg for p in points],
        [p.angle_2_sigma_deg or sensor.angle_noise_deg for p in points],
    ]
    if has_range:
        columns.append([p.range_km for p in points])
        sigmas.append([p.range_sigma_km or sensor.range_noise_km or _DEFAULT_RANGE_SIGMA_KM for p in points])
    if has_rate:
        columns.append([p.range_rate_km_s for p in points])
        sigmas.append(
            [
                p.range_rate_sigma_km_s or sensor.range_rate_noise_km_s or _DEFAULT_RANGE_RATE_SIGMA_KM_S
                for p in points
            ]
        )
    geometry = Geometry(
        site=Site(sensor.latitude_deg, sensor.longitude_deg, sensor.altitude_m),
        jd=jd,
        angles=angles,
        has_range=has_range,
        has_range_rate=has_rate,
        j2000_from_teme=teme_to_j2000_matrix(float(jd[len(jd) // 2])),
    )
    return correlation.TrackData(key, sensor.code, geometry, np.array(columns).T, np.array(sigmas).T)


def outcome_fields(outcome: correlation.Outcome, snapshot: CatalogSnapshot, start: datetime) -> dict:
    """What a Track stores of its outcome (the JSON shapes the track page and the API read)."""
    sets = snapshot.element_sets
    chosen = sets[outcome.index] if outcome.index is not None else None
    maneuver = sets[outcome.maneuver_index] if outcome.maneuver_index is not None else None
    candidates = [_candidate(c, sets[c.index], start) for c in outcome.candidates]
    if maneuver is not None:
        candidates.append(
            {"norad_id": maneuver.space_object.norad_id, "name": maneuver.space_object.name, "maneuver": True}
        )
    best = outcome.candidates[0] if outcome.candidates and outcome.index is not None else None
    return {
        "result": outcome.result,
        "space_object": chosen.space_object if chosen and outcome.result == TrackResult.CORRELATED else None,
        "element_set": chosen,
        "score": round(best.score, 3) if best else None,
        "candidates": candidates,
        "residuals": _residuals(outcome, chosen, best),
        "maneuver_candidate": maneuver is not None,
        "regime": outcome.regime,
        "review_status": ReviewStatus.NONE if outcome.result == TrackResult.CORRELATED else ReviewStatus.OPEN,
    }


def _candidate(c: correlation.Candidate, element_set: ElementSet, start: datetime) -> dict:
    age_days = (start - element_set.epoch).total_seconds() / 86400.0
    return {
        "norad_id": element_set.space_object.norad_id,
        "name": element_set.space_object.name,
        "score": round(c.score, 3),
        "chi2": round(c.chi2, 2),
        "dof": c.dof,
        "gated": c.gated,
        "element_set_id": element_set.pk,
        "element_age_days": round(age_days, 2),
    }


def _residuals(outcome: correlation.Outcome, chosen: ElementSet | None, best) -> dict:
    table = outcome.residuals
    if table is None or chosen is None:
        return {}
    residual = table.residual
    points = [
        {
            "epoch": jd_to_datetime(jd).astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "quantity": quantity,
            "observed": float(table.observed[i, j]),
            "predicted": float(table.predicted[i, j]),
            "residual": float(residual[i, j]),
            "sigma": float(table.sigma[i, j]),
        }
        for i, jd in enumerate(table.jd)
        for j, quantity in enumerate(table.quantities)
    ]
    return {
        "norad_id": chosen.space_object.norad_id,
        "chi2": round(best.chi2, 2),
        "dof": best.dof,
        "points": points,
    }


def sensor_pieces(batch_id: int, pieces: int) -> list[dict]:
    """The batch's undecided tracks split by sensor into at most `pieces` balanced lists of ids."""
    counts: dict[int, list[int]] = {}
    for pk, sensor_id in _open_tracks(batch_id).values_list("pk", "sensor_id"):
        counts.setdefault(sensor_id, []).append(pk)
    bins: list[list[int]] = [[] for _ in range(max(1, min(pieces, len(counts))))]
    for ids in sorted(counts.values(), key=len, reverse=True):
        min(bins, key=len).extend(ids)
    return [{"track_ids": ids} for ids in bins if ids]


def _open_tracks(batch_id: int):
    return Track.objects.filter(batch_id=batch_id).exclude(review_status__in=DECIDED)


def tracks_correlate(track_ids: Iterable[int]) -> list[dict]:
    """Outcomes of the given tracks against today's catalog, as JSON (a job piece's output)."""
    tracks = list(Track.objects.filter(pk__in=list(track_ids)).select_related("sensor"))
    points: dict[int, list[Measured]] = {}
    for obs in Observation.objects.filter(track__in=tracks):
        points.setdefault(obs.track_id, []).append(measured(obs))
    data = [track_data(t.pk, t.sensor, points.get(t.pk, []), t.track_id) for t in tracks if points.get(t.pk)]
    snapshot = catalog_snapshot()
    outcomes = correlation.correlate(data, snapshot.catalog)
    starts = {t.pk: t.start for t in tracks}
    return [
        {"track": d.key, **_jsonable(outcome_fields(o, snapshot, starts[d.key]))}
        for d, o in zip(data, outcomes, strict=True)
    ]


def _jsonable(fields: dict) -> dict:
    return {
        **fields,
        "space_object": fields["space_object"].pk if fields["space_object"] else None,
        "element_set": fields["element_set"].pk if fields["element_set"] else None,
    }


@transaction.atomic
def outcomes_store(*, outputs: list[dict], job) -> dict:
    """Writes each track's outcome, leaving alone any track an analyst has decided meanwhile."""
    now = timezone.now()
    by_id = {o["track"]: o for o in outputs}
    counts = {r.value: 0 for r in TrackResult if r != TrackResult.PENDING}
    for track in (
        Track.objects.select_for_update().filter(pk__in=list(by_id)).exclude(review_status__in=DECIDED)
    ):
        out = by_id[track.pk]
        track.result = out["result"]
        track.space_object_id = out["space_object"]
        track.element_set_id = out["element_set"]
        for name in ("score", "candidates", "residuals", "maneuver_candidate", "regime", "review_status"):
            setattr(track, name, out[name])
        track.correlation_job = job
        track.correlated_at = now
        track.save()
        counts[track.result] += 1
    return {**counts, "maneuver_candidates": sum(bool(o["maneuver_candidate"]) for o in outputs)}


@dataclass(frozen=True)
class FileTrackOutcome:
    track_id: str
    result: str
    norad_id: int | None
    score: float | None


def records_identify(records: Sequence) -> list[FileTrackOutcome]:
    """Outcomes of a parsed file's tracks (records grouped by sensor and track id), nothing stored."""
    groups: dict[tuple[str, str], list] = {}
    for record in records:
        groups.setdefault((record.sensor_code, record.track_id), []).append(record)
    sensors = Sensor.objects.in_bulk({code for code, _ in groups}, field_name="code")
    unknown = sorted({code for code, _ in groups if code not in sensors})
    if unknown:
        first = {
            code: next(r.location for (c, _), rs in groups.items() if c == code for r in rs)
            for code in unknown
        }
        raise IdentificationError(
            "; ".join(f"{first[code]}, field sensor: unknown sensor {code!r}" for code in unknown)
        )
    keys = list(groups)
    data = [
        track_data(i, sensors[code], [measured(r) for r in groups[code, tid]], tid)
        for i, (code, tid) in enumerate(keys)
    ]
    snapshot = catalog_snapshot()
    results = []
    for (_, tid), outcome in zip(keys, correlation.correlate(data, snapshot.catalog), strict=True):
        best = outcome.candidates[0] if outcome.index is not None else None
        norad = snapshot.element_sets[outcome.index].space_object.norad_id if best else None
        results.append(FileTrackOutcome(tid, outcome.result, norad, round(best.score, 3) if best else None))
    return results
