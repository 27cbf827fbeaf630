from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from opscenter.health import health
from shifts.models import OPEN_JOB_STATUSES
from shifts.selectors import jobs_visible_to


@require_GET
@never_cache
@login_not_required
def healthz(request):
    report = health()
    return JsonResponse(report, status=200 if report["ok"] else 503)


def watch_floor(request):
    officer = getattr(request.user, "officer", None)
    open_jobs = jobs_visible_to(officer).filter(status__in=OPEN_JOB_STATUSES)[:50]
    return render(request, "opscenter/watch_floor.html", {"open_jobs": open_jobs})
