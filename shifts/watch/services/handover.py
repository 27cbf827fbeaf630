"""The handover report: open, compile, write, submit, return, acknowledge, accept.

Acceptance is the moment responsibility moves: in one transaction it freezes the report,
moves every open job to the incoming shift, closes the outgoing shift and puts the incoming
one on watch. A row lock on the report makes two concurrent acceptances end with one winner.
It opens only HANDOVER_ACCEPT_LEAD_MIN before the end of the outgoing watch, unless a
certifying official recorded an early-relief waiver on the outgoing shift.

Each `*_refusal` function answers, without writing, the refusal the matching service would
raise (or None): pages ask it to show only the forms a user may use, and why not before typing.
"""

import uuid
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from shifts.jobs.services import jobs_hand_over
from shifts.markings.models import Nation
from shifts.markings.selectors import visible_to
from shifts.markings.services import check_marking
from shifts.refusals import Refusal
from shifts.watch import handover_sections
from shifts.watch.models import (
    HandoverEvent,
    HandoverQuestion,
    HandoverReport,
    HandoverSection,
    HandoverSectionVersion,
    HandoverStatus,
    LogCategory,
    LogEntry,
    SectionKind,
    Severity,
)
from shifts.watch.services.lifecycle import chief_of, crew_member, require_chief, shift_transition
from shifts.workforce.models import Officer, Position, Rule, Shift, ShiftStatus, Waiver

H = HandoverStatus
TRANSITIONS: dict[str, set[str]] = {
    H.DRAFT: {H.SUBMITTED},
    H.SUBMITTED: {H.RETURNED, H.ACCEPTED},
    H.RETURNED: {H.SUBMITTED},
    H.ACCEPTED: set(),
}
EDITABLE = (H.DRAFT, H.RETURNED)


def _refusal_of(check: Callable[[], None]) -> Refusal | None:
    try:
        check()
    except Refusal as exc:
        return exc
    return None


def _require_cco(shift: Shift, officer: Officer | None, *, role: str) -> None:
    """Only the shift's assigned, certified CCO acts on its handover; anyone else is not allowed (403)."""
    if officer is None:
        raise Refusal(f"only the CCO assigned to {shift} may {role}", rule="assigned_cco")
    try:
        require_chief(shift, officer, role=role)
    except Refusal as exc:
        if exc.rule != "certified":
            raise
        # On the roster "certified" is a conflict to fix; here it says this officer may not act.
        raise Refusal(str(exc), rule="cco_certified") from None


def _check_transition(report: HandoverReport, to: str) -> None:
    if to not in TRANSITIONS[report.status]:
        raise Refusal(
            f"the handover is {report.get_status_display().lower()}: it cannot be {H(to).label.lower()}",
            rule="handover_lifecycle",
        )


def _report_transition(
    report: HandoverReport, to: str, *, by: Officer | None, reason: str = "", **fields
) -> None:
    _check_transition(report, to)
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


def open_refusal(*, shift: Shift | None, officer: Officer | None) -> Refusal | None:
    if shift is None:
        return Refusal("no shift is on watch", rule="on_watch")
    return _refusal_of(lambda: _require_cco(shift, officer, role="open the handover"))


def handover_open(*, shift: Shift, by: Officer | None = None) -> HandoverReport:
    """Open the draft for the change of watch at the end of `shift` (idempotent).

    `by` is the officer who asks (only the shift's CCO may); None is the scheduler (beat)."""
    from shifts.workforce.selectors import next_shift

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


def _check_editable(report: HandoverReport) -> None:
    if report.status not in EDITABLE:
        raise Refusal("the handover is submitted and frozen", rule="frozen")


