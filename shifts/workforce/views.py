"""Workforce pages: roster calendar, a shift's seats, officers, certification workspace, swaps, iCal."""

import secrets
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from shifts.refusals import Refusal
from shifts.workforce import ical, perms, selectors
from shifts.workforce.forms import (
    AssignForm,
    CertificationFilterForm,
    EnrolForm,
    EvaluationForm,
    ReasonForm,
    ReplaceForm,
    RosterFilterForm,
    WaiverForm,
)
from shifts.workforce.models import CertificationStatus
from shifts.workforce.services import certification as certs
from shifts.workforce.services import roster, roster_solver, swaps
from shifts.workforce.services.calendar import watch_day

VIEWS = {"week": 7, "4w": 28}
FILTERS = ("officer", "crew", "nation")


def _refused(request, exc: Refusal) -> None:
    messages.error(request, f"Refused ({exc.rule}): {exc}")


def _monday() -> date:
    today = timezone.now().date()
    return today - timedelta(days=today.weekday())


def _roster_window(params) -> tuple[str, date, int, str]:
    """The view, first day and day count the query asks for, and what is wrong with it ('' if nothing)."""
    view = params.get("view", "week") if params.get("view") in VIEWS else "week"
    days = VIEWS[view]
    if not params.get("start"):
        return view, _monday(), days, ""
    try:
        start, _ = roster.window_parse(params["start"], days)
    except ValueError as exc:
        return view, _monday(), days, f"Cannot show the roster from {params['start']!r}: {exc}."
    return view, start, days, ""


def _roster_page(request, params, *, status: int = 200, error: str = "", waiver: dict | None = None):
    view, start, days, bad_window = _roster_window(params)
    filters = RosterFilterForm(params)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    me = selectors.officer_of(request.user)
    _, violations = roster.roster_validate(start=start, days=days)
    context = {
        "weeks": selectors.roster_calendar(
            start=start,
            days=days,
            violations=violations,
            me=me,
            focus=selectors.roster_focus(
                officer=chosen.get("officer"), crew=chosen.get("crew"), nation=chosen.get("nation")
            ),
        ),
        "me": me,
        "view": view,
        "start": start,
        "days": days,
        "previous": max(start - timedelta(days=days), roster.FIRST_DAY),
        "next": min(start + timedelta(days=days), roster.LAST_DAY),
        "filters": filters,
        "filtered": _query(params, FILTERS),
        # What the page's forms send back, so a POST returns to the window and filters shown.
        "keep": [("view", view), ("start", start.isoformat())]
        + [(name, params[name]) for name in FILTERS if params.get(name)],
        "error": error or bad_window,
        "can_schedule": perms.can_schedule(request.user),
        "is_official": perms.is_certifying_official(request.user),
        "upcoming": _upcoming(violations, start, days),
        "waiver": waiver or {},
    }
    return render(request, "shifts/roster.html", context, status=status if not bad_window else 400)


def _upcoming(violations, start: date, days: int) -> list[dict]:
    """The window's breaches on shifts not yet ended, each with the shift it names (for a waiver)."""
    shifts = {s.pk: s for s in selectors.shifts_between(*roster.window_bounds(start, days))}
    now = timezone.now()
    return [
        {"violation": v, "shift": shifts[v.shift_id], "key": f"{v.rule}:{v.shift_id}:{v.officer_id or ''}"}
        for v in violations
        if v.shift_id in shifts and shifts[v.shift_id].ends_at > now
    ]


def roster_calendar(request):
    return _roster_page(request, request.GET)


def _query(params, names) -> str:
    return urlencode({name: params[name] for name in names if params.get(name)})


def _back_to_roster(request):
    return redirect(f"{reverse('roster')}?{_query(request.POST, ('view', 'start', *FILTERS))}")


