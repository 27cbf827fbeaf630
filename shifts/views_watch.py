from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from shifts import selectors, selectors_watch
from shifts.forms_watch import LogEntryForm, LogSearchForm
from shifts.markings import page_banner
from shifts.models import Shift
from shifts.refusals import Refusal
from shifts.services import notifications, watch


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
