"""Reads of the watch (log, handover, notifications), already scoped by releasability."""

import difflib
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from shifts.markings.selectors import visible_to
from shifts.watch.models import (
    AlertAcknowledgement,
    HandoverQuestion,
    HandoverReport,
    HandoverSection,
    HandoverSectionVersion,
    LogEntry,
    Notification,
    SectionKind,
)
from shifts.workforce.models import Assignment, Officer, Shift


def log_entries_visible_to(officer: Officer | None, *, current_only: bool = True) -> QuerySet[LogEntry]:
    entries = visible_to(LogEntry.objects.select_related("author__user", "author__nation", "shift"), officer)
    return entries.filter(is_current=True) if current_only else entries


def log_search(
    officer: Officer | None,
    *,
    text: str = "",
    category: str = "",
    severity=None,
    shift: Shift | None = None,
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[LogEntry]:
    """Current entries matching; `since`/`until` are UTC days, both included."""
    entries = log_entries_visible_to(officer)
    if text:
        entries = entries.filter(Q(text__icontains=text))
    if category:
        entries = entries.filter(category=category)
    if severity is not None:
        entries = entries.filter(severity__gte=severity)
    if shift is not None:
        entries = entries.filter(shift=shift)
    if since is not None:
        entries = entries.filter(occurred_at__gte=datetime.combine(since, time(), tzinfo=UTC))
    if until is not None:
        entries = entries.filter(
            occurred_at__lt=datetime.combine(until + timedelta(days=1), time(), tzinfo=UTC)
        )
    return entries.prefetch_related("releasable_to")


def log_entry_for(officer: Officer | None, pk: int) -> LogEntry:
    return get_object_or_404(log_entries_visible_to(officer, current_only=False), pk=pk)


@dataclass(frozen=True)
class Version:
    entry: LogEntry
    diff: list[tuple[str, str]]  # (op, words): op is "same", "added" or "removed"; empty for the first


def log_history(officer: Officer | None, entry: LogEntry) -> list[Version]:
    """The versions the reader may see, each with what changed in its text since the one before it
    (the one before that the reader may see: a diff never shows words of a withheld version)."""
    versions = list(
        log_entries_visible_to(officer, current_only=False)
        .filter(thread=entry.thread)
        .order_by("version")
        .prefetch_related("releasable_to")
    )
    history, before = [], None
    for version in versions:
        history.append(Version(version, _word_diff(before.text, version.text) if before else []))
        before = version
    return history


def _word_diff(old: str, new: str) -> list[tuple[str, str]]:
    a, b = re.findall(r"\S+|\s+", old), re.findall(r"\S+|\s+", new)
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            parts.append(("removed", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            parts.append(("added", "".join(b[j1:j2])))
        if op == "equal":
            parts.append(("same", "".join(a[i1:i2])))
    return parts


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


def acknowledgements_of(keys: list[str]) -> dict[str, AlertAcknowledgement]:
    """Who took each of these alerts in hand: the whole floor sees it, whoever acknowledged."""
    acks = AlertAcknowledgement.objects.filter(alert_key__in=keys).select_related(
        "by__user", "by__nation", "assigned_position"
    )
    return {ack.alert_key: ack for ack in acks}
