"""Workforce factories: positions, certifications made directly (history, not the path under test), crews."""

from datetime import UTC, date, datetime, timedelta

from django.contrib.auth.models import Permission
from django.utils import timezone

from shifts.workforce.models import (
    Assignment,
    Certification,
    CertificationStatus,
    Crew,
    Officer,
    Position,
    Shift,
    Watch,
)
from tests.factories import nation, persona, shift_at

# The roster tests' clock: a Tuesday noon, with the watch they staff two days later.
NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)
DAY = datetime(2026, 12, 3, 7, tzinfo=UTC)


def position(
    code: str = "CCO",
    *,
    chief: bool | None = None,
    nations: tuple[str, ...] = (),
    minimum: int = 1,
    months: int = 18,
) -> Position:
    chief = code == "CCO" if chief is None else chief
    made, _ = Position.objects.get_or_create(
        code=code,
        defaults={
            "title": f"{code} position",
            "is_chief": chief,
            "min_on_watch": minimum,
            "cert_validity_months": months,
        },
    )
    made.eligible_nations.set([nation(c) for c in nations])
    return made


def certified(officer: Officer, seat: Position, *, expires_on: date | None = None) -> Certification:
    expires_on = expires_on or (timezone.now() + timedelta(days=400)).date()
    cert, _ = Certification.objects.update_or_create(
        officer=officer,
        position=seat,
        defaults={
            "status": CertificationStatus.CERTIFIED,
            "expires_on": expires_on,
            "certified_on": timezone.now().date(),
        },
    )
    return cert


def grant(officer: Officer, *codenames: str) -> Officer:
    for codename in codenames:
        officer.user.user_permissions.add(Permission.objects.get(codename=codename))
    officer.user = type(officer.user).objects.get(pk=officer.user.pk)  # drop the permission cache
    return officer


def certifier(username: str = "cert.official", nation_code: str = "USA", **kwargs) -> Officer:
    return grant(persona(username, nation_code, **kwargs), "certify_officer")


def scheduler(username: str = "scheduler", nation_code: str = "USA") -> Officer:
    return grant(persona(username, nation_code), "schedule_roster")


def watch_at(start: datetime, watch: str = Watch.DAY) -> Shift:
    return Shift.objects.filter(starts_at=start).first() or shift_at(start, watch=watch)


def worked(officer: Officer, seat: Position, *, before: datetime, count: int = 3) -> list[Assignment]:
    """History: `count` shifts in the position, two days apart, ending well before `before`."""
    made = []
    for index in range(count):
        shift = watch_at(before - timedelta(days=3 + 2 * index))
        made.append(Assignment.objects.create(shift=shift, officer=officer, position=seat, source="history"))
    return made


def crew(name: str, members: list[Officer]) -> Crew:
    made, _ = Crew.objects.get_or_create(name=name)
    made.members.add(*members)
    return made
