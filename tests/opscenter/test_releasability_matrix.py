"""The releasability matrix: every page and endpoint of the URL map, read by two personas.

A British operator cleared SECRET never sees a NOFORN item; an Australian reader without a
clearance never sees a SECRET one. The routes come from the URL resolver itself, so a new view
is in this test the day it is added; a route whose placeholder this test cannot fill fails it.
The admin is read the same way: the same two, as staff allowed to view every model, open the
list and the change page of every row of every registered model.
"""

import re

import pytest
from django.contrib import admin
from django.contrib.admindocs.views import extract_views_from_urlpatterns, simplify_regex
from django.contrib.auth.models import Permission
from django.urls import get_resolver, reverse

from shifts.jobs import services as jobs
from shifts.jobs.models import DiagnosticResult, Job, JobStatus
from shifts.markings.models import Classification, Nation
from shifts.watch.models import HandoverSection, LogEntry, Notification, SectionKind
from shifts.watch.services import handover
from shifts.watch.services import log as watch
from tests.factories import nation, persona
from tests.shifts.watch_scenario import change_of_watch
from tests.tracking.builders import EPOCH, crossing_pair
from tests.tracking.identification.builders import sites
from tracking.identification.models import Observation, ObservationBatch, Track, TrackDecision
from tracking.models import Conjunction, ManeuverDetection, Sensor, SpaceObject
from tracking.services.catalog import ImportFile, catalog_import


def _routes() -> list[str]:
    rows = extract_views_from_urlpatterns(get_resolver().url_patterns)
    routes = {
        simplify_regex(pattern)
        for _view, pattern, namespace, _name in rows
        if "admin" not in (namespace or [])
    }
    return sorted(r for r in routes if "format>" not in r and not r.startswith("/admin"))


PLACEHOLDER = re.compile(r"<(?:\w+:)?(\w+)>")


