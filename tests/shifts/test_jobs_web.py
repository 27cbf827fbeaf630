"""The jobs pages and API, through the paths a user takes (CSRF-enforcing client)."""

import pytest

from shifts.jobs import services as jobs
from shifts.jobs.models import Job, JobStatus
from shifts.markings.models import Classification
from tests.factories import nation, persona, shift_on_watch_now
from tests.http import csrf_post
from tests.shifts.watch_scenario import change_of_watch

pytestmark = pytest.mark.django_db


def _typed(kind: str = "diagnostic", classification: int = 0, nations=("USA", "GBR", "AUS", "CAN"), **params):
    """What a browser posts from the Jobs page's form for `kind`."""
    marking = {"classification": str(classification), "releasable_to": [nation(c).pk for c in nations]}
    return {"kind": kind, **marking, **{f"p-{name}": value for name, value in params.items()}}


def test_an_officer_submits_a_job_from_the_jobs_page(logged_in, us_chief, django_capture_on_commit_callbacks):
    shift = shift_on_watch_now()
    client = logged_in(us_chief)
    with django_capture_on_commit_callbacks() as callbacks:
        response = csrf_post(client, "/jobs/submit", _typed(seconds="3", steps=""))
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == f"/jobs/{job.pk}/"
    assert len(callbacks) == 1  # the message is sent only once the job is committed
    assert job.requested_by == us_chief.user and job.shift == shift
    assert job.params == {"seconds": 3.0, "steps": 20}  # a field left empty takes the kind's default
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "submitted via ui" in page and "Queued" in page


def test_the_jobs_page_has_a_form_per_kind_made_from_its_parameters(logged_in, us_chief):
    page = logged_in(us_chief).get("/jobs/?kind=pass_prediction").content.decode()
    assert 'name="params"' not in page  # nobody types JSON
    assert '<option value="pass_prediction" selected>' in page
    assert "Catalog numbers" in page and 'name="p-norad_ids"' in page and "sensor codes; empty: all" in page
    assert 'name="p-window_hours" value="24" min="0.1" max="72"' in page
    chooser = page[page.index('id="job-kind"') :].split("</form>")[0]
    assert "pass_prediction" in chooser and "catalog_import" not in chooser  # made by the drop-folder scanner


def test_choosing_another_kind_swaps_its_form_in(logged_in, us_chief):
    client = logged_in(us_chief)
    swapped = client.get("/jobs/form?kind=conjunction_screening", headers={"HX-Request": "true"})
    fragment = swapped.content.decode()
    assert '<input type="hidden" name="kind" value="conjunction_screening"' in fragment
    assert "Threshold (km)" in fragment and 'name="p-threshold_km" value="5"' in fragment
    assert "<html" not in fragment
    without_js = client.get("/jobs/form?kind=conjunction_screening")
    assert without_js.status_code == 302 and without_js.url == "/jobs/?kind=conjunction_screening"


def test_bad_parameters_are_shown_on_their_field_with_what_was_typed_kept(logged_in, us_chief):
    client = logged_in(us_chief)
    response = csrf_post(client, "/jobs/submit", _typed(seconds="soon", steps="7", classification=2))
    page = response.content.decode()
    assert response.status_code == 400
    assert '<p class="error" data-field="seconds">Enter a number.</p>' in page
    assert 'value="soon"' in page and 'name="p-steps" value="7"' in page
    assert '<option value="2" selected>SECRET</option>' in page
    response = csrf_post(client, "/jobs/submit", _typed("pass_prediction", norad_ids="25544, ISS"))
    page = response.content.decode()
    assert response.status_code == 400 and 'value="25544, ISS"' in page
    assert '<p class="error" data-field="norad_ids">item 2: A valid integer is required.</p>' in page
    assert not Job.objects.exists()


