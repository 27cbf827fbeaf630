"""What is current for the whole catalog: a later, narrower screening never wipes the floor's alerts."""

from datetime import timedelta

import pytest
import time_machine

from shifts.jobs import services as jobs
from shifts.jobs.models import JobChunk
from shifts.watch.models import HandoverReport
from tests.factories import shift_at
from tests.tracking.builders import EPOCH, crossing_pair
from tracking.handover import _close_conjunctions
from tracking.models import Conjunction
from tracking.services.catalog import ImportFile, catalog_import

pytestmark = pytest.mark.django_db

# The crossing pair meets four times in four hours from EPOCH: 0.78, 0.70, 3.37 and 4.79 km.
ALERT_KM = 4.0


@pytest.fixture
def at_epoch(settings):
    settings.OPSCENTER = {**settings.OPSCENTER, "CONJUNCTION_ALERT_KM": ALERT_KM}
    catalog_import(upload=ImportFile("pair.tle", crossing_pair()))
    with time_machine.travel(EPOCH, tick=False):
        yield


def _screen(capture, start=EPOCH, **params):
    job = jobs.job_submit(
        kind="conjunction_screening",
        params={"start": start.isoformat(), "window_hours": 4, "pieces": 1, **params},
    )
    with capture():
        jobs.job_execute(jobs.job_claim(job_id=job.pk, worker="w1"))
    chunk = JobChunk.objects.get(job=job)
    jobs.job_chunk_execute(job_id=job.pk, index=0, token=str(chunk.run_token), worker="w1")
    job.refresh_from_db()
    return job


def _floor_alerts(client) -> int:
    return client.get("/").content.decode().count('data-alert-key="conjunction:')


def _listed(client, query: str = "") -> set[int]:
    body = client.get(f"/conjunctions/{query}").content.decode()
    return {c.pk for c in Conjunction.objects.all() if f'data-conjunction-id="{c.pk}"' in body}


def test_screening_one_object_keeps_the_floors_three_alerts(
    at_epoch, logged_in, us_chief, django_capture_on_commit_callbacks
):
    client = logged_in(us_chief)
    catalog = _screen(django_capture_on_commit_callbacks)
    assert _floor_alerts(client) == 3
    faraway = _screen(django_capture_on_commit_callbacks, primaries=[3])
    assert faraway.result_summary["conjunctions"] == 0
    assert _floor_alerts(client) == 3
    assert _listed(client) == set(catalog.conjunctions.values_list("pk", flat=True))


def test_screening_a_past_window_keeps_the_floors_alerts(
    at_epoch, logged_in, us_chief, django_capture_on_commit_callbacks
):
    client = logged_in(us_chief)
    catalog = _screen(django_capture_on_commit_callbacks)
    _screen(django_capture_on_commit_callbacks, start=EPOCH - timedelta(hours=6))
    assert _floor_alerts(client) == 3
    assert _listed(client) == set(catalog.conjunctions.values_list("pk", flat=True))


def test_a_later_screening_of_the_pair_replaces_its_encounters(
    at_epoch, logged_in, us_chief, django_capture_on_commit_callbacks
):
    client = logged_in(us_chief)
    _screen(django_capture_on_commit_callbacks)
    again = _screen(django_capture_on_commit_callbacks, primaries=[1])
    assert _listed(client) == set(again.conjunctions.values_list("pk", flat=True))
    assert _floor_alerts(client) == 3


def test_a_screening_that_finds_nothing_reports_no_closest_distance(
    at_epoch, logged_in, us_chief, django_capture_on_commit_callbacks
):
    empty = _screen(django_capture_on_commit_callbacks, primaries=[3])
    assert empty.result_summary["closest_km"] is None
    page = logged_in(us_chief).get(f"/jobs/{empty.pk}/").content.decode()
    assert "&quot;closest_km&quot;: null" in page and "&quot;closest_km&quot;: 0.0" not in page


def test_a_finished_screening_links_to_the_conjunctions_it_found(
    at_epoch, logged_in, us_chief, django_capture_on_commit_callbacks
):
    client = logged_in(us_chief)
    first = _screen(django_capture_on_commit_callbacks)
    second = _screen(django_capture_on_commit_callbacks)
    page = client.get(f"/jobs/{first.pk}/").content.decode()
    assert f'href="/conjunctions/?screening={first.pk}"' in page
    assert _listed(client, f"?screening={first.pk}") == set(first.conjunctions.values_list("pk", flat=True))
    assert _listed(client) == set(second.conjunctions.values_list("pk", flat=True))


def test_the_handover_lists_current_conjunctions_with_their_element_ages(
    at_epoch, django_capture_on_commit_callbacks
):
    _screen(django_capture_on_commit_callbacks)
    _screen(django_capture_on_commit_callbacks, primaries=[3])
    report = HandoverReport(outgoing_shift=shift_at(EPOCH - timedelta(hours=8)))
    items = _close_conjunctions(report)
    assert len(items) == 3
    assert all("elements 0.0 d old / 0.0 d old at TCA" in item.text for item in items[:2])


def test_the_object_page_lists_each_current_encounter_once(
    at_epoch, logged_in, us_chief, django_capture_on_commit_callbacks
):
    first = _screen(django_capture_on_commit_callbacks)
    second = _screen(django_capture_on_commit_callbacks)
    page = logged_in(us_chief).get("/catalog/1/").content.decode()
    assert all(f'href="/conjunctions/{c.pk}/"' in page for c in second.conjunctions.all())
    assert not any(f'href="/conjunctions/{c.pk}/"' in page for c in first.conjunctions.all())
