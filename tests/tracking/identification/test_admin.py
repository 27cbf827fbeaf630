"""The admin shows identification's rows and never edits them; a sensor's status changes only through
the action that calls the status service."""

import pytest

from shifts.watch.models import LogEntry
from tests.http import csrf_post
from tests.shifts.watch_scenario import change_of_watch
from tests.tracking.identification.builders import imported, radar_track, sites
from tracking.models import Sensor

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_chief():
    sites()
    floor = change_of_watch()
    floor.us_chief.user.is_staff = floor.us_chief.user.is_superuser = True
    floor.us_chief.user.save()
    return floor.us_chief


def test_batches_tracks_observations_and_decisions_are_read_only(admin_chief, logged_in):
    batch = imported(radar_track("A"), officer=admin_chief)
    track = batch.tracks.get()
    client = logged_in(admin_chief)
    for model, pk in (
        ("observationbatch", batch.pk),
        ("track", track.pk),
        ("observation", track.observations.first().pk),
    ):
        assert client.get(f"/admin/tracking/{model}/add/").status_code == 403
        page = client.get(f"/admin/tracking/{model}/{pk}/change/").content.decode()
        assert 'name="_save"' not in page and "Delete" not in page, model
    assert client.get("/admin/tracking/trackdecision/add/").status_code == 403
    listing = client.get("/admin/tracking/track/").content.decode()
    assert "CODSFS" in listing and 'value="delete_selected"' not in listing


def test_a_sensors_status_is_read_only_and_changed_by_the_action_which_logs_it(admin_chief, logged_in):
    client = logged_in(admin_chief)
    sensor = Sensor.objects.get(code="CODSFS")
    page = client.get(f"/admin/tracking/sensor/{sensor.pk}/change/").content.decode()
    assert 'name="status"' not in page and 'name="name"' in page
    chosen = {"action": "change_status", "_selected_action": [sensor.pk]}
    asked = csrf_post(client, "/admin/tracking/sensor/", chosen).content.decode()
    assert "Each change is logged on the watch" in asked and 'name="reason"' in asked
    refused = csrf_post(
        client, "/admin/tracking/sensor/", {**chosen, "apply": "1", "status": "down"}, follow=True
    )
    assert "CODSFS: say why CODSFS is down" in refused.content.decode()
    csrf_post(
        client, "/admin/tracking/sensor/", {**chosen, "apply": "1", "status": "down", "reason": "power"}
    )
    sensor.refresh_from_db()
    assert sensor.status == "down" and sensor.status_changes.get().reason == "power"
    assert LogEntry.objects.get(category="sensor_status").author == admin_chief
