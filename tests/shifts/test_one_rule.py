"""One rule, one place: the roster, signing on and the shift page agree on what "certified" and "which day"
mean, because they ask the same function."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from shifts.workforce.models import ShiftStatus, Watch
from shifts.workforce.services import roster
from shifts.workforce.services.calendar import watch_day
from tests.factories import coalition, persona, shift_at
from tests.http import csrf_post
from tests.shifts.factories import certified, position, scheduler, worked

pytestmark = pytest.mark.django_db


@time_machine.travel(datetime(2026, 12, 1, 17, tzinfo=UTC), tick=False)
def test_a_cco_valid_to_the_end_of_the_day_signs_on_for_a_watch_ending_at_midnight(logged_in):
    coalition()
    cco = position("CCO")
    chief = persona("usa.reyes", "USA", first_name="Dana", last_name="Reyes")
    certified(chief, cco, expires_on=date(2026, 12, 1))  # valid through 2400Z on 1 Dec
    swing = shift_at(datetime(2026, 12, 1, 16, tzinfo=UTC))  # ends 0000Z on 2 Dec
    worked(chief, cco, before=swing.starts_at)
    roster.assignment_create(shift=swing, officer=chief, position=cco)  # the roster accepts them
    csrf_post(logged_in(chief), f"/shifts/{swing.pk}/sign-on")
    swing.refresh_from_db()
    assert swing.status == ShiftStatus.ON_WATCH


MID_AT_2100 = [("mid", 21), ("day", 5), ("swing", 13)]


def test_a_mid_belongs_to_the_day_it_ends_on_whatever_its_start_hour(settings):
    settings.OPSCENTER = {**settings.OPSCENTER, "WATCH_START_HOURS": MID_AT_2100}
    assert watch_day(datetime(2026, 12, 4, 21, tzinfo=UTC)) == date(2026, 12, 5)  # Friday's Mid is Saturday's
    assert watch_day(datetime(2026, 12, 4, 13, tzinfo=UTC)) == date(2026, 12, 4)
    settings.OPSCENTER = {**settings.OPSCENTER, "WATCH_START_HOURS": [("mid", 23), ("day", 7), ("swing", 15)]}
    assert watch_day(datetime(2026, 12, 4, 23, tzinfo=UTC)) == date(2026, 12, 5)


def test_the_shift_page_of_an_early_mid_shows_its_missing_cco(settings, logged_in):
    settings.OPSCENTER = {**settings.OPSCENTER, "WATCH_START_HOURS": MID_AT_2100}
    coalition()
    position("CCO")
    mid = shift_at(datetime(2026, 12, 4, 21, tzinfo=UTC), watch=Watch.MID)
    page = logged_in(scheduler()).get(f"/roster/shifts/{mid.pk}/").content.decode()
    assert "no CCO on the shift" in page
