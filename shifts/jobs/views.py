"""Job pages: the list with live progress, submission by a form per kind, a job's timeline and actions."""

import json

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from shifts.jobs import kinds as jobkinds
from shifts.jobs import perms
from shifts.jobs import selectors as jobs_selectors
from shifts.jobs import services as job_services
from shifts.jobs.forms import JobFilterForm, JobKindForm, JobParamsForm, JobSubmitForm
from shifts.jobs.kinds import JobError
from shifts.jobs.services import JobParamsError
from shifts.refusals import Refusal
from shifts.workforce import selectors as workforce_selectors

# A marking refused by the service is shown on the field that set it.
MARKING_FIELDS = {"clearance": "classification", "releasability": "releasable_to"}


def _chosen_kind(name: str | None) -> jobkinds.JobKind:
    """The kind asked for (?kind=), or the first a person may submit."""
    kinds = {kind.name: kind for kind in jobkinds.submittable_kinds()}
    return kinds.get(name or "") or next(iter(kinds.values()))


def _blank_forms(kind: jobkinds.JobKind) -> dict:
    return {
        "kind_form": JobKindForm(initial={"kind": kind.name}),
        "submit_form": JobSubmitForm(initial={"kind": kind.name}),
        "params_form": JobParamsForm(kind),
    }


def _list_page(request, forms: dict, status: int = 200):
    officer = workforce_selectors.officer_of(request.user)
    filters = JobFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    jobs = jobs_selectors.jobs_filtered(
        officer,
        status=criteria.get("status", ""),
        kind=criteria.get("kind", ""),
        shift=criteria.get("shift"),
    )[:200]
    if request.htmx:
        return render(request, "shifts/includes/_job_rows.html", {"jobs": jobs})
    context = {"jobs": jobs, "filters": filters, **forms}
    return render(request, "shifts/job_list.html", context, status=status)


def job_list(request):
    return _list_page(request, _blank_forms(_chosen_kind(request.GET.get("kind"))))


def job_form(request):
    """The parameters of the kind chosen (htmx swaps them in); without htmx, the Jobs page for that kind."""
    kind = _chosen_kind(request.GET.get("kind"))
    if not request.htmx:
        return redirect(f"{reverse('job-list')}?kind={kind.name}")
    return render(request, "shifts/includes/_job_params.html", _blank_forms(kind))


@require_POST
def job_submit(request):
    submit_form = JobSubmitForm(request.POST)
    kind = _chosen_kind(submit_form.data.get("kind"))
    params_form = JobParamsForm(kind, request.POST)
    forms = {
        "kind_form": JobKindForm(initial={"kind": kind.name}),
        "submit_form": submit_form,
        "params_form": params_form,
    }
    valid = [form.is_valid() for form in (submit_form, params_form)]  # both, so every error shows
    if not all(valid):
        return _list_page(request, forms, status=400)
    data = submit_form.cleaned_data
    try:
        job = job_services.job_submit(
            kind=data["kind"],
            params=params_form.params(),
            requested_by=request.user,
            classification=data["classification"],
            releasable_to=list(data["releasable_to"]),
        )
    except JobParamsError as exc:
        params_form.add_param_errors(exc.errors)
        return _list_page(request, forms, status=400)
    except Refusal as exc:
        submit_form.add_error(MARKING_FIELDS.get(exc.rule), str(exc))
        return _list_page(request, forms, status=exc.http_status)
    except JobError as exc:
        submit_form.add_error("kind", str(exc))
        return _list_page(request, forms, status=400)
    messages.success(request, f"Job {job.pk} queued.")
    return redirect("job-detail", pk=job.pk)


def _detail_context(request, job) -> dict:
    return {
        "job": job,
        "may_act": perms.can_act_on_job(request.user, job),
        "params_json": json.dumps(job.params),
        "result_json": json.dumps(job.result_summary),
    }


def job_detail(request, pk: int):
    job = jobs_selectors.job_for(workforce_selectors.officer_of(request.user), pk)
    template = "shifts/includes/_job_status.html" if request.htmx else "shifts/job_detail.html"
    return render(request, template, _detail_context(request, job))


def _act(request, pk: int, service):
    job = jobs_selectors.job_for(workforce_selectors.officer_of(request.user), pk)
    try:
        service(job=job, by=request.user)
    except (Refusal, JobError) as exc:
        context = {**_detail_context(request, job), "refusal": str(exc)}
        status = exc.http_status if isinstance(exc, Refusal) else 409
        return render(request, "shifts/job_detail.html", context, status=status)
    return redirect("job-detail", pk=pk)


@require_POST
def job_cancel(request, pk: int):
    return _act(request, pk, job_services.job_cancel)


@require_POST
def job_rerun(request, pk: int):
    return _act(request, pk, job_services.job_rerun)
