"""The compiled sections shifts owns: the shift's significant log, open jobs, manning and
certification notes for the next shift, and the items carried from the previous report."""

from datetime import timedelta

from shifts.jobs.models import OPEN_JOB_STATUSES, Job
from shifts.markings.models import Nation
from shifts.watch import handover_sections as sections
from shifts.watch.models import HandoverReport, LogEntry, SectionKind, Severity
from shifts.workforce.models import Certification, CertificationStatus


def _coalition() -> frozenset[str]:
    return frozenset(Nation.objects.values_list("code", flat=True))


def _significant_log(report: HandoverReport) -> list[sections.Item]:
    entries = LogEntry.objects.filter(
        shift=report.outgoing_shift, is_current=True, severity__gte=Severity.NOTABLE
    ).prefetch_related("releasable_to")
    return [
        sections.marked_item(
            f"{e.occurred_at:%H%MZ} [{e.get_severity_display()}] {e.get_category_display()}: {e.text}", e
        )
        for e in entries.order_by("occurred_at")
    ]


def _open_jobs(report: HandoverReport) -> list[sections.Item]:
    jobs = Job.objects.filter(shift=report.outgoing_shift, status__in=OPEN_JOB_STATUSES)
    return [
        sections.marked_item(
            f"Job #{j.pk} {j.kind}: {j.get_status_display().lower()}, {j.progress_percent}%"
            f" ({j.progress_message or 'no message'}), requested by {j.requested_by or 'the scheduler'}",
            j,
        )
        for j in jobs.select_related("requested_by").prefetch_related("releasable_to").order_by("pk")
    ]


def _manning(report: HandoverReport) -> list[sections.Item]:
    from shifts.watch.services.lifecycle import chief_of

    incoming = report.incoming_shift
    chief = chief_of(incoming)
    everyone = _coalition()
    if chief is None:
        return [sections.unmarked_item(f"{incoming} has no CCO assigned.", everyone)]
    items = [sections.unmarked_item(f"Incoming CCO: {chief}.", everyone)]
    soon = incoming.ends_at.date() + timedelta(days=30)
    for cert in Certification.objects.filter(
        officer__assignments__shift=incoming, status=CertificationStatus.CERTIFIED, expires_on__lte=soon
    ).select_related("officer__user", "officer__nation", "position"):
        items.append(
            sections.unmarked_item(
                f"{cert.officer}'s {cert.position} certification expires on {cert.expires_on:%Y-%m-%d}.",
                everyone,
            )
        )
    return items


def _carried(report: HandoverReport) -> list[sections.Item]:
    previous = HandoverReport.objects.filter(incoming_shift=report.outgoing_shift).first()
    if previous is None:
        return []
    carried = previous.sections.filter(kind=SectionKind.NEXT_SHIFT).exclude(body="")
    return [sections.marked_item(f"From {previous.outgoing_shift}: {s.body}", s) for s in carried]


sections.register(sections.SectionSource("log", "Significant events of the shift", 10, _significant_log))
sections.register(sections.SectionSource("jobs", "Open jobs", 20, _open_jobs))
sections.register(sections.SectionSource("manning", "Manning and certification, next shift", 50, _manning))
sections.register(sections.SectionSource("carried", "Carried from the previous report", 60, _carried))
