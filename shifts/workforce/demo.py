"""Workforce demo data: positions, crews, certifications (through the services), history and a roster.

Used by `seed_demo` and by `bench/roster.py`; every step is idempotent.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from shifts.workforce.models import Assignment, Certification, Crew, Officer, Position, Shift
from shifts.workforce.services import certification as certs
from shifts.workforce.services.calendar import shifts_ensure
from shifts.workforce.services.roster import window_bounds
from shifts.workforce.services.roster_solver import roster_generate

# code, title, chief, nations (empty: all), minimum on watch
POSITIONS = [
    ("CCO", "Chief of Current Operations", True, (), 1),
    ("OPS", "Current operations officer", False, (), 1),
    ("CAT", "Catalog maintenance analyst", False, (), 1),
    ("CA", "Conjunction assessment analyst", False, (), 1),
    ("SENS", "Sensor tasking (US only)", False, ("USA",), 1),
    ("ID", "Identification analyst (UCTs)", False, ("USA", "GBR", "AUS", "CAN"), 1),
]
CREWS = ["Alpha", "Bravo", "Charlie", "Delta"]
# Crew positions in the order they are handed out, per nation (SENS is US only).
ROTATION = {"USA": ["SENS", "CAT", "CA", "ID", "OPS"], "default": ["CAT", "CA", "ID", "OPS"]}
CCO_QUOTA = {"USA": 3, "GBR": 2, "AUS": 1, "CAN": 1}
HISTORY_DAYS = (60, 12)  # imported history: shifts between 60 and 12 days ago


@dataclass
class Summary:
    positions: int
    crews: int
    certified_ccos: list[str]
    expiring_cco: str
    non_current: str


def positions_ensure() -> dict[str, Position]:
    from shifts.markings.models import Nation

    made = {}
    for code, title, chief, nations, minimum in POSITIONS:
        position, _ = Position.objects.update_or_create(
            code=code, defaults={"title": title, "is_chief": chief, "min_on_watch": minimum}
        )
        position.eligible_nations.set(Nation.objects.filter(code__in=nations))
        made[code] = position
    return made


def officials_ensure(*, certifiers: list[Officer], schedulers: list[Officer]) -> None:
    for name, codename, members in (
        ("Certifying officials", "certify_officer", certifiers),
        ("Schedulers", "schedule_roster", schedulers),
    ):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(Permission.objects.get(codename=codename))
        group.user_set.add(*[o.user for o in members])


def _plan(officers: list[Officer]) -> dict[int, list[str]]:
    """Which positions each officer holds: CCOs also hold OPS; everyone else two crew positions."""
    plan: dict[int, list[str]] = {}
    ccos_left = dict(CCO_QUOTA)
    turn = defaultdict(int)
    for officer in officers:
        code = officer.nation.code
        if ccos_left.get(code, 0) > 0:
            ccos_left[code] -= 1
            plan[officer.id] = ["CCO", "OPS"]
            continue
        rotation = ROTATION.get(code, ROTATION["default"])
        first = rotation[turn[code] % len(rotation)]
        second = rotation[(turn[code] + 1) % len(rotation)]
        turn[code] += 1
        plan[officer.id] = [first, second]
    return plan


def _certify(officer: Officer, position: Position, *, by, evaluated_on: date) -> Certification:
    """Take the officer through training, evaluation and certification, as a certifying official would."""
    cert = certs.certification_start(
        officer=officer, position=position, by=by, reason="demo: initial training"
    )
    certs.certification_ready(certification=cert, by=by)
    certs.evaluation_record(
        certification=cert,
        evaluator=by,
        evaluated_on=evaluated_on,
        passed=True,
        remarks="demo: initial evaluation",
    )
    return certs.certification_certify(certification=cert, by=by)


def _months_ago(today: date, months: int) -> date:
    index = today.year * 12 + today.month - 1 - months
    return date(index // 12, index % 12 + 1, min(today.day, 28))


@transaction.atomic
def workforce_ensure(*, officers: list[Officer], certifier, today: date) -> Summary:
    """Crews, certifications and history for `officers` (the first ones of each nation become CCOs)."""
    positions = positions_ensure()
    crews = [Crew.objects.get_or_create(name=name)[0] for name in CREWS]
    for index, officer in enumerate(officers):
        crews[index % len(crews)].members.add(officer)
    plan = _plan(officers)
    expiring = next(o for o in officers if plan[o.id][0] == "CCO" and o.nation.code == "GBR")
    non_current = next(o for o in reversed(officers) if plan[o.id][0] != "CCO")
    for index, officer in enumerate(officers):
        for code in plan[officer.id]:
            if Certification.objects.filter(officer=officer, position=positions[code]).exists():
                continue
            # Spread evaluations over the last year; one CCO was evaluated 18 months ago and expires soon.
            months = 18 if (officer == expiring and code == "CCO") else 1 + index % 12
            _certify(officer, positions[code], by=certifier, evaluated_on=_months_ago(today, months))
    _history_ensure(officers, plan, positions, today=today, skip={non_current.id})
    ccos = [str(o) for o in officers if plan[o.id][0] == "CCO"]
    return Summary(len(positions), len(crews), ccos, str(expiring), str(non_current))


def _history_ensure(officers, plan, positions, *, today: date, skip: set[int]) -> None:
    """Shifts worked before opscenter went live (imported records), enough to make officers current.

    Three shifts per officer and position, at least three days apart, one officer per seat; far enough
    in the past not to touch the rest and run rules of the roster to come."""
    if Assignment.objects.filter(source="history").exists():
        return
    oldest, newest = HISTORY_DAYS
    shifts = shifts_ensure(start=today - timedelta(days=oldest), days=oldest - newest)
    taken: set[tuple[int, int]] = set()  # (shift, position)
    worked: dict[int, list[Shift]] = defaultdict(list)
    rows = []
    cursor = 0
    for officer in officers:
        if officer.id in skip:
            continue
        for code in plan[officer.id]:
            position = positions[code]
            for _ in range(3):
                cursor = _next_free(shifts, cursor, position, taken, worked[officer.id])
                shift = shifts[cursor]
                taken.add((shift.id, position.id))
                worked[officer.id].append(shift)
                rows.append(Assignment(shift=shift, officer=officer, position=position, source="history"))
    Assignment.objects.bulk_create(rows)


def _next_free(shifts, cursor, position, taken, worked) -> int:
    for step in range(len(shifts)):
        index = (cursor + step) % len(shifts)
        shift = shifts[index]
        rested = all(abs(shift.starts_at - other.starts_at) >= timedelta(days=3) for other in worked)
        if (shift.id, position.id) not in taken and rested:
            return index
    raise RuntimeError("not enough history shifts for the demo")


def roster_ensure(*, start: date, days: int, time_limit_s: float = 6.0) -> int:
    """Generate the roster of the window, keeping what is already on it; returns the seats added."""
    start_at, end_at = window_bounds(start, days)
    before = Assignment.objects.filter(shift__starts_at__gte=start_at, shift__starts_at__lt=end_at).count()
    seats_per_shift = sum(p.min_on_watch for p in Position.objects.all())
    if before >= days * 3 * seats_per_shift:
        return 0
    return roster_generate(start=start, days=days, time_limit_s=time_limit_s).created


def seed_workforce(officers: list[Officer], *, today: date, days: int) -> str:
    """`seed_demo`'s workforce: the site admin certifies; two CCOs also certify, one also schedules."""
    admin = next(o for o in officers if o.user.is_superuser)
    crew_members = [o for o in officers if not o.user.is_superuser]
    by_name = {o.user.username: o for o in officers}
    officials_ensure(
        certifiers=[admin, by_name["usa.reyes"], by_name["can.tremblay"]],
        schedulers=[admin, by_name["usa.reyes"]],
    )
    certs.certifications_expire(today=today)
    summary = workforce_ensure(officers=crew_members, certifier=admin.user, today=today)
    added = roster_ensure(start=today - timedelta(days=1), days=days)
    return (
        f"{summary.positions} positions, {summary.crews} crews, {len(summary.certified_ccos)} certified CCOs "
        f"({', '.join(summary.certified_ccos)}); expiring soon: {summary.expiring_cco}; "
        f"non-current: {summary.non_current}; {added} roster seats generated"
    )
