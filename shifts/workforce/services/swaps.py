"""Swap requests: offered -> proposed (a replacement named) -> consented (the replacement agreed) ->
approved | rejected; an eligible officer volunteering for an offered seat proposes themself with consent.
The requester may withdraw while it is open; a named replacement may decline (the seat is offered again).
Nobody approves a swap they are part of. Every step writes a SwapEvent."""

from django.db import transaction
from django.utils import timezone

from shifts.refusals import Refusal
from shifts.workforce import perms, signals
from shifts.workforce.models import Assignment, Crew, Officer, SwapEvent, SwapRequest, SwapStatus
from shifts.workforce.services.roster import assignment_check, assignments_apply

S = SwapStatus
OPEN = (S.OFFERED, S.PROPOSED, S.CONSENTED)
TRANSITIONS: dict[str, set[str]] = {
    S.OFFERED: {S.PROPOSED, S.CONSENTED, S.WITHDRAWN},
    S.PROPOSED: {S.PROPOSED, S.CONSENTED, S.OFFERED, S.REJECTED, S.WITHDRAWN},
    S.CONSENTED: {S.APPROVED, S.REJECTED, S.WITHDRAWN},
    S.APPROVED: set(),
    S.REJECTED: set(),
    S.WITHDRAWN: set(),
}
# What each action needs the swap to be, and its past tense to say so when it is not.
ACTION_STATES: dict[str, tuple[tuple[str, ...], str]] = {
    "propose": ((S.OFFERED, S.PROPOSED), "given a replacement"),
    "volunteer": ((S.OFFERED, S.PROPOSED), "taken by a volunteer"),
    "consent": ((S.PROPOSED,), "consented to"),
    "decline": ((S.PROPOSED,), "declined"),
    "approve": ((S.CONSENTED,), "approved"),
    "reject": ((S.PROPOSED, S.CONSENTED), "rejected"),
    "withdraw": (OPEN, "withdrawn"),
}


def _transition(swap: SwapRequest, to: str, *, by, reason: str = "", **fields) -> SwapRequest:
    if to not in TRANSITIONS[swap.status]:
        raise Refusal(
            f"swap {swap.pk} is {swap.get_status_display().lower()}: it cannot become {S(to).label.lower()}",
            rule="swap_state",
        )
    current = swap.status
    # Two people acting on one swap at once: the second finds it moved on and is refused.
    if SwapRequest.objects.select_for_update().get(pk=swap.pk).status != current:
        raise Refusal(f"swap {swap.pk} changed meanwhile: reload it", rule="swap_state")
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
    open_ = SwapRequest.objects.filter(
        shift=assignment.shift, position=assignment.position, requester=assignment.officer, status__in=OPEN
    ).first()
    if open_ is not None:
        raise Refusal(f"this seat is already offered (swap {open_.pk})", rule="swap_state")
    with transaction.atomic():
        swap = SwapRequest.objects.create(
            shift=assignment.shift, position=assignment.position, requester=assignment.officer, note=note
        )
        SwapEvent.objects.create(
            swap=swap, actor=by, from_status="", to_status=S.OFFERED, reason=note or "offered"
        )
        transaction.on_commit(
            lambda: signals.swap_offered.send(SwapRequest, swap=swap, candidates=swap_candidates(swap=swap)),
            robust=True,
        )
    return swap


def swap_candidates(*, swap: SwapRequest) -> list[Officer]:
    """Crew members who could take the seat without breaking any rule (the requester leaving included);
    none once the requester no longer holds it."""
    seat = Assignment.objects.filter(shift=swap.shift, officer=swap.requester, position=swap.position).first()
    if seat is None:
        return []
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


def _refuse_breaches(swap: SwapRequest, replacement: Officer) -> None:
    broken = _breaks(_seat(swap), replacement)
    if broken:
        raise Refusal(broken[0].message, rule=broken[0].rule, violations=broken)


def _state_refusal(swap: SwapRequest, action: str) -> Refusal | None:
    states, done = ACTION_STATES[action]
    if swap.status in states:
        return None
    return Refusal(
        f"swap {swap.pk} is {swap.get_status_display().lower()}: it cannot be {done} now", rule="swap_state"
    )


def _is_party(user, swap: SwapRequest) -> str:
    """'requester', 'replacement' or '' for the user's part in the swap."""
    if user.pk == swap.requester.user_id:
        return "requester"
    if swap.replacement_id and user.pk == swap.replacement.user_id:
        return "replacement"
    return ""


