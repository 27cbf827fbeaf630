"""A change of watch ready to happen: a US chief on watch with a British operator, a Canadian
chief assigned to the next watch. Seats are made directly: the roster is not the path under test."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from shifts.workforce.models import Assignment, Officer, Shift, ShiftStatus
from tests.factories import coalition, persona, shift_at
from tests.shifts.factories import certified, position


@dataclass
class ChangeOfWatch:
    outgoing: Shift
    incoming: Shift
    us_chief: Officer
    uk_operator: Officer
    can_chief: Officer
    outsider: Officer


def change_of_watch(*, on_watch: bool = True, ends_in: timedelta = timedelta(hours=1)) -> ChangeOfWatch:
    """`ends_in`: how long the outgoing watch has left (acceptance opens HANDOVER_ACCEPT_LEAD_MIN before)."""
    coalition()
    cco, ops = position("CCO"), position("OPS")
    now = timezone.now().replace(microsecond=0)
    outgoing = shift_at(now + ends_in - timedelta(hours=8))
    incoming = shift_at(outgoing.ends_at)
    us_chief = persona("usa.reyes", "USA", first_name="Dana", last_name="Reyes")
    uk_operator = persona("gbr.hughes", "GBR", first_name="Alex", last_name="Hughes")
    can_chief = persona("can.tremblay", "CAN", first_name="Marie", last_name="Tremblay")
    outsider = persona("aus.kelly", "AUS", first_name="Sam", last_name="Kelly")
    for chief in (us_chief, can_chief):
        certified(chief, cco)
    certified(uk_operator, ops)
    Assignment.objects.create(shift=outgoing, officer=us_chief, position=cco, source="history")
    Assignment.objects.create(shift=outgoing, officer=uk_operator, position=ops, source="history")
    Assignment.objects.create(shift=incoming, officer=can_chief, position=cco, source="history")
    if on_watch:
        Shift.objects.filter(pk=outgoing.pk).update(status=ShiftStatus.ON_WATCH)
        outgoing.refresh_from_db()
    return ChangeOfWatch(outgoing, incoming, us_chief, uk_operator, can_chief, outsider)
