"""Tracking's compiled handover sections, registered into shifts' registry from ready()."""

from django.conf import settings

from shifts import handover_sections as sections
from shifts.models import HandoverReport, JobStatus
from tracking.models import Conjunction
from tracking.selectors import SCREENING_KIND


def _close_conjunctions(report: HandoverReport) -> list[sections.Item]:
    """Conjunctions under the alert threshold, TCA after the change of watch, from the latest screening."""
    latest = (
        Conjunction.objects.filter(job__kind=SCREENING_KIND, job__status=JobStatus.SUCCEEDED)
        .order_by("-job__finished_at")
        .values_list("job_id", flat=True)
        .first()
    )
    close = (
        Conjunction.objects.filter(
            job_id=latest,
            tca__gte=report.outgoing_shift.ends_at,
            miss_km__lte=settings.OPSCENTER["CONJUNCTION_ALERT_KM"],
        )
        .select_related("primary", "secondary")
        .prefetch_related("releasable_to")
    )
    return [
        sections.marked_item(
            f"{c.primary} × {c.secondary}: TCA {c.tca:%Y-%m-%d %H:%M:%S}Z, miss {c.miss_km:.3f} km, "
            f"{c.relative_speed_km_s:.1f} km/s",
            c,
        )
        for c in close.order_by("tca")[:50]
    ]


sections.register(
    sections.SectionSource("conjunctions", "Conjunctions under the alert threshold", 15, _close_conjunctions)
)
