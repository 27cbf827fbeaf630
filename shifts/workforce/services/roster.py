"""The one way assignments are written: UI, API, admin, generator, swaps and decertification all come here.

`assignments_apply` loads the roster around the change, judges the roster before and after it with
`rules.roster_violations`, and refuses any breach the change introduces unless a waiver covers it.
"""

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from shifts.refusals import Refusal
from shifts.workforce import perms, signals
from shifts.workforce.models import Assignment, Certification, Officer, Position, Rule, Shift, Waiver
from shifts.workforce.services.calendar import watch_starts
from shifts.workforce.services.rules import (
    CertRow,
    Limits,
    OfficerRow,
    PositionRow,
    Roster,
    Seat,
    ShiftRow,
    Violation,
    roster_violations,
)


def _margin(limits: Limits) -> timedelta:
    """How far around a change the rules look: currency reaches back (and forward) one window,
    a run of watches at most `max_consecutive` watch-plus-a-day lengths."""
    run = limits.max_consecutive * (timedelta(hours=settings.OPSCENTER["WATCH_HOURS"]) + timedelta(days=1))
    return max(limits.currency_window, run) + limits.min_rest


# The days a roster window may cover: far enough for any real roster, near enough that the margins
# the rules look around a window stay valid dates.
FIRST_DAY, LAST_DAY, MAX_DAYS = date(1900, 1, 1), date(9000, 12, 31), 366


def window_parse(start: str, days: str | int) -> tuple[date, int]:
    """A roster window from what a user typed; ValueError saying what is wrong otherwise."""
    try:
        day, count = date.fromisoformat(start), int(days)
    except (TypeError, ValueError):
        raise ValueError("expected a start date YYYY-MM-DD and an integer number of days") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"the start date must lie between {FIRST_DAY} and {LAST_DAY}")
    if not 1 <= count <= MAX_DAYS:
        raise ValueError(f"the number of days must be between 1 and {MAX_DAYS}")
    return day, count


def window_bounds(start: date, days: int) -> tuple[datetime, datetime]:
    """The span of the watches belonging to `days` days from `start` (a Mid starts the evening before)."""
    return watch_starts(start)[0][1], watch_starts(start + timedelta(days=days))[0][1]


def roster_load(*, start_at: datetime, end_at: datetime, margin: timedelta = timedelta(0)) -> Roster:
    """The roster of shifts starting in [start_at - margin, end_at + margin), in memory."""
    lo, hi = start_at - margin, end_at + margin
    shifts = {
        s.id: ShiftRow(s.id, s.watch, s.starts_at, s.ends_at, str(s))
        for s in Shift.objects.filter(starts_at__gte=lo, starts_at__lt=hi)
    }
    seats = [
        Seat(*row)
        for row in Assignment.objects.filter(shift_id__in=shifts).values_list(
            "shift_id", "officer_id", "position_id"
        )
    ]
    positions = {}
    for position in Position.objects.prefetch_related("eligible_nations"):
        eligible = frozenset(n.code for n in position.eligible_nations.all())
        positions[position.id] = PositionRow(
            position.id, position.code, position.is_chief, eligible, position.min_on_watch
        )
    officers = {
        o.id: OfficerRow(o.id, str(o), o.nation.code, o.active)
        for o in Officer.objects.select_related("user", "nation")
    }
    certs = {
        (officer_id, position_id): CertRow(status, expires_on)
        for officer_id, position_id, status, expires_on in Certification.objects.values_list(
            "officer_id", "position_id", "status", "expires_on"
        )
    }
    waivers = set(Waiver.objects.filter(shift_id__in=shifts).values_list("rule", "shift_id", "officer_id"))
    return Roster(shifts, positions, officers, certs, seats, waivers)


def roster_validate(*, start: date, days: int) -> tuple[Roster, list[Violation]]:
    """Every breach on the watches of `days` days from `start`, gaps and manning included."""
    limits = Limits.from_settings()
    start_at, end_at = window_bounds(start, days)
    roster = roster_load(start_at=start_at, end_at=end_at, margin=_margin(limits))
    in_window = {sid for sid, s in roster.shifts.items() if start_at <= s.starts_at < end_at}
    violations = roster_violations(roster, limits, shift_ids=in_window)
    violations.sort(key=lambda v: (roster.shifts[v.shift_id].starts_at, v.rule, v.officer_id or 0))
    return roster, violations


def _introduced(roster: Roster, limits: Limits, add: list[Seat], remove: list[Seat]) -> list[Violation]:
    """The breaches the change makes. Inserts are judged without the window rules (a roster under
    construction may be incomplete), but a removal may not leave a watch that had a CCO without one."""
    emptied = {seat.shift_id for seat in remove}
    before = {v.key for v in _judged(roster, limits, emptied)}
    removed = set(remove)
    roster.seats = [seat for seat in roster.seats if seat not in removed] + add
    return [v for v in _judged(roster, limits, emptied) if v.key not in before]


def _judged(roster: Roster, limits: Limits, emptied: set[int]) -> list[Violation]:
    found = roster_violations(roster, limits, gaps=False)
    if emptied:
        gaps = roster_violations(roster, limits, shift_ids=emptied)
        found += [v for v in gaps if v.rule == Rule.ONE_CCO and v.officer_id is None]
    return found


