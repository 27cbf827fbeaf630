"""The admin, the API docs, the browsable API and the error page in a browser: dark, marked, nothing fetched
from outside the app (the `page` fixture fails a test that fetches anything else)."""

import pytest
from playwright.sync_api import expect

from shifts.jobs import services as jobs
from shifts.markings.models import Classification, Nation
from tests.e2e.conftest import SCREENSHOTS, login
from tests.factories import PASSWORD, coalition
from tests.shifts.test_admin import superuser

pytestmark = pytest.mark.e2e

DARK = "rgb(13, 17, 23)"


def _marked_and_dark(page, background_of: str = "body") -> None:
    banners = page.locator(".classification-banner")
    expect(banners).to_have_count(2)
    expect(banners.first).to_be_visible()
    expect(banners.first).to_contain_text("UNCLASSIFIED")
    colour = page.locator(background_of).evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour == DARK, f"{page.url}: background {colour}"


def test_the_admin_docs_api_and_error_pages_are_dark_and_marked(page, screenshot, transactional_db):
    coalition()
    superuser()
    job = jobs.job_submit(
        kind="diagnostic",
        params={},
        classification=Classification.SECRET,
        releasable_to=list(Nation.objects.all()),
    )
    login(page, "usa.admin", PASSWORD)

    page.goto("/admin/")
    _marked_and_dark(page)
    screenshot("admin-index")
    page.goto("/admin/shifts/job/")
    expect(page.locator(".classification-banner").first).to_contain_text("SECRET//REL TO USA, AUS, CAN, GBR")
    screenshot("admin-jobs")
    page.goto(f"/admin/shifts/job/{job.pk}/change/")
    expect(page.locator("#content h1")).to_contain_text("View job")
    screenshot("admin-job")

    page.goto("/api/v1/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("opscenter API")
    _marked_and_dark(page)
    page.screenshot(path=str(SCREENSHOTS / "swagger.png"))  # the viewport: the whole page is very long

    page.goto("/api/v1/jobs/")
    _marked_and_dark(page)
    screenshot("browsable-api")

    page.goto("/no-such-page/")
    _marked_and_dark(page)
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    screenshot("not-found")
