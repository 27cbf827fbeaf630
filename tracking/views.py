from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from shifts.jobs.kinds import JobError
from shifts.jobs.services import job_submit
from shifts.refusals import Refusal
from shifts.workforce.selectors import officer_of
from tracking import perms, plots, selectors
from tracking.forms import (
    CatalogSearchForm,
    CatalogUploadForm,
    ConjunctionFilterForm,
    PassPredictionForm,
    ScreeningForm,
)
from tracking.models import CatalogImport, SpaceObject
from tracking.services import geometry
from tracking.services.catalog import CatalogImportRejected, ImportFile, catalog_import
from tracking.services.cdm import conjunction_cdm
from tracking.staleness import age_at


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


def _space_object_page(request, obj: SpaceObject, pass_form: PassPredictionForm, status: int = 200):
    now = timezone.now()
    track_svg, age = "", None
    if obj.latest_element_set:
        lat, lon, offsets = geometry.ground_track(obj.latest_element_set, now)
        track_svg = plots.ground_track_svg(lat, lon, offsets, now)
        age = age_at(obj.latest_element_set, now)
    officer = officer_of(request.user)
    conjunctions = selectors.current_conjunctions(officer).filter(Q(primary=obj) | Q(secondary=obj))
    context = {
        "obj": obj,
        "age": age,
        "track_svg": track_svg,
        "history": obj.element_sets.all()[:50],
        "passes": obj.passes.filter(set__gte=now).select_related("sensor", "element_set")[:50],
        "conjunctions": conjunctions.order_by("tca")[:50],
        "pass_form": pass_form if perms.can_submit_jobs(request.user) else None,
    }
    return render(request, "tracking/space_object.html", context, status=status)


def _space_object(norad_id: int) -> SpaceObject:
    return get_object_or_404(SpaceObject.objects.select_related("latest_element_set"), norad_id=norad_id)


def space_object(request, norad_id: int):
    return _space_object_page(request, _space_object(norad_id), PassPredictionForm())


@require_POST
def pass_prediction_start(request, norad_id: int):
    obj = _space_object(norad_id)
    form = PassPredictionForm(request.POST)
    if not form.is_valid():
        return _space_object_page(request, obj, form, status=400)
    params = {k: v for k, v in form.cleaned_data.items() if v is not None}
    try:
        job = job_submit(
            kind=selectors.PASS_KIND, params={**params, "norad_ids": [norad_id]}, requested_by=request.user
        )
    except Refusal as exc:
        messages.error(request, str(exc))
        return _space_object_page(request, obj, form, status=exc.http_status)
    except JobError as exc:
        messages.error(request, str(exc))
        return _space_object_page(request, obj, form, status=409)
    messages.success(request, f"Pass prediction for {obj} queued as job {job.pk}.")
    return redirect("job-detail", pk=job.pk)


def conjunction_list(request):
    officer = officer_of(request.user)
    form = ConjunctionFilterForm(request.GET or None)
    criteria = form.cleaned_data if form.is_valid() else {}
    for field, errors in form.errors.items() if request.GET else ():
        messages.error(request, f"filter {field}: {' '.join(errors)} (filters not applied)")
    screening = selectors.screening_for(officer, criteria["screening"]) if criteria.get("screening") else None
    if screening:
        rows = selectors.conjunctions_visible_to(officer).filter(job=screening)
    else:
        rows = selectors.current_conjunctions(officer)
    if criteria.get("max_miss_km") is not None:
        rows = rows.filter(miss_km__lte=criteria["max_miss_km"])
    if criteria.get("norad_id"):
        rows = rows.filter(
            Q(primary__norad_id=criteria["norad_id"]) | Q(secondary__norad_id=criteria["norad_id"])
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
    c = conjunction
    element_rows = zip(
        ("Primary", "Secondary"),
        (c.primary_element_set, c.secondary_element_set),
        c.element_ages,
        strict=True,
    )
    return render(
        request,
        "tracking/conjunction.html",
        {
            "c": c,
            "element_rows": element_rows,
            "range_svg": plots.range_svg(offsets, range_km, c.miss_km, c.tca),
        },
    )


def conjunction_cdm_download(request, pk: int):
    conjunction = selectors.conjunction_for(officer_of(request.user), pk)
    response = HttpResponse(conjunction_cdm(conjunction), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="cdm-{conjunction.pk}.txt"'
    return response
