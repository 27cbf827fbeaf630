"""Two chiefs change the watch in two browsers, inside the acceptance window; the job changes hands."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from shifts.jobs import services as jobs
from shifts.jobs.models import Job
from tests.e2e.conftest import SCREENSHOTS, login
from tests.factories import PASSWORD
from tests.shifts.watch_scenario import change_of_watch

pytestmark = pytest.mark.e2e


def _context(browser, live_server, username):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    login(page, username, PASSWORD)
    return context, page


def test_a_us_chief_hands_the_watch_to_a_canadian_chief(browser, live_server, settings, start_worker):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    floor = change_of_watch(ends_in=timedelta(minutes=30))
    start_worker("w1")
    job = jobs.job_submit(kind="diagnostic", params={"seconds": 600, "steps": 600}, shift=floor.outgoing)

    us_context, us = _context(browser, live_server, "usa.reyes")
    us.goto("/handover/")
    us.get_by_role("button", name="Open the handover draft").click()
    expect(us.locator("#handover-status")).to_have_text("Draft")
    expect(us.locator("#report-sections")).to_contain_text(f"Job #{job.pk} diagnostic")

    uk_context, uk = _context(browser, live_server, "gbr.hughes")
    uk.goto(us.url)
    # Autosave (htmx) keeps the text as it is typed, without a click.
    ops = uk.locator("fieldset.section-form[data-key=OPS]")
    ops.locator("textarea[name=OPS-body]").fill("Fylingdales degraded 1900-2000Z; back in service.")
    expect(ops.locator(".save-state")).to_contain_text("Saved: v1", timeout=10000)
    # One save keeps what was typed in every section.
    next_shift = uk.locator("fieldset.section-form[data-key=next_shift]")
    next_shift.locator("textarea[name=next_shift-body]").fill("Watch the Starlink train at 0300Z.")
    ops.locator("textarea[name=OPS-body]").fill("Fylingdales degraded 1900-2000Z; back in service 2000Z.")
    next_shift.get_by_role("button", name="Save section").click()
    expect(uk.locator("#report-sections")).to_contain_text("back in service 2000Z")
    expect(uk.locator("#report-sections")).to_contain_text("Starlink train")

    us.reload()
    expect(us.locator("#report-sections")).to_contain_text("Fylingdales degraded")
    us.get_by_role("button", name="Sign and submit").click()
    expect(us.locator("#handover-status")).to_have_text("Submitted")

    can_context, can = _context(browser, live_server, "can.tremblay")
    can.goto(us.url)
    expect(can.locator("#report-sections")).to_contain_text("Fylingdales degraded")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    can.screenshot(path=str(SCREENSHOTS / "handover-incoming.png"), full_page=True)
    section = can.locator("#report-sections article.section").first
    section.get_by_role("button", name="Mark read").click()
    expect(section.locator(".ack")).to_contain_text("read by Capt Marie Tremblay (CAN)")
    expect(can.locator("#acknowledged")).to_contain_text("1 of ")
    can.get_by_role("button", name="Accept the watch").click()
    expect(can.locator("#handover-status")).to_have_text("Accepted")

    can.goto("/jobs/?status=open")
    row = can.locator(f"tr[data-job-id='{job.pk}']")
    expect(row.locator(".job-shift")).to_have_text(str(floor.incoming))
    expect(row).to_contain_text("Running", timeout=30000)
    can.goto("/")
    expect(can.locator("#shift-banner")).to_contain_text(str(floor.incoming))
    assert Job.objects.get(pk=job.pk).shift == floor.incoming
    for context in (us_context, uk_context, can_context):
        context.close()
