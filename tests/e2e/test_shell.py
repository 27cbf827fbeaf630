import re

import pytest
from playwright.sync_api import expect

from shifts.jobs import services as jobs
from tests.e2e.conftest import login
from tests.factories import PASSWORD, coalition, persona, shift_at, shift_on_watch_now

pytestmark = pytest.mark.e2e


def test_an_officer_logs_in_and_sees_the_watch_floor_shell(page, screenshot, transactional_db):
    coalition()
    persona("can.tremblay", "CAN", first_name="Marie", last_name="Tremblay")
    shift_on_watch_now()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login/"))
    login(page, "can.tremblay", PASSWORD)
    expect(page.get_by_role("heading", name="Watch floor")).to_be_visible()
    expect(page.locator(".whoami")).to_contain_text("Marie Tremblay")
    expect(page.locator(".nation-tag")).to_have_text("CAN")
    expect(page.locator(".classification-banner").first).to_contain_text("UNCLASSIFIED")
    expect(page.locator("#shift-banner")).to_contain_text("On watch")
    for item in ("Watch floor", "Roster", "Handover", "Catalog", "Observations", "Jobs", "Certifications"):
        expect(page.locator(".mainnav")).to_contain_text(item)
    clock = page.locator("#zulu-clock")
    first = clock.inner_text()
    expect(clock).not_to_have_text(first, timeout=3000)  # it ticks
    screenshot("watch-floor")


def test_an_operator_watches_a_job_progress_live_and_change_hands(page, screenshot, start_worker):
    coalition()
    persona("usa.reyes", "USA", first_name="Dana", last_name="Reyes")
    on_watch = shift_on_watch_now()
    next_shift = shift_at(on_watch.ends_at)
    start_worker("w1")
    login(page, "usa.reyes", PASSWORD)
    page.goto("/jobs/")
    page.select_option("#job-kind select[name=kind]", "diagnostic")  # htmx swaps in its form
    page.fill("#job-submit input[name=p-seconds]", "8")
    page.fill("#job-submit input[name=p-steps]", "40")
    page.get_by_role("button", name="Submit").click()
    expect(page.locator("#job-owner")).to_have_text(str(on_watch))
    page.goto("/jobs/")
    row = page.locator("tr[data-job-id]").first
    expect(row).to_contain_text("Running", timeout=20000)
    expect(row.locator("progress")).not_to_have_attribute("value", "0", timeout=10000)
    screenshot("jobs-running")
    jobs.jobs_hand_over(from_shift=on_watch, to_shift=next_shift, by=None)
    expect(row.locator(".job-shift")).to_have_text(str(next_shift), timeout=10000)
    expect(row).to_contain_text("Succeeded", timeout=30000)
