import json

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from shifts import selectors
from shifts.forms import JobFilterForm, JobSubmitForm
from shifts.jobkinds import JobError
from shifts.services import jobs as job_services


def job_list(request):
    officer = selectors.officer_of(request.user)
    filters = JobFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    jobs = selectors.jobs_filtered(
        officer,
        status=criteria.get("status", ""),
        kind=criteria.get("kind", ""),
        shift=criteria.get("shift"),
    )[:200]
    template = "shifts/includes/_job_rows.html" if request.htmx else "shifts/job_list.html"
    return render(request, template, {"jobs": jobs, "filters": filters, "submit_form": JobSubmitForm()})


@require_POST
def job_submit(request):
    form = JobSubmitForm(request.POST)
    if form.is_valid():
        try:
            job = job_services.job_submit(
                kind=form.cleaned_data["kind"], params=form.cleaned_data["params"], requested_by=request.user
            )
        except JobError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"Job {job.pk} queued.")
            return redirect("job-detail", pk=job.pk)
    else:
        for field, errors in form.errors.items():
            messages.error(request, f"{field}: {' '.join(errors)}")
    return redirect("job-list")


def job_detail(request, pk: int):
    job = selectors.job_for(selectors.officer_of(request.user), pk)
    template = "shifts/includes/_job_status.html" if request.htmx else "shifts/job_detail.html"
    return render(
        request,
        template,
        {
            "job": job,
            "params_json": json.dumps(job.params),
            "result_json": json.dumps(job.result_summary),
        },
    )


@require_POST
def job_cancel(request, pk: int):
    job = selectors.job_for(selectors.officer_of(request.user), pk)
    try:
        job_services.job_cancel(job=job, by=request.user)
    except JobError as exc:
        messages.error(request, str(exc))
    return redirect("job-detail", pk=pk)


@require_POST
def job_rerun(request, pk: int):
    job = selectors.job_for(selectors.officer_of(request.user), pk)
    try:
        job_services.job_rerun(job=job, by=request.user)
    except JobError as exc:
        messages.error(request, str(exc))
    return redirect("job-detail", pk=pk)
