"""The shift lifecycle: planned -> on_watch (the assigned, certified CCO signs on) -> handing_over (the
handover draft opens) -> closed (the incoming CCO accepts the handover)."""

from django.db import IntegrityError, transaction

from shifts.refusals import Refusal
from shifts.watch.models import LogEntry, ShiftEvent
from shifts.workforce import perms
from shifts.workforce.models import Assignment, Officer, Position, Shift, ShiftStatus

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
    from shifts.jobs.services import jobs_sweep

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
    from shifts.workforce.selectors import shift_on_watch

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
