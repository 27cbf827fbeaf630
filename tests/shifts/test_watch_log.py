"""The watch log as its users meet it: forms that keep what was typed, who may revise, the logbook."""

import csv
import io
from datetime import UTC, datetime

import pytest

from shifts.jobs import services as jobs
from shifts.jobs.models import Job
from shifts.markings.models import Classification, Nation
from shifts.watch.models import LogEntry
from shifts.watch.services import log as watch
from shifts.workforce.models import Assignment
from tests.factories import nation, persona
from tests.http import csrf_post
from tests.shifts.factories import certified, position
from tests.shifts.watch_scenario import change_of_watch

pytestmark = pytest.mark.django_db


def _entry(**fields) -> dict:
    return {
        "category": "launch",
        "severity": 2,
        "text": "Falcon 9 lift-off 2207Z",
        "classification": 0,
        "releasable_to": [n.pk for n in Nation.objects.all()],
    } | fields


def _api_post(client, url: str, data: dict):
    token = client.get("/log/").cookies["csrftoken"].value
    return client.post(url, data, content_type="application/json", headers={"X-CSRFToken": token})


def test_it_keeps_the_text_category_and_severity_when_occurred_at_is_bad(logged_in):
    floor = change_of_watch()
    response = csrf_post(logged_in(floor.uk_operator), "/log/new", _entry(occurred_at="yesterday-ish"))
    page = response.content.decode()
    assert response.status_code == 400 and not LogEntry.objects.exists()
    assert "Falcon 9 lift-off 2207Z</textarea>" in page
    assert '<option value="launch" selected>' in page and '<option value="2" selected>' in page
    assert "write it as 2026-12-02 0855Z" in page


def test_it_keeps_what_was_typed_when_the_marking_is_refused(logged_in):
    floor = change_of_watch()
    noforn = _entry(classification=Classification.SECRET, releasable_to=[nation("USA").pk])
    response = csrf_post(logged_in(floor.uk_operator), "/log/new", noforn)
    page = response.content.decode()
    assert response.status_code == 403 and not LogEntry.objects.exists()
    assert (
        "cannot mark an item not releasable to GBR" in page and "Falcon 9 lift-off 2207Z</textarea>" in page
    )


def test_it_accepts_an_occurred_at_written_the_floor_s_way(logged_in):
    floor = change_of_watch()
    csrf_post(logged_in(floor.uk_operator), "/log/new", _entry(occurred_at="2026-12-02 0855Z"))
    assert LogEntry.objects.get().occurred_at == datetime(2026, 12, 2, 8, 55, tzinfo=UTC)


def test_the_form_offers_a_routine_other_entry_by_default(logged_in):
    floor = change_of_watch()
    page = logged_in(floor.uk_operator).get("/log/").content.decode()
    assert '<option value="other" selected>' in page and '<option value="0" selected>' in page
    assert 'placeholder="2026-12-02 0855Z"' in page


def test_the_form_shows_only_to_the_crew_on_watch_and_says_why_before_typing(logged_in):
    floor = change_of_watch()
    outsider = logged_in(floor.outsider).get("/log/").content.decode()
    assert 'id="log-form"' not in outsider
    assert f"You are not on the crew of {floor.outgoing}, the shift on watch" in outsider
    assert 'id="log-form"' in logged_in(floor.uk_operator).get("/log/").content.decode()
    floor.outgoing.status = "planned"
    floor.outgoing.save()
    closed = logged_in(floor.uk_operator).get("/log/").content.decode()
    assert 'id="log-form"' not in closed and "No shift is on watch" in closed


def _second_operator(floor):
    other = persona("gbr.patel", "GBR", first_name="Ravi", last_name="Patel")
    certified(other, position("SSA"))
    Assignment.objects.create(shift=floor.outgoing, officer=other, position=position("SSA"), source="history")
    return other


def test_only_the_author_or_the_cco_on_watch_revises_an_entry(logged_in):
    floor = change_of_watch()
    other = _second_operator(floor)
    entry = watch.log_entry_create(author=floor.uk_operator, category="uct", severity=1, text="UCT 1")
    page = logged_in(other).get(f"/log/{entry.pk}/").content.decode()
    assert 'id="revise-form"' not in page
    assert "Only Capt Alex Hughes (GBR), who wrote this entry, or the CCO on watch may revise it." in page
    refused = csrf_post(logged_in(other), f"/log/{entry.pk}/revise", _entry(text="UCT 2", reason="mine now"))
    assert refused.status_code == 403 and "UCT 2</textarea>" in refused.content.decode()
    api = _api_post(logged_in(other), f"/api/v1/log-entries/{entry.pk}/revise/", {"text": "x", "reason": "y"})
    assert api.status_code == 403 and api.json()["rule"] == "revise_author"
    assert LogEntry.objects.count() == 1
    chief = csrf_post(
        logged_in(floor.us_chief), f"/log/{entry.pk}/revise", _entry(text="UCT 1 = NORAD 5", reason="ID")
    )
    assert chief.status_code == 302
    revised = LogEntry.objects.get(is_current=True)
    own = _api_post(
        logged_in(floor.uk_operator),
        f"/api/v1/log-entries/{revised.pk}/revise/",
        {"reason": "sev", "severity": 2},
    )
    assert own.status_code == 201 and own.json()["revision_reason"] == "sev"