@require_POST
def roster_generate(request):
    """A scheduler fills the empty seats of the window shown with the solver."""
    _, start, days, bad_window = _roster_window(request.POST)
    if bad_window:
        return _roster_page(request, request.POST, status=400)
    try:
        made = roster_solver.roster_generate(start=start, days=days, time_limit_s=10.0, by=request.user)
    except roster_solver.RosterInfeasible as exc:
        why = "; ".join(exc.reasons[:5])
        return _roster_page(request, request.POST, status=409, error=f"Nothing was written: {exc} ({why})")
    except Refusal as exc:
        error = f"Refused ({exc.rule}): {exc}"
        return _roster_page(request, request.POST, status=exc.http_status, error=error)
    messages.success(request, f"{made.created} seats filled from {start:%d %b %Y} for {days} days.")
    return _back_to_roster(request)


@require_POST
def roster_waiver(request):
    """A certifying official records a waiver for one breach listed on the roster."""
    form = WaiverForm(request.POST)
    typed = {"key": request.POST.get("key", ""), "reason": request.POST.get("reason", "")}
    if not form.is_valid():
        error = "A waiver needs a reason." if "reason" in form.errors else "That breach is not on the roster."
        return _roster_page(request, request.POST, status=400, error=error, waiver=typed)
    try:
        waived = roster.waiver_grant(**form.cleaned_data, approved_by=request.user)
    except Refusal as exc:
        error = f"Refused ({exc.rule}): {exc}"
        return _roster_page(request, request.POST, status=exc.http_status, error=error, waiver=typed)
    messages.success(request, f"Waiver recorded: {waived.get_rule_display()} on {waived.shift}.")
    return _back_to_roster(request)


def shift_detail(request, pk: int):
    shift = selectors.shift_for(pk)
    _, violations = roster.roster_validate(start=watch_day(shift.starts_at), days=1)
    context = {
        "shift": shift,
        "breaches": [v.message for v in violations if v.shift_id == shift.pk],
        "past": shift.ends_at <= timezone.now(),
        "form": AssignForm(),
        "can_schedule": perms.can_schedule(request.user),
    }
    return render(request, "shifts/shift_detail.html", context)


@require_POST
def shift_assign(request, pk: int):
    shift = selectors.shift_for(pk)
    form = AssignForm(request.POST)
    if form.is_valid():
        try:
            made = roster.assignment_create(shift=shift, by=request.user, source="ui", **form.cleaned_data)
        except Refusal as exc:
            _refused(request, exc)
        else:
            messages.success(request, f"{made.officer} assigned as {made.position} on {shift}.")
    else:
        messages.error(request, "Choose an officer and a position.")
    return redirect("shift-detail", pk=pk)


def _remove_page(request, seat, *, status: int = 200, error: str = "", form=None):
    context = {
        "seat": seat,
        "replace": form or ReplaceForm(),
        "error": error,
        "can_schedule": perms.can_schedule(request.user),
    }
    return render(request, "shifts/assignment_remove.html", context, status=status)


def assignment_remove(request, pk: int):
    """GET asks to confirm; a POST with `confirm` removes the seat (refused if it leaves no CCO)."""
    seat = selectors.assignment_for(pk)
    if request.method != "POST" or request.POST.get("confirm") != "yes":
        return _remove_page(request, seat)
    try:
        roster.assignment_delete(assignment=seat, by=request.user)
    except Refusal as exc:
        return _remove_page(request, seat, status=exc.http_status, error=f"Refused ({exc.rule}): {exc}")
    messages.success(request, f"{seat.officer} removed from {seat.shift}.")
    return redirect("shift-detail", pk=seat.shift_id)


@require_POST
def assignment_replace(request, pk: int):
    seat = selectors.assignment_for(pk)
    form = ReplaceForm(request.POST)
    if not form.is_valid():
        return _remove_page(request, seat, status=400, error="Choose the replacement.", form=form)
    try:
        made = roster.assignment_replace(
            assignment=seat, officer=form.cleaned_data["officer"], by=request.user
        )
    except Refusal as exc:
        return _remove_page(
            request, seat, status=exc.http_status, error=f"Refused ({exc.rule}): {exc}", form=form
        )
    messages.success(request, f"{made.officer} replaces {seat.officer} as {seat.position} on {seat.shift}.")
    return redirect("shift-detail", pk=seat.shift_id)


