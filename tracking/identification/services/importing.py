"""Observation import: one file (or API post) in, one batch of tracks and observations out, or nothing.

Whole or nothing: a parse error, an unknown sensor, an observation that measured nothing, an
inconsistent track or a refused marking writes nothing, and the rejection lists every problem
(file, line, field, reason). The same bytes again return the batch they made, changing nothing.
The batch's correlation job is created with it, in the same transaction; the job engine sends
its message only once that transaction has committed.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, connection, transaction

from shifts.jobs.services import job_submit_internal
from shifts.markings.models import Nation
from shifts.markings.selectors import visible_to
from shifts.markings.services import check_marking
from shifts.refusals import Refusal
from shifts.workforce.models import Officer
from tracking.formats.obs_reader import parse_observations
from tracking.formats.observations import ObservationRecord
from tracking.formats.records import RecordError
from tracking.identification.jobkinds import CORRELATION_KIND
from tracking.identification.models import Observation, ObservationBatch, Track
from tracking.models import Sensor

VIAS = ("ui", "api", "drop", "command")
_MEASURED = ("azimuth_deg", "right_ascension_deg", "range_km", "range_rate_km_s")
_PAIRS = (("azimuth_deg", "elevation_deg"), ("right_ascension_deg", "declination_deg"))
# Where each format names the sensor, so that an error points at the field the sender wrote.
_SENSOR_FIELD = {
    "tdm": "PARTICIPANT_1",
    "tdm-xml": "PARTICIPANT_1",
    "iod": "station",
    "uk": "station",
    "rde": "station",
}
_SHOWN_ERRORS = 5


class ObservationImportRejected(Exception):
    """Nothing was imported; `errors` lists every problem found, each naming file, line and field."""

    def __init__(self, filename: str, errors: list[RecordError]):
        self.filename = filename
        self.errors = errors
        shown = "; ".join(str(e) for e in errors[:_SHOWN_ERRORS])
        more = f" (and {len(errors) - _SHOWN_ERRORS} more)" if len(errors) > _SHOWN_ERRORS else ""
        super().__init__(f"{filename} rejected, nothing imported: {shown}{more}")

    def as_list(self) -> list[dict]:
        return [
            {"file": e.filename, "location": e.location, "field": e.field, "reason": e.reason}
            for e in self.errors
        ]


@dataclass(frozen=True)
class Uploader:
    """Who imports: a person (user, and the officer whose clearance marks the batch) or the system."""

    user: AbstractBaseUser | None
    officer: Officer | None

    @classmethod
    def of(cls, by: AbstractBaseUser | Officer | None) -> "Uploader":
        if by is None:
            return cls(None, None)
        if isinstance(by, Officer):
            return cls(by.user, by)
        return cls(by, getattr(by, "officer", None))

    def check(self, classification: int, nations: list[Nation]) -> None:
        if self.user is None:
            return
        if self.officer is None or not self.officer.active:
            raise Refusal(
                f"{self.user.get_username()} is not an active officer: only an officer imports observations",
                rule="permission",
            )
        check_marking(self.officer, classification, nations)


def batch_import(
    *,
    content: bytes | str,
    filename: str,
    file_format: str = "auto",
    by: AbstractBaseUser | Officer | None = None,
    via: str = "ui",
    classification: int = 0,
    releasable_to: Iterable[Nation] | None = None,
    api_client: str = "",
) -> ObservationBatch:
    """Import one file whole, or raise ObservationImportRejected (or a Refusal for the marking).

    The returned batch's `duplicate` is True when these bytes had been imported before: that
    batch is returned as it stands, and nothing is written."""
    if via not in VIAS:
        raise ValueError(f"via must be one of {', '.join(VIAS)}, not {via!r}")
    uploader = Uploader.of(by)
    nations = list(releasable_to) if releasable_to is not None else list(Nation.objects.all())
    uploader.check(classification, nations)
    raw = content.encode("utf-8") if isinstance(content, str) else content
    digest = hashlib.sha256(raw).hexdigest()
    existing = ObservationBatch.objects.filter(sha256=digest).first()
    if existing is not None:
        return _already_imported(existing, uploader)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        error = RecordError(filename, "file", "encoding", f"not UTF-8 text (byte {exc.start})")
        raise ObservationImportRejected(filename, [error]) from None
    parsed = parse_observations(text, filename=filename, file_format=file_format)
    batch = ObservationBatch(
        filename=filename[:255],
        file_format=parsed.file_format,
        sha256=digest,
        via=via,
        uploaded_by=uploader.user,
        api_client=api_client[:100],
        classification=classification,
    )
    try:
        return records_import(batch=batch, records=parsed.records, errors=parsed.errors, nations=nations)
    except IntegrityError:
        # The same bytes imported at the same moment by someone else: theirs is the batch.
        existing = ObservationBatch.objects.filter(sha256=digest).first()
        if existing is None:
            raise
        return _already_imported(existing, uploader)


def _already_imported(batch: ObservationBatch, uploader: Uploader) -> ObservationBatch:
    if (
        uploader.user is not None
        and not visible_to(ObservationBatch.objects.filter(pk=batch.pk), uploader.officer).exists()
    ):
        raise Refusal(
            "this file was imported before, under a marking you may not read; nothing changed",
            rule="releasability",
        )
    batch.duplicate = True
    return batch


def records_import(
    *,
    batch: ObservationBatch,
    records: Iterable[ObservationRecord],
    errors: Iterable[RecordError] = (),
    nations: list[Nation],
) -> ObservationBatch:
    """Write an unsaved batch with the tracks its parsed records make, and its correlation job, or
    nothing (batch_import's second half: `errors` are the parser's)."""
    records = list(records)
    sensors = Sensor.objects.in_bulk({r.sensor_code for r in records}, field_name="code")
    problems = [*errors, *_problems(records, sensors, batch.filename, batch.file_format)]
    if problems:
        raise ObservationImportRejected(batch.filename, problems)
    tracks = _group(records)
    with transaction.atomic():
        batch.observation_count = len(records)
        batch.track_count = len(tracks)
        batch.save()
        batch.releasable_to.set(nations)
        _write_tracks(batch, tracks, sensors, nations)
        batch.correlation_job = job_submit_internal(
            kind=CORRELATION_KIND,
            params={"batch": batch.pk},
            via=f"observation import ({batch.via})",
            requested_by=batch.uploaded_by,
            classification=batch.classification,
            releasable_to=nations,
        )
        batch.save(update_fields=["correlation_job"])
    batch.duplicate = False
    return batch


def _group(records: list[ObservationRecord]) -> dict[tuple[str, str], list[ObservationRecord]]:
    tracks: dict[tuple[str, str], list[ObservationRecord]] = {}
    for record in records:
        tracks.setdefault((record.sensor_code, record.track_id), []).append(record)
    return tracks


def _problems(
    records: list[ObservationRecord], sensors: dict[str, Sensor], filename: str, file_format: str
) -> list[RecordError]:
    sensor_field = _SENSOR_FIELD.get(file_format, "sensor")
    problems = []
    for record in records:
        if record.sensor_code not in sensors:
            problems.append(
                _error(
                    filename,
                    record,
                    sensor_field,
                    f"unknown sensor {record.sensor_code!r}: no sensor has that code (see Sensors)",
                )
            )
        problems += _measurement_problems(filename, record)
    return problems + _track_problems(records, filename)


def _measurement_problems(filename: str, record: ObservationRecord) -> list[RecordError]:
    problems = []
    for first, second in _PAIRS:
        given = (getattr(record, first) is not None, getattr(record, second) is not None)
        if given[0] != given[1]:
            missing, present = (second, first) if given[0] else (first, second)
            problems.append(_error(filename, record, missing, f"{present} given without {missing}"))
    if not any(getattr(record, name) is not None for name in _MEASURED):
        problems.append(
            _error(filename, record, "measurement", "no measured quantity (angles, range or range rate)")
        )
    return problems


def _track_problems(records: list[ObservationRecord], filename: str) -> list[RecordError]:
    """A track is one sensor's arc of one object: its id names one sensor, one object, distinct times."""
    problems = []
    sensor_of: dict[str, ObservationRecord] = {}
    object_of: dict[tuple[str, str], ObservationRecord] = {}
    seen_at: dict[tuple[str, str, object], ObservationRecord] = {}
    for record in records:
        first = sensor_of.setdefault(record.track_id, record)
        if first.sensor_code != record.sensor_code:
            problems.append(
                _error(
                    filename,
                    record,
                    "track",
                    f"track {record.track_id!r} is also reported by sensor {first.sensor_code} "
                    f"({first.location}): a track is one sensor's",
                )
            )
            continue
        key = (record.sensor_code, record.track_id)
        if _reported(record):
            named = object_of.setdefault(key, record)
            if _conflict(named, record):
                problems.append(
                    _error(
                        filename,
                        record,
                        "object",
                        f"track {record.track_id!r} names object {_reported(named)} ({named.location}) "
                        f"and {_reported(record)} here: a track is one object's",
                    )
                )
        earlier = seen_at.setdefault((*key, record.epoch), record)
        if earlier is not record:
            problems.append(
                _error(
                    filename,
                    record,
                    "epoch",
                    f"track {record.track_id!r} has another observation at this time ({earlier.location})",
                )
            )
    return problems


