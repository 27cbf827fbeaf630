"""What the shifts tests share: a frozen clock and the roster floor many of them staff."""

import pytest
import time_machine

from tests.factories import coalition, persona
from tests.shifts.factories import DAY, NOW, certified, position, scheduler, watch_at, worked


@pytest.fixture
def frozen():
    """The clock stands at NOW (tests/shifts/factories.py)."""
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def frozen_ticking():
    """The clock starts at NOW and runs: for pages whose sessions and forms need time to pass."""
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def floor():
    """A certified, current US CCO, the CCO and OPS positions, the Day watch of DAY, and a scheduler."""
    coalition()
    cco, ops = position("CCO"), position("OPS")
    chief = persona("usa.reyes", "USA", first_name="Dana", last_name="Reyes")
    certified(chief, cco)
    worked(chief, cco, before=DAY)
    return {"cco": cco, "ops": ops, "chief": chief, "shift": watch_at(DAY), "scheduler": scheduler()}
