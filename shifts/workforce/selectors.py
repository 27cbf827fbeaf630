"""Reads of the workforce: officers, certifications, the roster, swaps."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from shifts.markings.models import Nation
from shifts.workforce.models import (
    Assignment,
    Certification,
    CertificationStatus,
    Crew,
    Officer,
    Position,
    Shift,
    ShiftStatus,
    SwapRequest,
)
from shifts.workforce.services.calendar import watch_starts
from shifts.workforce.services.roster import roster_validate, window_bounds
from shifts.workforce.services.rules import Currency, Limits, currency_at, valid_through


def officer_of(user) -> Officer | None:
    return getattr(user, "officer", None) if user.is_authenticated else None


def shift_on_watch() -> Shift | None:
    """The shift whose CCO has signed on and not yet handed over; None on a fresh floor."""
    watching = Shift.objects.filter(status__in=(ShiftStatus.ON_WATCH, ShiftStatus.HANDING_OVER))
    return watching.order_by("-starts_at").first()


def next_shift(after: Shift) -> Shift | None:
    return Shift.objects.filter(starts_at__gte=after.ends_at).order_by("starts_at").first()


def officers_all() -> QuerySet[Officer]:
    return Officer.objects.select_related("user", "nation").prefetch_related(
        "crews", "certifications__position"
    )


def officer_for(pk: int) -> Officer:
    return get_object_or_404(officers_all(), pk=pk)


def positions_all() -> QuerySet[Position]:
    return Position.objects.prefetch_related("eligible_nations")


def certifications_all() -> QuerySet[Certification]:
    return Certification.objects.select_related("officer__user", "officer__nation", "position")


def certifications_filtered(
    *, position: Position | None = None, status: str = "", nation: Nation | None = None, q: str = ""
) -> QuerySet[Certification]:
    """The certification list narrowed by position, status, the officer's nation and a text in their name."""
    rows = certifications_all()
    if position is not None:
        rows = rows.filter(position=position)
    if status:
        rows = rows.filter(status=status)
    if nation is not None:
        rows = rows.filter(officer__nation=nation)
    for word in q.split():
        rows = rows.filter(
            Q(officer__user__first_name__icontains=word)
            | Q(officer__user__last_name__icontains=word)
            | Q(officer__user__username__icontains=word)
        )
    return rows.order_by("position__code", "officer__user__last_name", "officer__user__first_name")


def certification_for(pk: int) -> Certification:
    return get_object_or_404(
        certifications_all().prefetch_related("events__actor", "evaluations__evaluator"), pk=pk
    )


def certifications_expiring(*, within_days: int = 60, today: date | None = None) -> list[dict]:
    """Certified officers whose certification ends within the period, and the rostered shifts after it
    (those the expiry uncovers)."""
    today = today or timezone.now().date()
    expiring = (
        certifications_all()
        .filter(
            status=CertificationStatus.CERTIFIED,
            expires_on__gte=today,
            expires_on__lte=today + timedelta(days=within_days),
        )
        .order_by("expires_on")
    )
    rows = []
    for cert in expiring:
        cutoff = valid_through(cert.expires_on)
        uncovered = Shift.objects.filter(
            assignments__officer=cert.officer, assignments__position=cert.position, ends_at__gt=cutoff
        ).order_by("starts_at")
        rows.append({"certification": cert, "uncovered": list(uncovered)})
    return rows


def shifts_between(start_at: datetime, end_at: datetime) -> QuerySet[Shift]:
    return Shift.objects.filter(starts_at__gte=start_at, starts_at__lt=end_at).prefetch_related(
        Prefetch(
            "assignments",
            queryset=Assignment.objects.select_related("officer__user", "officer__nation", "position"),
        )
    )


def shift_for(pk: int) -> Shift:
    return get_object_or_404(
        shifts_between(datetime.min.replace(tzinfo=UTC), datetime.max.replace(tzinfo=UTC)), pk=pk
    )


def officer_assignments(officer: Officer, *, upcoming: bool) -> QuerySet[Assignment]:
    now = timezone.now()
    seats = Assignment.objects.filter(officer=officer).select_related("shift", "position")
    if upcoming:
        return seats.filter(shift__ends_at__gt=now).order_by("shift__starts_at")
    return seats.filter(shift__ends_at__lte=now).order_by("-shift__starts_at")


def officer_by_ical_token(token: str) -> Officer:
    return get_object_or_404(Officer.objects.select_related("user"), ical_token=token, active=True)


