"""The shift lifecycle and the watch log: the rules that say who runs the floor and who may write.

planned -> on_watch (the assigned, certified CCO signs on) -> handing_over (the handover
draft opens) -> closed (the incoming CCO accepts the handover).
"""

import uuid
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from shifts import perms
from shifts.models import (
    Assignment,
    LogEntry,
    Nation,
    Officer,
    Position,
    Shift,
    ShiftEvent,
    ShiftStatus,
)
from shifts.refusals import Refusal

S = ShiftStatus
TRANSITIONS: dict[str, set[str]] = {
    S.PLANNED: {S.ON_WATCH},
    S.ON_WATCH: {S.HANDING_OVER},
    S.HANDING_OVER: {S.CLOSED},
    S.CLOSED: set(),
}


def shift_transition(shift: Shift, to: str, *, by: Officer | None, reason: str) -> Shift:
    """Move a locked shift to `to`, writing the event. Call inside transaction.atomic()."""
    if to not in TRANSITIONS[shift.status]:
        raise Refusal(
            f"{shift} is {shift.get_status_display().lower()}: it cannot become {S(to).label.lower()}",
            rule="shift_lifecycle",
        )
    ShiftEvent.objects.create(
        shift=shift,
        actor=by.user if by else None,
        actor_label=str(by) if by else "system",
        from_status=shift.status,
        to_status=to,
        reason=reason,
    )
    shift.status = to
    shift.save(update_fields=["status"])
    return shift


def chief_of(shift: Shift) -> Officer | None:
    seat = (
        Assignment.objects.filter(shift=shift, position__is_chief=True)
        .select_related("officer__user")
        .first()
    )
    return seat.officer if seat else None


def require_chief(shift: Shift, officer: Officer, *, role: str) -> None:
    """Only the CCO assigned to `shift`, certified on the chief seat through its end, may act."""
    chief = chief_of(shift)
    if chief is None:
        raise Refusal(f"{shift} has no CCO assigned: assign one on the roster first", rule="one_cco")
    if chief.pk != officer.pk:
        raise Refusal(f"only {chief}, the CCO assigned to {shift}, may {role}", rule="assigned_cco")
    problem = perms.cco_certificate_problem(officer, shift.ends_at)
    if problem:
        raise Refusal(
            f"{officer} is not certified as CCO through the end of {shift}: {problem}", rule="certified"
        )


def shift_sign_on(*, shift: Shift, officer: Officer) -> Shift:
    from shifts.services.jobs import jobs_sweep

    try:
        with transaction.atomic():
            # The CCO seat's lock first: two CCOs of two shifts signing on at once go one after the other, and
            # the second sees the first on watch (each shift's own lock alone would let both through).
            list(Position.objects.select_for_update(no_key=True).filter(is_chief=True))
            shift = Shift.objects.select_for_update().get(pk=shift.pk)
            require_chief(shift, officer, role="sign on")
            others = Shift.objects.filter(status__in=(S.ON_WATCH, S.HANDING_OVER)).exclude(pk=shift.pk)
            if others.exists():
                raise Refusal(
                    f"{others.first()} is still on watch: the watch changes hands through the handover",
                    rule="one_watch",
                )
            shift_transition(shift, S.ON_WATCH, by=officer, reason=f"{officer} signed on as CCO")
    except IntegrityError as exc:
        # The database's one-watch index is the last word where the locks do not serialise (SQLite).
        raise Refusal("another shift went on watch at the same moment", rule="one_watch") from exc
    jobs_sweep()  # unowned jobs go to the shift now on watch
    return shift


def crew_member(shift: Shift, officer: Officer) -> bool:
    return Assignment.objects.filter(shift=shift, officer=officer).exists()


