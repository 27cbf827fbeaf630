"""The observation and sensor pages, and the floor's sensor panel, through the paths a user takes."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shifts.jobs import services as jobs
from shifts.jobs.models import JobChunk
from shifts.markings.models import Classification
from tests.factories import nation
from tests.http import csrf_post
from tests.shifts.watch_scenario import change_of_watch
from tests.tracking.identification.builders import csv_text, imported, radar_track, sites
from tracking.identification.models import ObservationBatch, Track
from tracking.models import Sensor
from tracking.services.catalog import ImportFile, catalog_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def floor():
    sites()
    return change_of_watch()


def _batches(floor):
    everyone = imported([*radar_track("A"), *radar_track("B", "FYLUK")], officer=floor.us_chief)
    Track.objects.filter(batch=everyone, track_id="A").update(result="correlated")
    noforn = imported(
        radar_track("SECRET-ONE"),
        officer=floor.us_chief,
        filename="us-only.tdm",
        classification=Classification.SECRET,
        nations=[nation("USA")],
        digest="1" * 64,
    )
    return everyone, noforn


def test_the_batches_page_counts_outcomes_and_links_the_job(floor, logged_in):
    everyone, noforn = _batches(floor)
    page = logged_in(floor.us_chief).get("/observations/").content.decode()
    row = page[page.index(f'data-batch-id="{everyone.pk}"') :].split("</tr>")[0]
    assert '<td class="count-correlated">1</td>' in row and '<td class="count-pending">1</td>' in row
    assert f'href="/jobs/{everyone.correlation_job_id}/"' in row and "Queued" in row
    assert f'data-batch-id="{noforn.pk}"' in page and "(S//NF)" in page
    british = logged_in(floor.uk_operator).get("/observations/").content.decode()
    assert f'data-batch-id="{everyone.pk}"' in british and "us-only.tdm" not in british


def test_the_batch_page_lists_its_tracks_and_hides_what_the_reader_may_not_see(floor, logged_in):
    everyone, noforn = _batches(floor)
    page = logged_in(floor.us_chief).get(f"/observations/{everyone.pk}/").content.decode()
    assert page.count("data-track-id=") == 2 and 'href="/sensors/FYLUK/"' in page
    assert "1 correlated · 0 ambiguous · 0 UCT · 1 pending" in page
    assert logged_in(floor.uk_operator).get(f"/observations/{noforn.pk}/").status_code == 404


def test_the_nav_leads_to_observations_and_sensors(floor, logged_in):
    page = logged_in(floor.uk_operator).get("/").content.decode()
    assert 'href="/observations/"' in page and 'href="/sensors/"' in page and "nav-pending" not in page


def test_an_operator_on_watch_takes_a_sensor_down_from_its_page_and_the_floor_shows_it(floor, logged_in):
    client = logged_in(floor.uk_operator)
    assert 'id="status-form"' in client.get("/sensors/CODSFS/").content.decode()
    refused = csrf_post(client, "/sensors/CODSFS/status", {"status": "down", "reason": ""})
    assert refused.status_code == 409 and "Say why CODSFS is down" in refused.content.decode()
    done = csrf_post(
        client, "/sensors/CODSFS/status", {"status": "down", "reason": "radar fault"}, follow=True
    )
    page = done.content.decode()
    assert "CODSFS is now down; logged." in page and "operational → " in page and "radar fault" in page
    floor_page = client.get("/").content.decode()
    panel = floor_page[floor_page.index('id="floor-sensors"') :].split("</section>")[0]
    assert "1 not operational" in panel and 'class="sensor-down" data-sensor="CODSFS"' in panel
    assert 'data-sensor="CODSFS">CODSFS</a>' not in panel.split('id="sensors-operational"')[1]
    listing = client.get("/sensors/").content.decode()
    assert listing.index('data-sensor="CODSFS"') < listing.index('data-sensor="BLEAFB"')  # out first


def test_who_is_not_on_watch_is_not_offered_the_form_and_is_refused(floor, logged_in):
    client = logged_in(floor.outsider)
    assert 'id="status-closed"' in client.get("/sensors/CODSFS/").content.decode()
    refused = csrf_post(client, "/sensors/CODSFS/status", {"status": "down", "reason": "x"})
    assert refused.status_code == 403 and Sensor.objects.get(code="CODSFS").status == "operational"


def _upload(client, text: str, name: str = "night.csv", **marking):
    data = {
        "file": SimpleUploadedFile(name, text.encode()),
        "file_format": "auto",
        "classification": 0,
        "releasable_to": [nation(code).pk for code in ("USA", "GBR", "AUS", "CAN")],
        **marking,
    }
    return csrf_post(client, "/observations/upload", data, follow=True)


def test_an_operator_uploads_a_file_and_lands_on_its_batch(floor, logged_in):
    client = logged_in(floor.uk_operator)
    form = client.get("/observations/upload").content.decode()
    assert 'name="file_format"' in form and 'name="releasable_to"' in form and 'name="classification"' in form
    response = _upload(client, csv_text(("CODSFS", "A", 3), ("FYLUK", "B", 2)))
    batch = ObservationBatch.objects.get()
    assert response.redirect_chain[-1][0] == f"/observations/{batch.pk}/"
    page = response.content.decode()
    job = batch.correlation_job_id
    assert f"night.csv: 5 observations in 2 tracks imported; correlation queued as job {job}" in page
    assert page.count("data-track-id=") == 2 and batch.uploaded_by == floor.uk_operator.user
    again = _upload(client, csv_text(("CODSFS", "A", 3), ("FYLUK", "B", 2)), name="again.csv")
    assert (
        "again.csv was imported before, on " in again.content.decode()
        and "nothing changed" in again.content.decode()
    )
    assert ObservationBatch.objects.count() == 1


def test_a_bad_upload_lists_every_problem_and_writes_nothing(floor, logged_in):
    text = csv_text(("CODSFS", "A", 2), ("NOSUCH", "B", 1)).replace("2026-05-31T02:00:10Z", "yesterday")
    response = _upload(logged_in(floor.uk_operator), text, name="bad.csv")
    page = response.content.decode()
    assert response.status_code == 400 and "Rejected: nothing imported" in page
    errors = page[page.index('id="upload-errors"') :]
    assert "<td>line 3</td><td><code>epoch</code></td>" in errors
    assert "<td>line 4</td><td><code>sensor</code></td><td>unknown sensor &#x27;NOSUCH&#x27;" in errors
    assert not ObservationBatch.objects.exists()


def test_an_upload_marked_beyond_what_the_uploader_may_read_is_refused(floor, logged_in):
    response = _upload(
        logged_in(floor.uk_operator), csv_text(("CODSFS", "A", 2)), releasable_to=[nation("USA").pk]
    )
    assert response.status_code == 403 and 'id="upload-refusal"' in response.content.decode()
    assert not ObservationBatch.objects.exists()


def test_an_operator_uploads_a_tdm_and_the_batch_shows_what_the_job_identified(floor, logged_in):
    demo = Path(__file__).resolve().parents[3] / "tracking" / "fixtures" / "demo"
    for name in ("stations.tle", "weather.tle"):
        catalog_import(upload=ImportFile(name, (demo / name).read_text()))
    samples = Path(__file__).resolve().parents[2] / "tracking" / "formats" / "samples"
    client = logged_in(floor.uk_operator)
    _upload(client, (samples / "radar-fylingdales.tdm").read_text(), name="fylingdales.tdm")
    batch = ObservationBatch.objects.get()
    jobs.job_execute(jobs.job_claim(job_id=batch.correlation_job_id, worker="w1"))
    for chunk in JobChunk.objects.filter(job_id=batch.correlation_job_id):
        jobs.job_chunk_execute(
            job_id=chunk.job_id, index=chunk.index, token=str(chunk.run_token), worker="w1"
        )
    page = client.get(f"/observations/{batch.pk}/").content.decode()
    assert (
        "1 correlated · 1 ambiguous · 0 UCT · 0 pending" in page and 'id="batch-job-status">Succeeded' in page
    )
    # The ISS's track is ambiguous: the vehicles docked to it share its orbit.
    assert 'href="/catalog/28054/"' in page and "Ambiguous" in page
    listing = client.get("/observations/").content.decode()
    assert '<td class="count-correlated">1</td><td class="count-ambiguous">1</td>' in listing
