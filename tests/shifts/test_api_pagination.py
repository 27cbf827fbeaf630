"""Pagination of the API: a limit or offset no database can take answers 400 or is capped, never 500."""

import pytest

from shifts.pagination import MAX_LIMIT
from shifts.watch.services import log as watch
from tests.shifts.watch_scenario import change_of_watch

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(logged_in):
    floor = change_of_watch()
    for n in range(3):
        watch.log_entry_create(author=floor.uk_operator, category="other", severity=0, text=f"entry {n}")
    return logged_in(floor.uk_operator)


def test_it_caps_a_limit_too_large_for_the_database(reader):
    response = reader.get("/api/v1/log-entries/?limit=99999999999999999999")
    assert response.status_code == 200 and len(response.json()["results"]) == 3


def test_it_caps_the_limit_in_the_links_it_gives(reader):
    response = reader.get("/api/v1/log-entries/?limit=99999999999999999999&offset=1")
    assert f"limit={MAX_LIMIT}" in response.json()["previous"]


def test_it_answers_400_to_an_offset_too_large_for_the_database(reader):
    response = reader.get("/api/v1/log-entries/?limit=2&offset=99999999999999999999")
    assert response.status_code == 400 and "offset" in response.json()


@pytest.mark.parametrize("query", ["limit=abc", "limit=-1", "limit=1.5", "offset=x", "limit=%C2%B2"])
def test_it_answers_400_to_a_limit_or_offset_that_is_not_a_whole_number(reader, query):
    assert reader.get(f"/api/v1/log-entries/?{query}").status_code == 400


def test_it_still_pages_with_sane_values(reader):
    page = reader.get("/api/v1/log-entries/?limit=2&offset=1").json()
    assert page["count"] == 3 and len(page["results"]) == 2