class Canaries:
    """Marked items of every kind, each with strings that would betray it on a page."""

    def __init__(self):
        floor = change_of_watch()
        self.floor = floor
        usa, everyone = [nation("USA")], list(Nation.objects.all())
        self.uk = floor.uk_operator
        self.uncleared = persona("aus.uncleared", "AUS", clearance=Classification.UNCLASSIFIED)
        self.noforn, self.secret = [], []
        for marking, nations, tells in (("NOFORN", usa, self.noforn), ("SECRET", everyone, self.secret)):
            level = Classification.SECRET
            entry = watch.log_entry_create(
                author=floor.us_chief,
                category="other",
                severity=2,
                text=f"CANARY-{marking}-LOG",
                classification=level,
                releasable_to=nations,
            )
            job = jobs.job_submit(
                kind="diagnostic",
                params={},
                shift=floor.outgoing,
                classification=level,
                releasable_to=nations,
            )
            Job.objects.filter(pk=job.pk).update(
                status=JobStatus.FAILED, error_message=f"CANARY-{marking}-JOB"
            )
            DiagnosticResult.objects.create(job=job, worked_s=0, worker=f"CANARY-{marking}-RESULT", attempt=1)
            note = Notification.objects.create(
                recipient=self.uk if marking == "NOFORN" else self.uncleared,
                topic="test",
                dedupe_key=marking,
                text=f"CANARY-{marking}-NOTE",
                classification=level,
            )
            note.releasable_to.set(nations)
            tells += [
                f"CANARY-{marking}-LOG",
                f"CANARY-{marking}-JOB",
                f"CANARY-{marking}-NOTE",
                f"CANARY-{marking}-SECTION",
                f"CANARY-{marking}-RESULT",
                f'href="/jobs/{job.pk}/"',
                f"/admin/shifts/job/{job.pk}/change/",
                f"/admin/shifts/logentry/{entry.pk}/change/",
                f"/admin/shifts/notification/{note.pk}/change/",
            ]
            self.pks = [*getattr(self, "pks", []), entry.pk, job.pk]
        self.report = handover.handover_open(shift=floor.outgoing, by=floor.us_chief)
        for key, marking, nations in (
            (SectionKind.NEXT_SHIFT, "NOFORN", usa),
            (SectionKind.LEADERSHIP, "SECRET", everyone),
        ):
            handover.handover_section_write(
                report=self.report,
                author=floor.us_chief,
                key=key,
                body=f"CANARY-{marking}-SECTION",
                classification=Classification.SECRET,
                releasable_to=nations,
            )
        self._conjunctions(usa, everyone)
        self._observations(usa, everyone)
        self.pks += [self.report.pk, floor.outgoing.pk, floor.incoming.pk, self.uk.pk, self.uncleared.pk]
        assert HandoverSection.objects.filter(body__startswith="CANARY").count() == 2

    def _conjunctions(self, usa, everyone):
        catalog_import(upload=ImportFile("pair.tle", crossing_pair()))
        one, two = SpaceObject.objects.get(norad_id=1), SpaceObject.objects.get(norad_id=2)
        for miss, nations, tells in ((0.987654, usa, self.noforn), (0.876543, everyone, self.secret)):
            job = jobs.job_submit(
                kind="conjunction_screening",
                params={},
                classification=Classification.SECRET,
                releasable_to=nations,
            )
            Job.objects.filter(pk=job.pk).update(status=JobStatus.SUCCEEDED)
            conjunction = Conjunction.objects.create(
                job=job,
                primary=one,
                secondary=two,
                tca=EPOCH,
                miss_km=miss,
                relative_speed_km_s=1,
                radial_km=0,
                in_track_km=0,
                cross_track_km=0,
                classification=Classification.SECRET,
                primary_element_set=one.latest_element_set,
                secondary_element_set=two.latest_element_set,
            )
            conjunction.releasable_to.set(nations)
            ManeuverDetection.objects.create(
                job=job, space_object=one, detected_epoch=EPOCH, detail=f"CANARY-{miss}-MANEUVER"
            )
            tells += [
                f"{miss:.6f}",
                f"{miss * 1000:.3f}",
                f"/conjunctions/{conjunction.pk}/",
                f'data-conjunction-id="{conjunction.pk}"',
                f"/admin/tracking/conjunction/{conjunction.pk}/change/",
                f"CANARY-{miss}-MANEUVER",
            ]
            self.pks = [*self.pks, conjunction.pk, job.pk]

    def _observations(self, usa, everyone):
        """A batch of each marking with a track (a UCT, decided on), its observation and a decision."""
        sites()
        sensor = Sensor.objects.get(code="CODSFS")
        for marking, nations, tells in (("NOFORN", usa, self.noforn), ("SECRET", everyone, self.secret)):
            level = Classification.SECRET
            batch = ObservationBatch.objects.create(
                filename=f"CANARY-{marking}-BATCH.tdm",
                file_format="tdm",
                sha256=marking.lower().ljust(64, "0"),
                classification=level,
                observation_count=1,
                track_count=1,
            )
            batch.releasable_to.set(nations)
            track = Track.objects.create(
                batch=batch,
                sensor=sensor,
                track_id=f"CANARY-{marking}-TRACK",
                start=EPOCH,
                end=EPOCH,
                observation_count=1,
                result="uct",
                review_status="open",
                classification=level,
            )
            track.releasable_to.set(nations)
            observation = Observation.objects.create(
                track=track, epoch=EPOCH, azimuth_deg=1, elevation_deg=2, location="line 1",
                raw_text=f"CANARY-{marking}-OBS",
            )  # fmt: skip
            decision = TrackDecision.objects.create(
                track=track, action="dismiss", decided_by=self.floor.us_chief, decided_at=EPOCH,
                reason=f"CANARY-{marking}-DECISION",
            )  # fmt: skip
            tells += [
                f"CANARY-{marking}-BATCH",
                f"CANARY-{marking}-TRACK",
                f"CANARY-{marking}-OBS",
                f"CANARY-{marking}-DECISION",
                f'href="/observations/{batch.pk}/"',
                f'data-track-id="{track.pk}"',
                f"/admin/tracking/observationbatch/{batch.pk}/change/",
                f"/admin/tracking/track/{track.pk}/change/",
                f"/admin/tracking/observation/{observation.pk}/change/",
                f"/admin/tracking/trackdecision/{decision.pk}/change/",
            ]
            self.pks = [*self.pks, batch.pk, track.pk, observation.pk, decision.pk]

    def values(self, name: str, reader) -> list[str]:
        fills = {
            "pk": [str(pk) for pk in sorted(set(self.pks))],
            "norad_id": ["1", "2"],
            "code": ["CODSFS"],
            "token": [str(reader.ical_token or "none")],
            "action": ["view"],
        }
        if name not in fills:
            pytest.fail(f"the releasability matrix cannot fill <{name}>: add it to Canaries.values")
        return fills[name]


def _urls(route: str, canaries: Canaries, reader) -> list[str]:
    names = PLACEHOLDER.findall(route)
    urls = [route]
    for name in names:
        urls = [
            PLACEHOLDER.sub(value, url, count=1) for url in urls for value in canaries.values(name, reader)
        ]
    return urls


