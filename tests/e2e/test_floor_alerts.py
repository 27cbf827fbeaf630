"""A new alert on the floor flashes for the operator, who acknowledges it; the switches are remembered."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from shifts.jobs import services as jobs
from shifts.jobs.models import Job, JobStatus
from shifts.watch.services import log as watch
from tests.e2e.conftest import login
from tests.factories import PASSWORD
from tests.opscenter.test_floor_alerts import _close_approach
from tests.shifts.watch_scenario import change_of_watch

pytestmark = pytest.mark.e2e


def test_a_new_alert_flashes_and_the_operator_acknowledges_it(page, screenshot):
    floor = change_of_watch()
    watch.log_entry_create(
        author=floor.uk_operator, category="uct", severity=2, text="UCT near NORAD 25544, tasked Fylingdales"
    )
    failed = jobs.job_submit(kind="diagnostic", params={}, shift=floor.outgoing)
    Job.objects.filter(pk=failed.pk).update(status=JobStatus.FAILED, error_message="catalog feed unreachable")
    page.set_viewport_size({"width": 1440, "height": 900})
    login(page, "gbr.hughes", PASSWORD)
    expect(page.locator("#alerts .alert")).to_have_count(2)
    expect(page.locator("#alerts .alert.flash")).to_have_count(0)  # already there: not new

    _close_approach(timezone.now() + timedelta(hours=1, minutes=40))
    new = page.locator('#alerts .alert[data-alert-key^="conjunction:"]')
    expect(new).to_have_class("alert bad flash", timeout=10_000)
    expect(new).to_contain_text(" · in 1 h 3")
    screenshot("floor-1440x900")

    new.get_by_role("button", name="Acknowledge").click()
    expect(new).to_contain_text("Acknowledged by Capt Alex Hughes (GBR)")
    expect(new).not_to_have_class("alert bad flash")

    page.get_by_role("button", name="Sound on").click()
    page.reload()
    expect(page.locator("#alert-sound")).to_have_text("Sound off")
    assert page.evaluate("localStorage.getItem('opscenter.alerts.sound')") == "off"


def test_the_log_keeps_what_was_typed_and_shows_a_revision_s_change(page, screenshot):
    floor = change_of_watch()
    page.set_viewport_size({"width": 1440, "height": 900})
    login(page, "gbr.hughes", PASSWORD)
    page.goto("/log/")
    page.fill("#log-form textarea[name=text]", "UCT over Fylingdales, NORAD 25544 suspected")
    page.fill("#log-form input[name=occurred_at]", "not a time")
    page.click("#log-form button[type=submit]")
    expect(page.locator("#log-form textarea[name=text]")).to_have_value(
        "UCT over Fylingdales, NORAD 25544 suspected"
    )
    page.fill("#log-form input[name=occurred_at]", "")
    page.click("#log-form button[type=submit]")
    page.locator("#log-table a").first.click()
    page.fill("#revise-form textarea[name=text]", "UCT over Globus, NORAD 25544 suspected")
    page.fill("#revise-form input[name=reason]", "wrong site")
    page.click("#revise-form button[type=submit]")
    expect(page.locator("#log-history del")).to_have_text("Fylingdales,")
    expect(page.locator("#log-history ins")).to_have_text("Globus,")
    screenshot("log-entry-revised")
    assert floor.outgoing.log_entries.count() == 2
