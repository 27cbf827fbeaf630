"""Watch pages: the log, signing on, notifications."""

import csv

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from shifts.markings.banners import banner, marking_of, page_banner
from shifts.refusals import Refusal
from shifts.watch import selectors as selectors_watch
from shifts.watch.forms import LogEntryForm, LogReviseForm, LogSearchForm
from shifts.watch.services import lifecycle, log, notifications
from shifts.workforce import selectors
from shifts.workforce.models import Shift


def _refused(request, exc: Refusal) -> None:
    messages.error(request, str(exc))


def _log_criteria(request) -> tuple[LogSearchForm, dict]:
    search = LogSearchForm(request.GET or None)
    criteria = search.cleaned_data if search.is_valid() else {}
    return search, {k: v for k, v in criteria.items() if v not in ("", None)}


def _log_closed(refusal: Refusal | None) -> str:
    """Why the reader may not log, said to them before they type anything."""
    if refusal is None:
        return ""
    if refusal.rule == "crew":
        shift = selectors.shift_on_watch()
        return f"You are not on the crew of {shift}, the shift on watch: only its crew logs."
    return "No shift is on watch: the log opens when a CCO signs on."


def _log_page(request, form: LogEntryForm, *, status: int = 200, refusal: Refusal | None = None):
    officer = selectors.officer_of(request.user)
    search, criteria = _log_criteria(request)
    entries = list(selectors_watch.log_search(officer, **criteria)[:200])
    closed = lifecycle.watch_write_refusal(officer)
    context = {
        "entries": entries,
        "search": search,
        "export_query": request.GET.urlencode(),
        # A refused POST keeps its form: what was typed stays, with why it was refused.
        "form": form if closed is None or refusal else None,
        "log_closed": _log_closed(closed),
        "refusal": refusal,
        "page_banner": page_banner(entries),
    }
    return render(request, "shifts/watch/log.html", context, status=status)


def log_list(request):
    return _log_page(request, LogEntryForm())


def log_export(request):
    """The log as a CSV logbook: what the reader may see, each row's marking, the highest on top."""
    officer = selectors.officer_of(request.user)
    _, criteria = _log_criteria(request)
    entries = list(selectors_watch.log_search(officer, **criteria))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="watch-log.csv"'
    rows = csv.writer(response)
    rows.writerow([page_banner(entries) or settings.OPSCENTER["CLASSIFICATION_BANNER"]])
    rows.writerow(
        ["occurred", "logged", "shift", "category", "severity", "marking", "author", "version", "text"]
    )
    for e in entries:
        rows.writerow(
            [
                f"{e.occurred_at:%Y-%m-%d %H%MZ}",
                f"{e.logged_at:%Y-%m-%d %H%MZ}",
                str(e.shift),
                e.get_category_display(),
                e.get_severity_display(),
                banner(*marking_of(e)),
                str(e.author or "system"),
                e.version,
                _cell(e.text),
            ]
        )
    return response


def _cell(text: str) -> str:
    """A typed text a spreadsheet would run as a formula is kept as text (OWASP CSV injection)."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@require_POST
def log_create(request):
    officer = selectors.officer_of(request.user)
    form = LogEntryForm(request.POST)
    if not form.is_valid():
        return _log_page(request, form, status=400)
    try:
        log.log_entry_create(author=officer, **{k: v for k, v in form.cleaned_data.items() if v is not None})
    except Refusal as exc:
        return _log_page(request, form, status=exc.http_status, refusal=exc)
    return redirect("log-list")


def _entry_page(request, entry, form=None, *, status: int = 200, refusal: Refusal | None = None):
    officer = selectors.officer_of(request.user)
    may_not = lifecycle.revise_refusal(entry, officer) if entry.is_current else None
    if form is None and may_not is None and entry.is_current:
        form = LogReviseForm(
            initial={
                "category": entry.category,
                "severity": entry.severity,
                "text": entry.text,
                "occurred_at": entry.occurred_at,
                "classification": entry.classification,
            }
        )
        form.fields["releasable_to"].initial = list(entry.releasable_to.values_list("pk", flat=True))
    history = selectors_watch.log_history(officer, entry)
    context = {
        "entry": entry,
        "history": history,
        "page_banner": page_banner([v.entry for v in history]),
        "form": form if may_not is None or refusal else None,
        "may_not_revise": may_not,
        "refusal": refusal,
    }
    return render(request, "shifts/watch/log_entry.html", context, status=status)


def log_detail(request, pk: int):
    officer = selectors.officer_of(request.user)
    return _entry_page(request, selectors_watch.log_entry_for(officer, pk))


@require_POST
def log_revise(request, pk: int):
    officer = selectors.officer_of(request.user)
    entry = selectors_watch.log_entry_for(officer, pk)
    form = LogReviseForm(request.POST)
    if not form.is_valid():
        return _entry_page(request, entry, form, status=400)
    try:
        changes = {k: v for k, v in form.cleaned_data.items() if v is not None}
        revision = log.log_entry_revise(entry=entry, author=officer, **changes)
    except Refusal as exc:
        return _entry_page(request, entry, form, status=exc.http_status, refusal=exc)
    return redirect("log-detail", pk=revision.pk)


@require_POST
def shift_sign_on(request, pk: int):
    try:
        lifecycle.shift_sign_on(
            shift=get_object_or_404(Shift, pk=pk), officer=selectors.officer_of(request.user)
        )
    except Refusal as exc:
        _refused(request, exc)
    return redirect("watch-floor")


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