def test_a_job_is_marked_when_it_is_submitted_on_the_page_and_the_api(logged_in, us_chief):
    client = logged_in(us_chief)
    csrf_post(client, "/jobs/submit", _typed(classification=Classification.SECRET, nations=["USA"]))
    created = _api_post(client, "/api/v1/jobs/", _api_job(classification=1, releasable_to=["USA", "GBR"]))
    assert created.status_code == 201 and created.json()["marking"] == "CONFIDENTIAL//REL TO USA, GBR"
    page_job = Job.objects.exclude(pk=created.json()["id"]).get()
    assert client.get(f"/api/v1/jobs/{page_job.pk}/").json()["marking"] == "SECRET//NOFORN"


def test_nobody_marks_a_job_beyond_what_they_may_read(logged_in, uk_operator):
    uncleared = persona("aus.uncleared", "AUS", clearance=Classification.UNCLASSIFIED)
    uk, aus = logged_in(uk_operator), logged_in(uncleared)
    refused = csrf_post(uk, "/jobs/submit", _typed(seconds="4", nations=["USA"]))
    assert refused.status_code == 403 and 'name="p-seconds" value="4"' in refused.content.decode()
    assert "could not read it" in refused.content.decode()
    assert csrf_post(aus, "/jobs/submit", _typed(classification=Classification.SECRET)).status_code == 403
    api = _api_post(uk, "/api/v1/jobs/", _api_job(releasable_to=["USA"]))
    assert api.status_code == 403 and api.json()["rule"] == "releasability"
    api = _api_post(aus, "/api/v1/jobs/", _api_job(classification=Classification.SECRET))
    assert api.status_code == 403 and api.json()["rule"] == "clearance"
    assert not Job.objects.exists()


def _api_post(client, url: str, data=None):
    token = client.get("/jobs/").cookies["csrftoken"].value
    return client.post(url, data or {}, content_type="application/json", headers={"X-CSRFToken": token})


def _api_job(**extra) -> dict:
    return {"kind": "diagnostic", "params": {"seconds": 1}, **extra}


def test_the_jobs_page_filters_by_status_and_kind(logged_in, us_chief):
    first = jobs.job_submit(kind="diagnostic", params={})
    second = jobs.job_submit(kind="diagnostic", params={})
    jobs.job_cancel(job=second, by=None)
    client = logged_in(us_chief)
    rows = client.get("/jobs/?status=cancelled", headers={"HX-Request": "true"}).content.decode()
    assert f'data-job-id="{second.pk}"' in rows and f'data-job-id="{first.pk}"' not in rows
    rows = client.get("/jobs/?status=open").content.decode()
    assert f'data-job-id="{first.pk}"' in rows and f'data-job-id="{second.pk}"' not in rows


def test_cancel_from_the_job_page(logged_in, us_chief):
    job = jobs.job_submit(kind="diagnostic", params={}, requested_by=us_chief.user)
    client = logged_in(us_chief)
    csrf_post(client, f"/jobs/{job.pk}/cancel")
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    assert job.events.last().actor == us_chief.user


def test_a_coalition_officer_never_sees_a_noforn_job(logged_in, us_chief, uk_operator):
    noforn = jobs.job_submit(
        kind="diagnostic", params={}, classification=Classification.SECRET, releasable_to=[nation("USA")]
    )
    uk = logged_in(uk_operator)
    assert uk.get(f"/jobs/{noforn.pk}/").status_code == 404
    assert f'data-job-id="{noforn.pk}"' not in uk.get("/jobs/").content.decode()
    assert uk.get(f"/api/v1/jobs/{noforn.pk}/").status_code == 404
    assert uk.get("/api/v1/jobs/").json()["count"] == 0
    assert csrf_post(uk, f"/jobs/{noforn.pk}/cancel").status_code == 404
    us = logged_in(us_chief)
    assert us.get(f"/api/v1/jobs/{noforn.pk}/").json()["marking"] == "SECRET//NOFORN"