@pytest.mark.django_db
@pytest.mark.parametrize("route", _routes())
def test_no_reader_sees_an_item_beyond_their_clearance_or_nation(route, logged_in):
    canaries = Canaries()
    for reader, forbidden in (
        (canaries.uk, canaries.noforn),
        (canaries.uncleared, canaries.noforn + canaries.secret),
    ):
        client = logged_in(reader)
        for url in _urls(route, canaries, reader):
            body = client.get(url).content.decode(errors="replace")
            leaked = [tell for tell in forbidden if tell in body]
            assert not leaked, f"{reader} reading {url} saw {leaked}"


@pytest.mark.django_db
def test_the_matrix_would_see_a_leak(logged_in):
    """The canaries are visible to a reader who may see them, so their absence above means something."""
    canaries = Canaries()
    us = logged_in(canaries.floor.us_chief)
    assert "CANARY-NOFORN-LOG" in us.get("/log/").content.decode()
    assert "CANARY-NOFORN-SECTION" in us.get(f"/handover/{canaries.report.pk}/").content.decode()
    assert "CANARY-SECRET-LOG" in logged_in(canaries.uk).get("/log/").content.decode()
    assert "0.987654" in us.get("/api/v1/conjunctions/").content.decode()
    batch = ObservationBatch.objects.get(filename="CANARY-NOFORN-BATCH.tdm")
    assert "CANARY-NOFORN-BATCH" in us.get("/observations/").content.decode()
    assert "CANARY-NOFORN-TRACK" in us.get(f"/observations/{batch.pk}/").content.decode()
    assert "CANARY-NOFORN-TRACK" in us.get(f"/api/v1/observation-batches/{batch.pk}/").content.decode()
    assert "CANARY-NOFORN-NOTE" not in logged_in(canaries.uk).get("/notifications/").content.decode()
    assert LogEntry.objects.filter(text__startswith="CANARY").count() == 2


def _admin_urls() -> list[str]:
    """The admin's index, every app's index, and the list, change and history pages of every row of
    every registered model."""
    urls = [reverse("admin:index")]
    for model, _model_admin in admin.site._registry.items():
        meta = model._meta
        urls += [
            reverse("admin:app_list", args=[meta.app_label]),
            reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"),
        ]
        for pk in model._default_manager.values_list("pk", flat=True):
            for page in ("change", "history"):
                urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_{page}", args=[pk]))
    return sorted(set(urls))


def _as_staff(officer):
    """Staff who may view every model in the admin, and change none."""
    officer.user.is_staff = True
    officer.user.save()
    officer.user.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    return officer


@pytest.mark.django_db
def test_no_staff_reader_sees_an_item_beyond_their_clearance_or_nation_in_the_admin(logged_in):
    canaries = Canaries()
    urls = _admin_urls()
    assert len(urls) > 50
    for reader, forbidden in (
        (canaries.uk, canaries.noforn),
        (canaries.uncleared, canaries.noforn + canaries.secret),
    ):
        client = logged_in(_as_staff(reader))
        for url in urls:
            response = client.get(url, follow=True)
            assert response.status_code == 200, f"{reader} reading {url}: {response.status_code}"
            body = response.content.decode(errors="replace")
            leaked = [tell for tell in forbidden if tell in body]
            assert not leaked, f"{reader} reading {url} saw {leaked}"


@pytest.mark.django_db
def test_the_admin_matrix_would_see_a_leak(logged_in):
    """A US staff reader cleared SECRET sees the canaries in the admin: their absence means something."""
    canaries = Canaries()
    us = logged_in(_as_staff(canaries.floor.us_chief))
    pages = "".join(
        us.get(url).content.decode()
        for url in (
            "/admin/shifts/logentry/",
            "/admin/shifts/diagnosticresult/",
            "/admin/tracking/conjunction/",
            "/admin/tracking/maneuverdetection/",
            "/admin/tracking/observationbatch/",
            "/admin/tracking/track/",
            "/admin/tracking/trackdecision/",
            f"/admin/tracking/observation/{Observation.objects.get(raw_text='CANARY-NOFORN-OBS').pk}/change/",
            f"/admin/shifts/handoverreport/{canaries.report.pk}/change/",
        )
    )
    for tell in (
        "CANARY-NOFORN-LOG",
        "CANARY-NOFORN-RESULT",
        "0.987654",
        "CANARY-0.987654-MANEUVER",
        "CANARY-NOFORN-BATCH",
        "CANARY-NOFORN-TRACK",
        "CANARY-NOFORN-OBS",
    ):
        assert tell in pages
    assert "CANARY-NOFORN-SECTION" in pages
