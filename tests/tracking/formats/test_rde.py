"""RDE reports: the TruSat example whole, its values, and every kind of broken report."""

import math
from datetime import UTC, datetime

import pytest

from tests.tracking.formats.trusat import trusat_file
from tracking.formats import detect_observation_format, parse_observations

HEADER = "2420 1909 0.211 1204"
GOOD = "0502402 184758.93 193923+452358 3.1 3.1 0 S"


def _parse(*lines: str):
    return parse_observations("\n".join(lines), filename="rde.txt", file_format="rde")


def test_the_compliant_example_parses_whole():
    result = parse_observations(trusat_file("RDE_data_compliant.txt").read_text(), filename="c.txt")
    assert result.file_format == "rde" and not result.errors
    assert len(result.records) == 14  # as its first line says
    assert {r.sensor_code for r in result.records} == {"2420"}


def test_the_shipped_noncompliant_example_is_the_compliant_one():
    # TruSat's RDE_data_noncompliant.txt is byte for byte its compliant file, so it parses whole
    # too; the broken reports below stand in for it.
    assert (
        trusat_file("RDE_data_noncompliant.txt").read_bytes()
        == trusat_file("RDE_data_compliant.txt").read_bytes()
    )


def test_a_uk_file_is_not_taken_for_rde():
    text = trusat_file("DATA_UK_not_RDE.txt").read_text()
    assert detect_observation_format(text) == "uk"
    result = parse_observations(text, filename="uk.txt", file_format="rde")
    assert not result.records and result.errors


def test_it_reads_the_header_day_and_precesses_b1950_to_j2000():
    record = _parse(HEADER, "28", GOOD, "999").records[0]
    assert record.reported_designator == "2005-024B" and record.reported_norad_id is None
    assert record.epoch == datetime(2019, 9, 28, 18, 47, 58, 930000, tzinfo=UTC)
    assert (record.epoch_sigma_s, record.angle_2_sigma_deg) == pytest.approx((0.2, 120 / 3600))
    assert record.track_id == "2420-2005-024B-201909281847"
    # Meeus (21.1), the annual precession in RA and Dec, applied over the 50 years from B1950.
    ra, dec = 15 * (19 + 39 / 60 + 23 / 3600), 45 + 23 / 60 + 58 / 3600
    m_s, n_s, n_arcsec = 3.07496, 1.33621, 20.0431
    years = 49.9996
    ra_j2000 = ra + years * 15 * (m_s + n_s * math.sin(math.radians(ra)) * math.tan(math.radians(dec))) / 3600
    dec_j2000 = dec + years * n_arcsec * math.cos(math.radians(ra)) / 3600
    assert record.right_ascension_deg == pytest.approx(ra_j2000, abs=0.003)
    assert record.declination_deg == pytest.approx(dec_j2000, abs=0.003)


def test_reports_follow_one_another_and_days_change_within_one():
    result = _parse(
        HEADER, "28", GOOD, "29", GOOD, "999", "SATOBS", "2420 1910 0.211 1205", "01", GOOD, "999"
    )
    assert not result.errors
    assert [r.epoch.date().isoformat() for r in result.records] == ["2019-09-28", "2019-09-29", "2019-10-01"]


@pytest.mark.parametrize(
    ("lines", "location", "field", "reason"),
    [
        (
            (HEADER.replace("0.211", "0.212"), "28", GOOD, "999"),
            "line 1",
            "position format code",
            "is not one of 1",
        ),
        ((HEADER.replace("1909", "1913"), "28", GOOD, "999"), "line 1", "year and month", "not a month"),
        ((HEADER.replace("1204", "1207"), "28", GOOD, "999"), "line 1", "epoch", "not one of"),
        ((HEADER, "31", GOOD, "999"), "line 2", "day of month", "is not a date"),
        ((HEADER, GOOD, "999"), "line 2", "day of month", "no valid day-of-month line"),
        ((HEADER, "28", GOOD), "line 1", "end of report", "no closing 999"),
        ((HEADER, "28", GOOD, HEADER, "28", GOOD, "999"), "line 1", "end of report", "no closing 999"),
        (
            (HEADER, "28", "05024 2 184758.93 193923+452358", "999"),
            "line 3",
            "international designator",
            "7 digits",
        ),
        ((HEADER, "28", "0502400 184758.93 193923+452358", "999"), "line 3", "launch piece", "not a piece"),
        ((HEADER, "28", "0502402 184758-93 193923+452358", "999"), "line 3", "time", "HHMMSS.ss"),
        ((HEADER, "28", "0502402 184778.93 193923+452358", "999"), "line 3", "time", "not a time of day"),
        ((HEADER, "28", "0502402 184758.93 196123+452358", "999"), "line 3", "angles", "minutes 61"),
        (
            (HEADER, "28", "0502402 184758.93 193923 452358", "999"),
            "line 3",
            "declination sign",
            "not one of",
        ),
        ((HEADER, "28", "0502402 184758.93 193923+952358", "999"), "line 3", "angles", "beyond 90"),
        ((HEADER, "28", GOOD[:-1] + "Z", "999"), "line 3", "appearance", "not one of"),
        (
            (HEADER, "28", GOOD.replace(" 3.1 3.1", " 3.1 x.1"), "999"),
            "line 3",
            "faintest magnitude",
            "magnitude",
        ),
        ((HEADER, "28", GOOD + " extra", "999"), "line 3", "line length", "end at column 43"),
    ],
)
def test_every_broken_report_line_gets_its_own_error(lines, location, field, reason):
    result = _parse(*lines)
    matching = [e for e in result.errors if e.location == location and e.field.startswith(field)]
    assert matching and reason in matching[0].reason, result.errors
    assert location not in {r.location for r in result.records}


def test_observations_under_a_broken_header_are_each_reported():
    result = _parse(HEADER.replace("0.211", "0.212"), "28", GOOD, GOOD, "999")
    assert not result.records
    assert [e.location for e in result.errors if e.field == "report header"] == ["line 3", "line 4"]