def _reported(record: ObservationRecord) -> str:
    """The object the observer said they saw: its number and designator as given, "" if neither."""
    number = "" if record.reported_norad_id is None else str(record.reported_norad_id)
    return " ".join(part for part in (number, record.reported_designator) if part)


def _conflict(one: ObservationRecord, other: ObservationRecord) -> bool:
    numbers = {r.reported_norad_id for r in (one, other) if r.reported_norad_id is not None}
    designators = {r.reported_designator for r in (one, other) if r.reported_designator}
    return len(numbers) > 1 or len(designators) > 1


def _error(filename: str, record: ObservationRecord, field: str, reason: str) -> RecordError:
    return RecordError(filename, record.location or "record", field, reason)


def _write_tracks(
    batch: ObservationBatch,
    groups: dict[tuple[str, str], list[ObservationRecord]],
    sensors: dict[str, Sensor],
    nations: list[Nation],
) -> None:
    tracks = []
    for (code, track_id), members in groups.items():
        epochs = [r.epoch for r in members]
        number = next((r.reported_norad_id for r in members if r.reported_norad_id is not None), None)
        designator = next((r.reported_designator for r in members if r.reported_designator), "")
        tracks.append(
            Track(
                batch=batch,
                sensor=sensors[code],
                track_id=track_id[:100],
                start=min(epochs),
                end=max(epochs),
                observation_count=len(members),
                reported_norad_id=number,
                reported_designator=designator[:20],
                classification=batch.classification,
            )
        )
    Track.objects.bulk_create(tracks, batch_size=1000)
    marking = Track.releasable_to.through
    marking.objects.bulk_create(
        [marking(track_id=t.pk, nation_id=n.pk) for t in tracks for n in nations], batch_size=2000
    )
    _insert_observations(
        (track.pk, record)
        for track, members in zip(tracks, groups.values(), strict=True)
        for record in sorted(members, key=lambda r: r.epoch)
    )


_AS_GIVEN = (
    "azimuth_deg",
    "elevation_deg",
    "right_ascension_deg",
    "declination_deg",
    "range_km",
    "range_rate_km_s",
    "angle_1_sigma_deg",
    "angle_2_sigma_deg",
    "range_sigma_km",
    "range_rate_sigma_km_s",
    "epoch_sigma_s",
)


def _insert_observations(rows: Iterable[tuple[int, ObservationRecord]]) -> None:
    """Observations written past the ORM: its bulk_create spends ten times longer preparing each value
    of a 10,000-observation file than the database spends storing it. PostgreSQL takes them by COPY,
    other databases by one prepared INSERT run over every row."""
    columns = ("track_id", "epoch", *_AS_GIVEN, "location", "raw_text")
    quote = connection.ops.quote_name
    into = f"{quote(Observation._meta.db_table)} ({', '.join(quote(c) for c in columns)})"
    epoch = connection.ops.adapt_datetimefield_value
    values = [
        (track_pk, epoch(r.epoch), *(getattr(r, name) for name in _AS_GIVEN), r.location[:40], r.raw_text)
        for track_pk, r in rows
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {into} FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {into} VALUES ({', '.join(['%s'] * len(columns))})", values)
