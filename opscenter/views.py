from datetime import timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from opscenter.health import health
from shifts.jobs import selectors as jobs_selectors
from shifts.jobs.models import OPEN_JOB_STATUSES, JobStatus
from shifts.markings.banners import page_banner
from shifts.refusals import Refusal
from shifts.watch import selectors as selectors_watch
from shifts.watch.models import HandoverReport, HandoverStatus
from shifts.watch.services import alerts as alert_service
from shifts.watch.services import lifecycle as watch
from shifts.watch.services.handover import acceptance_opens_at
from shifts.workforce import selectors as workforce_selectors
from shifts.workforce.models import Position, Shift, ShiftStatus
from shifts.zulu import zulu
from tracking import selectors as tracking_selectors
from tracking.identification import selectors as identification_selectors
from tracking.models import SensorStatus


def server_error(request):
    """The 500 page, rendered without the request's context: its processors read the database, which may
    be what failed. The banner comes straight from settings."""
    page = loader.get_template("500.html").render(
        {"classification_banner": settings.OPSCENTER["CLASSIFICATION_BANNER"]}
    )
    return HttpResponseServerError(page)


@require_GET
@never_cache
@login_not_required
def healthz(request):
    report = health()
    return JsonResponse(report, status=200 if report["ok"] else 503)


def _close_conjunctions(officer):
    """The conjunctions under the alert threshold still ahead: one call, so the source can change."""
    close = tracking_selectors.current_conjunctions(officer).filter(
        tca__gte=timezone.now(), miss_km__lte=settings.OPSCENTER["CONJUNCTION_ALERT_KM"]
    )
    related = ("primary", "secondary", "primary_element_set", "secondary_element_set")
    return close.order_by("tca").select_related(*related).prefetch_related("releasable_to")[:10]


def _alerts(officer, shift) -> list[dict]:
    """What needs the floor's attention; each alert keeps the marked item it quotes (or None)."""
    alerts = [_conjunction_alert(c) for c in _close_conjunctions(officer)]
    if shift is not None:
        failed = jobs_selectors.jobs_visible_to(officer).filter(shift=shift, status=JobStatus.FAILED)
        for job in failed.prefetch_related("releasable_to")[:10]:
            text = f"Job #{job.pk} {job.kind} failed: {job.error_message[:120]}"
            alerts.append(_alert(f"job:{job.pk}:failed", "bad", text, f"/jobs/{job.pk}/", job))
        alerts += _handover_alerts(shift)
    acks = selectors_watch.acknowledgements_of([a["key"] for a in alerts])
    # What nobody has taken in hand comes first; the acknowledged stay below, quieted.
    return sorted((a | {"ack": acks.get(a["key"])} for a in alerts), key=lambda a: a["ack"] is not None)


def _conjunction_alert(c) -> dict:
    # Keyed by the encounter (pair and TCA to the minute), not the row: a new screening finds the
    # same encounter again, and its acknowledgement must hold.
    key = f"conjunction:{c.primary.norad_id}x{c.secondary.norad_id}@{c.tca:%Y%m%dT%H%M}"
    text = f"Conjunction {_named(c.primary)} × {_named(c.secondary)}: miss {c.miss_km:.3f} km"
    if c.stale:  # the miss distance is only as good as the element sets it came from
        text += f"; stale: {c.element_ages_text}"
    return _alert(key, "bad", text, f"/conjunctions/{c.pk}/", c, tca=c.tca)


def _named(space_object) -> str:
    return f"{space_object.norad_id} {space_object.name or 'UNKNOWN'}"