def test_the_api_submits_lists_shows_and_cancels(logged_in, us_chief):
    client = logged_in(us_chief)
    token = client.get("/jobs/").cookies["csrftoken"].value
    headers = {"X-CSRFToken": token}
    created = client.post(
        "/api/v1/jobs/",
        {"kind": "diagnostic", "params": {"seconds": 1}},
        content_type="application/json",
        headers=headers,
    )
    assert created.status_code == 201, created.json()
    job_id = created.json()["id"]
    assert created.json()["events"][0]["reason"] == "submitted via api"
    listed = client.get("/api/v1/jobs/?status=queued").json()
    assert [row["id"] for row in listed["results"]] == [job_id]
    cancelled = client.post(f"/api/v1/jobs/{job_id}/cancel/", headers=headers)
    assert cancelled.json()["status"] == "cancelled"
    again = client.post(f"/api/v1/jobs/{job_id}/cancel/", headers=headers)
    assert again.status_code == 409 and "nothing to cancel" in again.json()["detail"]


def test_the_api_names_the_bad_parameter(logged_in, us_chief):
    client = logged_in(us_chief)
    token = client.get("/jobs/").cookies["csrftoken"].value
    response = client.post(
        "/api/v1/jobs/",
        {"kind": "diagnostic", "params": {"seconds": 99999}},
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 400
    assert "seconds" in response.json()["params"]


def test_the_openapi_schema_lists_the_jobs_endpoints(logged_in, us_chief):
    schema = logged_in(us_chief).get("/api/v1/schema/?format=json").json()
    assert "/api/v1/jobs/" in schema["paths"] and "/api/v1/jobs/{id}/cancel/" in schema["paths"]


def test_a_job_submitted_while_the_broker_is_down_is_kept_and_sent_later(
    logged_in, us_chief, monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    from shifts.jobs.tasks import run_job

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    # Patched at the send, not the broker URL: Celery caches its producer pool per URL.
    monkeypatch.setattr(run_job, "apply_async", broker_down)
    client = logged_in(us_chief)
    with django_capture_on_commit_callbacks(execute=True):
        response = csrf_post(client, "/jobs/submit", _typed())
    job = Job.objects.get()
    assert response.status_code == 302 and job.status == JobStatus.QUEUED
    assert job.dispatched_at is not None  # the sweeper sends it again once the limit has passed


def _may_act(client, job) -> bool:
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    return f'action="/jobs/{job.pk}/cancel"' in page or f'action="/jobs/{job.pk}/rerun"' in page


def test_only_the_submitter_the_cco_on_watch_and_the_owning_crew_act_on_a_job(logged_in):
    floor = change_of_watch()
    own = jobs.job_submit(kind="diagnostic", params={}, requested_by=floor.outsider.user)
    nexts = jobs.job_submit(kind="diagnostic", params={}, shift=floor.incoming)
    allowed = {
        own: [floor.outsider, floor.us_chief, floor.uk_operator],  # submitter, CCO on watch, crew
        nexts: [floor.us_chief, floor.can_chief],  # CCO on watch, the crew of the shift that owns it
    }
    for job, may in allowed.items():
        for officer in (floor.outsider, floor.us_chief, floor.uk_operator, floor.can_chief):
            assert _may_act(logged_in(officer), job) == (officer in may), (job, officer)


def test_a_refused_cancel_or_rerun_is_a_403_with_the_reason_on_the_page_and_the_api(logged_in):
    floor = change_of_watch()
    job = jobs.job_submit(kind="diagnostic", params={}, requested_by=floor.outsider.user)
    next_chief = logged_in(floor.can_chief)
    page = csrf_post(next_chief, f"/jobs/{job.pk}/cancel")
    assert page.status_code == 403
    assert "only its submitter, the CCO on watch or the crew of" in page.content.decode()
    api = _api_post(next_chief, f"/api/v1/jobs/{job.pk}/cancel/")
    assert api.status_code == 403 and api.json()["rule"] == "job_permission"
    assert Job.objects.get(pk=job.pk).status == JobStatus.QUEUED
    jobs.job_cancel(job=job, by=floor.outsider.user)
    assert _api_post(next_chief, f"/api/v1/jobs/{job.pk}/rerun/").status_code == 403
    assert csrf_post(next_chief, f"/jobs/{job.pk}/rerun").status_code == 403
    rerun = _api_post(logged_in(floor.uk_operator), f"/api/v1/jobs/{job.pk}/rerun/")
    assert rerun.status_code == 200 and rerun.json()["status"] == "queued"
