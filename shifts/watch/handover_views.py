"""The handover pages: thin over shifts.watch.services.handover and the selectors.

A refused action re-renders the report with the refusal and its status (403/409), keeping what
the user typed. The written sections are one form, so saving never drops what was typed in
another section; htmx autosaves it as people type, and the page works the same without JS.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from shifts.markings.banners import banner, marking_of, page_banner, portion
from shifts.refusals import Refusal
from shifts.watch import selectors as selectors_watch
from shifts.watch.forms import EarlyReliefForm, ReturnForm, SectionForm
from shifts.watch.models import HandoverSection, HandoverStatus, SectionKind
from shifts.watch.services import handover
from shifts.watch.services.lifecycle import chief_of
from shifts.workforce import perms, selectors
from shifts.workforce.models import Position, Rule
from shifts.workforce.services import roster


def handover_list(request, *, status: int = 200):
    shift = selectors.shift_on_watch()
    officer = selectors.officer_of(request.user)
    context = {
        "reports": selectors_watch.handover_reports()[:30],
        "shift": shift,
        "current": shift.handover_out if shift and hasattr(shift, "handover_out") else None,
        "open_refusal": handover.open_refusal(shift=shift, officer=officer),
        "draft_lead_min": settings.OPSCENTER["HANDOVER_DRAFT_LEAD_MIN"],
    }
    return render(request, "shifts/watch/handover_list.html", context, status=status)


@require_POST
def handover_open(request):
    shift = selectors.shift_on_watch()
    officer = selectors.officer_of(request.user)
    try:
        refusal = handover.open_refusal(shift=shift, officer=officer)
        if refusal:
            raise refusal
        report = handover.handover_open(shift=shift, by=officer)
    except Refusal as exc:
        messages.error(request, str(exc))
        return handover_list(request, status=exc.http_status)
    return redirect("handover-detail", pk=report.pk)


def _section_keys(report, officer) -> list[tuple[str, str]]:
    """The sections this officer writes: their positions' and the CCO's free text."""
    if handover.write_refusal(report=report, officer=officer):
        return []
    keys = [
        (p.code, f"Your section: {p.code}")
        for p in Position.objects.filter(
            assignments__shift=report.outgoing_shift, assignments__officer=officer
        )
    ]
    free_text = [SectionKind.NEXT_SHIFT, SectionKind.LEADERSHIP]
    return [*keys, *((kind.value, kind.label) for kind in free_text)]


def _saved_form(key: str, section) -> SectionForm:
    """The form pre-filled with what is saved (text, marking, version), so an edit never lowers a marking."""
    initial = {"body": section.body if section else "", "based_on": section.version if section else 0}
    if section:
        initial["classification"] = section.classification
    form = SectionForm(initial=initial, prefix=key)
    if section:
        form.fields["releasable_to"].initial = [n.pk for n in section.releasable_to.all()]
    return form


def _writable(report, officer, readable, *, data=None, failed=None) -> list[dict]:
    """Each section form: saved, or (for a save refused) bound to what the user typed, with the reason."""
    saved = {s.key: s for s in readable if s.kind != SectionKind.AUTO}
    keys = _section_keys(report, officer)
    # A section someone marked beyond this reader: they may not replace what they cannot read.
    withheld = set(
        report.sections.filter(key__in=[k for k, _ in keys], version__gt=0).values_list("key", flat=True)
    )
    failed = failed or {}
    forms = []
    for key, title in keys:
        section = saved.get(key)
        if key in withheld - saved.keys():
            forms.append({"key": key, "title": title, "withheld": True})
            continue
        form, unsaved = _saved_form(key, section), failed.get(key)
        if unsaved:
            typed = data.copy()
            if unsaved.stale:  # shown their version, the writer may now save over it deliberately
                typed[f"{key}-based_on"] = section.version if section else 0
            form = SectionForm(typed, prefix=key)
        error = unsaved.reason if unsaved else None
        forms.append({"key": key, "title": title, "form": form, "section": section, "error": error})
    return forms


def _sections(readable, officer) -> list[dict]:
    return [
        {
            "s": s,
            "marking": banner(*marking_of(s)),
            "history": [
                (v, portion(*marking_of(v))) for v in selectors_watch.handover_section_history(s, officer)
            ],
        }
        for s in readable
    ]


def _window(request, report) -> dict:
    """When acceptance opens, and whether this reader may let the watch change earlier."""
    opens = handover.acceptance_opens_at(report)
    pending = timezone.now() < opens and report.status != HandoverStatus.ACCEPTED
    waiver = handover.early_relief(report)
    return {
        "acceptance_opens": opens if pending else None,
        "early_relief": waiver,
        "can_grant_early_relief": pending and waiver is None and perms.is_certifying_official(request.user),
        "early_relief_form": EarlyReliefForm(),
    }


def _visible_refusal(refusal: Refusal | None) -> Refusal | None:
    """A refusal worth saying to this reader: not "you are not the CCO" to everyone else on the floor."""
    return None if refusal is None or refusal.rule == "assigned_cco" else refusal


def _detail_context(request, report, *, data=None, failed=None, return_form=None) -> dict:
    officer = selectors.officer_of(request.user)
    readable = selectors_watch.handover_readable_by(report, officer)
    questions = list(selectors_watch.handover_questions(report, officer))
    accept = handover.accept_refusal(report=report, officer=officer)
    return {
        **_window(request, report),
        "report": report,
        "withheld": readable.withheld,
        "page_banner": page_banner([*readable.sections, *questions]),
        "sections": _sections(readable.sections, officer),
        "questions": [(q, portion(*marking_of(q))) for q in questions],
        "questions_withheld": report.questions.count() - len(questions),
        "writable": _writable(report, officer, readable.sections, data=data, failed=failed),
        "write_refusal": handover.write_refusal(report=report, officer=officer),
        "can_refresh": handover.compile_refusal(report=report, officer=officer) is None,
        "can_submit": handover.submit_refusal(report=report, officer=officer) is None,
        "can_accept": accept is None,
        "accept_refusal": _visible_refusal(accept),
        "can_return": handover.return_refusal(report=report, officer=officer) is None,
        "can_acknowledge": handover.acknowledge_refusal(report=report, officer=officer) is None,
        "acknowledgement": selectors_watch.handover_acknowledgement(report),
        "unwritten": selectors_watch.handover_positions_unwritten(report),
        "return_form": return_form or ReturnForm(),
        "outgoing_chief": chief_of(report.outgoing_shift),
        "incoming_chief": chief_of(report.incoming_shift),
    }


def _render_detail(request, report, *, status: int = 200, **context):
    return render(
        request, "shifts/watch/handover.html", _detail_context(request, report, **context), status=status
    )


def handover_detail(request, pk: int):
    return _render_detail(request, selectors_watch.handover_for(pk))


def handover_print(request, pk: int):
    context = _detail_context(request, selectors_watch.handover_for(pk))
    return render(request, "shifts/watch/handover_print.html", context)


def _act(request, pk: int, action, **context):
    """Run a service; on a refusal show the report again with the reason and the refusal's status."""
    report = selectors_watch.handover_for(pk)
    try:
        action(report, selectors.officer_of(request.user))
    except Refusal as exc:
        messages.error(request, str(exc))
        return _render_detail(request, selectors_watch.handover_for(pk), status=exc.http_status, **context)
    return redirect("handover-detail", pk=pk)