def _handover_alerts(shift) -> list[dict]:
    report = HandoverReport.objects.filter(outgoing_shift=shift).first()
    left = shift.ends_at - timezone.now()
    key = f"handover:{shift.pk}"
    if report is None:
        if left <= timedelta(minutes=settings.OPSCENTER["HANDOVER_DRAFT_LEAD_MIN"]):
            text = f"Handover not opened; the watch ends in {_minutes(left)}"
            return [_alert(f"{key}:unopened", "warn", text, "/handover/")]
        return []
    url = f"/handover/{report.pk}/"
    if report.overdue_flagged_at and report.status != HandoverStatus.ACCEPTED:
        return [_alert(f"{key}:overdue", "bad", f"{report} is overdue", url)]
    if report.status == HandoverStatus.SUBMITTED:
        opens = acceptance_opens_at(report)
        text = "Handover submitted: waiting for the incoming CCO to accept"
        if opens > timezone.now():
            text += f" (acceptance opens {zulu(opens)})"
        return [_alert(f"{key}:submitted", "warn", text, url)]
    if report.status in (HandoverStatus.DRAFT, HandoverStatus.RETURNED):
        state = report.get_status_display().lower()
        return [
            _alert(
                f"{key}:{report.status}", "warn", f"Handover {state}; the watch ends in {_minutes(left)}", url
            )
        ]
    return []


def _alert(key: str, level: str, text: str, url: str, item=None, *, tca=None) -> dict:
    return {"key": key, "level": level, "text": text, "url": url, "item": item, "tca": tca}


def _minutes(left: timedelta) -> str:
    minutes = int(left.total_seconds() // 60)
    return f"{minutes} min" if minutes >= 0 else f"overrun by {-minutes} min"


def _floor(request, *, status: int = 200, refusal: Refusal | None = None):
    officer = workforce_selectors.officer_of(request.user)
    shift = workforce_selectors.shift_on_watch()
    now = timezone.now()
    to_sign_on = None
    if shift is None:
        to_sign_on = Shift.objects.filter(
            status=ShiftStatus.PLANNED, starts_at__lte=now, ends_at__gt=now
        ).first()
    open_jobs = list(
        jobs_selectors.jobs_visible_to(officer)
        .filter(status__in=OPEN_JOB_STATUSES)
        .prefetch_related("releasable_to")[:50]
    )
    log = list(selectors_watch.log_entries_visible_to(officer).prefetch_related("releasable_to")[:15])
    alerts = _alerts(officer, shift)
    crew = list(selectors_watch.crew_on_watch(shift))
    may_act = watch.watch_write_refusal(officer) is None
    sensors = identification_selectors.sensors_by_status()
    context = {
        "shift": shift,
        "to_sign_on": to_sign_on,
        "crew": crew,
        "open_jobs": open_jobs,
        "alerts": alerts,
        "unacknowledged": sum(1 for a in alerts if a["ack"] is None),
        "may_acknowledge": may_act,
        "positions": _manned_positions(crew) if may_act else [],
        "refusal": refusal,
        "log": log,
        "sensors": sensors,
        "sensors_out": sum(1 for s in sensors if s.status != SensorStatus.OPERATIONAL),
        "page_banner": page_banner([*open_jobs, *log, *(a["item"] for a in alerts if a["item"])]),
    }
    template = "opscenter/_floor.html" if request.htmx else "opscenter/watch_floor.html"
    return render(request, template, context, status=status)


def _manned_positions(crew) -> list[Position]:
    """The positions an alert can be given to: those someone holds on this watch, the CCO first."""
    return sorted({seat.position for seat in crew}, key=lambda p: (not p.is_chief, p.code))


def watch_floor(request):
    return _floor(request)


@require_POST
def alert_acknowledge(request):
    """Acknowledge an alert, or give it to a position (the button names it); the floor shows who."""
    officer = workforce_selectors.officer_of(request.user)
    raw = request.POST.get("position", "")
    position = Position.objects.filter(pk=int(raw)).first() if raw.isascii() and raw.isdigit() else None
    try:
        alert_service.alert_acknowledge(officer=officer, key=request.POST.get("key", ""), position=position)
    except Refusal as exc:
        return _floor(request, status=exc.http_status, refusal=exc)
    return redirect("watch-floor")