def test_a_revision_needs_its_reason_on_the_page_and_the_api(logged_in):
    floor = change_of_watch()
    entry = watch.log_entry_create(author=floor.uk_operator, category="uct", severity=1, text="UCT 1")
    client = logged_in(floor.uk_operator)
    response = csrf_post(client, f"/log/{entry.pk}/revise", _entry(text="UCT one"))
    assert response.status_code == 400 and "UCT one</textarea>" in response.content.decode()
    api = _api_post(client, f"/api/v1/log-entries/{entry.pk}/revise/", {"text": "UCT one"})
    assert api.status_code == 400 and "reason" in api.json()
    assert LogEntry.objects.count() == 1


def test_revising_a_superseded_version_answers_409_and_keeps_the_text(logged_in):
    floor = change_of_watch()
    entry = watch.log_entry_create(author=floor.uk_operator, category="uct", severity=1, text="UCT 1")
    watch.log_entry_revise(entry=entry, author=floor.uk_operator, reason="typo", text="UCT one")
    response = csrf_post(
        logged_in(floor.uk_operator), f"/log/{entry.pk}/revise", _entry(text="UCT 1b", reason="r")
    )
    page = response.content.decode()
    assert response.status_code == 409 and "UCT 1b</textarea>" in page and "only the current version" in page


def test_the_history_shows_each_reason_and_what_changed(logged_in):
    floor = change_of_watch()
    entry = watch.log_entry_create(
        author=floor.uk_operator, category="uct", severity=1, text="UCT over Fylingdales"
    )
    watch.log_entry_revise(entry=entry, author=floor.uk_operator, reason="wrong site", text="UCT over Globus")
    page = logged_in(floor.us_chief).get(f"/log/{entry.pk}/").content.decode()
    assert "Reason: wrong site" in page and ">UNCLASSIFIED//REL TO USA, AUS, CAN, GBR</div>" in page
    assert "UCT over <del>Fylingdales</del><ins>Globus</ins>" in page


def test_the_log_filters_by_a_range_of_utc_days(logged_in):
    floor = change_of_watch()
    for day in (1, 2, 3):
        watch.log_entry_create(
            author=floor.uk_operator,
            category="other",
            severity=0,
            text=f"day {day}",
            occurred_at=datetime(2026, 11, day, 23, 59, tzinfo=UTC),
        )
    page = logged_in(floor.uk_operator).get("/log/?since=2026-11-02&until=2026-11-02").content.decode()
    assert "day 2" in page and "day 1" not in page and "day 3" not in page


def test_the_csv_export_carries_only_what_the_reader_may_see_with_markings(logged_in):
    floor = change_of_watch()
    watch.log_entry_create(author=floor.uk_operator, category="uct", severity=1, text="=HYPERLINK(evil)")
    watch.log_entry_create(
        author=floor.us_chief,
        category="other",
        severity=0,
        text="US only",
        classification=Classification.SECRET,
        releasable_to=[nation("USA")],
    )
    us = list(csv.reader(io.StringIO(logged_in(floor.us_chief).get("/log/export.csv").content.decode())))
    assert us[0] == ["SECRET//NOFORN"] and us[1][5] == "marking"
    assert {row[5] for row in us[2:]} == {"SECRET//NOFORN", "UNCLASSIFIED//REL TO USA, AUS, CAN, GBR"}
    uk = logged_in(floor.uk_operator).get("/log/export.csv")
    rows = list(csv.reader(io.StringIO(uk.content.decode())))
    assert uk["Content-Type"].startswith("text/csv") and len(rows) == 3
    assert rows[0] == ["UNCLASSIFIED//REL TO USA, AUS, CAN, GBR"] and "US only" not in uk.content.decode()
    assert rows[2][8] == "'=HYPERLINK(evil)"  # a spreadsheet shows it, never runs it


def test_references_in_the_text_link_only_to_what_the_reader_may_see(logged_in):
    from tracking.models import SpaceObject

    floor = change_of_watch()
    SpaceObject.objects.create(norad_id=25544, name="ISS (ZARYA)")
    secret = jobs.job_submit(
        kind="diagnostic", params={}, classification=Classification.SECRET, releasable_to=[nation("USA")]
    )
    open_job = jobs.job_submit(kind="diagnostic", params={})
    text = f"ISS NORAD 25544 seen; see job {secret.pk} and #J{open_job.pk}; <b>not bold</b>"
    watch.log_entry_create(author=floor.us_chief, category="other", severity=0, text=text)
    uk = logged_in(floor.uk_operator).get("/log/").content.decode()
    assert '<a href="/catalog/25544/">NORAD 25544</a>' in uk
    assert f'<a href="/jobs/{open_job.pk}/">#J{open_job.pk}</a>' in uk
    assert f"job {secret.pk} and" in uk and f'href="/jobs/{secret.pk}/"' not in uk
    assert "&lt;b&gt;not bold&lt;/b&gt;" in uk
    us = logged_in(floor.us_chief).get("/log/").content.decode()
    assert f'<a href="/jobs/{secret.pk}/">job {secret.pk}</a>' in us
    assert Job.objects.count() == 2