@require_POST
def handover_refresh(request, pk: int):
    return _act(request, pk, lambda report, officer: handover.handover_compile(report=report, by=officer))


@dataclass(frozen=True)
class Unsaved:
    status: int
    reason: str
    stale: bool = False  # someone saved a newer version meanwhile


def _save_sections(request, report, officer) -> dict[str, Unsaved]:
    """Save every section posted (an unchanged one adds no version); why those not saved were not."""
    failed = {}
    for key, _title in _section_keys(report, officer):
        if f"{key}-body" not in request.POST:
            continue
        form = SectionForm(request.POST, prefix=key)
        if not form.is_valid():
            failed[key] = Unsaved(400, "; ".join(f"{f}: {' '.join(e)}" for f, e in form.errors.items()))
            continue
        data = form.cleaned_data
        try:
            handover.handover_section_write(
                report=report,
                author=officer,
                key=key,
                body=data["body"],
                position=Position.objects.filter(code=key).first(),
                classification=data["classification"],
                releasable_to=list(data["releasable_to"]),
                based_on=data["based_on"],
            )
        except Refusal as exc:
            failed[key] = Unsaved(exc.http_status, str(exc), stale=exc.rule == "stale_version")
    return failed


@require_POST
def handover_write(request, pk: int):
    report = selectors_watch.handover_for(pk)
    officer = selectors.officer_of(request.user)
    refusal = handover.write_refusal(report=report, officer=officer)
    failed = (
        {"": Unsaved(refusal.http_status, str(refusal))}
        if refusal
        else _save_sections(request, report, officer)
    )
    status = max((u.status for u in failed.values()), key=(400, 409, 403).index, default=200)
    reasons = {key: unsaved.reason for key, unsaved in failed.items()}
    if request.htmx:
        return _save_states(request, report, reasons, status)
    if not failed:
        messages.success(request, "Saved.")
        return redirect("handover-detail", pk=pk)
    for reason in reasons.values():
        messages.error(request, reason)
    return _render_detail(request, report, status=status, data=request.POST, failed=failed)


