"""Done when: a certifying official takes a Canadian officer from training to certified CCO in the UI, and the
roster puts them on watch as CCO without breaking a rule."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from shifts.workforce.models import Assignment, CertificationStatus
from shifts.workforce.services import roster
from shifts.workforce.services.calendar import shifts_ensure
from tests.e2e.conftest import login
from tests.factories import PASSWORD, coalition, persona
from tests.shifts.factories import certified, grant, position, worked

pytestmark = pytest.mark.e2e


def test_a_certifying_official_certifies_a_canadian_cco_who_is_then_rostered(
    page, screenshot, transactional_db
):
    coalition()
    cco, ops = position("CCO"), position("OPS")
    tomorrow = timezone.now().date() + timedelta(days=1)
    day_watch = next(s for s in shifts_ensure(start=tomorrow, days=1) if s.watch == "day")
    official = grant(
        persona("usa.reyes", "USA", first_name="Dana", last_name="Reyes"),
        "certify_officer",
        "schedule_roster",
    )
    for seat, offset in ((cco, 0), (ops, 1)):
        certified(official, seat)
        worked(official, seat, before=day_watch.starts_at - timedelta(days=offset))
    # The official works OPS on that watch: a certified, current CCO beside the new, not yet current CCO.
    roster.assignment_create(shift=day_watch, officer=official, position=ops)
    trainee = persona("can.tremblay", "CAN", first_name="Marie", last_name="Tremblay")

    login(page, "usa.reyes", PASSWORD)
    page.get_by_role("link", name="Certifications").click()
    page.select_option("#enrol-form select[name=officer]", label=str(trainee))
    page.select_option("#enrol-form select[name=position]", label="CCO")
    page.get_by_role("button", name="Enrol").click()
    expect(page.locator("#cert-status")).to_have_text("In training")
    page.get_by_role("button", name="Ready for evaluation").click()
    expect(page.locator("#cert-status")).to_have_text("Awaiting evaluation")
    page.select_option("#evaluation-form select[name=passed]", "yes")
    page.fill("#evaluation-form textarea[name=remarks]", "Ran the floor through a breakup; sound turnover.")
    page.get_by_role("button", name="Record evaluation").click()
    expect(page.locator(".messages")).to_contain_text("evaluate recorded")
    page.get_by_role("button", name="Certify", exact=True).click()
    expect(page.locator("#cert-status")).to_have_text("Certified")
    expect(page.locator("#cert-history")).to_contain_text("Awaiting evaluation → Certified")
    screenshot("certification-cco-canada")

    page.goto(f"/roster/shifts/{day_watch.pk}/")
    page.select_option("#assign-form select[name=officer]", label=str(trainee))
    page.select_option("#assign-form select[name=position]", label="CCO")
    page.get_by_role("button", name="Assign").click()
    expect(page.locator(".messages")).to_contain_text("Marie Tremblay (CAN) assigned as CCO")
    expect(page.locator("#seats tr[data-position=CCO]")).to_contain_text("CAN")

    page.goto(f"/roster/?start={tomorrow:%Y-%m-%d}")
    cell = page.locator(f"td[data-shift-id='{day_watch.pk}']")
    expect(cell.locator(".cco")).to_contain_text("Tremblay")
    expect(cell.locator(".cco .nation-tag")).to_have_text("CAN")
    screenshot("roster-canadian-cco")
    assert trainee.certifications.get().status == CertificationStatus.CERTIFIED
    assert Assignment.objects.get(shift=day_watch, position=cco).officer == trainee


def test_an_official_cannot_certify_themself_in_the_ui(page, transactional_db):
    coalition()
    official = grant(persona("gbr.hughes", "GBR", first_name="Alex", last_name="Hughes"), "certify_officer")
    login(page, "gbr.hughes", PASSWORD)
    page.goto("/certifications/")
    page.select_option("#enrol-form select[name=officer]", label=str(official))
    page.select_option("#enrol-form select[name=position]", label="OPS")
    page.get_by_role("button", name="Enrol").click()
    expect(page.locator(".messages")).to_contain_text("may not certify or evaluate themself")


@pytest.fixture(autouse=True)
def _positions(transactional_db):
    position("CCO")
    position("OPS")
