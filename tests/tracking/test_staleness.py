"""Old element sets are said where they are used: screening, passes, conjunctions, the CDM, the handover."""

import subprocess
import sys
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from shifts.jobs import services as jobs
from shifts.jobs.models import Job, JobStatus
from shifts.markings.models import Nation
from shifts.watch.services import handover
from tests.processes import ROOT
from tests.shifts.watch_scenario import change_of_watch
from tests.tracking.builders import EPOCH, crossing_pair
from tests.tracking.test_current_conjunctions import _screen
from tracking.models import Conjunction, PredictedPass, Sensor, SpaceObject
from tracking.services.catalog import ImportFile, catalog_import
from tracking.staleness import age_at

pytestmark = pytest.mark.django_db

FIVE_DAYS = timedelta(days=5)  # stale in LEO (3 days), not in MEO (7) or GEO (14)


@pytest.fixture
def pair():
    catalog_import(upload=ImportFile("pair.tle", crossing_pair()))
    return SpaceObject.objects.get(norad_id=1), SpaceObject.objects.get(norad_id=2)


def _conjunction(one, two, tca, job=None) -> Conjunction:
    """An encounter as a screening job stores it (screenings are exercised in test_current_conjunctions)."""
    job = job or _finished_job("conjunction_screening", window_hours=4)
    conjunction = Conjunction.objects.create(
        job=job,
        primary=one,
        secondary=two,
        tca=tca,
        miss_km=0.5,
        relative_speed_km_s=1,
        radial_km=0,
        in_track_km=0,
        cross_track_km=0,
        primary_element_set=one.latest_element_set,
        secondary_element_set=two.latest_element_set,
    )
    conjunction.releasable_to.set(Nation.objects.all())
    return conjunction


def _finished_job(kind: str, **params) -> Job:
    job = jobs.job_submit(kind=kind, params={"start": (EPOCH + FIVE_DAYS).isoformat()} | params)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.SUCCEEDED)
    return job


def test_the_age_limit_depends_on_the_orbit_regime(pair):
    leo = pair[0].latest_element_set
    assert age_at(leo, EPOCH + FIVE_DAYS).stale
    assert str(age_at(leo, EPOCH + FIVE_DAYS)) == "5.0 d old, stale (over 3 d for LEO)"
    leo.mean_motion_rev_per_day = 1.0027
    assert not age_at(leo, EPOCH + FIVE_DAYS).stale and age_at(leo, EPOCH + FIVE_DAYS).regime == "GEO"


def test_a_bad_stale_limit_stops_the_process_naming_the_variable():
    check = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={"DJANGO_SETTINGS_MODULE": "opscenter.settings", "DEBUG": "1", "ELSET_STALE_DAYS_LEO": "three"},
        capture_output=True,
        text=True,
    )
    assert check.returncode != 0 and "ELSET_STALE_DAYS_LEO='three' is not an integer" in check.stderr


def test_the_object_page_warns_past_the_leo_limit(pair, logged_in, us_chief):
    with time_machine.travel(EPOCH + FIVE_DAYS, tick=False):
        page = logged_in(us_chief).get("/catalog/1/").content.decode()
    assert "5.0 d old, stale (over 3 d for LEO)" in page


def test_a_conjunction_page_list_and_cdm_say_how_old_the_sets_were_at_tca(pair, logged_in, us_chief):
    conjunction = _conjunction(*pair, tca=EPOCH + FIVE_DAYS + timedelta(hours=1))
    with time_machine.travel(EPOCH + FIVE_DAYS, tick=False):
        client = logged_in(us_chief)
        page = client.get(f"/conjunctions/{conjunction.pk}/").content.decode()
        listing = client.get("/conjunctions/").content.decode()
        cdm = client.get(f"/conjunctions/{conjunction.pk}/cdm").content.decode()
    assert 'id="stale-warning"' in page and "5.0 d old, stale (over 3 d for LEO) at TCA" in page
    row = listing[listing.index(f'data-conjunction-id="{conjunction.pk}"') :]
    assert "5.0 d" in row[: row.index("</tr>")] and "stale" in row[: row.index("</tr>")]
    comments = [line for line in cdm.splitlines() if line.startswith("COMMENT Element set of")]
    assert (
        comments
        == ["COMMENT Element set of 2026-05-30T12:00:00.000000: 5.0 d old, stale (over 3 d for LEO) at TCA"]
        * 2
    )
    assert cdm.index(comments[0]) < cdm.index("OBJECT = OBJECT1")
    with time_machine.travel(EPOCH + FIVE_DAYS, tick=False):
        api = logged_in(us_chief).get(f"/api/v1/conjunctions/{conjunction.pk}/").json()
    assert api["element_age_days"] == [5.04, 5.04] and api["stale"] is True


def test_a_fresh_conjunction_carries_no_warning(pair, logged_in, us_chief):
    conjunction = _conjunction(*pair, tca=EPOCH + timedelta(hours=1))
    page = logged_in(us_chief).get(f"/conjunctions/{conjunction.pk}/").content.decode()
    assert 'id="stale-warning"' not in page and "0.0 d old at TCA" in page


def test_the_handover_says_a_conjunction_rests_on_stale_sets(pair):
    floor = change_of_watch()
    an_hour_ago = (timezone.now() - timedelta(hours=1)).isoformat()
    job = _finished_job("conjunction_screening", start=an_hour_ago, window_hours=24)
    _conjunction(*pair, tca=floor.outgoing.ends_at + timedelta(hours=2), job=job)
    report = handover.handover_open(shift=floor.outgoing, by=floor.us_chief)
    section = report.sections.get(key__startswith="conjunctions:")
    days = (floor.outgoing.ends_at + timedelta(hours=2) - EPOCH).total_seconds() / 86400
    assert f"elements {days:.1f} d old, stale (over 3 d for LEO) / {days:.1f} d old, stale" in section.body


def test_a_screening_reports_how_many_sets_were_stale_at_its_start(pair, django_capture_on_commit_callbacks):
    job = _screen(django_capture_on_commit_callbacks, start=EPOCH + FIVE_DAYS, window_hours=1)
    assert job.result_summary["stale_element_sets"] == 3
    assert job.result_summary["oldest_element_set_days"] == 5.0


def test_the_passes_table_says_how_old_the_set_was_at_each_pass(pair, logged_in, us_chief):
    sensor = Sensor.objects.create(
        code="TEST",
        name="Test radar",
        owner_nation="USA",
        kind="radar",
        latitude_deg=0,
        longitude_deg=0,
        altitude_m=0,
        min_elevation_deg=5,
        max_range_km=5000,
        azimuth_min_deg=0,
        azimuth_max_deg=360,
    )
    rise = EPOCH + FIVE_DAYS + timedelta(hours=1)
    PredictedPass.objects.create(
        job=_finished_job("pass_prediction", norad_ids=[1]),
        sensor=sensor,
        space_object=pair[0],
        element_set=pair[0].latest_element_set,
        rise=rise,
        culmination=rise + timedelta(minutes=5),
        set=rise + timedelta(minutes=10),
        max_elevation_deg=40,
        rise_azimuth_deg=10,
        set_azimuth_deg=190,
    )
    with time_machine.travel(EPOCH + FIVE_DAYS, tick=False):
        page = logged_in(us_chief).get("/catalog/1/").content.decode()
    assert "2026-06-04 1300Z" in page and "5.0 d, stale" in page
    [found] = logged_in(us_chief).get("/api/v1/passes/?norad_id=1").json()["results"]
    assert found["element_age_days"] == pytest.approx(5.04, abs=0.01) and found["stale"] is True