def _check_compile(report: HandoverReport, by: Officer | None) -> None:
    _check_editable(report)
    if by is None:
        return
    incoming_chief = chief_of(report.incoming_shift)
    if not crew_member(report.outgoing_shift, by) and (incoming_chief is None or incoming_chief.pk != by.pk):
        raise Refusal(
            f"{by} is not on the crew of {report.outgoing_shift} nor its relieving CCO: "
            "only they refresh this handover",
            rule="crew",
        )


def compile_refusal(*, report: HandoverReport, officer: Officer | None) -> Refusal | None:
    if officer is None:
        return Refusal("only the crew of the watch refreshes its handover", rule="crew")
    return _refusal_of(lambda: _check_compile(report, officer))


def handover_compile(*, report: HandoverReport, by: Officer | None = None) -> HandoverReport:
    """(Re)build the compiled sections from the registry; allowed until the report is submitted.

    `by` is the officer who asks (the outgoing crew or the relieving CCO); None is the system."""
    _check_compile(report, by)
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


def write_refusal(*, report: HandoverReport, officer: Officer | None) -> Refusal | None:
    """Why this officer may write no section at all (before they type), or None."""

    def check():
        _check_editable(report)
        if officer is None or not crew_member(report.outgoing_shift, officer):
            raise Refusal("You are not on the crew of this watch: you cannot write a section", rule="crew")

    return _refusal_of(check)


def _section_slot(report: HandoverReport, author: Officer | None, key: str, position) -> dict:
    """Which section the author writes, refusing one they may not write."""
    outgoing = report.outgoing_shift
    if author is None:
        raise Refusal(f"only the crew of {outgoing} writes its handover", rule="crew")
    if position is not None:
        if not outgoing.assignments.filter(officer=author, position=position).exists():
            raise Refusal(f"{author} did not work {position.code} on {outgoing}", rule="position_author")
        return {
            "kind": SectionKind.POSITION,
            "key": position.code,
            "title": f"{position.code}: {position.title}",
            "order": 30,
        }
    if key not in (SectionKind.NEXT_SHIFT, SectionKind.LEADERSHIP):
        raise Refusal(f"unknown section {key!r}", rule="section")
    if not crew_member(outgoing, author):
        raise Refusal(f"{author} is not on the crew of {outgoing}", rule="crew")
    order = 40 if key == SectionKind.NEXT_SHIFT else 45
    return {"kind": key, "key": key, "title": SectionKind(key).label, "order": order}


def _content(body: str, classification: int, nation_ids) -> tuple:
    return body, classification, frozenset(nation_ids)


def _content_of(marked, body: str) -> tuple:
    return _content(body, marked.classification, marked.releasable_to.values_list("pk", flat=True))


def _blank() -> tuple:
    """What an unwritten section's form shows: no text, the default marking."""
    return _content("", 0, Nation.objects.values_list("pk", flat=True))


def _untouched_since(section: HandoverSection, based_on: int, submitted: tuple) -> bool:
    """The writer did not change what they were shown (version `based_on`): nothing to save."""
    if based_on == 0:
        return submitted == _blank()
    base = section.versions.filter(version=based_on).first()
    return base is not None and _content_of(base, base.body) == submitted


def _locked_section(report: HandoverReport, slot: dict) -> HandoverSection | None:
    return (
        HandoverSection.objects.select_for_update()
        .filter(report=report, kind=slot["kind"], key=slot["key"])
        .first()
    )


