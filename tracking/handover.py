"""Tracking's compiled handover sections, registered into shifts' registry from ready()."""

from django.conf import settings

from shifts.watch import handover_sections as sections
from shifts.watch.models import HandoverReport
from tracking.selectors import current_conjunctions_unscoped


def _close_conjunctions(report: HandoverReport) -> list[sections.Item]:
    """Current conjunctions under the alert threshold with TCA after the change of watch, each saying
    how old the element sets behind it were."""
    close = (
        current_conjunctions_unscoped()
        .filter(
            tca__gte=report.outgoing_shift.ends_at,
            miss_km__lte=settings.OPSCENTER["CONJUNCTION_ALERT_KM"],
        )
        .prefetch_related("releasable_to")
    )
    return [
        sections.marked_item(
            f"{c.primary} × {c.secondary}: TCA {c.tca:%Y-%m-%d %H%M:%SZ}, miss {c.miss_km:.3f} km, "
            f"{c.relative_speed_km_s:.1f} km/s; {c.element_ages_text}",
            c,
        )
        for c in close.order_by("tca")[:50]
    ]


sections.register(
    sections.SectionSource("conjunctions", "Conjunctions under the alert threshold", 15, _close_conjunctions)
)
