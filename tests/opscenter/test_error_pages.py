"""Every page the app serves is marked and dark: its own, the admin, the API's and the error pages."""

import re

import pytest
from django.test import RequestFactory
from django.urls import get_resolver

from opscenter.views import server_error
from shifts.jobs import services as jobs
from shifts.markings.models import Classification
from tests.factories import coalition, nation
from tests.shifts.test_admin import superuser

BANNER = "UNCLASSIFIED//FOR DEMONSTRATION ONLY"


def _banners(body: str) -> int:
    return len(re.findall(r'class="classification-banner[^"]*"[^>]*>' + re.escape(BANNER) + "<", body))


def _assets(body: str) -> list[str]:
    return re.findall(r'(?:href|src)="([^"#]+\.(?:css|js|svg|png))"', body)


@pytest.mark.django_db
def test_a_missing_page_is_marked_and_dark(us_chief, logged_in):
    response = logged_in(us_chief).get("/no-such-page/")

    body = response.content.decode()
    assert response.status_code == 404
    assert _banners(body) == 2 and "Not found" in body and "opscenter/opscenter" in body


def test_the_server_error_page_needs_neither_the_request_nor_the_database(settings):
    """No django_db mark: a query here would fail the test."""
    settings.OPSCENTER = {**settings.OPSCENTER, "CLASSIFICATION_BANNER": "SECRET//REL TO USA, GBR"}
    response = server_error(RequestFactory().get("/"))

    body = response.content.decode()
    assert response.status_code == 500
    assert body.count(">SECRET//REL TO USA, GBR<") == 2 and "level-secret" in body
    assert get_resolver().resolve_error_handler(500) is server_error


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/admin/", "/admin/shifts/job/", "/api/v1/docs/", "/api/v1/jobs/"])
def test_the_admin_and_the_api_pages_carry_the_banner_and_the_dark_theme(url, logged_in):
    client = logged_in(superuser())

    body = client.get(url, HTTP_ACCEPT="text/html").content.decode()

    assert _banners(body) == 2, body[:3000]
    assert "opscenter/banner" in body and re.search(r"opscenter/(admin|api|swagger)\.[0-9a-f]{12}\.css", body)
    assert all(asset.startswith("/static/") for asset in _assets(body)), _assets(body)
    assert 'class="theme-toggle"' not in body  # the admin is dark, whatever the browser prefers


@pytest.mark.django_db
def test_the_admin_banner_carries_the_highest_marking_on_the_page(logged_in):
    coalition()
    client = logged_in(superuser())
    jobs.job_submit(
        kind="diagnostic",
        params={},
        classification=Classification.SECRET,
        releasable_to=[nation("USA"), nation("GBR")],
    )

    body = client.get("/admin/shifts/job/").content.decode()

    assert body.count(">SECRET//REL TO USA, GBR<") == 2
