"""The jobs pages and API, through the paths a user takes (CSRF-enforcing client)."""

import pytest

from shifts.models import Classification, Job, JobStatus
from shifts.services import jobs
from tests.factories import nation, shift_on_watch_now
from tests.http import csrf_post

pytestmark = pytest.mark.django_db


def test_an_officer_submits_a_job_from_the_jobs_page(logged_in, us_chief, django_capture_on_commit_callbacks):
    shift = shift_on_watch_now()
    client = logged_in(us_chief)
    with django_capture_on_commit_callbacks() as callbacks:
        response = csrf_post(client, "/jobs/submit", {"kind": "diagnostic", "params": '{"seconds": 3}'})
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == f"/jobs/{job.pk}/"
    assert len(callbacks) == 1  # the message is sent only once the job is committed
    assert job.requested_by == us_chief.user and job.shift == shift and job.params["seconds"] == 3
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "submitted via ui" in page and "Queued" in page


def test_bad_parameters_are_refused_with_the_field_named(logged_in, us_chief):
    client = logged_in(us_chief)
    response = csrf_post(
        client, "/jobs/submit", {"kind": "diagnostic", "params": '{"seconds": "soon"}'}, follow=True
    )
    assert (
        "invalid parameters for diagnostic: seconds: A valid number is required." in response.content.decode()
    )
    response = csrf_post(client, "/jobs/submit", {"kind": "diagnostic", "params": "{seconds"}, follow=True)
    assert "params: not valid JSON" in response.content.decode()
    assert not Job.objects.exists()


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
    job = jobs.job_submit(kind="diagnostic", params={})
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

    from shifts.tasks import run_job

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    # Patched at the send, not the broker URL: Celery caches its producer pool per URL.
    monkeypatch.setattr(run_job, "apply_async", broker_down)
    client = logged_in(us_chief)
    with django_capture_on_commit_callbacks(execute=True):
        response = csrf_post(client, "/jobs/submit", {"kind": "diagnostic", "params": "{}"})
    job = Job.objects.get()
    assert response.status_code == 302 and job.status == JobStatus.QUEUED
    assert job.dispatched_at is not None  # the sweeper sends it again once the limit has passed
