from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from opscenter.health import health
from shifts import selectors, selectors_watch
from shifts.models import OPEN_JOB_STATUSES, HandoverReport, HandoverStatus, JobStatus, Shift, ShiftStatus
from tracking import selectors as tracking_selectors


@require_GET
@never_cache
@login_not_required
def healthz(request):
    report = health()
    return JsonResponse(report, status=200 if report["ok"] else 503)


def _alerts(officer, shift) -> list[dict]:
    alerts = []
    screening = tracking_selectors.latest_screening(officer)
    if screening:
        close = tracking_selectors.conjunctions_visible_to(officer).filter(
            job=screening, tca__gte=timezone.now(), miss_km__lte=settings.OPSCENTER["CONJUNCTION_ALERT_KM"]
        )
        for c in close.order_by("tca")[:10]:
            alerts.append(
                {
                    "level": "bad",
                    "text": f"Conjunction {c}: miss {c.miss_km:.3f} km",
                    "url": f"/conjunctions/{c.pk}/",
                }
            )
    if shift is not None:
        for job in selectors.jobs_visible_to(officer).filter(shift=shift, status=JobStatus.FAILED)[:10]:
            alerts.append(
                {
                    "level": "bad",
                    "text": f"Job #{job.pk} {job.kind} failed: {job.error_message[:120]}",
                    "url": f"/jobs/{job.pk}/",
                }
            )
    for report in HandoverReport.objects.filter(overdue_flagged_at__isnull=False).exclude(
        status=HandoverStatus.ACCEPTED
    ):
        alerts.append({"level": "warn", "text": f"{report} is overdue", "url": f"/handover/{report.pk}/"})
    return alerts


def watch_floor(request):
    officer = selectors.officer_of(request.user)
    shift = selectors.shift_on_watch()
    now = timezone.now()
    to_sign_on = None
    if shift is None:
        to_sign_on = Shift.objects.filter(
            status=ShiftStatus.PLANNED, starts_at__lte=now, ends_at__gt=now
        ).first()
    context = {
        "shift": shift,
        "to_sign_on": to_sign_on,
        "crew": selectors_watch.crew_on_watch(shift),
        "open_jobs": selectors.jobs_visible_to(officer).filter(status__in=OPEN_JOB_STATUSES)[:50],
        "alerts": _alerts(officer, shift),
        "log": selectors_watch.log_entries_visible_to(officer)[:15],
    }
    template = "opscenter/_floor.html" if request.htmx else "opscenter/watch_floor.html"
    return render(request, template, context)
