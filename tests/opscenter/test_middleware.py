"""Odd input answers 400 with a message, never 500; no page, API answer or export may be stored by a cache."""

import pytest
from django.test import Client

from tests.http import csrf_post
from tests.shifts.watch_scenario import change_of_watch

pytestmark = pytest.mark.django_db

NUL_URLS = [
    "/api/v1/objects/?q=%00",
    "/api/v1/objects/?owner=US%00",
    "/api/v1/passes/?sensor=%00",
    "/api/v1/sensors/%00/",
    "/catalog/?q=%00",
    "/conjunctions/?object=%00",
    "/certifications/?q=%00",
]


@pytest.mark.parametrize("url", NUL_URLS)
def test_a_nul_byte_in_a_query_or_address_answers_400_with_a_message(logged_in, us_chief, url):
    response = logged_in(us_chief).get(url)
    assert response.status_code == 400
    assert "NUL byte" in response.content.decode()


def test_an_api_answer_to_a_nul_byte_is_json(logged_in, us_chief):
    response = logged_in(us_chief).get("/api/v1/objects/?q=%00")
    assert response.json()["detail"].startswith("The request contains a NUL byte")


def test_an_anonymous_ical_address_with_a_nul_byte_answers_400():
    response = Client().get("/ical/%00.ics")
    assert response.status_code == 400
    assert "NUL byte" in response.content.decode()


def test_a_form_field_with_a_nul_byte_answers_400_and_writes_nothing(logged_in):
    floor = change_of_watch()
    response = csrf_post(
        logged_in(floor.uk_operator), "/log/new", {"category": "other", "severity": 0, "text": "bad\x00text"}
    )
    assert response.status_code == 400
    assert "NUL byte" in response.content.decode()
    assert not floor.outgoing.log_entries.exists()


def _no_store(response) -> bool:
    return "no-store" in response.headers.get("Cache-Control", "")


def test_pages_api_answers_and_exports_are_not_stored(logged_in, us_chief):
    client = logged_in(us_chief)
    assert _no_store(client.get("/certifications/"))
    assert _no_store(client.get("/api/v1/officers/"))
    us_chief.ical_token = "feed-secret"
    us_chief.save()
    feed = Client().get("/ical/feed-secret.ics")
    assert feed.status_code == 200
    assert _no_store(feed)
