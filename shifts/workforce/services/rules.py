"""The roster rules as one pure function over an in-memory roster.

The assignment service, `roster validate`, the solver's post-check and the swap proposals all call
`roster_violations`, so a rule cannot mean one thing in the UI and another in the generator.
No database access here: `shifts.workforce.services.roster.roster_load` builds the `Roster`.
"""

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings

from shifts.workforce.models import CertificationStatus, Rule

# A run of consecutive watches ends when the officer has a full day off.
RUN_BREAK = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class ShiftRow:
    id: int
    watch: str
    starts_at: datetime
    ends_at: datetime
    label: str


@dataclass(frozen=True, slots=True)
class PositionRow:
    id: int
    code: str
    is_chief: bool
    eligible: frozenset[str]  # nation codes; empty means every nation
    min_on_watch: int


@dataclass(frozen=True, slots=True)
class OfficerRow:
    id: int
    label: str
    nation: str
    active: bool = True


@dataclass(frozen=True, slots=True)
class CertRow:
    status: str
    expires_on: date | None


@dataclass(frozen=True, slots=True)
class Seat:
    shift_id: int
    officer_id: int
    position_id: int


@dataclass(frozen=True, slots=True)
class Limits:
    currency_min: int
    currency_window: timedelta
    min_rest: timedelta
    max_consecutive: int

    @classmethod
    def from_settings(cls) -> "Limits":
        config = settings.OPSCENTER
        return cls(
            currency_min=config["CURRENCY_MIN_SHIFTS"],
            currency_window=timedelta(days=config["CURRENCY_WINDOW_DAYS"]),
            min_rest=timedelta(hours=config["MIN_REST_HOURS"]),
            max_consecutive=config["MAX_CONSECUTIVE_WATCHES"],
        )


@dataclass
class Roster:
    shifts: dict[int, ShiftRow]
    positions: dict[int, PositionRow]
    officers: dict[int, OfficerRow]
    certs: dict[tuple[int, int], CertRow]
    seats: list[Seat]
    # (rule, shift id, officer id or None): a recorded waiver excuses that breach.
    waivers: set[tuple[str, int, int | None]] = field(default_factory=set)

    def chief(self) -> PositionRow | None:
        return next((p for p in self.positions.values() if p.is_chief), None)


@dataclass(frozen=True, slots=True)
class Violation:
    rule: str
    shift_id: int
    officer_id: int | None
    position_id: int | None
    message: str

    @property
    def key(self) -> tuple:
        return (self.rule, self.shift_id, self.officer_id, self.position_id)


def valid_through(expires_on: date | None) -> datetime | None:
    """A certification is valid to the end of its expiry day, UTC (None: it does not expire)."""
    if expires_on is None:
        return None
    return datetime.combine(expires_on + timedelta(days=1), time(0), tzinfo=UTC)


def certificate_problem(cert: CertRow | None, code: str, until: datetime) -> str | None:
    """Why `cert` does not let its officer hold position `code` up to `until`, or None if it does.

    The one definition of "certified": the roster rules, signing on as CCO and granting a CCO
    certification all ask it.
    """
    if cert is None:
        return f"not certified as {code}"
    if cert.status != CertificationStatus.CERTIFIED:
        return f"{code} certification is {CertificationStatus(cert.status).label.lower()}"
    valid_until = valid_through(cert.expires_on)
    if valid_until is not None and valid_until < until:
        return f"{code} certification expires {cert.expires_on:%Y-%m-%d}, before the shift ends"
    return None


def certification_problem(roster: Roster, officer_id: int, position_id: int, shift: ShiftRow) -> str | None:
    """Why the officer may not hold the position for the whole shift, or None if they may."""
    cert = roster.certs.get((officer_id, position_id))
    return certificate_problem(cert, roster.positions[position_id].code, shift.ends_at)


@dataclass(frozen=True, slots=True)
class Currency:
    worked: int
    required: int
    window_days: int

    @property
    def current(self) -> bool:
        return self.worked >= self.required


def currency_at(starts: list[datetime], at: datetime, limits: Limits) -> Currency:
    """The one definition of currency: shifts begun in the position within the window before `at`.

    `starts` are the officer's shift starts in that position, sorted.
    """
    worked = bisect_left(starts, at) - bisect_left(starts, at - limits.currency_window)
    return Currency(worked, limits.currency_min, limits.currency_window.days)


class _Index:
    """Per-officer and per-(officer, position) shift starts, sorted, for currency and rest checks."""

    def __init__(self, roster: Roster):
        self.by_officer: dict[int, list[ShiftRow]] = defaultdict(list)
        self.by_seat: dict[tuple[int, int], list[datetime]] = defaultdict(list)
        self.on_shift: dict[int, list[Seat]] = defaultdict(list)
        for seat in roster.seats:
            shift = roster.shifts[seat.shift_id]
            self.by_officer[seat.officer_id].append(shift)
            self.by_seat[(seat.officer_id, seat.position_id)].append(shift.starts_at)
            self.on_shift[seat.shift_id].append(seat)
        for shifts in self.by_officer.values():
            shifts.sort(key=lambda s: s.starts_at)
        for starts in self.by_seat.values():
            starts.sort()


