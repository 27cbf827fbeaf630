from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from shifts import selectors, selectors_watch
from shifts.forms_watch import LogEntryForm, LogSearchForm, ReturnForm, SectionForm
from shifts.markings import banner, highest, page_banner
from shifts.models import Position, SectionKind, Shift
from shifts.refusals import Refusal
from shifts.services import handover, notifications, watch


def _refused(request, exc: Refusal) -> None:
    messages.error(request, str(exc))


def log_list(request):
    officer = selectors.officer_of(request.user)
    search = LogSearchForm(request.GET or None)
    criteria = search.cleaned_data if search.is_valid() else {}
    criteria = {k: v for k, v in criteria.items() if v not in ("", None)}
    entries = list(selectors_watch.log_search(officer, **criteria)[:200])
    context = {
        "entries": entries,
        "search": search,
        "form": LogEntryForm(),
        "page_banner": page_banner(entries),
    }
    return render(request, "shifts/watch/log.html", context)


@require_POST
def log_create(request):
    officer = selectors.officer_of(request.user)
    form = LogEntryForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{field}: {' '.join(errors)}")
        return redirect("log-list")
    try:
        watch.log_entry_create(
            author=officer, **{k: v for k, v in form.cleaned_data.items() if v is not None}
        )
    except Refusal as exc:
        _refused(request, exc)
    return redirect("log-list")


def log_detail(request, pk: int):
    officer = selectors.officer_of(request.user)
    entry = selectors_watch.log_entry_for(officer, pk)
    initial = {
        "category": entry.category,
        "severity": entry.severity,
        "text": entry.text,
        "occurred_at": entry.occurred_at,
        "classification": entry.classification,
    }
    form = LogEntryForm(initial=initial)
    form.fields["releasable_to"].initial = list(entry.releasable_to.values_list("pk", flat=True))
    return render(
        request,
        "shifts/watch/log_entry.html",
        {
            "entry": entry,
            "history": selectors_watch.log_history(officer, entry),
            "form": form,
        },
    )


@require_POST
def log_revise(request, pk: int):
    officer = selectors.officer_of(request.user)
    entry = selectors_watch.log_entry_for(officer, pk)
    form = LogEntryForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{field}: {' '.join(errors)}")
        return redirect("log-detail", pk=pk)
    try:
        changes = {k: v for k, v in form.cleaned_data.items() if v is not None}
        revision = watch.log_entry_revise(entry=entry, author=officer, **changes)
    except Refusal as exc:
        _refused(request, exc)
        return redirect("log-detail", pk=pk)
    return redirect("log-detail", pk=revision.pk)


@require_POST
def shift_sign_on(request, pk: int):
    try:
        watch.shift_sign_on(shift=get_object_or_404(Shift, pk=pk), officer=selectors.officer_of(request.user))
    except Refusal as exc:
        _refused(request, exc)
    return redirect("watch-floor")


def handover_list(request):
    shift = selectors.shift_on_watch()
    return render(
        request,
        "shifts/watch/handover_list.html",
        {
            "reports": selectors_watch.handover_reports()[:30],
            "shift": shift,
            "current": shift.handover_out if shift and hasattr(shift, "handover_out") else None,
        },
    )


@require_POST
def handover_open(request):
    shift = selectors.shift_on_watch()
    officer = selectors.officer_of(request.user)
    if shift is None:
        messages.error(request, "no shift is on watch")
        return redirect("handover-list")
    try:
        report = handover.handover_open(shift=shift, by=officer)
    except Refusal as exc:
        _refused(request, exc)
        return redirect("handover-list")
    return redirect("handover-detail", pk=report.pk)


def _writable_sections(report, officer, readable) -> list[dict]:
    """The forms this officer may fill: their positions' sections and the CCO's free text,
    each pre-filled with what is saved (text and marking) so an edit never lowers a marking."""
    if officer is None or not watch.crew_member(report.outgoing_shift, officer):
        return []
    saved = {s.key: s for s in readable if s.kind != SectionKind.AUTO}
    keys = [
        (p.code, f"Your section: {p.code}")
        for p in Position.objects.filter(
            assignments__shift=report.outgoing_shift, assignments__officer=officer
        )
    ]
    keys += [
        (SectionKind.NEXT_SHIFT.value, SectionKind.NEXT_SHIFT.label),
        (SectionKind.LEADERSHIP.value, SectionKind.LEADERSHIP.label),
    ]
    forms = []
    for key, title in keys:
        section = saved.get(key)
        initial = {"key": key, "body": section.body if section else ""}
        if section:
            initial |= {
                "classification": section.classification,
                "releasable_to": list(section.releasable_to.all()),
            }
        form = SectionForm(initial=initial)
        if section:
            form.fields["releasable_to"].initial = [n.pk for n in section.releasable_to.all()]
        forms.append({"key": key, "title": title, "form": form})
    return forms


def handover_detail(request, pk: int, printable: bool = False):
    officer = selectors.officer_of(request.user)
    report = selectors_watch.handover_for(pk)
    readable = selectors_watch.handover_readable_by(report, officer)
    markings = [(s.classification, [n.code for n in s.releasable_to.all()]) for s in readable.sections]
    context = {
        "report": report,
        "withheld": readable.withheld,
        "page_banner": banner(*highest(markings)) if markings else None,
        "sections": [(s, banner(*m)) for s, m in zip(readable.sections, markings, strict=True)],
        "writable": _writable_sections(report, officer, readable.sections),
        "return_form": ReturnForm(),
        "outgoing_chief": watch.chief_of(report.outgoing_shift),
        "incoming_chief": watch.chief_of(report.incoming_shift),
    }
    template = "shifts/watch/handover_print.html" if printable else "shifts/watch/handover.html"
    return render(request, template, context)


def handover_print(request, pk: int):
    return handover_detail(request, pk, printable=True)


def _act(request, pk: int, action) -> object:
    report = selectors_watch.handover_for(pk)
    try:
        action(report, selectors.officer_of(request.user))
    except Refusal as exc:
        _refused(request, exc)
    return redirect("handover-detail", pk=pk)


@require_POST
def handover_refresh(request, pk: int):
    return _act(request, pk, lambda report, officer: handover.handover_compile(report=report))


@require_POST
def handover_write(request, pk: int):
    form = SectionForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{field}: {' '.join(errors)}")
        return redirect("handover-detail", pk=pk)
    data = form.cleaned_data
    position = Position.objects.filter(code=data["key"]).first()
    return _act(
        request,
        pk,
        lambda report, officer: handover.handover_section_write(
            report=report,
            author=officer,
            key=data["key"],
            body=data["body"],
            position=position,
            classification=data["classification"],
            releasable_to=list(data["releasable_to"]),
        ),
    )


@require_POST
def handover_submit(request, pk: int):
    return _act(request, pk, lambda report, officer: handover.handover_submit(report=report, officer=officer))


@require_POST
def handover_accept(request, pk: int):
    return _act(request, pk, lambda report, officer: handover.handover_accept(report=report, officer=officer))


@require_POST
def handover_return(request, pk: int):
    form = ReturnForm(request.POST)
    questions = form.cleaned_data["questions"] if form.is_valid() else ""
    return _act(
        request,
        pk,
        lambda report, officer: handover.handover_return(report=report, officer=officer, questions=questions),
    )


def notification_list(request):
    officer = selectors.officer_of(request.user)
    return render(
        request,
        "shifts/watch/notifications.html",
        {"notes": selectors_watch.notifications_for(officer)[:100]},
    )


@require_POST
def notification_read(request):
    notifications.notification_read(officer=selectors.officer_of(request.user))
    return redirect("notification-list")
