from pathlib import Path

import pytest

from shifts.jobs import services as jobs
from shifts.jobs.models import JobStatus
from tests.tracking.test_catalog_import import _file, _shared
from tracking.models import PredictedPass, Sensor
from tracking.services.catalog import catalog_import

pytestmark = pytest.mark.django_db
SITES = Path(__file__).resolve().parents[2] / "tracking" / "fixtures" / "demo" / "ssn_sites.csv"


def _sensors():
    import csv

    for row in csv.DictReader(SITES.open()):
        Sensor.objects.create(**row)


def test_a_pass_prediction_job_stores_passes_within_each_sensors_limits(django_capture_on_commit_callbacks):
    catalog_import(upload=_file(_shared("stations.tle")))
    _sensors()
    with django_capture_on_commit_callbacks():
        job = jobs.job_submit(
            kind="pass_prediction",
            params={
                "norad_ids": [25544],
                "sensors": ["CODSFS", "BLEAFB"],
                "start": "2026-05-31T00:00:00Z",
                "window_hours": 24,
            },
        )
    jobs.job_execute(jobs.job_claim(job_id=job.pk, worker="w1"))
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error_message
    passes = list(PredictedPass.objects.filter(job=job).select_related("sensor"))
    assert len(passes) >= 4 and job.result_summary["passes"] == len(passes)
    for p in passes:
        assert p.rise < p.culmination < p.set
        assert p.max_elevation_deg >= p.sensor.min_elevation_deg


def test_a_pass_prediction_for_an_unknown_sensor_fails_naming_it(django_capture_on_commit_callbacks):
    catalog_import(upload=_file(_shared("stations.tle")))
    with django_capture_on_commit_callbacks():
        job = jobs.job_submit(kind="pass_prediction", params={"norad_ids": [25544], "sensors": ["NOPE"]})
    jobs.job_execute(jobs.job_claim(job_id=job.pk, worker="w1"))
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.error_message == "unknown sensors: NOPE"
