import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login
from tests.factories import PASSWORD, coalition, persona
from tests.tracking.builders import EPOCH, crossing_pair

pytestmark = pytest.mark.e2e


def test_an_operator_uploads_screens_and_opens_a_conjunction(page, screenshot, start_worker, tmp_path):
    coalition()
    persona("usa.walker", "USA", first_name="Sam", last_name="Walker")
    start_worker("w1")
    catalog_file = tmp_path / "pair.tle"
    catalog_file.write_text(crossing_pair())
    login(page, "usa.walker", PASSWORD)

    page.goto("/catalog/")
    page.set_input_files("input[name=files]", str(catalog_file))
    page.get_by_role("button", name="Import").click()
    expect(page.locator(".messages")).to_contain_text("pair.tle: 3 new")
    expect(page.locator("#catalog-table")).to_contain_text("BRAVO")

    page.goto("/conjunctions/")
    page.fill("input[name=start]", EPOCH.strftime("%Y-%m-%d %H:%M:%S"))
    page.fill("input[name=window_hours]", "4")
    page.get_by_role("button", name="Screen the catalog").click()
    expect(page).to_have_url(re.compile(r"/jobs/\d+/$"))
    expect(page.locator("#job-status-value")).to_have_text("Succeeded", timeout=60000)
    screenshot("screening-job")

    # The window lies in the past, so the conjunctions are not current: the job page links to them.
    page.locator("#screening-conjunctions").click()
    page.locator("#conjunction-table tbody tr a").first.click()
    expect(page.locator("svg.plot polyline")).to_have_count(1)
    expect(page.get_by_text("Download CDM")).to_have_attribute("href", re.compile(r"/conjunctions/\d+/cdm$"))
    screenshot("conjunction")
    with page.expect_download() as download:
        page.get_by_text("Download CDM").click()
    assert open(download.value.path()).read().startswith("CCSDS_CDM_VERS = 1.0")
