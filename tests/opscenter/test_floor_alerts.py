"""Alerts on the watch floor are things to act on: acknowledged or given to a position, by the crew."""

from datetime import timedelta

import pytest
from django.utils import timezone

from shifts.jobs import services as jobs
from shifts.jobs.models import Job, JobStatus
from shifts.markings.models import Nation
from shifts.watch.models import AlertAcknowledgement, Notification
from shifts.watch.services import handover
from shifts.zulu import zulu
from tests.http import csrf_post
from tests.shifts.factories import position
from tests.shifts.watch_scenario import change_of_watch
from tracking.models import Conjunction, SpaceObject

pytestmark = pytest.mark.django_db


def _close_approach(tca) -> Conjunction:
    screening = jobs.job_submit(kind="conjunction_screening", params={})
    Job.objects.filter(pk=screening.pk).update(status=JobStatus.SUCCEEDED, finished_at=timezone.now())
    iss = SpaceObject.objects.create(norad_id=25544, name="ISS (ZARYA)")
    debris = SpaceObject.objects.create(norad_id=49863, name="")
    conjunction = Conjunction.objects.create(
        job=screening,
        primary=iss,
        secondary=debris,
        tca=tca,
        miss_km=0.412,
        relative_speed_km_s=14.2,
        radial_km=0.1,
        in_track_km=0.3,
        cross_track_km=0.2,
    )
    conjunction.releasable_to.set(screening.releasable_to.all())
    return conjunction


KEY_PREFIX = "conjunction:25544x49863@"


def test_a_conjunction_alert_names_the_objects_and_counts_down_to_tca(logged_in):
    floor = change_of_watch()
    tca = (timezone.now() + timedelta(hours=2)).replace(second=0, microsecond=0)
    _close_approach(tca)
    page = logged_in(floor.uk_operator).get("/").content.decode()
    assert "Conjunction 25544 ISS (ZARYA) × 49863 UNKNOWN: miss 0.412 km" in page
    assert f'TCA {tca:%Y-%m-%d %H%MZ} · in <span class="countdown" data-until="{tca.isoformat()}">' in page
    # the other alert: the handover of a watch ending within the hour is not opened yet
    assert "2 to act on" in page and ">Acknowledge</button>" in page


def test_an_acknowledgement_by_one_officer_is_seen_by_the_floor_and_quiets_the_alert(logged_in):
    floor = change_of_watch()
    _close_approach(timezone.now() + timedelta(hours=2))
    page = logged_in(floor.uk_operator).get("/").content.decode()
    key = page.split('data-alert-key="')[1].split('"')[0]
    assert key.startswith(KEY_PREFIX)
    response = csrf_post(logged_in(floor.uk_operator), "/alerts/acknowledge", {"key": key})
    assert response.status_code == 302
    ack = AlertAcknowledgement.objects.get()
    assert ack.by == floor.uk_operator and ack.shift == floor.outgoing and ack.assigned_position is None
    seen = logged_in(floor.us_chief).get("/", headers={"HX-Request": "true"}).content.decode()
    assert (
        "alert bad acked" in seen
        and "data-acked" in seen
        and "Acknowledged by Capt Alex Hughes (GBR) at" in seen
    )
    conjunction = seen.split('data-alert-key="conjunction')[1].split('data-alert-key="')[0]
    assert "1 to act on" in seen and ">Acknowledge</button>" not in conjunction


def test_the_crew_gives_an_alert_to_a_manned_position(logged_in):
    floor = change_of_watch()
    _close_approach(timezone.now() + timedelta(hours=2))
    ops = position("OPS")
    client = logged_in(floor.us_chief)
    key = client.get("/").content.decode().split('data-alert-key="')[1].split('"')[0]
    csrf_post(client, "/alerts/acknowledge", {"key": key, "position": ops.pk})
    assert AlertAcknowledgement.objects.get().assigned_position == ops
    assert "assigned to <strong>OPS</strong>" in client.get("/").content.decode()
    unmanned = position("SSA")
    refused = csrf_post(client, "/alerts/acknowledge", {"key": key, "position": unmanned.pk})
    assert refused.status_code == 409 and "Nobody holds SSA" in refused.content.decode()


def test_only_the_crew_on_watch_acknowledges(logged_in):
    floor = change_of_watch()
    _close_approach(timezone.now() + timedelta(hours=2))
    client = logged_in(floor.outsider)
    page = client.get("/").content.decode()
    assert ">Acknowledge</button>" not in page
    key = page.split('data-alert-key="')[1].split('"')[0]
    refused = csrf_post(client, "/alerts/acknowledge", {"key": key})
    assert refused.status_code == 403 and "is not on the crew of" in refused.content.decode()
    assert not AlertAcknowledgement.objects.exists()


def test_the_acknowledgement_holds_when_a_new_screening_finds_the_same_encounter(logged_in):
    floor = change_of_watch()
    tca = timezone.now() + timedelta(hours=2)
    first = _close_approach(tca)
    client = logged_in(floor.uk_operator)
    key = client.get("/").content.decode().split('data-alert-key="')[1].split('"')[0]
    csrf_post(client, "/alerts/acknowledge", {"key": key})
    rescreen = jobs.job_submit(kind="conjunction_screening", params={})
    Job.objects.filter(pk=rescreen.pk).update(status=JobStatus.SUCCEEDED, finished_at=timezone.now())
    again = Conjunction.objects.create(
        job=rescreen, **{f: getattr(first, f) for f in ("primary", "secondary", "tca", "miss_km")},
        relative_speed_km_s=14.2, radial_km=0, in_track_km=0, cross_track_km=0,
    )  # fmt: skip
    again.releasable_to.set(rescreen.releasable_to.all())
    page = client.get("/").content.decode()
    assert f"/conjunctions/{again.pk}/" in page and "Acknowledged by" in page


def test_the_floor_poll_refreshes_the_bell(logged_in):
    floor = change_of_watch()
    client = logged_in(floor.uk_operator)
    note = Notification.objects.create(recipient=floor.uk_operator, topic="t", dedupe_key="k", text="Hello")
    note.releasable_to.set(Nation.objects.all())
    poll = client.get("/", headers={"HX-Request": "true"}).content.decode()
    assert 'id="bell" hx-swap-oob="true"' in poll and 'class="badge">1<' in poll


def test_the_floor_offers_the_sound_and_flash_switches_and_its_script(logged_in):
    floor = change_of_watch()
    page = logged_in(floor.uk_operator).get("/").content.decode()
    assert 'id="alert-sound"' in page and 'id="alert-flash"' in page and "opscenter/alerts" in page


def test_a_submitted_handover_tells_the_floor_when_acceptance_opens(logged_in):
    floor = change_of_watch(ends_in=timedelta(hours=3))
    report = handover.handover_open(shift=floor.outgoing, by=floor.us_chief)
    handover.handover_submit(report=report, officer=floor.us_chief)
    opens = zulu(floor.outgoing.ends_at - timedelta(minutes=60))

    page = logged_in(floor.can_chief).get("/").content.decode()

    assert f"waiting for the incoming CCO to accept (acceptance opens {opens})" in page
