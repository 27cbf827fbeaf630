"""A whole change of watch through the pages, as the crew would do it: the floor acknowledges a
conjunction alert, a future seat is swapped (consent, then a scheduler's approval), the US chief hands
the Day watch over with the British operator's section, and the Canadian chief, refused until the
acceptance window opens, reads every section and takes the Swing watch with the open job."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings as django_settings
from django.utils import timezone
from playwright.sync_api import expect

from shifts.jobs import services as jobs
from shifts.jobs.models import Job
from shifts.workforce.models import Shift, Watch
from shifts.workforce.services.calendar import shifts_ensure, watch_starts
from tests.e2e.conftest import SCREENSHOTS, login
from tests.factories import PASSWORD
from tests.opscenter.test_floor_alerts import _close_approach
from tests.shifts.factories import crew, position, scheduler, worked
from tests.shifts.watch_scenario import change_of_watch

pytestmark = pytest.mark.e2e


@pytest.fixture
def browse(browser, live_server, settings):
    """Each officer in their own browser, logged in; all closed at the end."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    contexts = []

    def as_(username):
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1440, "height": 900})
        contexts.append(context)
        page = context.new_page()
        login(page, username, PASSWORD)
        expect(page.locator("#shift-banner")).to_be_visible()
        return page

    yield as_
    for context in contexts:
        context.close()


@pytest.fixture
def six_hours_before_swing():
    """The clock inside the Day watch, six hours before Swing: the next such moment, so that the
    browsers' session cookies (dated by the server's clock) are not already expired."""
    now = timezone.now()
    swing = next(
        start - timedelta(hours=6)
        for day in (now.date(), now.date() + timedelta(days=1))
        for watch, start in watch_starts(day)
        if watch == Watch.SWING and start - timedelta(hours=6) > now
    )
    with time_machine.travel(swing, tick=True):
        yield swing + timedelta(hours=6)


def _floor(swing_starts):
    """Day on watch until Swing (acceptance opens an hour before), both at the roster's watch times,
    and a Swing seat in two days to swap."""
    floor = change_of_watch(ends_in=timedelta(hours=6))
    watch_hours = timedelta(hours=django_settings.OPSCENTER["WATCH_HOURS"])
    Shift.objects.filter(pk=floor.outgoing.pk).update(
        starts_at=swing_starts - watch_hours, ends_at=swing_starts
    )
    Shift.objects.filter(pk=floor.incoming.pk).update(
        watch=Watch.SWING, starts_at=swing_starts, ends_at=swing_starts + watch_hours
    )
    floor.outgoing.refresh_from_db()
    floor.incoming.refresh_from_db()
    cco = position("CCO")
    later = next(
        s
        for s in shifts_ensure(start=swing_starts.date() + timedelta(days=2), days=1)
        if s.watch == Watch.SWING
    )
    worked(floor.us_chief, cco, before=later.starts_at)
    crew("Bravo", [floor.can_chief, floor.us_chief])
    floor.can_chief.assignments.create(shift=later, position=cco, source="history")
    return floor, later


def _shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def _acknowledge_the_alert(uk):
    alert = uk.locator('#alerts .alert[data-alert-key^="conjunction:"]')
    expect(alert).to_contain_text("Conjunction 25544 ISS (ZARYA) × 49863")
    _shot(uk, "whole-floor-alerts-1440")
    alert.get_by_role("button", name="Acknowledge").click()
    expect(alert).to_contain_text("Acknowledged by Capt Alex Hughes (GBR)")


