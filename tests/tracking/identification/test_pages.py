"""The observation and sensor pages, and the floor's sensor panel, through the paths a user takes."""

import pytest

from shifts.markings.models import Classification
from tests.factories import nation
from tests.http import csrf_post
from tests.shifts.watch_scenario import change_of_watch
from tests.tracking.identification.builders import imported, radar_track, sites
from tracking.identification.models import Track
from tracking.models import Sensor

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
