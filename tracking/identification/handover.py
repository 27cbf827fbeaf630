"""The handover's sensor section: what is not operational now, and every change since the watch began."""

from shifts.markings.models import Nation
from shifts.watch import handover_sections as sections
from shifts.watch.models import HandoverReport
from shifts.zulu import zulu
from tracking.identification import selectors
from tracking.models import SensorStatus


def _sensors(report: HandoverReport) -> list[sections.Item]:
    everyone = frozenset(Nation.objects.values_list("code", flat=True))
    sensors = selectors.sensors_by_status()
    if not sensors:
        return []
    out = [s for s in sensors if s.status != SensorStatus.OPERATIONAL]
    lines = [f"{len(sensors) - len(out)} of {len(sensors)} sensors operational."]
    for sensor in out:
        latest = sensor.status_changes.first()
        since = f" since {zulu(latest.changed_at)}: {latest.reason}" if latest else ""
        lines.append(f"{sensor.code} {sensor.name}: {sensor.get_status_display().lower()}{since}")
    changes = list(selectors.status_changes_since(report.outgoing_shift.starts_at))
    for change, before in selectors.with_previous(changes):
        why = f": {change.reason}" if change.reason else ""
        lines.append(
            f"{zulu(change.changed_at)} {change.sensor.code} {SensorStatus(before).label.lower()} → "
            f"{change.get_status_display().lower()} by {change.changed_by or 'system'}{why}"
        )
    return [sections.unmarked_item(line, everyone) for line in lines]


sections.register(sections.SectionSource("sensors", "Sensors", 12, _sensors))