def _save_states(request, report, reasons: dict[str, str], status: int):
    """The autosave answer: each section's state and the version it now stands on (htmx swaps them in)."""
    officer = selectors.officer_of(request.user)
    readable = {s.key: s for s in selectors_watch.handover_readable_by(report, officer).sections}
    states = []
    for key, _title in _section_keys(report, officer):
        if f"{key}-body" in request.POST:
            section = readable.get(key)
            # A refused save stays on the version it was based on; a saved one moves to its new version.
            if key in reasons:
                based_on = request.POST.get(f"{key}-based_on")
            else:
                based_on = section.version if section else 0
            states.append({"key": key, "section": section, "error": reasons.get(key), "based_on": based_on})
    context = {"states": states, "error": reasons.get("")}
    return render(request, "shifts/watch/_save_states.html", context, status=status)


@require_POST
def handover_submit(request, pk: int):
    return _act(request, pk, lambda report, officer: handover.handover_submit(report=report, officer=officer))


@require_POST
def handover_accept(request, pk: int):
    return _act(request, pk, lambda report, officer: handover.handover_accept(report=report, officer=officer))


@require_POST
def handover_return(request, pk: int):
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, "; ".join(f"{f}: {' '.join(e)}" for f, e in form.errors.items()))
        return _render_detail(request, selectors_watch.handover_for(pk), status=400, return_form=form)
    data = form.cleaned_data
    return _act(
        request,
        pk,
        lambda report, officer: handover.handover_return(
            report=report,
            officer=officer,
            questions=data["questions"],
            classification=data["classification"],
            releasable_to=list(data["releasable_to"]),
        ),
        return_form=form,
    )


@require_POST
def handover_acknowledge(request, pk: int):
    section = get_object_or_404(HandoverSection.objects.select_related("report"), pk=pk)
    report = selectors_watch.handover_for(section.report_id)
    officer = selectors.officer_of(request.user)
    try:
        section = handover.handover_section_acknowledge(section=section, officer=officer)
    except Refusal as exc:
        if request.htmx:
            return render(
                request, "shifts/watch/_ack.html", {"s": section, "error": exc}, status=exc.http_status
            )
        messages.error(request, str(exc))
        return _render_detail(request, report, status=exc.http_status)
    if request.htmx:
        context = {
            "s": section,
            "acknowledgement": selectors_watch.handover_acknowledgement(report),
            "oob": True,
        }
        return render(request, "shifts/watch/_ack.html", context)
    return redirect(f"{reverse('handover-detail', args=[report.pk])}#section-{section.pk}")


@require_POST
def handover_early_relief(request, pk: int):
    """A certifying official records the decision to let the incoming watch take over early."""
    form = EarlyReliefForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _act(
        request,
        pk,
        lambda report, officer: roster.waiver_grant(
            rule=Rule.EARLY_RELIEF,
            shift=report.outgoing_shift,
            officer=None,
            reason=reason,
            approved_by=request.user,
        ),
    )
