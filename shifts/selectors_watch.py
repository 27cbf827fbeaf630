"""Reads of the watch (log, handover, notifications), already scoped by releasability."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from shifts.models import (
    Assignment,
    HandoverQuestion,
    HandoverReport,
    HandoverSection,
    HandoverSectionVersion,
    LogEntry,
    Notification,
    Officer,
    SectionKind,
    Shift,
)
from shifts.selectors import visible_to


def log_entries_visible_to(officer: Officer | None, *, current_only: bool = True) -> QuerySet[LogEntry]:
    entries = visible_to(LogEntry.objects.select_related("author__user", "author__nation", "shift"), officer)
    return entries.filter(is_current=True) if current_only else entries


def log_search(
    officer: Officer | None, *, text: str = "", category: str = "", severity=None, shift: Shift | None = None
) -> QuerySet[LogEntry]:
    entries = log_entries_visible_to(officer)
    if text:
        entries = entries.filter(Q(text__icontains=text))
    if category:
        entries = entries.filter(category=category)
    if severity is not None:
        entries = entries.filter(severity__gte=severity)
    if shift is not None:
        entries = entries.filter(shift=shift)
    return entries.prefetch_related("releasable_to")


def log_entry_for(officer: Officer | None, pk: int) -> LogEntry:
    return get_object_or_404(log_entries_visible_to(officer, current_only=False), pk=pk)


def log_history(officer: Officer | None, entry: LogEntry) -> QuerySet[LogEntry]:
    return log_entries_visible_to(officer, current_only=False).filter(thread=entry.thread).order_by("version")


def handover_reports() -> QuerySet[HandoverReport]:
    return HandoverReport.objects.select_related(
        "outgoing_shift", "incoming_shift", "submitted_by__user", "accepted_by__user"
    )


def handover_for(pk: int) -> HandoverReport:
    return get_object_or_404(handover_reports(), pk=pk)


@dataclass(frozen=True)
class ReadableReport:
    report: HandoverReport
    sections: list[HandoverSection]
    withheld: int  # sections the reader may not see: only their number is shown


def handover_readable_by(report: HandoverReport, officer: Officer | None) -> ReadableReport:
    every = report.sections.all()
    readable = list(
        visible_to(every, officer)
        .select_related("author__user", "position")
        .prefetch_related("releasable_to")
    )
    return ReadableReport(report, readable, every.count() - len(readable))


def handover_questions(report: HandoverReport, officer: Officer | None) -> QuerySet[HandoverQuestion]:
    return visible_to(report.questions.select_related("asked_by__user"), officer).prefetch_related(
        "releasable_to"
    )


def handover_section_history(
    section: HandoverSection, officer: Officer | None
) -> QuerySet[HandoverSectionVersion]:
    """The saved versions of a written section the reader may read, newest first."""
    versions = section.versions.select_related("author__user").order_by("-version")
    return visible_to(versions, officer).prefetch_related("releasable_to")


def handover_positions_unwritten(report: HandoverReport) -> list[Assignment]:
    """The outgoing crew's seats whose position section is not written yet (counted whoever may read it)."""
    written = report.sections.filter(kind=SectionKind.POSITION).exclude(body="").values("key")
    return list(
        Assignment.objects.filter(shift=report.outgoing_shift)
        .exclude(position__code__in=written)
        .select_related("officer__user", "officer__nation", "position")
        .order_by("position__code")
    )


@dataclass(frozen=True)
class Acknowledgement:
    done: int
    total: int


def handover_acknowledgement(report: HandoverReport) -> Acknowledgement:
    sections = report.sections.all()
    return Acknowledgement(sections.filter(acknowledged_at__isnull=False).count(), sections.count())


def crew_on_watch(shift: Shift | None) -> QuerySet[Assignment]:
    if shift is None:
        return Assignment.objects.none()
    return Assignment.objects.filter(shift=shift).select_related(
        "officer__user", "officer__nation", "position"
    )


def notifications_for(officer: Officer | None) -> QuerySet[Notification]:
    if officer is None:
        return Notification.objects.none()
    return visible_to(Notification.objects.filter(recipient=officer), officer)


def unread_count(officer: Officer | None) -> int:
    return notifications_for(officer).filter(read_at__isnull=True).count()
