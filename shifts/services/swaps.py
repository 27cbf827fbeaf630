"""Swap requests: offered -> proposed (a replacement that keeps every rule) -> approved | rejected;
the requester may withdraw while it is open. Every step writes a SwapEvent."""

from django.db import transaction
from django.utils import timezone

from shifts import perms
from shifts.models import Assignment, Crew, Officer, SwapEvent, SwapRequest, SwapStatus
from shifts.refusals import Refusal
from shifts.services.roster import assignment_check, assignments_apply

S = SwapStatus
TRANSITIONS: dict[str, set[str]] = {
    S.OFFERED: {S.PROPOSED, S.WITHDRAWN},
    S.PROPOSED: {S.APPROVED, S.REJECTED, S.WITHDRAWN, S.PROPOSED},
    S.APPROVED: set(),
    S.REJECTED: set(),
    S.WITHDRAWN: set(),
}


def _transition(swap: SwapRequest, to: str, *, by, reason: str = "", **fields) -> SwapRequest:
    if to not in TRANSITIONS[swap.status]:
        raise Refusal(
            f"swap {swap.pk} is {swap.get_status_display().lower()}: it cannot become {S(to).label.lower()}",
            rule="swap_state",
        )
    current = swap.status
    for name, value in fields.items():
        setattr(swap, name, value)
    swap.status = to
    swap.save()
    SwapEvent.objects.create(swap=swap, actor=by, from_status=current, to_status=to, reason=reason)
    return swap


def _seat(swap: SwapRequest) -> Assignment:
    seat = Assignment.objects.filter(shift=swap.shift, officer=swap.requester, position=swap.position).first()
    if seat is None:
        raise Refusal(f"{swap.requester} no longer holds {swap.position} on {swap.shift}", rule="swap_state")
    return seat


def swap_offer(*, assignment: Assignment, by, note: str = "") -> SwapRequest:
    if assignment.officer.user_id != by.pk:
        raise Refusal("only the officer on the seat may offer it", rule="permission")
    if assignment.shift.starts_at <= timezone.now():
        raise Refusal(
            f"{assignment.shift} has started: its seats change through the watch, not a swap", rule="started"
        )
    with transaction.atomic():
        swap = SwapRequest.objects.create(
            shift=assignment.shift, position=assignment.position, requester=assignment.officer, note=note
        )
        SwapEvent.objects.create(
            swap=swap, actor=by, from_status="", to_status=S.OFFERED, reason=note or "offered"
        )
    return swap


def swap_candidates(*, swap: SwapRequest) -> list[Officer]:
    """Crew members who could take the seat without breaking any rule (the requester leaving included)."""
    seat = _seat(swap)
    pool = (
        Officer.objects.filter(
            crews__in=Crew.objects.all(), active=True, certifications__position=swap.position
        )
        .exclude(pk=swap.requester_id)
        .exclude(assignments__shift=swap.shift)
        .select_related("user", "nation")
        .distinct()
    )
    return [officer for officer in pool if not _breaks(seat, officer)]


def _breaks(seat: Assignment, officer: Officer) -> list:
    return assignment_check(shift=seat.shift, officer=officer, position=seat.position, replacing=seat)


def swap_propose(*, swap: SwapRequest, replacement: Officer, by) -> SwapRequest:
    """Name the replacement (the requester, or a scheduler); refused if it would break a rule."""
    if by.pk != swap.requester.user_id and not perms.can_schedule(by):
        raise Refusal("only the requester or a scheduler proposes a replacement", rule="permission")
    broken = _breaks(_seat(swap), replacement)
    if broken:
        raise Refusal(broken[0].message, rule=broken[0].rule, violations=broken)
    with transaction.atomic():
        return _transition(
            swap, S.PROPOSED, by=by, reason=f"replacement: {replacement}", replacement=replacement
        )


def swap_approve(*, swap: SwapRequest, by, reason: str = "") -> SwapRequest:
    """The shift's CCO or a scheduler approves: the seat changes hands through the assignment service."""
    if not perms.can_approve_swap(by, swap.shift):
        raise Refusal("only the shift's CCO or a scheduler approves a swap", rule="permission")
    with transaction.atomic():
        if swap.status != S.PROPOSED:
            _transition(swap, S.APPROVED, by=by)  # refuses with the state named
        assignments_apply(
            add=[(swap.shift, swap.replacement, swap.position)], remove=[_seat(swap)], by=by, source="swap"
        )
        return _transition(swap, S.APPROVED, by=by, reason=reason or "approved")


def swap_reject(*, swap: SwapRequest, by, reason: str) -> SwapRequest:
    if not perms.can_approve_swap(by, swap.shift):
        raise Refusal("only the shift's CCO or a scheduler rejects a swap", rule="permission")
    with transaction.atomic():
        return _transition(swap, S.REJECTED, by=by, reason=reason)


def swap_withdraw(*, swap: SwapRequest, by) -> SwapRequest:
    if by.pk != swap.requester.user_id:
        raise Refusal("only the requester withdraws a swap", rule="permission")
    with transaction.atomic():
        return _transition(swap, S.WITHDRAWN, by=by, reason="withdrawn by the requester")