def is_current(
    roster: Roster, index: _Index, limits: Limits, officer_id: int, position_id: int, shift: ShiftRow
) -> bool:
    starts = index.by_seat.get((officer_id, position_id), [])
    return currency_at(starts, shift.starts_at, limits).current


def _describe(
    roster: Roster, rule: str, shift: ShiftRow, officer_id: int | None, position_id: int | None, detail: str
) -> str:
    who = f"{roster.officers[officer_id].label}, " if officer_id is not None else ""
    seat = f" as {roster.positions[position_id].code}" if position_id is not None else ""
    return f"[{rule}] {who}{shift.label}{seat}: {detail}"


def roster_violations(
    roster: Roster, limits: Limits, *, shift_ids: set[int] | None = None, gaps: bool = True
) -> list[Violation]:
    """Every breach on the given shifts (all when None), waivers applied.

    `gaps=False` leaves out the window rules (a missing CCO, short manning): an insert is judged on what it
    breaks, and a roster under construction is allowed to be incomplete.
    """
    index = _Index(roster)
    found: list[Violation] = []

    def add(rule, shift, officer_id, position_id, detail):
        if shift_ids is not None and shift.id not in shift_ids:
            return
        if (rule, shift.id, officer_id) in roster.waivers:
            return
        message = _describe(roster, rule, shift, officer_id, position_id, detail)
        found.append(Violation(rule, shift.id, officer_id, position_id, message))

    for shift_id, seats in index.on_shift.items():
        _seat_rules(roster, index, limits, roster.shifts[shift_id], seats, add)
    for officer_id, shifts in index.by_officer.items():
        _time_rules(limits, officer_id, shifts, add)
    if gaps:
        for shift in roster.shifts.values():
            if shift_ids is None or shift.id in shift_ids:
                _manning_rules(roster, shift, index.on_shift.get(shift.id, []), add)
    return found


def _seat_rules(roster, index, limits, shift, seats, add) -> None:
    chief = roster.chief()
    chiefs = [s for s in seats if chief is not None and s.position_id == chief.id]
    for extra in chiefs[1:]:
        add(
            Rule.ONE_CCO,
            shift,
            extra.officer_id,
            extra.position_id,
            f"the shift already has a CCO ({roster.officers[chiefs[0].officer_id].label})",
        )
    for seat in seats:
        officer = roster.officers[seat.officer_id]
        position = roster.positions[seat.position_id]
        if not officer.active:
            add(Rule.CERTIFIED, shift, seat.officer_id, seat.position_id, "the officer is inactive")
        problem = certification_problem(roster, seat.officer_id, seat.position_id, shift)
        if problem:
            add(Rule.CERTIFIED, shift, seat.officer_id, seat.position_id, problem)
        if position.eligible and officer.nation not in position.eligible:
            allowed = ", ".join(sorted(position.eligible))
            add(
                Rule.NATION,
                shift,
                seat.officer_id,
                seat.position_id,
                f"{position.code} is open to {allowed} only, not {officer.nation}",
            )
        if not problem and not is_current(roster, index, limits, seat.officer_id, seat.position_id, shift):
            if not _supervised(roster, index, limits, shift, seats, seat):
                add(
                    Rule.CURRENT,
                    shift,
                    seat.officer_id,
                    seat.position_id,
                    f"fewer than {limits.currency_min} {position.code} shifts in the last "
                    f"{limits.currency_window.days} days, and no certified, current {position.code} on watch",
                )


def _supervised(roster, index, limits, shift, seats, seat) -> bool:
    """A non-current officer may work alongside a certified, current officer of the same position."""
    return any(
        other.officer_id != seat.officer_id
        and certification_problem(roster, other.officer_id, seat.position_id, shift) is None
        and is_current(roster, index, limits, other.officer_id, seat.position_id, shift)
        for other in seats
    )


def _time_rules(limits, officer_id, shifts, add) -> None:
    run = 1
    latest_end = None
    for previous, shift in zip([None, *shifts], shifts, strict=False):
        if previous is None:
            latest_end = shift.ends_at
            continue
        if shift.starts_at < latest_end:
            add(Rule.OVERLAP, shift, officer_id, None, f"overlaps {previous.label}")
        elif shift.starts_at - previous.ends_at < limits.min_rest:
            rest = _hours(shift.starts_at - previous.ends_at)
            add(
                Rule.REST,
                shift,
                officer_id,
                None,
                f"only {rest:g} h rest after {previous.label} (minimum {_hours(limits.min_rest):g} h)",
            )
        run = run + 1 if shift.starts_at - previous.ends_at < RUN_BREAK else 1
        if run > limits.max_consecutive:
            add(
                Rule.CONSECUTIVE,
                shift,
                officer_id,
                None,
                f"watch {run} in a row (maximum {limits.max_consecutive} without a day off)",
            )
        latest_end = max(latest_end, shift.ends_at)


def _hours(span: timedelta) -> float:
    return span.total_seconds() / 3600


def _manning_rules(roster, shift, seats, add) -> None:
    for position in roster.positions.values():
        held = sum(1 for seat in seats if seat.position_id == position.id)
        if position.is_chief and held == 0:
            add(Rule.ONE_CCO, shift, None, position.id, "no CCO on the shift")
        elif not position.is_chief and held < position.min_on_watch:
            add(
                Rule.MANNING,
                shift,
                None,
                position.id,
                f"{held} of the {position.min_on_watch} {position.code} officers required",
            )