def officer_detail(request, pk: int):
    officer = selectors.officer_for(pk)
    context = {
        "subject": officer,
        "certifications": selectors.certifications_with_currency(officer),
        "upcoming": selectors.officer_assignments(officer, upcoming=True)[:50],
        "history": selectors.officer_assignments(officer, upcoming=False)[:50],
        "is_self": officer.user_id == request.user.pk,
        "feed_url": request.build_absolute_uri(f"/ical/{officer.ical_token}.ics")
        if officer.ical_token
        else "",
    }
    return render(request, "shifts/officer_detail.html", context)


@require_POST
def officer_ical_token(request, pk: int):
    """Issue (or replace, revoking the old URL) the officer's own iCal secret; `revoke` removes it."""
    officer = selectors.officer_for(pk)
    if officer.user_id != request.user.pk:
        raise Http404
    officer.ical_token = None if "revoke" in request.POST else secrets.token_urlsafe(32)
    officer.save(update_fields=["ical_token"])
    return redirect("officer-detail", pk=pk)


@login_not_required  # the secret in the URL is the credential; calendar clients cannot log in
def ical_feed(request, token: str):
    officer = selectors.officer_by_ical_token(token)
    body = ical.calendar_for(officer, selectors.officer_assignments(officer, upcoming=True))
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


def certification_workspace(request):
    form = CertificationFilterForm(request.GET or None)
    criteria = {k: v for k, v in form.cleaned_data.items() if v} if form.is_valid() else {}
    for field, errors in form.errors.items():
        messages.error(request, f"filter {field}: {' '.join(errors)} (filters not applied)")
    open_states = {CertificationStatus.IN_TRAINING, CertificationStatus.AWAITING_EVALUATION}
    rows = [
        {"cert": cert, "currency": currency}
        for cert, currency in selectors.certification_currencies(
            selectors.certifications_filtered(**criteria)
        )
    ]
    context = {
        "filters": form,
        "enrol": EnrolForm(),
        "in_progress": [row for row in rows if row["cert"].status in open_states],
        "certified": [row for row in rows if row["cert"].status not in open_states],
        "expiring": selectors.certifications_expiring(within_days=60),
        "is_official": perms.is_certifying_official(request.user),
    }
    return render(request, "shifts/certifications.html", context)


@require_POST
def certification_enrol(request):
    form = EnrolForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose an officer and a position.")
        return redirect("certifications")
    try:
        cert = certs.certification_start(by=request.user, **form.cleaned_data)
    except Refusal as exc:
        _refused(request, exc)
        return redirect("certifications")
    return redirect("certification-detail", pk=cert.pk)


def certification_detail(request, pk: int):
    cert = selectors.certification_for(pk)
    context = {
        "cert": cert,
        "evaluation": EvaluationForm(initial={"evaluated_on": timezone.now().date()}),
        "reason": ReasonForm(),
        "refusal": perms.certify_refusal(request.user, cert.officer, cert.position),
    }
    return render(request, "shifts/certification_detail.html", context)


ACTIONS = {
    "ready": certs.certification_ready,
    "certify": certs.certification_certify,
    "reinstate": certs.certification_reinstate,
    "suspend": certs.certification_suspend,
    "decertify": certs.certification_decertify,
}


@require_POST
def certification_act(request, pk: int, action: str):
    cert = selectors.certification_for(pk)
    try:
        if action == "evaluate":
            form = EvaluationForm(request.POST)
            if not form.is_valid():
                messages.error(request, "An evaluation needs a date and a result.")
                return redirect("certification-detail", pk=pk)
            certs.evaluation_record(certification=cert, evaluator=request.user, **form.cleaned_data)
            outcome = None
        elif action in ACTIONS:
            reason = request.POST.get("reason", "")
            outcome = ACTIONS[action](certification=cert, by=request.user, reason=reason)
        else:
            raise Http404
    except Refusal as exc:
        _refused(request, exc)
        return redirect("certification-detail", pk=pk)
    if isinstance(outcome, certs.Withdrawal) and outcome.uncovered:
        lost = ", ".join(str(s) for s in outcome.uncovered)
        messages.warning(request, f"These shifts lost their {cert.position}: {lost}")
    messages.success(request, f"{cert.officer} {cert.position}: {action} recorded.")
    return redirect("certification-detail", pk=pk)


