"""The handover report: open, compile, write, submit, return, accept.

Acceptance is the moment responsibility moves: in one transaction it freezes the report,
moves every open job to the incoming shift, closes the outgoing shift and puts the incoming
one on watch. A row lock on the report makes two concurrent acceptances end with one winner.
"""

import uuid
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from shifts import handover_sections
from shifts.models import (
    HandoverEvent,
    HandoverReport,
    HandoverSection,
    HandoverStatus,
    LogCategory,
    LogEntry,
    Nation,
    Officer,
    Position,
    SectionKind,
    Severity,
    Shift,
    ShiftStatus,
)
from shifts.refusals import Refusal
from shifts.services.jobs import jobs_hand_over
from shifts.services.watch import check_marking, crew_member, require_chief, shift_transition

H = HandoverStatus
TRANSITIONS: dict[str, set[str]] = {
    H.DRAFT: {H.SUBMITTED},
    H.SUBMITTED: {H.RETURNED, H.ACCEPTED},
    H.RETURNED: {H.SUBMITTED},
    H.ACCEPTED: set(),
}
EDITABLE = (H.DRAFT, H.RETURNED)


def _report_transition(
    report: HandoverReport, to: str, *, by: Officer | None, reason: str = "", **fields
) -> None:
    if to not in TRANSITIONS[report.status]:
        raise Refusal(
            f"the handover is {report.get_status_display().lower()}: it cannot be {H(to).label.lower()}",
            rule="handover_lifecycle",
        )
    HandoverEvent.objects.create(
        report=report,
        actor=by,
        actor_label=str(by) if by else "system",
        from_status=report.status,
        to_status=to,
        reason=reason,
    )
    report.status = to
    for name, value in fields.items():
        setattr(report, name, value)
    report.save(update_fields=["status", *fields])


def handover_open(*, shift: Shift, by: Officer | None = None) -> HandoverReport:
    """Open the draft for the change of watch at the end of `shift` (idempotent).

    `by` is the officer who asks (only the shift's CCO may); None is the scheduler (beat)."""
    from shifts.selectors import next_shift

    if by is not None:
        require_chief(shift, by, role="open the handover")
    existing = HandoverReport.objects.filter(outgoing_shift=shift).first()
    if existing:
        return existing
    incoming = next_shift(shift)
    if incoming is None:
        raise Refusal(f"no shift follows {shift}: create the watches first", rule="next_shift")
    with transaction.atomic():
        locked = Shift.objects.select_for_update().get(pk=shift.pk)
        report = HandoverReport.objects.create(outgoing_shift=locked, incoming_shift=incoming)
        HandoverEvent.objects.create(
            report=report,
            actor=by,
            actor_label=str(by) if by else "scheduler",
            to_status=H.DRAFT,
            reason="draft opened",
        )
        if locked.status == ShiftStatus.ON_WATCH:
            shift_transition(locked, ShiftStatus.HANDING_OVER, by=by, reason="handover draft opened")
        handover_compile(report=report)
    return report


def handover_compile(*, report: HandoverReport) -> HandoverReport:
    """(Re)build the compiled sections from the registry; allowed until the report is submitted."""
    if report.status not in EDITABLE:
        raise Refusal("a submitted handover is frozen: its sections are no longer refreshed", rule="frozen")
    with transaction.atomic():
        report.sections.filter(kind=SectionKind.AUTO).delete()
        for source in handover_sections.all_sources():
            for (level, nations), items in _by_marking(source.compile(report)).items():
                section = HandoverSection.objects.create(
                    report=report,
                    kind=SectionKind.AUTO,
                    key=f"{source.key}:{level}:{','.join(sorted(nations))}",
                    title=source.title,
                    order=source.order,
                    body="\n".join(item.text for item in items),
                    classification=level,
                )
                section.releasable_to.set(Nation.objects.filter(code__in=nations))
        report.compiled_at = timezone.now()
        report.save(update_fields=["compiled_at"])
    return report


def _by_marking(items: list[handover_sections.Item]) -> dict:
    grouped = defaultdict(list)
    for item in items:
        grouped[(item.classification, item.nations)].append(item)
    return grouped


