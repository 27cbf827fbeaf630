from datetime import timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from opscenter.health import health
from shifts import selectors, selectors_watch
from shifts.markings import page_banner
from shifts.models import OPEN_JOB_STATUSES, HandoverReport, HandoverStatus, JobStatus, Shift, ShiftStatus
from tracking import selectors as tracking_selectors


@require_GET
@never_cache
@login_not_required
def healthz(request):
    report = health()
    return JsonResponse(report, status=200 if report["ok"] else 503)


def _alerts(officer, shift) -> list[dict]:
    """What needs the floor's attention; each alert keeps the marked item it quotes (or None)."""
    alerts = []
    close = tracking_selectors.current_conjunctions(officer).filter(
        tca__gte=timezone.now(), miss_km__lte=settings.OPSCENTER["CONJUNCTION_ALERT_KM"]
    )
    for c in close.order_by("tca").prefetch_related("releasable_to")[:10]:
        alerts.append(_alert("bad", f"Conjunction {c}: miss {c.miss_km:.3f} km", f"/conjunctions/{c.pk}/", c))
    if shift is not None:
        failed = selectors.jobs_visible_to(officer).filter(shift=shift, status=JobStatus.FAILED)
        for job in failed.prefetch_related("releasable_to")[:10]:
            text = f"Job #{job.pk} {job.kind} failed: {job.error_message[:120]}"
            alerts.append(_alert("bad", text, f"/jobs/{job.pk}/", job))
        alerts += _handover_alerts(shift)
    return alerts


def _handover_alerts(shift) -> list[dict]:
    report = HandoverReport.objects.filter(outgoing_shift=shift).first()
    left = shift.ends_at - timezone.now()
    if report is None:
        if left <= timedelta(minutes=settings.OPSCENTER["HANDOVER_DRAFT_LEAD_MIN"]):
            return [_alert("warn", f"Handover not opened; the watch ends in {_minutes(left)}", "/handover/")]
        return []
    url = f"/handover/{report.pk}/"
    if report.overdue_flagged_at and report.status != HandoverStatus.ACCEPTED:
        return [_alert("bad", f"{report} is overdue", url)]
    if report.status == HandoverStatus.SUBMITTED:
        return [_alert("warn", "Handover submitted: waiting for the incoming CCO to accept", url)]
    if report.status in (HandoverStatus.DRAFT, HandoverStatus.RETURNED):
        state = report.get_status_display().lower()
        return [_alert("warn", f"Handover {state}; the watch ends in {_minutes(left)}", url)]
    return []


def _alert(level: str, text: str, url: str, item=None) -> dict:
    return {"level": level, "text": text, "url": url, "item": item}


def _minutes(left: timedelta) -> str:
    minutes = int(left.total_seconds() // 60)
    return f"{minutes} min" if minutes >= 0 else f"overrun by {-minutes} min"


def watch_floor(request):
    officer = selectors.officer_of(request.user)
    shift = selectors.shift_on_watch()
    now = timezone.now()
    to_sign_on = None
    if shift is None:
        to_sign_on = Shift.objects.filter(
            status=ShiftStatus.PLANNED, starts_at__lte=now, ends_at__gt=now
        ).first()
    open_jobs = list(
        selectors.jobs_visible_to(officer)
        .filter(status__in=OPEN_JOB_STATUSES)
        .prefetch_related("releasable_to")[:50]
    )
    log = list(selectors_watch.log_entries_visible_to(officer).prefetch_related("releasable_to")[:15])
    alerts = _alerts(officer, shift)
    context = {
        "shift": shift,
        "to_sign_on": to_sign_on,
        "crew": selectors_watch.crew_on_watch(shift),
        "open_jobs": open_jobs,
        "alerts": alerts,
        "log": log,
        "page_banner": page_banner([*open_jobs, *log, *(a["item"] for a in alerts if a["item"])]),
    }
    template = "opscenter/_floor.html" if request.htmx else "opscenter/watch_floor.html"
    return render(request, template, context)