def _swap_list_page(request, *, status: int = 200, error: str = "", typed: dict | None = None):
    officer = selectors.officer_of(request.user)
    context = {
        "swaps": selectors.swaps_visible()[:100],
        "mine": selectors.officer_assignments(officer, upcoming=True).filter(
            shift__starts_at__gt=timezone.now()
        )
        if officer
        else [],
        "error": error,
        "typed": typed or {},
    }
    return render(request, "shifts/swaps.html", context, status=status)


def swap_list(request):
    return _swap_list_page(request)


def _posted_pk(request, name: str) -> int | None:
    try:
        return int(request.POST.get(name, ""))
    except ValueError:
        return None


@require_POST
def swap_offer(request):
    typed = {"assignment": request.POST.get("assignment", ""), "note": request.POST.get("note", "")}
    pk = _posted_pk(request, "assignment")
    if pk is None:
        return _swap_list_page(request, status=400, error="Choose one of your shifts to offer.", typed=typed)
    seat = selectors.assignment_for(pk)
    try:
        swap = swaps.swap_offer(assignment=seat, by=request.user, note=typed["note"])
    except Refusal as exc:
        return _swap_list_page(
            request, status=exc.http_status, error=f"Refused ({exc.rule}): {exc}", typed=typed
        )
    return redirect("swap-detail", pk=swap.pk)


def _swap_page(request, swap, *, status: int = 200, error: str = "", typed: dict | None = None):
    user = request.user
    refusals = {action: swaps.swap_refusal(user, swap, action) for action in swaps.ACTION_STATES}
    candidates = swaps.swap_candidates(swap=swap) if swap.status in swaps.OPEN else []
    officer = selectors.officer_of(user)
    context = {
        "swap": swap,
        "candidates": candidates,
        "may": {action: refusal is None for action, refusal in refusals.items()},
        "may_volunteer": refusals["volunteer"] is None and officer in candidates,
        "approval_refusal": _shown_reason(refusals["approve"] or refusals["reject"]),
        "error": error,
        "typed": typed or {},
    }
    return render(request, "shifts/swap_detail.html", context, status=status)


def _shown_reason(refusal: Refusal | None) -> str:
    """Why the user may not decide, said before they try; nothing when only the swap's state stops it."""
    return "" if refusal is None or refusal.rule == "swap_state" else str(refusal)


def swap_detail(request, pk: int):
    return _swap_page(request, selectors.swap_for(pk))


SWAP_ACTIONS = {
    "volunteer": lambda swap, by, post: swaps.swap_volunteer(swap=swap, by=by),
    "consent": lambda swap, by, post: swaps.swap_consent(swap=swap, by=by),
    "decline": lambda swap, by, post: swaps.swap_decline(swap=swap, by=by, reason=post.get("reason", "")),
    "approve": lambda swap, by, post: swaps.swap_approve(swap=swap, by=by),
    "reject": lambda swap, by, post: swaps.swap_reject(swap=swap, by=by, reason=post.get("reason", "")),
    "withdraw": lambda swap, by, post: swaps.swap_withdraw(swap=swap, by=by),
}


@require_POST
def swap_act(request, pk: int, action: str):
    swap = selectors.swap_for(pk)
    typed = {"replacement": request.POST.get("replacement", ""), "reason": request.POST.get("reason", "")}
    try:
        if action == "propose":
            replacement_pk = _posted_pk(request, "replacement")
            if replacement_pk is None:
                return _swap_page(request, swap, status=400, error="Choose a replacement.", typed=typed)
            replacement = selectors.officer_for(replacement_pk)
            swaps.swap_propose(swap=swap, replacement=replacement, by=request.user)
        elif action in SWAP_ACTIONS:
            SWAP_ACTIONS[action](swap, request.user, request.POST)
        else:
            raise Http404
    except Refusal as exc:
        swap = selectors.swap_for(pk)
        return _swap_page(
            request, swap, status=exc.http_status, error=f"Refused ({exc.rule}): {exc}", typed=typed
        )
    return redirect("swap-detail", pk=pk)
