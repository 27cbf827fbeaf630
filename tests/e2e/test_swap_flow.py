"""Done when: a Canadian CCO offers a Swing seat, the British CCO named consents, and a scheduler (not the
requester, who sees why they may not) approves; the roster then shows the British CCO."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from shifts.workforce.models import Assignment
from shifts.workforce.services import roster
from shifts.workforce.services.calendar import shifts_ensure
from tests.e2e.conftest import login
from tests.factories import PASSWORD, coalition, persona
from tests.shifts.factories import certified, crew, position, scheduler, worked

pytestmark = pytest.mark.e2e


def _as(browser, live_server, username):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1400, "height": 900})
    page = context.new_page()
    login(page, username, PASSWORD)
    return context, page


def test_a_swap_is_offered_consented_and_approved_by_a_scheduler(
    page, browser, live_server, transactional_db
):
    coalition()
    cco = position("CCO")
    swing = next(
        s
        for s in shifts_ensure(start=timezone.now().date() + timedelta(days=2), days=1)
        if s.watch == "swing"
    )
    canadian = persona("can.tremblay", "CAN", first_name="Marie", last_name="Tremblay")
    british = persona("gbr.hughes", "GBR", first_name="Alex", last_name="Hughes")
    for officer in (canadian, british):
        certified(officer, cco)
        worked(officer, cco, before=swing.starts_at)
    crew("Bravo", [canadian, british])
    roster.assignment_create(shift=swing, officer=canadian, position=cco)
    boss = scheduler("usa.boss")

    login(page, "can.tremblay", PASSWORD)
    page.goto("/swaps/")
    page.fill("#swap-offer-note", "staff course")
    page.get_by_role("button", name="Offer").click()
    expect(page.locator("#swap-status")).to_have_attribute("data-status", "offered")
    page.select_option("#swap-replacement", label=str(british))
    page.get_by_role("button", name="Propose").click()
    expect(page.locator("#swap-status")).to_have_attribute("data-status", "proposed")
    expect(page.locator("#swap-approve")).to_have_count(0)
    swap_url = page.url

    uk_context, uk = _as(browser, live_server, "gbr.hughes")
    uk.goto(swap_url)
    uk.get_by_role("button", name="Consent: I take this seat").click()
    expect(uk.locator("#swap-status")).to_have_attribute("data-status", "consented")
    uk_context.close()

    page.reload()
    expect(page.locator("#swap-approve")).to_have_count(0)
    expect(page.locator("#swap-approval-refusal")).to_contain_text("you are the requester of this swap")

    boss_context, desk = _as(browser, live_server, boss.user.username)
    desk.goto(swap_url)
    desk.get_by_role("button", name="Approve").click()
    expect(desk.locator("#swap-status")).to_have_attribute("data-status", "approved")
    expect(desk.locator("#swap-history")).to_contain_text("consented · gbr.hughes")
    desk.goto(f"/roster/?start={swing.starts_at:%Y-%m-%d}")
    expect(desk.locator(f"td[data-shift-id='{swing.pk}'] .cco")).to_contain_text("Hughes")
    boss_context.close()
    assert Assignment.objects.get(shift=swing).officer == british