def _refusal(violations: list[Violation]) -> Refusal:
    head = violations[0]
    more = f" (and {len(violations) - 1} more)" if len(violations) > 1 else ""
    return Refusal(head.message + more, rule=head.rule, violations=violations)


def assignments_apply(
    *,
    add: Iterable[tuple[Shift, Officer, Position]] = (),
    remove: Iterable[Assignment] = (),
    by=None,
    source: str = "ui",
    enforce: bool = True,
) -> list[Assignment]:
    """Add and remove seats in one transaction, refusing any rule the change breaks (unless waived).

    `enforce=False` is for decertification only: the officer must come off the roster even if that
    leaves a gap, which the caller reports.
    """
    add, remove = list(add), list(remove)
    if not add and not remove:
        return []
    limits = Limits.from_settings()
    shift_ids = {shift.id for shift, _, _ in add} | {a.shift_id for a in remove}
    officer_ids = {officer.id for _, officer, _ in add} | {a.officer_id for a in remove}
    with transaction.atomic():
        # Lock the shifts and officers touched, so two concurrent changes cannot each pass the rules alone.
        touched = list(Shift.objects.select_for_update().filter(pk__in=shift_ids).order_by("pk"))
        list(Officer.objects.select_for_update().filter(pk__in=officer_ids).order_by("pk"))
        start_at = min(s.starts_at for s in touched)
        end_at = max(s.starts_at for s in touched) + timedelta(seconds=1)
        roster = roster_load(start_at=start_at, end_at=end_at, margin=_margin(limits))
        new_seats = [Seat(shift.id, officer.id, position.id) for shift, officer, position in add]
        old_seats = [Seat(a.shift_id, a.officer_id, a.position_id) for a in remove]
        if enforce:
            broken = _introduced(roster, limits, new_seats, old_seats)
            if broken:
                raise _refusal(broken)
        Assignment.objects.filter(pk__in=[a.pk for a in remove]).delete()
        created = Assignment.objects.bulk_create(
            Assignment(shift=shift, officer=officer, position=position, created_by=by, source=source)
            for shift, officer, position in add
        )
        if source != "generator":  # a generated roster is announced by the next-shift reminders
            transaction.on_commit(lambda: _tell_officers(add, remove), robust=True)
        return created


def _tell_officers(add, remove) -> None:
    stamp = timezone.now().isoformat()
    for shift, officer, position in add:
        signals.seat_changed.send(
            Assignment,
            officer=officer,
            key=f"seat-added:{shift.pk}:{officer.pk}:{stamp}",
            text=f"You are now on {shift} as {position.code}.",
        )
    for seat in remove:
        signals.seat_changed.send(
            Assignment,
            officer=seat.officer,
            key=f"seat-removed:{seat.shift_id}:{seat.officer_id}:{stamp}",
            text=f"You are no longer on {seat.shift} as {seat.position.code}.",
        )


def assignment_check(
    *, shift: Shift, officer: Officer, position: Position, replacing: Assignment | None = None
) -> list[Violation]:
    """What assigning the officer (in place of `replacing`, for a swap) would break, writing nothing."""
    limits = Limits.from_settings()
    roster = roster_load(start_at=shift.starts_at, end_at=shift.ends_at, margin=_margin(limits))
    removed = [Seat(replacing.shift_id, replacing.officer_id, replacing.position_id)] if replacing else []
    return _introduced(roster, limits, [Seat(shift.id, officer.id, position.id)], removed)


def assignment_create(
    *, shift: Shift, officer: Officer, position: Position, by=None, source: str = "ui"
) -> Assignment:
    if by is not None and not perms.can_schedule(by):
        raise Refusal(f"{by} may not edit the roster (scheduler permission needed)", rule="permission")
    return assignments_apply(add=[(shift, officer, position)], by=by, source=source)[0]


def assignment_delete(*, assignment: Assignment, by=None) -> None:
    if by is not None and not perms.can_schedule(by):
        raise Refusal(f"{by} may not edit the roster (scheduler permission needed)", rule="permission")
    assignments_apply(remove=[assignment], by=by)


def assignment_replace(
    *, assignment: Assignment, officer: Officer, by=None, source: str = "ui"
) -> Assignment:
    """Put `officer` in the seat in one step: how a CCO comes off a watch without leaving it without one."""
    if by is not None and not perms.can_schedule(by):
        raise Refusal(f"{by} may not edit the roster (scheduler permission needed)", rule="permission")
    made = assignments_apply(
        add=[(assignment.shift, officer, assignment.position)], remove=[assignment], by=by, source=source
    )
    return made[0]


def waiver_grant(*, rule: str, shift: Shift, officer: Officer | None, reason: str, approved_by) -> Waiver:
    """Record an approved exception; only a certifying official approves one, with a reason."""
    if not perms.is_certifying_official(approved_by):
        raise Refusal(
            f"{approved_by} is not a certifying official and may not approve a waiver", rule="permission"
        )
    if rule not in Rule.values:
        raise Refusal(f"no such rule: {rule}", rule="waiver")
    if not reason.strip():
        raise Refusal("a waiver needs a reason", rule="waiver")
    with transaction.atomic():
        return Waiver.objects.create(
            rule=rule, shift=shift, officer=officer, reason=reason.strip(), approved_by=approved_by
        )
