"""Catalog, conjunction pages and API through the paths a user takes."""

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from shifts.jobs import services as jobs
from shifts.jobs.models import JobChunk
from shifts.markings.models import Classification
from tests.factories import nation
from tests.http import csrf_post
from tests.tracking.builders import EPOCH, crossing_pair
from tracking.models import CatalogImport, Conjunction, SpaceObject
from tracking.services.catalog import ImportFile, catalog_import

pytestmark = pytest.mark.django_db


def _screen(capture, **marking):
    catalog_import(upload=ImportFile("pair.tle", crossing_pair()))
    job = jobs.job_submit(
        kind="conjunction_screening",
        params={"start": EPOCH.isoformat(), "window_hours": 4, "pieces": 1},
        **marking,
    )
    with capture():
        jobs.job_execute(jobs.job_claim(job_id=job.pk, worker="w1"))
    chunk = JobChunk.objects.get(job=job)
    jobs.job_chunk_execute(job_id=job.pk, index=0, token=str(chunk.run_token), worker="w1")
    return job


def test_an_operator_uploads_a_catalog_and_finds_an_object(logged_in, us_chief):
    client = logged_in(us_chief)
    upload = SimpleUploadedFile("pair.tle", crossing_pair().encode())
    response = csrf_post(client, "/catalog/upload", {"files": [upload], "mode": "strict"}, follow=True)
    assert "pair.tle: 3 new, 0 updated, 0 unchanged, 0 rejected" in response.content.decode()
    found = client.get("/catalog/?q=bravo").content.decode()
    assert 'href="/catalog/2/"' in found and 'href="/catalog/1/"' not in found
    page = client.get("/catalog/2/").content.decode()
    assert "BRAVO" in page and "<svg" in page and "Ground track" in page


def test_a_bad_upload_is_refused_whole_with_file_line_and_field(logged_in, us_chief):
    client = logged_in(us_chief)
    bad = crossing_pair().replace(" 53.6400", " 5x.6400")
    response = csrf_post(
        client,
        "/catalog/upload",
        {"files": [SimpleUploadedFile("bad.tle", bad.encode())], "mode": "strict"},
        follow=True,
    )
    body = response.content.decode()
    assert "bad.tle rejected, nothing imported: bad.tle line 6, field checksum" in body
    assert "bad.tle line 6, field inclination" in body
    assert not SpaceObject.objects.exists() and CatalogImport.objects.get().accepted is False


def test_an_operator_starts_a_screening_from_the_conjunctions_page(
    logged_in, us_chief, django_capture_on_commit_callbacks
):
    client = logged_in(us_chief)
    with django_capture_on_commit_callbacks():
        response = csrf_post(client, "/conjunctions/screen", {"window_hours": 24, "threshold_km": 5})
    job = jobs.Job.objects.get()
    assert response.url == f"/jobs/{job.pk}/" and job.kind == "conjunction_screening"
    assert job.params["window_hours"] == 24 and job.requested_by == us_chief.user


def test_the_conjunction_list_page_and_cdm(logged_in, us_chief, django_capture_on_commit_callbacks):
    _screen(django_capture_on_commit_callbacks)
    with time_machine.travel(EPOCH, tick=False):  # the list shows screenings whose window covers now
        client = logged_in(us_chief)
        listing = client.get("/conjunctions/?sort=miss_km").content.decode()
        closest = Conjunction.objects.order_by("miss_km").first()
        assert listing.index(f'data-conjunction-id="{closest.pk}"') < listing.index("</tbody>")
        page = client.get(f"/conjunctions/{closest.pk}/").content.decode()
        assert "Range versus time around TCA" in page and "<polyline" in page
        cdm = client.get(f"/conjunctions/{closest.pk}/cdm").content.decode()
    assert cdm.startswith("CCSDS_CDM_VERS = 1.0")
    assert f"MISS_DISTANCE = {closest.miss_km * 1000:.3f} [m]" in cdm
    assert "OBJECT = OBJECT1" in cdm and "OBJECT_DESIGNATOR = 2" in cdm


def test_a_coalition_reader_never_sees_a_noforn_conjunction(
    logged_in, us_chief, uk_operator, django_capture_on_commit_callbacks
):
    _screen(
        django_capture_on_commit_callbacks,
        classification=Classification.SECRET,
        releasable_to=[nation("USA")],
    )
    conjunction = Conjunction.objects.first()
    uk = logged_in(uk_operator)
    assert uk.get(f"/conjunctions/{conjunction.pk}/").status_code == 404
    assert uk.get(f"/conjunctions/{conjunction.pk}/cdm").status_code == 404
    assert uk.get(f"/api/v1/conjunctions/{conjunction.pk}/").status_code == 404
    assert uk.get("/api/v1/conjunctions/").json()["count"] == 0
    assert "data-conjunction-id" not in uk.get("/conjunctions/").content.decode()
    assert f'href="/conjunctions/{conjunction.pk}/"' not in uk.get("/catalog/1/").content.decode()
    us = logged_in(us_chief)
    assert us.get(f"/api/v1/conjunctions/{conjunction.pk}/").json()["marking"] == "SECRET//NOFORN"


def test_the_api_imports_searches_and_serves_objects(logged_in, us_chief):
    client = logged_in(us_chief)
    token = client.get("/jobs/").cookies["csrftoken"].value
    created = client.post(
        "/api/v1/catalog-imports/",
        {"file": SimpleUploadedFile("pair.tle", crossing_pair().encode())},
        headers={"X-CSRFToken": token},
    )
    assert created.status_code == 201 and created.json()["new_objects"] == 3
    bad = client.post(
        "/api/v1/catalog-imports/",
        {"file": SimpleUploadedFile("bad.tle", b"ALPHA\n1 00001U garbage\n")},
        headers={"X-CSRFToken": token},
    )
    assert bad.status_code == 400 and "bad.tle line 2" in bad.json()["detail"]
    assert client.get("/api/v1/objects/?q=alpha").json()["results"][0]["norad_id"] == 1
    detail = client.get("/api/v1/objects/2/").json()
    assert detail["latest_element_set"]["inclination_deg"] == pytest.approx(53.64)
    assert client.get("/api/v1/objects/2/element-sets/").json()["count"] == 1
