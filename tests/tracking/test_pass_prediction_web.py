"""Predict passes from the object page: the existing pass-prediction job, for that object."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shifts.jobs.models import Job
from tests.http import csrf_post
from tests.tracking.builders import crossing_pair
from tracking import perms

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_with_pair(logged_in, us_chief):
    client = logged_in(us_chief)
    upload = SimpleUploadedFile("pair.tle", crossing_pair().encode())
    csrf_post(client, "/catalog/upload", {"files": [upload], "mode": "strict"})
    return client


def test_an_operator_predicts_passes_of_an_object_from_its_page(
    client_with_pair, us_chief, django_capture_on_commit_callbacks
):
    page = client_with_pair.get("/catalog/2/").content.decode()
    assert 'action="/catalog/2/passes"' in page and "Predict passes" in page
    with django_capture_on_commit_callbacks():
        response = csrf_post(client_with_pair, "/catalog/2/passes", {"window_hours": 6})
    job = Job.objects.get(kind="pass_prediction")
    assert response.status_code == 302 and response.url == f"/jobs/{job.pk}/"
    assert job.params["norad_ids"] == [2] and job.params["window_hours"] == 6
    assert job.requested_by == us_chief.user


def test_a_bad_window_is_refused_keeping_what_was_typed(client_with_pair):
    response = csrf_post(client_with_pair, "/catalog/2/passes", {"window_hours": 500})
    body = response.content.decode()
    assert response.status_code == 400 and 'value="500"' in body and "less than or equal to 72" in body
    assert not Job.objects.filter(kind="pass_prediction").exists()


def test_the_button_is_shown_only_to_users_who_may_submit_jobs(client_with_pair, monkeypatch):
    monkeypatch.setattr(perms, "can_submit_jobs", lambda user: False)
    assert "Predict passes" not in client_with_pair.get("/catalog/2/").content.decode()