def swaps_visible() -> QuerySet[SwapRequest]:
    return SwapRequest.objects.select_related(
        "shift",
        "position",
        "requester__user",
        "requester__nation",
        "replacement__user",
        "replacement__nation",
    ).prefetch_related("events__actor")


def swap_for(pk: int) -> SwapRequest:
    return get_object_or_404(swaps_visible(), pk=pk)


def roster_calendar(
    *,
    start: date,
    days: int,
    violations: list | None = None,
    me: Officer | None = None,
    focus: set[int] | None = None,
) -> list[dict]:
    """Weeks of a row per watch and a cell per day: the shift, its CCO, its crew, and its breaches.

    `me` marks the reader's own seats; `focus` (officer ids) picks the seats a filter asks for and dims
    the shifts without one. Shifts that have ended are `past`: their breaches are history, not alarms.
    """
    start_at, end_at = window_bounds(start, days)
    shifts = {s.starts_at: s for s in shifts_between(start_at, end_at)}
    if violations is None:
        _, violations = roster_validate(start=start, days=days)
    breaches: dict[int, list[str]] = {}
    for violation in violations:
        breaches.setdefault(violation.shift_id, []).append(violation.message)
    now = timezone.now()
    weeks = []
    for week_start in range(0, days, 7):
        dates = [start + timedelta(days=d) for d in range(week_start, min(week_start + 7, days))]
        rows = {}
        for day in dates:
            for watch, starts_at in watch_starts(day):
                shift = shifts.get(starts_at)
                rows.setdefault(watch, []).append(_cell(day, starts_at, shift, breaches, now, me, focus))
        weeks.append({"dates": dates, "rows": [{"watch": w, "cells": cells} for w, cells in rows.items()]})
    return weeks


def _cell(day, starts_at, shift, breaches, now, me, focus) -> dict:
    seats = list(shift.assignments.all()) if shift else []
    matches = [a for a in seats if a.officer_id in focus] if focus is not None else []
    hours = timedelta(hours=settings.OPSCENTER["WATCH_HOURS"])
    return {
        "day": day,
        "shift": shift,
        "cco": next((a for a in seats if a.position.is_chief), None),
        "crew": [a for a in seats if not a.position.is_chief],
        "breaches": breaches.get(shift.id, []) if shift else ["no shift created"],
        "past": (shift.ends_at if shift else starts_at + hours) <= now,
        "mine": next((a for a in seats if me is not None and a.officer_id == me.pk), None),
        "matches": matches,
        "dim": focus is not None and not matches,
    }


def roster_focus(*, officer: Officer | None, crew: Crew | None, nation: Nation | None) -> set[int] | None:
    """The officers a roster filter picks (all of the filters given at once); None when none is given."""
    picked = None
    for chosen in (
        {officer.pk} if officer else None,
        set(crew.members.values_list("pk", flat=True)) if crew else None,
        set(Officer.objects.filter(nation=nation).values_list("pk", flat=True)) if nation else None,
    ):
        if chosen is not None:
            picked = chosen if picked is None else picked & chosen
    return picked


def crews_all() -> QuerySet[Crew]:
    return Crew.objects.all()


def assignment_for(pk: int) -> Assignment:
    return get_object_or_404(
        Assignment.objects.select_related("officer__user", "officer__nation", "shift", "position"), pk=pk
    )


def certification_currencies(
    certifications: Iterable[Certification], *, at: datetime | None = None
) -> list[tuple[Certification, Currency]]:
    """Each certification with its officer's currency in its position at `at` (now), the roster's rule."""
    at = at or timezone.now()
    limits = Limits.from_settings()
    certifications = list(certifications)
    starts = defaultdict(list)
    worked = Assignment.objects.filter(
        officer_id__in={c.officer_id for c in certifications},
        shift__starts_at__gte=at - limits.currency_window,
        shift__starts_at__lt=at,
    ).order_by("shift__starts_at")
    for officer_id, position_id, start in worked.values_list("officer_id", "position_id", "shift__starts_at"):
        starts[(officer_id, position_id)].append(start)
    return [(c, currency_at(starts[(c.officer_id, c.position_id)], at, limits)) for c in certifications]


def certifications_with_currency(officer: Officer) -> list[dict]:
    """Each certification with the shifts worked in its position in the currency window up to now."""
    rows = certification_currencies(certifications_all().filter(officer=officer))
    return [{"cert": cert, "worked": c.worked, "current": c.current, "currency": c} for cert, c in rows]