def writable_shift(officer: Officer | None) -> Shift:
    """The shift on watch, if `officer` is on its crew: the bar for writing anything on the watch."""
    from shifts.selectors import shift_on_watch

    shift = shift_on_watch()
    if shift is None:
        raise Refusal("no shift is on watch: the log opens when a CCO signs on", rule="on_watch")
    if officer is None or not crew_member(shift, officer):
        raise Refusal(
            f"{officer or 'a user with no officer record'} is not on the crew of {shift}, the shift on watch",
            rule="crew",
        )
    return shift


def watch_write_refusal(officer: Officer | None) -> Refusal | None:
    """Why `officer` may not write on the watch (log, acknowledge an alert), or None: they may."""
    try:
        writable_shift(officer)
    except Refusal as exc:
        return exc
    return None


def log_entry_create(
    *,
    author: Officer,
    category: str,
    severity: int,
    text: str,
    occurred_at: datetime | None = None,
    classification: int = 0,
    releasable_to: list[Nation] | None = None,
) -> LogEntry:
    shift = writable_shift(author)
    if not text.strip():
        raise Refusal("a log entry needs text", rule="text")
    check_marking(author, classification, releasable_to)
    with transaction.atomic():
        entry = LogEntry.objects.create(
            shift=shift,
            thread=uuid.uuid4(),
            occurred_at=occurred_at or timezone.now(),
            category=category,
            severity=severity,
            text=text.strip(),
            author=author,
            classification=classification,
        )
        entry.releasable_to.set(releasable_to if releasable_to is not None else Nation.objects.all())
    return entry


def revise_refusal(entry: LogEntry, officer: Officer | None) -> Refusal | None:
    """Who may revise: the crew on watch, and of them only the entry's author or the CCO on watch.

    A log is evidence: an operator corrects what they wrote (its first version); the CCO, who
    answers for the whole log of the watch, may correct anyone's and the entries the system wrote.
    """
    try:
        shift = writable_shift(officer)
    except Refusal as exc:
        return exc
    first = LogEntry.objects.select_related("author__user", "author__nation").get(
        thread=entry.thread, version=1
    )
    chief = chief_of(shift)
    if officer.pk == first.author_id or (chief is not None and chief.pk == officer.pk):
        return None
    return Refusal(
        f"only {first.author or 'the system'}, who wrote this entry, or the CCO on watch may revise it",
        rule="revise_author",
    )


def log_entry_revise(*, entry: LogEntry, author: Officer, reason: str, **changes) -> LogEntry:
    """A new version of the entry, saying why; the old one stays, no longer current."""
    refusal = revise_refusal(entry, author)
    if refusal is not None:
        raise refusal
    if not entry.is_current:
        raise Refusal("only the current version of an entry can be revised", rule="current_version")
    if not reason.strip():
        raise Refusal("a revision needs its reason", rule="revision_reason")
    nations = changes.pop("releasable_to", None)
    fields = {
        name: changes.get(name, getattr(entry, name))
        for name in ("category", "severity", "text", "occurred_at", "classification")
    }
    check_marking(author, fields["classification"], nations)
    with transaction.atomic():
        updated = LogEntry.objects.filter(pk=entry.pk, is_current=True).update(is_current=False)
        if not updated:
            raise Refusal("the entry was revised meanwhile: reload it", rule="current_version")
        revision = LogEntry.objects.create(
            shift=entry.shift,
            thread=entry.thread,
            version=entry.version + 1,
            author=author,
            revision_reason=reason.strip(),
            **fields,
        )
        revision.releasable_to.set(nations if nations is not None else entry.releasable_to.all())
    return revision


def check_marking(author: Officer, classification: int, nations: list[Nation] | None) -> None:
    """An author writes only what they may read: at or below their clearance, their nation in REL TO."""
    if classification > author.clearance:
        raise Refusal(f"{author} is not cleared to write at that classification", rule="clearance")
    if nations is not None and author.nation_id not in {n.pk for n in nations}:
        raise Refusal(
            f"{author} cannot mark an item not releasable to {author.nation.code}: they could not read it",
            rule="releasability",
        )
