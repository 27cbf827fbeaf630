"""Roster generation with OR-Tools CP-SAT.

The model encodes the rules conservatively (every roster it accepts passes `rules.roster_violations`);
the result is post-checked with that same function and written through `roster.assignments_apply`.
Uncovered seats are slack variables minimised first, so an impossible window still solves and tells which
shifts cannot be filled and why; nothing is written then (no half-filled roster).
"""

import time
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from ortools.sat.python import cp_model

from shifts.refusals import Refusal
from shifts.workforce import perms
from shifts.workforce.models import Crew, Officer, Position, Shift, Watch
from shifts.workforce.services.calendar import shifts_ensure, watch_day
from shifts.workforce.services.roster import _margin, assignments_apply, roster_load, window_bounds
from shifts.workforce.services.rules import (
    Limits,
    Roster,
    Seat,
    Violation,
    certification_problem,
    currency_at,
    roster_violations,
)


class RosterInfeasible(Exception):
    """No roster keeps every rule; `reasons` says which shift and seat, and why."""

    def __init__(self, reasons: list[str]):
        super().__init__(f"no roster keeps every rule: {len(reasons)} seat(s) cannot be filled")
        self.reasons = reasons


@dataclass
class GenerateResult:
    created: int
    seats: list[Seat] = field(default_factory=list)
    per_nation: dict[str, int] = field(default_factory=dict)
    status: str = ""


@dataclass
class _Model:
    roster: Roster
    limits: Limits
    window: list  # ShiftRow, sorted
    pool: list[int]
    model: cp_model.CpModel = field(default_factory=cp_model.CpModel)
    x: dict = field(default_factory=dict)  # (officer, position, shift) -> BoolVar
    gaps: dict = field(default_factory=dict)  # (shift, position) -> IntVar
    fixed: set = field(default_factory=set)  # (officer, shift) already on the roster
    fixed_seats: dict = field(default_factory=lambda: defaultdict(list))  # (officer, position) -> starts
    by_officer_shift: dict = field(default_factory=lambda: defaultdict(list))  # (officer, shift) -> vars
    by_officer_position: dict = field(default_factory=lambda: defaultdict(list))  # (o, p) -> [(start, var)]
    by_officer: dict = field(default_factory=lambda: defaultdict(list))  # officer -> [(shift, var)]

    def add_var(self, officer_id: int, position_id: int, shift) -> cp_model.IntVar:
        var = self.model.new_bool_var(f"x_{officer_id}_{position_id}_{shift.id}")
        self.x[(officer_id, position_id, shift.id)] = var
        self.by_officer_shift[(officer_id, shift.id)].append(var)
        self.by_officer_position[(officer_id, position_id)].append((shift.starts_at, var))
        self.by_officer[officer_id].append((shift, var))
        return var


def roster_generate(
    *, start: date, days: int, time_limit_s: float = 15.0, seed: int = 7, by=None
) -> GenerateResult:
    """Fill every seat of every watch of `days` days from `start`, keeping what is already rostered.
    `by` is the user asking (a scheduler); None for the command and the demo seed."""
    if by is not None and not perms.can_schedule(by):
        raise Refusal(f"{by} may not generate the roster (scheduler permission needed)", rule="permission")
    shifts_ensure(start=start, days=days)
    limits = Limits.from_settings()
    start_at, end_at = window_bounds(start, days)
    roster = roster_load(start_at=start_at, end_at=end_at, margin=_margin(limits))
    window = sorted(
        (s for s in roster.shifts.values() if start_at <= s.starts_at < end_at), key=lambda s: s.starts_at
    )
    pool = sorted(
        Officer.objects.filter(crews__in=Crew.objects.all(), active=True)
        .values_list("id", flat=True)
        .distinct()
    )
    if not pool:
        raise RosterInfeasible(["no crews with active members to roster from"])
    built = _Model(roster, limits, window, pool)
    _variables(built)
    _rest_and_runs(built)
    _currency(built)
    solver = _solve(built, time_limit_s, seed)
    seats = [Seat(s, o, p) for (o, p, s), var in built.x.items() if solver.value(var) > 0]
    _post_check(roster, limits, seats, {s.id for s in window})
    _write(seats)
    per_nation = defaultdict(int)
    for seat in seats:
        per_nation[roster.officers[seat.officer_id].nation] += 1
    return GenerateResult(len(seats), seats, dict(per_nation), solver.status)


@dataclass
class _Solution:
    values: dict
    status: str

    def value(self, var) -> int:
        return self.values[var.index]


