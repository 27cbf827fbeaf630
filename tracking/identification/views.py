"""Pages of identification: observation batches (list, upload, detail) and sensors with their status."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from shifts.markings.banners import page_banner
from shifts.refusals import Refusal
from shifts.workforce.selectors import officer_of
from shifts.zulu import zulu
from tracking.identification import perms, selectors
from tracking.identification.forms import ObservationUploadForm, SensorStatusForm
from tracking.identification.services.importing import ObservationImportRejected, batch_import
from tracking.identification.services.sensors import sensor_status_change


def batch_list(request):
    batches = selectors.batches_visible_to(officer_of(request.user))
    page = Paginator(batches, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "tracking/identification/batches.html",
        {"page": page, "page_banner": page_banner(page.object_list)},
    )


def _upload_page(request, form, *, status=200, rejected=None, refusal=None):
    context = {"form": form, "rejected": rejected, "refusal": refusal}
    return render(request, "tracking/identification/upload.html", context, status=status)


def batch_upload(request):
    form = ObservationUploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST":
        return _upload_page(request, form)
    if not form.is_valid():
        return _upload_page(request, form, status=400)
    data = form.cleaned_data
    try:
        batch = batch_import(
            content=data["file"].read(),
            filename=data["file"].name,
            file_format=data["file_format"],
            by=request.user,
            via="ui",
            classification=data["classification"],
            releasable_to=data["releasable_to"],
        )
    except ObservationImportRejected as exc:
        return _upload_page(request, form, status=400, rejected=exc)
    except Refusal as exc:
        return _upload_page(request, form, status=exc.http_status, refusal=exc)
    if batch.duplicate:
        messages.info(
            request, f"{data['file'].name} was imported before, on {zulu(batch.created_at)}: nothing changed."
        )
    else:
        messages.success(
            request,
            f"{batch.filename}: {batch.observation_count} observations in {batch.track_count} tracks "
            f"imported; correlation queued as job {batch.correlation_job_id}.",
        )
    return redirect("observation-batch", pk=batch.pk)


def batch_detail(request, pk: int):
    officer = officer_of(request.user)
    batch = selectors.batch_for(officer, pk)
    tracks = Paginator(selectors.tracks_of(batch, officer), 200).get_page(request.GET.get("page"))
    context = {"batch": batch, "page": tracks, "page_banner": page_banner([batch, *tracks.object_list])}
    return render(request, "tracking/identification/batch.html", context)


def sensor_list(request):
    return render(request, "tracking/identification/sensors.html", {"sensors": selectors.sensors_by_status()})


def _sensor_page(request, sensor, form, *, status=200, refusal=None):
    context = {
        "sensor": sensor,
        "history": selectors.with_previous(list(selectors.sensor_history(sensor))),
        "form": form if perms.can_change_sensor_status(request.user) or refusal else None,
        "refusal": refusal,
    }
    return render(request, "tracking/identification/sensor.html", context, status=status)


def sensor_detail(request, code: str):
    return _sensor_page(request, selectors.sensor_for(code), SensorStatusForm())


@require_POST
def sensor_status(request, code: str):
    sensor = selectors.sensor_for(code)
    form = SensorStatusForm(request.POST)
    if not form.is_valid():
        return _sensor_page(request, sensor, form, status=400)
    try:
        change = sensor_status_change(
            sensor=sensor,
            status=form.cleaned_data["status"],
            reason=form.cleaned_data["reason"],
            by=officer_of(request.user),
        )
    except Refusal as exc:
        return _sensor_page(request, sensor, form, status=exc.http_status, refusal=exc)
    messages.success(request, f"{sensor.code} is now {change.get_status_display().lower()}; logged.")
    return redirect("sensor-detail", code=sensor.code)