def _swap_the_later_seat(browse, later, boss):
    can = browse("can.tremblay")
    can.goto("/swaps/")
    can.select_option("#swap-offer-seat", label=f"{later} CCO")
    can.fill("#swap-offer-note", "staff course")
    can.locator("#swap-offer").click()
    expect(can.locator("#swap-status")).to_have_attribute("data-status", "offered")
    can.select_option("#swap-replacement", label="Capt Dana Reyes (USA)")
    can.locator("#swap-propose").click()
    expect(can.locator("#swap-status")).to_have_attribute("data-status", "proposed")

    us = browse("usa.reyes")
    us.goto(can.url)
    us.locator("#swap-consent").click()
    expect(us.locator("#swap-status")).to_have_attribute("data-status", "consented")

    desk = browse(boss.user.username)
    desk.goto(can.url)
    desk.locator("#swap-approve").click()
    expect(desk.locator("#swap-status")).to_have_attribute("data-status", "approved")
    history = desk.locator("#swap-history")
    expect(history).to_contain_text("offered · can.tremblay")
    expect(history).to_contain_text("consented · usa.reyes")
    expect(history).to_contain_text(f"approved · {boss.user.username}")
    return can, us


def _hand_over(us, uk):
    us.goto("/handover/")
    us.get_by_role("button", name="Open the handover draft").click()
    expect(us.locator("#handover-status")).to_have_text("Draft")
    uk.goto(us.url)
    ops = uk.locator("fieldset.section-form[data-key=OPS]")
    ops.locator("textarea[name=OPS-body]").fill("Fylingdales degraded 1900-2000Z; ISS alert acked.")
    ops.get_by_role("button", name="Save section").click()
    expect(uk.locator("#report-sections")).to_contain_text("Fylingdales degraded")
    us.reload()
    expect(us.locator("#report-sections")).to_contain_text("Fylingdales degraded")
    us.get_by_role("button", name="Sign and submit").click()
    expect(us.locator("#handover-status")).to_have_text("Submitted")


def _read_every_section(can):
    unread = can.get_by_role("button", name="Mark read")
    total = unread.count()
    assert total > 1, "the report has compiled sections and the operator's"
    for left in range(total - 1, -1, -1):
        unread.first.click()
        expect(unread).to_have_count(left)
    expect(can.locator("#acknowledged")).to_have_text(f"{total} of {total} acknowledged by the incoming CCO")


def test_the_whole_crew_changes_the_watch_through_the_pages(browse, redis_server, six_hours_before_swing):
    floor, later = _floor(six_hours_before_swing)
    boss = scheduler("usa.boss")
    _close_approach(timezone.now() + timedelta(hours=2))
    job = jobs.job_submit(kind="diagnostic", params={"seconds": 600, "steps": 600}, shift=floor.outgoing)

    uk = browse("gbr.hughes")
    _acknowledge_the_alert(uk)
    can, us = _swap_the_later_seat(browse, later, boss)
    _hand_over(us, uk)

    can.goto(us.url)
    expect(can.locator("#handover-status")).to_have_text("Submitted")
    lead = django_settings.OPSCENTER["HANDOVER_ACCEPT_LEAD_MIN"]
    opens = floor.outgoing.ends_at - timedelta(minutes=lead)
    expect(can.locator("#acceptance-window")).to_have_text(f"Acceptance opens {opens:%Y-%m-%d %H%M}Z.")
    expect(can.get_by_role("button", name="Accept the watch")).to_have_count(0)
    expect(can.locator("#accept-refusal")).to_contain_text(
        f"Acceptance opens {opens:%Y-%m-%d %H%M}Z, {lead} min before"
    )
    _shot(can, "whole-handover-incoming-1440")
    can.goto("/roster/?view=week")
    expect(can.locator(f"td[data-shift-id='{later.pk}'] .cco")).to_contain_text("Reyes")
    _shot(can, "whole-roster-week-cco-1440")

    with time_machine.travel(floor.outgoing.ends_at - timedelta(minutes=30), tick=True):
        can.goto(us.url)
        _read_every_section(can)
        can.get_by_role("button", name="Accept the watch").click()
        expect(can.locator("#handover-status")).to_have_text("Accepted")

        can.goto("/")
        expect(can.locator("#shift-banner")).to_contain_text(f"On watch: {floor.incoming}")
        assert str(floor.incoming).startswith("Swing")
        can.goto("/jobs/?status=open")
        expect(can.locator(f"tr[data-job-id='{job.pk}'] .job-shift")).to_have_text(str(floor.incoming))
    assert Job.objects.get(pk=job.pk).shift == floor.incoming