def _solve(m: _Model, time_limit_s: float, seed: int) -> _Solution:
    """First find any roster with every seat filled (a pure feasibility search stops at the first answer),
    then even out the load from that answer. When no full roster is found, minimise the unfilled seats
    instead, to say which shifts cannot be filled and why."""
    variables = [*m.x.values(), *m.gaps.values()]
    began = time.monotonic()
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 2
    solver.parameters.random_seed = seed
    solver.parameters.max_time_in_seconds = time_limit_s * 0.5
    full = m.model.clone()
    for gap in m.gaps.values():
        full.add(gap == 0)
    status = solver.solve(full)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        _explain_gaps(m, solver, max(1.0, time_limit_s - (time.monotonic() - began)))
    first = _Solution({v.index: solver.value(v) for v in variables}, solver.status_name(status))
    for var in variables:
        full.add_hint(var, first.value(var))
    m.model = full
    _objective(m)
    solver.parameters.max_time_in_seconds = max(1.0, time_limit_s - (time.monotonic() - began))
    status = solver.solve(full)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return first
    return _Solution({v.index: solver.value(v) for v in variables}, solver.status_name(status))


def _explain_gaps(m: _Model, solver: cp_model.CpSolver, time_limit_s: float) -> None:
    solver.parameters.max_time_in_seconds = time_limit_s
    m.model.minimize(sum(m.gaps.values()))
    status = solver.solve(m.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise RosterInfeasible([f"the solver found no roster in time ({solver.status_name(status)})"])
    unfilled = [key for key, gap in m.gaps.items() if solver.value(gap) > 0]
    if not unfilled:  # a full roster exists but was not found in time
        raise RosterInfeasible(["the solver ran out of time; try a longer time limit"])
    raise RosterInfeasible([_why_unfilled(m, shift_id, position_id) for shift_id, position_id in unfilled])


def _variables(m: _Model) -> None:
    """One boolean per (officer, position, shift) the officer could hold: certified for the whole shift,
    nation eligible, not already on that shift. Each seat is filled exactly, or left as a penalised gap."""
    on_shift = defaultdict(lambda: defaultdict(int))
    for seat in m.roster.seats:
        m.fixed.add((seat.officer_id, seat.shift_id))
        m.fixed_seats[(seat.officer_id, seat.position_id)].append(m.roster.shifts[seat.shift_id].starts_at)
        on_shift[seat.shift_id][seat.position_id] += 1
    for starts in m.fixed_seats.values():
        starts.sort()  # currency_at counts by bisection
    for shift in m.window:
        for position in m.roster.positions.values():
            seat_vars = []
            for officer_id in m.pool:
                officer = m.roster.officers[officer_id]
                if (officer_id, shift.id) in m.fixed:
                    continue
                if position.eligible and officer.nation not in position.eligible:
                    continue
                if certification_problem(m.roster, officer_id, position.id, shift) is None:
                    seat_vars.append(m.add_var(officer_id, position.id, shift))
            need = max(
                0, (1 if position.is_chief else position.min_on_watch) - on_shift[shift.id][position.id]
            )
            gap = m.model.new_int_var(0, need, f"gap_{shift.id}_{position.id}")
            m.model.add(sum(seat_vars) + gap == need)
            m.gaps[(shift.id, position.id)] = gap
    for held in m.by_officer_shift.values():
        if len(held) > 1:
            m.model.add_at_most_one(held)


def _rest_and_runs(m: _Model) -> None:
    """Pairwise rest (and overlap) and runs of watches, as sliding windows over each officer's shifts.

    Two shifts conflict when the later starts before the earlier ends plus the minimum rest, so at most one
    shift may start in [start, end + rest) of any shift. A run of more than N watches (each starting less
    than a watch plus a day after the previous ends) fits in N * (watch + 1 day) from its first start, so
    at most N shifts may start in any such span: stricter than the rule, never looser."""
    all_shifts = sorted(m.roster.shifts.values(), key=lambda s: s.starts_at)
    starts = [s.starts_at for s in all_shifts]
    run_span = m.limits.max_consecutive * (
        timedelta(hours=settings.OPSCENTER["WATCH_HOURS"]) + timedelta(days=1)
    )
    first = m.window[0].starts_at - run_span if m.window else None
    anchors = [i for i, s in enumerate(all_shifts) if first is not None and s.starts_at >= first]
    for officer_id in m.pool:
        for i in anchors:
            anchor = all_shifts[i]
            for until, limit in (
                (anchor.ends_at + m.limits.min_rest, 1),
                (anchor.starts_at + run_span, m.limits.max_consecutive),
            ):
                inside = all_shifts[i : bisect_left(starts, until)]
                variables = [v for s in inside for v in m.by_officer_shift.get((officer_id, s.id), ())]
                if variables:
                    fixed = sum(1 for s in inside if (officer_id, s.id) in m.fixed)
                    m.model.add(sum(variables) <= max(0, limit - fixed))


def _currency(m: _Model) -> None:
    """A non-current officer works only once earlier shifts in this roster make them current, or alongside
    an officer certified and current (on the existing roster alone) in the same position."""
    window_, minimum = m.limits.currency_window, m.limits.currency_min
    for (officer_id, position_id, shift_id), var in list(m.x.items()):
        shift = m.roster.shifts[shift_id]
        done = currency_at(m.fixed_seats[(officer_id, position_id)], shift.starts_at, m.limits).worked
        if done >= minimum:
            continue
        prior = [
            v
            for start, v in m.by_officer_position[(officer_id, position_id)]
            if shift.starts_at - window_ <= start < shift.starts_at
        ]
        mentors = [
            o
            for o in m.pool
            if o != officer_id
            and certification_problem(m.roster, o, position_id, shift) is None
            and currency_at(m.fixed_seats[(o, position_id)], shift.starts_at, m.limits).current
        ]
        if any((o, shift_id) in m.fixed for o in mentors):
            continue
        options = []
        if done + len(prior) >= minimum:
            current = m.model.new_bool_var("")
            m.model.add(done + sum(prior) >= minimum).only_enforce_if(current)
            options.append(current)
        mentor_vars = [v for o in mentors for v in m.by_officer_shift.get((o, shift_id), ())]
        if mentor_vars:
            supervised = m.model.new_bool_var("")
            m.model.add(sum(mentor_vars) >= 1).only_enforce_if(supervised)
            options.append(supervised)
        m.model.add_bool_or([*options, var.Not()])


def _is_weekend(shift) -> bool:
    return watch_day(shift.starts_at).weekday() >= 5


def _objective(m: _Model) -> None:
    """Fill every seat first; then even out shifts, Mids and weekends per officer, and shifts per nation."""
    model, horizon = m.model, len(m.window)
    spreads = []
    for include in (lambda s: True, lambda s: s.watch == Watch.MID, _is_weekend):
        loads = [sum(v for s, v in m.by_officer[o] if include(s)) for o in m.pool if m.by_officer[o]]
        spreads.append(_spread(model, loads, horizon))
    by_nation = defaultdict(list)
    for officer_id in m.pool:
        by_nation[m.roster.officers[officer_id].nation].append(officer_id)
    # Shifts per head of each nation, scaled to integers.
    shares = [
        (1000 // len(members)) * sum(v for o in members for _s, v in m.by_officer[o])
        for members in by_nation.values()
    ]
    nations = _spread(model, shares, 1000 * horizon * 10)
    model.minimize(400 * spreads[0] + 300 * (spreads[1] + spreads[2]) + nations)


def _spread(model: cp_model.CpModel, loads: list, bound: int):
    """max(loads) - min(loads) as a variable (0 when there is nothing to compare)."""
    if len(loads) < 2:
        return 0
    values = []
    for load in loads:
        value = model.new_int_var(0, bound, "")
        model.add(value == load)
        values.append(value)
    high, low = model.new_int_var(0, bound, ""), model.new_int_var(0, bound, "")
    model.add_max_equality(high, values)
    model.add_min_equality(low, values)
    return high - low


def _why_unfilled(m: _Model, shift_id: int, position_id: int) -> str:
    shift, position = m.roster.shifts[shift_id], m.roster.positions[position_id]
    qualified = [
        o
        for o in m.pool
        if certification_problem(m.roster, o, position_id, shift) is None
        and (not position.eligible or m.roster.officers[o].nation in position.eligible)
    ]
    seat = "CCO" if position.is_chief else f"{position.code} officer"
    if not qualified:
        return f"{shift.label}: no officer certified as {position.code} for the whole shift"
    return (
        f"{shift.label}: no certified, current {seat} available ({len(qualified)} certified "
        f"{position.code}s, all resting, on other watches, over {m.limits.max_consecutive} consecutive "
        f"watches or non-current without supervision)"
    )


def _post_check(roster: Roster, limits: Limits, seats: list[Seat], window_ids: set[int]) -> None:
    roster.seats = roster.seats + seats
    broken: list[Violation] = roster_violations(roster, limits, shift_ids=window_ids)
    if broken:
        raise Refusal(
            f"the generated roster breaks {len(broken)} rule(s): {broken[0].message}",
            rule=broken[0].rule,
            violations=broken,
        )


def _write(seats: list[Seat]) -> None:
    shifts = Shift.objects.in_bulk({s.shift_id for s in seats})
    officers = Officer.objects.in_bulk({s.officer_id for s in seats})
    positions = Position.objects.in_bulk({s.position_id for s in seats})
    assignments_apply(
        add=[(shifts[s.shift_id], officers[s.officer_id], positions[s.position_id]) for s in seats],
        source="generator",
    )