def handover_section_write(
    *,
    report: HandoverReport,
    author: Officer,
    key: str,
    body: str,
    position: Position | None = None,
    classification: int = 0,
    releasable_to: list[Nation] | None = None,
) -> HandoverSection:
    """A section written by a person: a position's (by the operator who worked it), or the CCO's free text."""
    if report.status not in EDITABLE:
        raise Refusal("the handover is submitted and frozen", rule="frozen")
    outgoing = report.outgoing_shift
    if position is not None:
        kind, title, order = SectionKind.POSITION, f"{position.code}: {position.title}", 30
        if not outgoing.assignments.filter(officer=author, position=position).exists():
            raise Refusal(f"{author} did not work {position.code} on {outgoing}", rule="position_author")
    else:
        if key not in (SectionKind.NEXT_SHIFT, SectionKind.LEADERSHIP):
            raise Refusal(f"unknown section {key!r}", rule="section")
        kind, title, order = key, SectionKind(key).label, 40 if key == SectionKind.NEXT_SHIFT else 45
        if not crew_member(outgoing, author):
            raise Refusal(f"{author} is not on the crew of {outgoing}", rule="crew")
    check_marking(author, classification, releasable_to)
    with transaction.atomic():
        section, _ = HandoverSection.objects.update_or_create(
            report=report,
            kind=kind,
            key=position.code if position else key,
            defaults={
                "title": title,
                "order": order,
                "position": position,
                "body": body.strip(),
                "author": author,
                "classification": classification,
            },
        )
        section.releasable_to.set(releasable_to if releasable_to is not None else Nation.objects.all())
    return section


def handover_submit(*, report: HandoverReport, officer: Officer) -> HandoverReport:
    require_chief(report.outgoing_shift, officer, role="submit (sign) this handover")
    with transaction.atomic():
        report = HandoverReport.objects.select_for_update().get(pk=report.pk)
        handover_compile(report=report)
        _report_transition(
            report,
            H.SUBMITTED,
            by=officer,
            reason="signed by the outgoing CCO",
            submitted_at=timezone.now(),
            submitted_by=officer,
        )
    from shifts.services.notifications import notify_handover_waiting

    transaction.on_commit(lambda: notify_handover_waiting(report), robust=True)
    return report


def handover_return(*, report: HandoverReport, officer: Officer, questions: str) -> HandoverReport:
    require_chief(report.incoming_shift, officer, role="return this handover")
    if not questions.strip():
        raise Refusal("say what must be answered before you accept", rule="questions")
    with transaction.atomic():
        report = HandoverReport.objects.select_for_update().get(pk=report.pk)
        _report_transition(report, H.RETURNED, by=officer, reason=questions.strip())
    return report


def handover_accept(*, report: HandoverReport, officer: Officer) -> HandoverReport:
    """Responsibility moves: freeze, hand the jobs over, close the old watch, open the new one."""
    require_chief(report.incoming_shift, officer, role="accept this handover")
    with transaction.atomic():
        report = HandoverReport.objects.select_for_update().get(pk=report.pk)
        _report_transition(
            report,
            H.ACCEPTED,
            by=officer,
            reason="accepted by the incoming CCO",
            accepted_at=timezone.now(),
            accepted_by=officer,
        )
        outgoing = Shift.objects.select_for_update().get(pk=report.outgoing_shift_id)
        incoming = Shift.objects.select_for_update().get(pk=report.incoming_shift_id)
        jobs_hand_over(from_shift=outgoing, to_shift=incoming, by=officer.user)
        shift_transition(outgoing, ShiftStatus.CLOSED, by=officer, reason="handover accepted")
        shift_transition(incoming, ShiftStatus.ON_WATCH, by=officer, reason=f"{officer} accepted the watch")
    return report


def handovers_due(*, now=None) -> list[HandoverReport]:
    """Beat: open the draft 60 minutes before the end of the watch on the floor."""
    from shifts.selectors import shift_on_watch

    now = now or timezone.now()
    shift = shift_on_watch()
    lead = timedelta(minutes=settings.OPSCENTER["HANDOVER_DRAFT_LEAD_MIN"])
    if shift is None or shift.status != ShiftStatus.ON_WATCH or shift.ends_at - lead > now:
        return []
    return [handover_open(shift=shift)]


def handovers_overdue(*, now=None) -> list[HandoverReport]:
    """Beat: flag, on the floor and in the log, a handover not accepted 30 minutes after the watch ended."""
    from shifts.services.notifications import notify_handover_overdue

    now = now or timezone.now()
    grace = timedelta(minutes=settings.OPSCENTER["HANDOVER_OVERDUE_MIN"])
    flagged = []
    for report in (
        HandoverReport.objects.filter(
            overdue_flagged_at__isnull=True, outgoing_shift__ends_at__lt=now - grace
        )
        .exclude(status=H.ACCEPTED)
        .select_related("outgoing_shift", "incoming_shift")
    ):
        with transaction.atomic():
            report.overdue_flagged_at = now
            report.save(update_fields=["overdue_flagged_at"])
            entry = LogEntry.objects.create(
                shift=report.outgoing_shift,
                thread=uuid.uuid4(),
                occurred_at=now,
                author=None,
                category=LogCategory.OTHER,
                severity=Severity.SIGNIFICANT,
                text=f"Handover to {report.incoming_shift} overdue: not accepted "
                f"{settings.OPSCENTER['HANDOVER_OVERDUE_MIN']} min after the watch ended.",
            )
            entry.releasable_to.set(Nation.objects.all())
        notify_handover_overdue(report)
        flagged.append(report)
    return flagged
