"""The CP-SAT generator: a full roster that `validate` accepts, or which shifts cannot be filled and why."""

from datetime import UTC, date, datetime, timedelta

import pytest

from shifts.workforce.models import Assignment
from shifts.workforce.services.roster import roster_validate
from shifts.workforce.services.roster_solver import RosterInfeasible, roster_generate
from tests.factories import coalition, persona
from tests.shifts.factories import certified, crew, position, worked

pytestmark = [pytest.mark.usefixtures("frozen"), pytest.mark.django_db]

START = date(2026, 12, 3)


def world(ccos: int, ops: int, *, spaces: int = 0):
    coalition()
    cco, op = position("CCO"), position("OPS")
    space = position("SPACE", nations=("USA",)) if spaces else None
    nations = ["USA", "GBR", "CAN", "AUS"]
    members = []
    history = datetime(2026, 11, 20, 7, tzinfo=UTC)
    for index in range(ccos):
        officer = persona(f"cco{index}", nations[index % 4], last_name=f"Chief{index}")
        certified(officer, cco)
        worked(
            officer, cco, before=history - timedelta(hours=8 * (index % 3)) - timedelta(days=index // 3 * 7)
        )
        members.append(officer)
    for index in range(ops):
        officer = persona(f"ops{index}", nations[index % 4], last_name=f"Ops{index}")
        certified(officer, op)
        worked(
            officer, op, before=history - timedelta(hours=8 * (index % 3)) - timedelta(days=index // 3 * 7)
        )
        members.append(officer)
    for index in range(spaces):
        officer = persona(f"space{index}", "USA", last_name=f"Space{index}")
        certified(officer, space)
        worked(officer, space, before=history - timedelta(days=20 + index * 7))
        members.append(officer)
    crew("Alpha", members[::2])
    crew("Bravo", members[1::2])
    return members


def test_it_fills_every_seat_and_validate_finds_nothing(db):
    world(ccos=4, ops=4, spaces=4)
    result = roster_generate(start=START, days=3, time_limit_s=5)
    assert result.created == 3 * 3 * 3  # nine watches, three seats each
    _, violations = roster_validate(start=START, days=3)
    assert violations == []
    assert set(result.per_nation) >= {"USA", "GBR", "CAN"}
    chiefs = Assignment.objects.filter(position__is_chief=True).exclude(source="history")
    assert chiefs.count() == 9 and chiefs.values("shift").distinct().count() == 9


def test_it_balances_the_load_across_officers(db):
    officers = world(ccos=4, ops=4)
    roster_generate(start=START, days=4, time_limit_s=5)
    loads = [Assignment.objects.filter(officer=o).exclude(source="history").count() for o in officers]
    assert max(loads) - min(loads) <= 1


def test_it_keeps_what_is_already_rostered_and_only_fills_the_rest(db):
    world(ccos=4, ops=4)
    roster_generate(start=START, days=2, time_limit_s=5)
    assert roster_generate(start=START, days=2, time_limit_s=5).created == 0


def test_too_few_ccos_says_which_shifts_and_why_and_writes_nothing(db):
    world(ccos=2, ops=4)
    with pytest.raises(RosterInfeasible) as caught:
        roster_generate(start=START, days=2, time_limit_s=5)
    reasons = caught.value.reasons
    assert reasons and all(
        "no certified, current CCO available (2 certified CCOs, all resting" in r for r in reasons
    )
    assert any("2026-12-0" in r for r in reasons)
    assert not Assignment.objects.exclude(source="history").exists()


def test_a_position_nobody_holds_is_named(db):
    world(ccos=4, ops=4)
    position("CAT")
    with pytest.raises(RosterInfeasible) as caught:
        roster_generate(start=START, days=1, time_limit_s=5)
    assert "Mid 2026-12-02 2300Z: no officer certified as CAT for the whole shift" in caught.value.reasons


def test_a_non_current_officer_is_only_rostered_under_supervision(db):
    world(ccos=4, ops=4)
    rookie = persona("rookie", "CAN", last_name="Rookie")
    certified(rookie, position("OPS"))
    crew("Alpha", [rookie])
    roster_generate(start=START, days=3, time_limit_s=5)
    _, violations = roster_validate(start=START, days=3)
    assert violations == []  # the rookie, if rostered, always has a current OPS officer beside them
