import io

import pytest
from django.core.management import call_command

from shifts.jobs import services as jobs
from shifts.jobs.models import JobStatus
from tests.tracking.test_catalog_import import SHARED
from tracking.models import ManeuverDetection
from tracking.services.catalog import ImportFile, catalog_import

pytestmark = pytest.mark.django_db
HISTORY = SHARED / "maneuvers" / "Jason-3.tle"


def _command_output() -> list[str]:
    assert HISTORY.exists(), f"reference data missing: {HISTORY}"
    out = io.StringIO()
    call_command("maneuvers", "detect", str(HISTORY), stdout=out)
    return out.getvalue().splitlines()


def test_the_command_prints_detections_as_csv():
    header, *rows = _command_output()
    assert header == "norad_id,detected_epoch"
    assert len(rows) >= 5 and all(r.startswith("41240,") and r.endswith("Z") for r in rows)


def test_the_job_finds_the_same_manoeuvres_in_the_catalog_history(django_capture_on_commit_callbacks):
    catalog_import(upload=ImportFile(HISTORY.name, HISTORY.read_text()), mode="per_record")
    with django_capture_on_commit_callbacks():
        job = jobs.job_submit(kind="maneuver_detection", params={"norad_ids": [41240]})
    jobs.job_execute(jobs.job_claim(job_id=job.pk, worker="w1"))
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error_message
    stored = [
        m.detected_epoch.strftime("%Y-%m-%dT%H:%M:%S.%fZ") for m in ManeuverDetection.objects.filter(job=job)
    ]
    assert stored == [row.split(",")[1] for row in _command_output()[1:]]


def test_the_api_lists_the_manoeuvres_of_an_object(django_capture_on_commit_callbacks, logged_in, us_chief):
    catalog_import(upload=ImportFile(HISTORY.name, HISTORY.read_text()), mode="per_record")
    with django_capture_on_commit_callbacks():
        job = jobs.job_submit(kind="maneuver_detection", params={"norad_ids": [41240]})
    jobs.job_execute(jobs.job_claim(job_id=job.pk, worker="w1"))
    listed = logged_in(us_chief).get("/api/v1/maneuvers/?norad_id=41240").json()
    assert listed["count"] == ManeuverDetection.objects.count() >= 5
    assert listed["results"][0]["detected_epoch"].endswith("Z")
