"""Done when: the object page and a conjunction page read well at 1440 px: plots with axes and
coastlines, a passes table that fits its card, element ages said where they are used."""

import csv
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from shifts.jobs import services as jobs
from shifts.jobs.models import JobChunk
from tests.e2e.conftest import SCREENSHOTS, login
from tests.factories import PASSWORD, coalition, persona
from tests.tracking.builders import EPOCH, crossing_pair
from tracking.models import Conjunction, Sensor
from tracking.services.catalog import ImportFile, catalog_import

pytestmark = pytest.mark.e2e
DEMO = Path(__file__).resolve().parents[2] / "tracking" / "fixtures" / "demo"


def _run(job):
    jobs.job_execute(jobs.job_claim(job_id=job.pk, worker="w1"))
    for chunk in JobChunk.objects.filter(job=job):
        jobs.job_chunk_execute(job_id=job.pk, index=chunk.index, token=str(chunk.run_token), worker="w1")


def _fits(page, selector: str) -> bool:
    return page.eval_on_selector(selector, "t => t.scrollWidth <= t.parentElement.clientWidth")


def test_the_object_and_conjunction_pages_read_at_1440_px(page, screenshot, transactional_db):
    coalition()
    persona("usa.walker", "USA", first_name="Sam", last_name="Walker")
    catalog_import(upload=ImportFile("stations.tle", (DEMO / "stations.tle").read_text()))
    catalog_import(upload=ImportFile("pair.tle", crossing_pair()))
    for row in csv.DictReader((DEMO / "ssn_sites.csv").open()):
        Sensor.objects.create(**row)
    start = timezone.now().replace(microsecond=0).isoformat()
    _run(jobs.job_submit(kind="pass_prediction", params={"norad_ids": [25544], "start": start}))
    _run(
        jobs.job_submit(
            kind="conjunction_screening",
            params={"start": EPOCH.isoformat(), "window_hours": 4, "pieces": 1},
        )
    )
    page.set_viewport_size({"width": 1440, "height": 900})
    login(page, "usa.walker", PASSWORD)

    page.goto("/catalog/25544/")
    expect(page.locator("#element-age")).to_contain_text("stale (over 3 d for LEO)")
    expect(page.locator("table.passes tbody tr").first).to_contain_text("Z")
    expect(page.get_by_role("button", name="Predict passes")).to_be_visible()
    assert _fits(page, "table.passes")
    expect(page.locator("svg.plot text", has_text="Latitude (°)")).to_have_count(1)
    screenshot("space-object")
    page.locator("svg.plot").screenshot(path=str(SCREENSHOTS / "ground-track.png"))

    closest = Conjunction.objects.order_by("miss_km").first()
    page.goto(f"/conjunctions/{closest.pk}/")
    expect(page.locator("svg.plot text", has_text="Range (km)")).to_have_count(1)
    expect(page.locator("svg.plot text", has_text="Time (UTC) on 2026-05-30")).to_have_count(1)
    screenshot("conjunction-detail")
    page.locator("svg.plot").screenshot(path=str(SCREENSHOTS / "range-plot.png"))

    page.goto(f"/conjunctions/?screening={closest.job_id}")
    assert _fits(page, "#conjunction-table")
    screenshot("conjunction-list")