def swap_refusal(user, swap: SwapRequest, action: str) -> Refusal | None:
    """Why `user` may not take `action` on the swap now (None: they may). The page asks this to show
    only what the user may do; each service below raises it."""
    if action not in ACTION_STATES:
        return Refusal(f"no such swap action: {action}", rule="swap_state")
    state = _state_refusal(swap, action)
    if state is not None:
        return state
    party = _is_party(user, swap)
    officer = getattr(user, "officer", None) if user.is_authenticated else None
    if action == "propose" and party != "requester" and not perms.can_schedule(user):
        return Refusal("only the requester or a scheduler proposes a replacement", rule="permission")
    if action == "volunteer" and (officer is None or party == "requester"):
        return Refusal("only another officer may volunteer for this seat", rule="permission")
    if action in ("consent", "decline") and party != "replacement":
        return Refusal(f"only the proposed replacement, {swap.replacement}, may {action}", rule="permission")
    if action in ("approve", "reject"):
        return _approval_refusal(user, swap, party, action)
    if action == "withdraw" and party != "requester":
        return Refusal("only the requester withdraws a swap", rule="permission")
    return None


def _approval_refusal(user, swap: SwapRequest, party: str, action: str) -> Refusal | None:
    if not perms.can_approve_swap(user, swap.shift):
        return Refusal(f"only a scheduler or the shift's CCO may {action} a swap", rule="permission")
    if party:
        return Refusal(
            f"you are the {party} of this swap: someone else must {action} it", rule="self_approval"
        )
    return None


def _allowed(user, swap: SwapRequest, action: str) -> None:
    refusal = swap_refusal(user, swap, action)
    if refusal is not None:
        raise refusal


def swap_propose(*, swap: SwapRequest, replacement: Officer, by) -> SwapRequest:
    """Name the replacement (the requester, or a scheduler); they are asked to consent.
    Refused if it would break a rule."""
    _allowed(by, swap, "propose")
    if replacement.user_id == by.pk:
        return swap_volunteer(swap=swap, by=by)
    _refuse_breaches(swap, replacement)
    with transaction.atomic():
        _transition(swap, S.PROPOSED, by=by, reason=f"replacement: {replacement}", replacement=replacement)
        transaction.on_commit(lambda: signals.swap_proposed.send(SwapRequest, swap=swap), robust=True)
    return swap


def swap_volunteer(*, swap: SwapRequest, by) -> SwapRequest:
    """An eligible officer offers to take the seat: proposing themself is their consent."""
    _allowed(by, swap, "volunteer")
    officer = by.officer
    _refuse_breaches(swap, officer)
    with transaction.atomic():
        _transition(swap, S.CONSENTED, by=by, reason=f"volunteered: {officer}", replacement=officer)
        transaction.on_commit(lambda: signals.swap_waiting.send(SwapRequest, swap=swap), robust=True)
    return swap


def swap_consent(*, swap: SwapRequest, by) -> SwapRequest:
    _allowed(by, swap, "consent")
    _refuse_breaches(swap, swap.replacement)
    with transaction.atomic():
        _transition(swap, S.CONSENTED, by=by, reason=f"consented: {swap.replacement}")
        transaction.on_commit(lambda: signals.swap_waiting.send(SwapRequest, swap=swap), robust=True)
    return swap


def swap_decline(*, swap: SwapRequest, by, reason: str = "") -> SwapRequest:
    """The named replacement says no: the seat is offered again."""
    _allowed(by, swap, "decline")
    with transaction.atomic():
        declined = f"declined by {swap.replacement}" + (f": {reason.strip()}" if reason.strip() else "")
        return _transition(swap, S.OFFERED, by=by, reason=declined, replacement=None)


def swap_approve(*, swap: SwapRequest, by, reason: str = "") -> SwapRequest:
    """A scheduler or the shift's CCO, neither party to it, approves a consented swap: the seat changes
    hands through the assignment service."""
    _allowed(by, swap, "approve")
    with transaction.atomic():
        assignments_apply(
            add=[(swap.shift, swap.replacement, swap.position)], remove=[_seat(swap)], by=by, source="swap"
        )
        return _transition(swap, S.APPROVED, by=by, reason=reason or "approved")


def swap_reject(*, swap: SwapRequest, by, reason: str) -> SwapRequest:
    _allowed(by, swap, "reject")
    with transaction.atomic():
        return _transition(swap, S.REJECTED, by=by, reason=reason)


def swap_withdraw(*, swap: SwapRequest, by) -> SwapRequest:
    _allowed(by, swap, "withdraw")
    with transaction.atomic():
        return _transition(swap, S.WITHDRAWN, by=by, reason="withdrawn by the requester")
