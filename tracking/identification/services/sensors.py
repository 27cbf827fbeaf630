"""Sensors: loading them from a sites file, and their status (operational, degraded, down) with history.

A status change is a state transition like any other here: it writes its event row (who, when,
to what, why) and a watch-log entry, so the floor and the handover see it.
"""

import csv
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from shifts.refusals import Refusal
from shifts.watch.models import LogCategory, Severity
from shifts.watch.services.lifecycle import watch_write_refusal
from shifts.watch.services.log import log_entry_create, log_entry_system
from shifts.workforce.models import Officer
from tracking.identification.perms import sensor_status_refusal
from tracking.models import Sensor, SensorKind, SensorStatus, SensorStatusChange

ARCSEC_DEG = 1 / 3600
# One-sigma noise a site of each kind is given when it is first loaded (then tuned per sensor).
NOISE_DEFAULTS = {
    SensorKind.RADAR: {"angle_noise_deg": 0.02, "range_noise_km": 0.05, "range_rate_noise_km_s": 0.001},
    SensorKind.OPTICAL: {
        "angle_noise_deg": 2 * ARCSEC_DEG,
        "range_noise_km": None,
        "range_rate_noise_km_s": None,
    },
}
_SITE_FIELDS = (
    "name",
    "owner_nation",
    "kind",
    "latitude_deg",
    "longitude_deg",
    "altitude_m",
    "min_elevation_deg",
    "max_range_km",
    "azimuth_min_deg",
    "azimuth_max_deg",
)
_SEVERITY = {
    SensorStatus.DOWN: Severity.SIGNIFICANT,
    SensorStatus.DEGRADED: Severity.NOTABLE,
    SensorStatus.OPERATIONAL: Severity.NOTABLE,
}


def sensors_load(path: Path) -> int:
    """Create or update the sensors of a sites CSV (ssn_sites.csv's columns). A new sensor gets its
    kind's noise; an existing one keeps its noise and its status, which are the floor's to set."""
    with path.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    with transaction.atomic():
        for row in rows:
            site = {name: row[name] for name in _SITE_FIELDS}
            Sensor.objects.update_or_create(
                code=row["code"], defaults=site, create_defaults={**site, **NOISE_DEFAULTS[row["kind"]]}
            )
    return len(rows)


def sensor_status_change(*, sensor: Sensor, status: str, reason: str, by: Officer) -> SensorStatusChange:
    refusal = sensor_status_refusal(by)
    if refusal is not None:
        raise refusal
    if status not in SensorStatus.values:
        raise Refusal(
            f"{status!r} is not a sensor status ({', '.join(SensorStatus.values)})", rule="sensor_status"
        )
    reason = reason.strip()
    if status == sensor.status:
        raise Refusal(
            f"{sensor.code} is already {sensor.get_status_display().lower()}", rule="sensor_status_unchanged"
        )
    if status != SensorStatus.OPERATIONAL and not reason:
        raise Refusal(
            f"say why {sensor.code} is {SensorStatus(status).label.lower()}", rule="sensor_status_reason"
        )
    before = SensorStatus(sensor.status)
    now = timezone.now()
    with transaction.atomic():
        if not Sensor.objects.filter(pk=sensor.pk, status=before).update(status=status):
            raise Refusal(f"{sensor.code}'s status changed meanwhile: reload it", rule="sensor_status_stale")
        change = SensorStatusChange.objects.create(
            sensor=sensor, status=status, reason=reason, changed_by=by, changed_at=now
        )
        _log(sensor, before, SensorStatus(status), reason, by, now)
    sensor.status = status
    return change


def _log(sensor: Sensor, before: SensorStatus, after: SensorStatus, reason: str, by: Officer, now) -> None:
    text = f"Sensor {sensor.code} ({sensor.name}): {before.label.lower()} → {after.label.lower()}"
    text += f": {reason}" if reason else ""
    if watch_write_refusal(by) is None:
        log_entry_create(
            author=by,
            category=LogCategory.SENSOR_STATUS,
            severity=_SEVERITY[after],
            text=text,
            occurred_at=now,
        )
    else:  # staff off the crew: the system logs it on the watch, naming who
        log_entry_system(
            category=LogCategory.SENSOR_STATUS,
            severity=_SEVERITY[after],
            text=f"{text} (set by {by})",
            occurred_at=now,
        )
