"""`manage.py roster generate|validate` as an operator runs it."""

from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from shifts.workforce.models import Assignment
from shifts.workforce.services.calendar import shifts_ensure
from tests.shifts.test_roster_solver import world

pytestmark = [pytest.mark.usefixtures("frozen"), pytest.mark.django_db]


def test_validate_prints_each_violation_and_exits_non_zero(capsys):
    world(ccos=4, ops=4)
    shifts_ensure(start=date(2026, 12, 3), days=1)
    with pytest.raises(SystemExit) as exited:
        call_command("roster", "validate", "--start", "2026-12-03", "--days", "1")
    assert exited.value.code == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[-1] == f"{len(lines) - 1} violations" and len(lines) == 7  # 3 watches x (no CCO, no OPS)
    assert "[one_cco] Mid 2026-12-02 2300Z as CCO: no CCO on the shift" in lines


def test_generate_then_validate_reports_zero(capsys):
    world(ccos=4, ops=4)
    call_command("roster", "generate", "--start", "2026-12-03", "--days", "2", "--time-limit", "5")
    assert "12 assignments written" in capsys.readouterr().out
    call_command("roster", "validate", "--start", "2026-12-03", "--days", "2")
    assert capsys.readouterr().out.strip().splitlines()[-1] == "0 violations"


def test_an_impossible_roster_is_explained_and_nothing_written(capsys):
    world(ccos=1, ops=4)
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("roster", "generate", "--start", "2026-12-03", "--days", "1", "--time-limit", "5")
    assert "no certified, current CCO available" in capsys.readouterr().err
    assert not Assignment.objects.exclude(source="history").exists()


def test_a_bad_date_is_refused():
    with pytest.raises(CommandError, match="is not a date"):
        call_command("roster", "validate", "--start", "03/12/2026", "--days", "1")