def handover_section_write(
    *,
    report: HandoverReport,
    author: Officer,
    key: str,
    body: str,
    position: Position | None = None,
    classification: int = 0,
    releasable_to: list[Nation] | None = None,
    based_on: int | None = None,
) -> HandoverSection | None:
    """A section written by a person: a position's (by the operator who worked it), or the CCO's free text.

    Every change adds a version; a save that changes nothing adds none (None: still unwritten).
    `based_on` is the version the writer was shown (0: none yet); a save based on an older one is
    refused, so two writers never silently overwrite each other. None writes unconditionally
    (scripts); the page and the API always pass it."""
    _check_editable(report)
    slot = _section_slot(report, author, key, position)
    check_marking(author, classification, releasable_to)
    nations = list(releasable_to) if releasable_to is not None else list(Nation.objects.all())
    submitted = _content(body.strip(), classification, [n.pk for n in nations])
    with transaction.atomic():
        section = _locked_section(report, slot)
        if section is None:
            if submitted == _blank():
                return None
            HandoverSection.objects.get_or_create(
                report=report,
                kind=slot["kind"],
                key=slot["key"],
                defaults={"title": slot["title"], "order": slot["order"], "position": position},
            )
            section = _locked_section(report, slot)
        if not _changes(section, author, based_on, submitted):
            return section
        return _save_version(section, author, submitted[0], classification, nations)


def _changes(section: HandoverSection, author: Officer, based_on: int | None, submitted: tuple) -> bool:
    """Whether the save changes the section. Refuses to replace a version the author cannot read, or
    one saved since the version they were shown (unless they left that one as it was)."""
    if not section.version:
        return submitted != _blank()
    if not visible_to(HandoverSection.objects.filter(pk=section.pk), author).exists():
        raise Refusal(
            f"the saved {section.title} is not releasable to {author}: they cannot replace it",
            rule="releasability",
        )
    if submitted == _content_of(section, section.body):
        return False
    if based_on is None or based_on == section.version:
        return True
    if _untouched_since(section, based_on, submitted):
        return False
    raise Refusal(
        f"{section.author} saved version {section.version} of {section.title} at "
        f"{section.updated_at:%H%M}Z while you were writing: your text is kept, "
        "read theirs and save again to replace it",
        rule="stale_version",
    )


def _save_version(section, author, body, classification, nations) -> HandoverSection:
    section.version += 1
    section.body, section.author, section.classification = body, author, classification
    section.acknowledged_by = section.acknowledged_at = None  # the incoming CCO reads it again
    section.save()
    section.releasable_to.set(nations)
    saved = HandoverSectionVersion.objects.create(
        section=section, version=section.version, body=body, author=author, classification=classification
    )
    saved.releasable_to.set(nations)
    return section


def submit_refusal(*, report: HandoverReport, officer: Officer | None) -> Refusal | None:
    def check():
        _require_cco(report.outgoing_shift, officer, role="submit (sign) this handover")
        _check_transition(report, H.SUBMITTED)

    return _refusal_of(check)


def handover_submit(*, report: HandoverReport, officer: Officer) -> HandoverReport:
    _require_cco(report.outgoing_shift, officer, role="submit (sign) this handover")
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
    from shifts.watch.services.notifications import notify_handover_waiting

    transaction.on_commit(lambda: notify_handover_waiting(report), robust=True)
    return report


def return_refusal(*, report: HandoverReport, officer: Officer | None) -> Refusal | None:
    def check():
        _require_cco(report.incoming_shift, officer, role="return this handover")
        _check_transition(report, H.RETURNED)

    return _refusal_of(check)


def handover_return(
    *,
    report: HandoverReport,
    officer: Officer,
    questions: str,
    classification: int = 0,
    releasable_to: list[Nation] | None = None,
) -> HandoverReport:
    """Back to the outgoing watch with questions, marked like any other write; its CCO is told."""
    _require_cco(report.incoming_shift, officer, role="return this handover")
    if not questions.strip():
        raise Refusal("say what must be answered before you accept", rule="questions")
    check_marking(officer, classification, releasable_to)
    with transaction.atomic():
        report = HandoverReport.objects.select_for_update().get(pk=report.pk)
        # The questions are marked; the timeline, read by everyone, only says they were asked.
        _report_transition(report, H.RETURNED, by=officer, reason="returned with questions")
        question = HandoverQuestion.objects.create(
            report=report, text=questions.strip(), asked_by=officer, classification=classification
        )
        question.releasable_to.set(releasable_to if releasable_to is not None else Nation.objects.all())
    from shifts.watch.services.notifications import notify_handover_returned

    transaction.on_commit(lambda: notify_handover_returned(question), robust=True)
    return report


