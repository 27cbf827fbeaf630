from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from shifts.jobkinds import JobError
from shifts.refusals import Refusal
from shifts.selectors import officer_of
from shifts.services.jobs import job_submit
from tracking import plots, selectors
from tracking.forms import CatalogSearchForm, CatalogUploadForm, ConjunctionFilterForm, ScreeningForm
from tracking.models import CatalogImport, SpaceObject
from tracking.services import geometry
from tracking.services.catalog import CatalogImportRejected, ImportFile, catalog_import
from tracking.services.cdm import conjunction_cdm


def catalog(request):
    form = CatalogSearchForm(request.GET or None)
    criteria = form.cleaned_data if form.is_valid() else {}
    objects = selectors.catalog_search(**{k: v for k, v in criteria.items() if v})
    page = Paginator(objects, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "tracking/catalog.html",
        {
            "form": form,
            "page": page,
            "upload": CatalogUploadForm(),
            "imports": CatalogImport.objects.all()[:10],
        },
    )


@require_POST
def catalog_upload(request):
    form = CatalogUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{field}: {' '.join(errors)}")
        return redirect("catalog")
    for upload in form.cleaned_data["files"]:
        try:
            text = upload.read().decode("utf-8")
        except UnicodeDecodeError as exc:
            messages.error(request, f"{upload.name}: not UTF-8 text (byte {exc.start}); nothing imported")
            continue
        try:
            report = catalog_import(
                upload=ImportFile(upload.name, text),
                mode=form.cleaned_data["mode"],
                full_catalog=form.cleaned_data["full_catalog"],
                requested_by=request.user,
            )
        except CatalogImportRejected as exc:
            messages.error(request, str(exc))
            continue
        messages.success(
            request,
            f"{upload.name}: {report.new_objects} new, {report.updated_objects} updated, "
            f"{report.unchanged} unchanged, {report.rejected} rejected",
        )
    return redirect("catalog")


def import_report(request, pk: int):
    return render(request, "tracking/import_report.html", {"report": get_object_or_404(CatalogImport, pk=pk)})


def space_object(request, norad_id: int):
    obj = get_object_or_404(SpaceObject.objects.select_related("latest_element_set"), norad_id=norad_id)
    track_svg = ""
    if obj.latest_element_set:
        lat, lon = geometry.ground_track(obj.latest_element_set, timezone.now())
        track_svg = plots.ground_track_svg(lat, lon)
    age_days = (
        (timezone.now() - obj.latest_element_set.epoch).total_seconds() / 86400
        if obj.latest_element_set
        else 0
    )
    officer = officer_of(request.user)
    conjunctions = selectors.conjunctions_visible_to(officer).filter(
        primary=obj
    ) | selectors.conjunctions_visible_to(officer).filter(secondary=obj)
    return render(
        request,
        "tracking/space_object.html",
        {
            "obj": obj,
            "age_days": age_days,
            "stale": age_days > 7,
            "track_svg": track_svg,
            "history": obj.element_sets.all()[:50],
            "passes": obj.passes.filter(set__gte=timezone.now()).select_related("sensor")[:50],
            "conjunctions": conjunctions.order_by("tca")[:50],
        },
    )


def conjunction_list(request):
    officer = officer_of(request.user)
    form = ConjunctionFilterForm(request.GET or None)
    criteria = form.cleaned_data if form.is_valid() else {}
    for field, errors in form.errors.items() if request.GET else ():
        messages.error(request, f"filter {field}: {' '.join(errors)} (filters not applied)")
    screening = selectors.latest_screening(officer)
    rows = selectors.conjunctions_visible_to(officer).filter(job=screening)
    if criteria.get("max_miss_km") is not None:
        rows = rows.filter(miss_km__lte=criteria["max_miss_km"])
    if criteria.get("norad_id"):
        rows = rows.filter(primary__norad_id=criteria["norad_id"]) | rows.filter(
            secondary__norad_id=criteria["norad_id"]
        )
    rows = rows.order_by(criteria.get("sort") or "tca")
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "tracking/conjunctions.html",
        {"form": form, "page": page, "screening": screening, "screen_form": ScreeningForm()},
    )


@require_POST
def screening_start(request):
    form = ScreeningForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{field}: {' '.join(errors)}")
        return redirect("conjunction-list")
    try:
        params = {k: v for k, v in form.cleaned_data.items() if v is not None}
        job = job_submit(kind=selectors.SCREENING_KIND, params=params, requested_by=request.user)
    except (JobError, Refusal) as exc:  # a user who is no officer may not submit
        messages.error(request, str(exc))
        return redirect("conjunction-list")
    messages.success(request, f"Screening queued as job {job.pk}.")
    return redirect("job-detail", pk=job.pk)


def conjunction_detail(request, pk: int):
    conjunction = selectors.conjunction_for(officer_of(request.user), pk)
    offsets, range_km = geometry.range_around_tca(conjunction)
    return render(
        request,
        "tracking/conjunction.html",
        {"c": conjunction, "range_svg": plots.range_svg(offsets, range_km, conjunction.miss_km)},
    )


def conjunction_cdm_download(request, pk: int):
    conjunction = selectors.conjunction_for(officer_of(request.user), pk)
    response = HttpResponse(conjunction_cdm(conjunction), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="cdm-{conjunction.pk}.txt"'
    return response
