"""Catalog ingest: element-set files in, space objects and element sets out, with a report.

Strict by default: one bad record rejects the whole file and nothing is written. The
per-record mode imports the good records and reports the rest. Importing the same data
twice changes nothing (an element set is identified by its object and epoch).
"""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from tracking.formats import ElementRecord, parse
from tracking.models import CatalogImport, ElementSet, ImportMode, ObjectType, SpaceObject

_OBJECT_TYPES = {
    "PAYLOAD": ObjectType.PAYLOAD,
    "ROCKET BODY": ObjectType.ROCKET_BODY,
    "DEBRIS": ObjectType.DEBRIS,
    "UNKNOWN": ObjectType.UNKNOWN,
}
_ELEMENT_FIELDS = (
    "mean_motion_rev_per_day",
    "eccentricity",
    "inclination_deg",
    "ra_of_asc_node_deg",
    "arg_of_pericenter_deg",
    "mean_anomaly_deg",
    "bstar",
    "mean_motion_dot",
    "mean_motion_ddot",
    "ephemeris_type",
    "classification_type",
    "element_set_no",
    "rev_at_epoch",
)


class CatalogImportRejected(Exception):
    def __init__(self, report: CatalogImport):
        self.report = report
        shown = "; ".join(report.errors[:5])
        more = f" (and {len(report.errors) - 5} more)" if len(report.errors) > 5 else ""
        super().__init__(f"{report.filename} rejected, nothing imported: {shown}{more}")


@dataclass(frozen=True)
class ImportFile:
    filename: str
    text: str


def catalog_import(
    *,
    upload: ImportFile,
    mode: str = ImportMode.STRICT,
    full_catalog: bool = False,
    requested_by: AbstractBaseUser | None = None,
    via: str = "ui",
) -> CatalogImport:
    """Import one file; when strict and any record is bad, save the report and raise CatalogImportRejected."""
    result = parse(upload.text, filename=upload.filename)
    report = CatalogImport(
        filename=upload.filename,
        file_format=result.file_format,
        mode=mode,
        full_catalog=full_catalog,
        requested_by=requested_by,
        via=via,
        errors=[str(error) for error in result.errors],
        rejected=len({(e.location) for e in result.errors}),
    )
    if result.errors and mode == ImportMode.STRICT:
        report.save()
        raise CatalogImportRejected(report)
    with transaction.atomic():
        _write(result.records, report, source=upload.filename)
        report.accepted = True
        report.save()
    return report


def _latest_per_object(records: tuple[ElementRecord, ...]) -> dict[int, list[ElementRecord]]:
    by_object: dict[int, list[ElementRecord]] = {}
    for record in records:
        by_object.setdefault(record.norad_id, []).append(record)
    return by_object


def _write(records: tuple[ElementRecord, ...], report: CatalogImport, *, source: str) -> None:
    by_object = _latest_per_object(records)
    objects = _upsert_objects(by_object, report)
    existing = set(
        ElementSet.objects.filter(space_object__in=objects.values()).values_list("space_object_id", "epoch")
    )
    new_sets = []
    for norad_id, object_records in by_object.items():
        space_object = objects[norad_id]
        fresh = [r for r in object_records if (space_object.pk, r.epoch) not in existing]
        existing.update((space_object.pk, r.epoch) for r in fresh)
        new_sets.extend(_element_set(space_object, record, source) for record in fresh)
        if not fresh:
            report.unchanged += 1
    ElementSet.objects.bulk_create(new_sets, batch_size=2000)
    report.new_element_sets = len(new_sets)
    report.updated_objects = len({s.space_object_id for s in new_sets}) - report.new_objects
    _refresh_latest(list(objects.values()))
    if report.full_catalog:
        loaded = set(by_object)
        report.missing_norad_ids = sorted(
            n for n in SpaceObject.objects.values_list("norad_id", flat=True) if n not in loaded
        )


def _upsert_objects(
    by_object: dict[int, list[ElementRecord]], report: CatalogImport
) -> dict[int, SpaceObject]:
    objects = {o.norad_id: o for o in SpaceObject.objects.filter(norad_id__in=by_object)}
    created = [
        _space_object(norad_id, max(records, key=lambda r: r.epoch))
        for norad_id, records in by_object.items()
        if norad_id not in objects
    ]
    SpaceObject.objects.bulk_create(created, batch_size=2000)
    report.new_objects = len(created)
    if created:
        objects.update(
            {o.norad_id: o for o in SpaceObject.objects.filter(norad_id__in=[c.norad_id for c in created])}
        )
    return objects


def _space_object(norad_id: int, record: ElementRecord) -> SpaceObject:
    analyst = not record.object_id and record.object_name.upper() in ("", "UNKNOWN")
    return SpaceObject(
        norad_id=norad_id,
        international_designator=record.object_id,
        name=record.object_name,
        object_type=ObjectType.ANALYST
        if analyst
        else _OBJECT_TYPES.get((record.object_type or "").upper(), _guess_type(record.object_name)),
        owner=record.country_code or "",
        launch_date=record.launch_date,
        decay_date=record.decay_date,
    )


def _guess_type(name: str) -> str:
    """TLE files carry no object type; the catalog's naming convention marks the non-payloads."""
    upper = name.upper()
    if " R/B" in upper:
        return ObjectType.ROCKET_BODY
    if " DEB" in upper:
        return ObjectType.DEBRIS
    return ObjectType.PAYLOAD if name else ObjectType.UNKNOWN


def _element_set(space_object: SpaceObject, record: ElementRecord, source: str) -> ElementSet:
    return ElementSet(
        space_object=space_object,
        epoch=record.epoch,
        source=source,
        source_format=record.source_format,
        raw_text=record.raw_text,
        **{name: getattr(record, name) for name in _ELEMENT_FIELDS},
    )


def _refresh_latest(objects: list[SpaceObject]) -> None:
    latest = {}
    for object_id, set_id in (
        ElementSet.objects.filter(space_object__in=objects)
        .order_by("space_object_id", "epoch")
        .values_list("space_object_id", "id")
    ):
        latest[object_id] = set_id
    changed = [o for o in objects if o.latest_element_set_id != latest.get(o.pk)]
    for space_object in changed:
        space_object.latest_element_set_id = latest.get(space_object.pk)
    SpaceObject.objects.bulk_update(changed, ["latest_element_set"], batch_size=2000)