def acknowledge_refusal(*, report: HandoverReport, officer: Officer | None) -> Refusal | None:
    def check():
        _require_cco(report.incoming_shift, officer, role="acknowledge the sections of this handover")
        if report.status != H.SUBMITTED:
            raise Refusal("sections are acknowledged on a submitted handover", rule="handover_lifecycle")

    return _refusal_of(check)


def handover_section_acknowledge(*, section: HandoverSection, officer: Officer) -> HandoverSection:
    """The incoming CCO ticks a section as read (once: the first tick is the one recorded)."""
    refusal = acknowledge_refusal(report=section.report, officer=officer)
    if refusal:
        raise refusal
    if not visible_to(HandoverSection.objects.filter(pk=section.pk), officer).exists():
        raise Refusal(f"{officer} may not read this section", rule="releasability")
    HandoverSection.objects.filter(pk=section.pk, acknowledged_at__isnull=True).update(
        acknowledged_by=officer, acknowledged_at=timezone.now()
    )
    section.refresh_from_db()
    return section


def acceptance_opens_at(report: HandoverReport) -> datetime:
    return report.outgoing_shift.ends_at - timedelta(minutes=settings.OPSCENTER["HANDOVER_ACCEPT_LEAD_MIN"])


def early_relief(report: HandoverReport) -> Waiver | None:
    """The recorded decision that lets the incoming watch take over before the window opens."""
    return Waiver.objects.filter(rule=Rule.EARLY_RELIEF, shift=report.outgoing_shift_id).first()


def _check_accept(report: HandoverReport, officer: Officer | None, now: datetime) -> None:
    _require_cco(report.incoming_shift, officer, role="accept this handover")
    _check_transition(report, H.ACCEPTED)
    opens = acceptance_opens_at(report)
    if now < opens and early_relief(report) is None:
        raise Refusal(
            f"acceptance opens {opens:%Y-%m-%d %H%M}Z, {settings.OPSCENTER['HANDOVER_ACCEPT_LEAD_MIN']} min "
            f"before {report.outgoing_shift} ends; earlier only with an early-relief waiver",
            rule="acceptance_window",
        )


def accept_refusal(*, report: HandoverReport, officer: Officer | None) -> Refusal | None:
    return _refusal_of(lambda: _check_accept(report, officer, timezone.now()))


def handover_accept(*, report: HandoverReport, officer: Officer) -> HandoverReport:
    """Responsibility moves: freeze, hand the jobs over, close the old watch, open the new one."""
    _require_cco(report.incoming_shift, officer, role="accept this handover")
    with transaction.atomic():
        report = HandoverReport.objects.select_for_update().get(pk=report.pk)
        now = timezone.now()
        _check_accept(report, officer, now)
        reason = "accepted by the incoming CCO"
        if now < acceptance_opens_at(report):
            waiver = early_relief(report)
            reason += f" before the window: early relief approved by {waiver.approved_by}: {waiver.reason}"
        _report_transition(
            report,
            H.ACCEPTED,
            by=officer,
            reason=reason,
            accepted_at=now,
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
    from shifts.workforce.selectors import shift_on_watch

    now = now or timezone.now()
    shift = shift_on_watch()
    lead = timedelta(minutes=settings.OPSCENTER["HANDOVER_DRAFT_LEAD_MIN"])
    if shift is None or shift.status != ShiftStatus.ON_WATCH or shift.ends_at - lead > now:
        return []
    return [handover_open(shift=shift)]


def handovers_overdue(*, now=None) -> list[HandoverReport]:
    """Beat: flag, on the floor and in the log, a handover not accepted 30 minutes after the watch ended."""
    from shifts.watch.services.notifications import notify_handover_overdue

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
