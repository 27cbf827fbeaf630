"""The API of identification: observation batches and sensors, as a client program uses them."""

import pytest

from shifts.markings.models import Classification
from tests.factories import nation
from tests.shifts.watch_scenario import change_of_watch
from tests.tracking.identification.builders import imported, radar_track, sites

pytestmark = pytest.mark.django_db


@pytest.fixture
def floor():
    sites()
    return change_of_watch()


def _post(client, url, data):
    token = client.get("/jobs/").cookies["csrftoken"].value
    return client.post(url, data, content_type="application/json", headers={"X-CSRFToken": token})


def test_batches_list_and_detail_with_counts_and_tracks_as_far_as_the_reader_may_see(floor, logged_in):
    batch = imported([*radar_track("A"), *radar_track("B", "FYLUK")], officer=floor.us_chief)
    imported(
        radar_track("X"),
        officer=floor.us_chief,
        classification=Classification.SECRET,
        nations=[nation("USA")],
        digest="1" * 64,
    )
    british = logged_in(floor.uk_operator)
    listed = british.get("/api/v1/observation-batches/").json()
    assert [b["id"] for b in listed["results"]] == [batch.pk]
    assert listed["results"][0]["counts"] == {"correlated": 0, "ambiguous": 0, "uct": 0, "pending": 2}
    assert listed["results"][0]["correlation_status"] == "queued"
    detail = british.get(f"/api/v1/observation-batches/{batch.pk}/").json()
    assert [(t["track_id"], t["sensor"], t["result"]) for t in detail["tracks"]] == [
        ("A", "CODSFS", "pending"),
        ("B", "FYLUK", "pending"),
    ]
    assert detail["marking"] == "UNCLASSIFIED//REL TO USA, AUS, CAN, GBR"


def test_sensors_carry_noise_status_and_history_and_take_a_status_post(floor, logged_in):
    client = logged_in(floor.uk_operator)
    sensor = client.get("/api/v1/sensors/CODSFS/").json()
    assert (sensor["status"], sensor["range_noise_km"], sensor["history"]) == ("operational", 0.05, [])
    refused = _post(client, "/api/v1/sensors/CODSFS/status/", {"status": "down"})
    assert refused.status_code == 409 and refused.json()["rule"] == "sensor_status_reason"
    done = _post(client, "/api/v1/sensors/CODSFS/status/", {"status": "down", "reason": "radar fault"})
    assert done.status_code == 200 and done.json()["status"] == "down"
    assert done.json()["history"][0]["reason"] == "radar fault"
    again = _post(client, "/api/v1/sensors/CODSFS/status/", {"status": "down", "reason": "still"})
    assert again.status_code == 409 and again.json()["rule"] == "sensor_status_unchanged"
    outsider = _post(logged_in(floor.outsider), "/api/v1/sensors/CODSFS/status/", {"status": "operational"})
    assert outsider.status_code == 403 and outsider.json()["rule"] == "crew"
    bad = _post(client, "/api/v1/sensors/CODSFS/status/", {"status": "exploded"})
    assert bad.status_code == 400 and "status" in bad.json()
