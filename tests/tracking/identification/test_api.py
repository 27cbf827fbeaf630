"""The API of identification: observation batches and sensors, as a client program uses them."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shifts.markings.models import Classification
from tests.factories import nation
from tests.shifts.watch_scenario import change_of_watch
from tests.tracking.identification.builders import T0, csv_text, imported, radar_track, sites
from tracking.identification.models import ObservationBatch

pytestmark = pytest.mark.django_db


@pytest.fixture
def floor():
    sites()
    return change_of_watch()


def _post(client, url, data, *, multipart=False):
    token = client.get("/jobs/").cookies["csrftoken"].value
    kind = {} if multipart else {"content_type": "application/json"}
    return client.post(url, data, headers={"X-CSRFToken": token}, **kind)


MARKING = {"classification": 0, "releasable_to": ["USA", "GBR", "AUS", "CAN"]}


def test_a_file_is_uploaded_multipart_and_again_changes_nothing(floor, logged_in):
    client = logged_in(floor.uk_operator)
    text = csv_text(("CODSFS", "A", 3), ("FYLUK", "B", 2))
    upload = {"file": SimpleUploadedFile("night.csv", text.encode()), "format": "csv", **MARKING}
    created = _post(client, "/api/v1/observation-batches/", upload, multipart=True)
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["duplicate"], body["track_count"], body["observation_count"], body["via"]) == (
        False,
        2,
        5,
        "api",
    )
    assert body["counts"]["pending"] == 2 and body["correlation_job"] and body["uploaded_by"] == "gbr.hughes"
    upload["file"] = SimpleUploadedFile("night.csv", text.encode())
    again = _post(client, "/api/v1/observation-batches/", upload, multipart=True)
    assert again.status_code == 200 and again.json()["duplicate"] is True and again.json()["id"] == body["id"]
    assert "nothing changed" in again.json()["detail"] and ObservationBatch.objects.count() == 1


def test_json_posts_carry_the_file_text_or_the_observations(floor, logged_in):
    client = logged_in(floor.uk_operator)
    text = csv_text(("CODSFS", "A", 2))
    by_text = _post(client, "/api/v1/observation-batches/", {"filename": "n.csv", "content": text, **MARKING})
    assert by_text.status_code == 201 and by_text.json()["file_format"] == "csv"
    observations = [
        {
            "sensor": "FYLUK",
            "track_id": "F1",
            "epoch": (T0 + timedelta(seconds=10 * i)).isoformat(),
            "azimuth_deg": 10.0 + i,
            "elevation_deg": 30.0,
        }
        for i in range(3)
    ]
    sent = {"filename": "feed.json", "observations": observations, "client": "fylingdales-feed", **MARKING}
    by_list = _post(client, "/api/v1/observation-batches/", sent)
    assert by_list.status_code == 201, by_list.json()
    assert (by_list.json()["file_format"], by_list.json()["api_client"]) == ("json", "fylingdales-feed")
    assert _post(client, "/api/v1/observation-batches/", sent).json()["duplicate"] is True


def test_a_bad_post_answers_400_listing_every_problem_or_403_for_the_marking(floor, logged_in):
    client = logged_in(floor.uk_operator)
    text = csv_text(("CODSFS", "A", 2), ("NOSUCH", "B", 1))
    rejected = _post(
        client, "/api/v1/observation-batches/", {"filename": "n.csv", "content": text, **MARKING}
    )
    assert rejected.status_code == 400
    assert rejected.json()["errors"] == [
        {
            "file": "n.csv",
            "location": "line 4",
            "field": "sensor",
            "reason": "unknown sensor 'NOSUCH': no sensor has that code (see Sensors)",
        }
    ]
    neither = _post(client, "/api/v1/observation-batches/", {"filename": "n.csv", **MARKING})
    assert neither.status_code == 400 and "exactly one of" in str(neither.json())
    noforn = {"filename": "n.csv", "content": text, "classification": 0, "releasable_to": ["USA"]}
    refused = _post(client, "/api/v1/observation-batches/", noforn)
    assert refused.status_code == 403 and refused.json()["rule"] == "releasability"
    assert not ObservationBatch.objects.exists()


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
