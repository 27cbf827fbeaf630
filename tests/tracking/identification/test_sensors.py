"""Sensors: loaded from the sites file with noise by kind; their status changed by the crew on watch or
staff, with a reason, a history row and a watch-log entry; shown on the floor and in the handover."""

import pytest
import time_machine
from django.utils import timezone

from shifts.refusals import Refusal
from shifts.watch.models import LogEntry, Severity
from shifts.watch.services import handover
from tests.shifts.watch_scenario import change_of_watch
from tests.tracking.identification.builders import SHARED_SITES, SITES, sites
from tracking.identification.services.sensors import sensor_status_change
from tracking.models import Sensor, SensorStatus

pytestmark = pytest.mark.django_db


def test_it_loads_the_sites_with_noise_by_kind_and_keeps_what_the_floor_set():
    assert sites() == 16
    radar, optical = Sensor.objects.get(code="CODSFS"), Sensor.objects.get(code="SOCGEO")
    assert (radar.angle_noise_deg, radar.range_noise_km, radar.range_rate_noise_km_s) == (0.02, 0.05, 0.001)
    assert optical.angle_noise_deg == pytest.approx(2 / 3600) and optical.range_noise_km is None
    assert (radar.azimuth_min_deg, radar.azimuth_max_deg) == (347, 227)  # a window through north
    Sensor.objects.filter(code="CODSFS").update(angle_noise_deg=0.01, status=SensorStatus.DOWN)
    assert sites() == 16
    radar.refresh_from_db()
    assert radar.angle_noise_deg == 0.01 and radar.status == SensorStatus.DOWN


@pytest.mark.skipif(not SHARED_SITES.exists(), reason="../shared is not here")
def test_the_demo_copy_of_the_sites_is_the_shared_one():
    assert SITES.read_bytes() == SHARED_SITES.read_bytes()


@pytest.fixture
def floor():
    sites()
    return change_of_watch()


def test_the_crew_on_watch_takes_a_sensor_down_and_it_is_logged(floor):
    sensor = Sensor.objects.get(code="CODSFS")
    change = sensor_status_change(
        sensor=sensor, status="down", reason="transmitter fault", by=floor.uk_operator
    )
    sensor.refresh_from_db()
    assert sensor.status == "down" and change.changed_by == floor.uk_operator
    entry = LogEntry.objects.get(category="sensor_status")
    assert entry.author == floor.uk_operator and entry.severity == Severity.SIGNIFICANT
    assert (
        entry.text == "Sensor CODSFS (Cape Cod SFS (AN/FPS-123 UEWR)): operational → down: transmitter fault"
    )
    assert entry.shift == floor.outgoing


def test_staff_off_the_crew_may_change_it_and_the_system_logs_who(floor):
    floor.outsider.user.is_staff = True
    floor.outsider.user.save()
    sensor = Sensor.objects.get(code="FYLUK")
    sensor_status_change(sensor=sensor, status="degraded", reason="one face only", by=floor.outsider)
    entry = LogEntry.objects.get(category="sensor_status")
    assert entry.author is None and entry.text.endswith(f"one face only (set by {floor.outsider})")


def test_it_refuses_who_is_not_on_watch_a_no_op_and_a_missing_reason(floor):
    sensor = Sensor.objects.get(code="CODSFS")
    cases = [
        (dict(status="down", reason="x", by=floor.outsider), "crew", 403),
        (dict(status="down", reason="x", by=floor.can_chief), "crew", 403),
        (dict(status="operational", reason="", by=floor.us_chief), "sensor_status_unchanged", 409),
        (dict(status="down", reason="  ", by=floor.us_chief), "sensor_status_reason", 409),
        (dict(status="degraded", reason="", by=floor.us_chief), "sensor_status_reason", 409),
        (dict(status="down", reason="x", by=None), "permission", 403),
    ]
    for kwargs, rule, http in cases:
        with pytest.raises(Refusal) as refused:
            sensor_status_change(sensor=sensor, **kwargs)
        assert (refused.value.rule, refused.value.http_status) == (rule, http), kwargs
    sensor.refresh_from_db()
    assert sensor.status == "operational" and not sensor.status_changes.exists()
    assert not LogEntry.objects.exists()


def test_the_handover_lists_sensors_out_and_the_changes_of_the_watch(floor):
    cod, fyl = Sensor.objects.get(code="CODSFS"), Sensor.objects.get(code="FYLUK")
    sensor_status_change(sensor=cod, status="down", reason="transmitter fault", by=floor.us_chief)
    sensor_status_change(sensor=fyl, status="degraded", reason="one face", by=floor.uk_operator)
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=5)):
        sensor_status_change(sensor=fyl, status="operational", reason="", by=floor.uk_operator)
    report = handover.handover_open(shift=floor.outgoing, by=floor.us_chief)
    [section] = report.sections.filter(key__startswith="sensors:")
    lines = section.body.splitlines()
    assert section.title == "Sensors" and section.classification == 0
    assert lines[0] == "15 of 16 sensors operational."
    assert lines[1].startswith("CODSFS Cape Cod SFS (AN/FPS-123 UEWR): down since ")
    assert lines[1].endswith(": transmitter fault")
    assert [line.split(" ", 2)[2] for line in lines[2:]] == [
        f"CODSFS operational → down by {floor.us_chief}: transmitter fault",
        f"FYLUK operational → degraded by {floor.uk_operator}: one face",
        f"FYLUK degraded → operational by {floor.uk_operator}",
    ]
    assert {n.code for n in section.releasable_to.all()} == {"USA", "GBR", "AUS", "CAN"}
