"""IOD lines: every line of the TruSat examples as their answers say, and the values they carry."""

import math
from datetime import UTC, datetime

import pytest

from tests.tracking.formats.trusat import (
    answers,
    assert_errors_well_formed,
    parse_trusat,
    trusat_file,
    verdicts,
)
from tracking.astro.astrometry import besselian_epoch_jd, precess_radec_deg
from tracking.astro.time import datetime_to_jd
from tracking.formats import parse_observations
from tracking.formats.optical import is_comment

FILES = {"IOD_data_compliant.txt": "IOD_data_compliant_answers.txt"}
FILES["IOD_data_noncompliant.txt"] = "IOD_data_noncompliant_answers.txt"
# Where this parser and the answers part. Each entry is asserted both ways: the answer differs
# and the parser says what is written here, so an entry that stops being true fails.
OVERRULED = {
    ("IOD_data_compliant.txt", 60): (
        False,
        "declination +1199 in format 2 (DDMMmm) is 11 deg 99 arcmin: minutes must be under 60",
    ),
    ("IOD_data_noncompliant.txt", 42): (
        True,
        "the answers were written for 270I and 270O here, the data say 270A: a station code may"
        " hold capitals other than I and O (ABCD and 000T are valid in the compliant file)",
    ),
    ("IOD_data_noncompliant.txt", 48): (
        True,
        "the very line that is IOD_data_compliant.txt line 36 (blank station status), valid there",
    ),
}
# The spec's examples without a position: brightness only (16-18), station status C and O (19, 20).
NO_POSITION = {16, 17, 18, 19, 20}


def _cases():
    for data_name, answers_name in FILES.items():
        paired = answers(data_name, answers_name)
        lines = trusat_file(data_name).read_text().splitlines()
        for number in range(1, len(lines) + 1):
            yield pytest.param(data_name, number, paired.by_line.get(number), id=f"{data_name}:{number}")


@pytest.fixture(scope="module")
def parsed():
    return {name: parse_trusat(name, "iod") for name in FILES}


@pytest.mark.parametrize(("data_name", "number", "answer"), list(_cases()))
def test_it_reads_each_trusat_line_as_the_answers_say(parsed, data_name, number, answer):
    text = trusat_file(data_name).read_text()
    ours = verdicts(parsed[data_name], text, is_comment)[number]
    if (data_name, number) in OVERRULED:
        expected, why = OVERRULED[data_name, number]
        assert answer is None or answer != expected, f"stale override: {why}"
        assert ours == expected, why
    else:
        assert answer is not None, f"{data_name} line {number} has no answer"
        assert ours == answer
    on_line = [e for e in parsed[data_name].errors if e.location == f"line {number}"]
    assert bool(on_line) == (not ours and not is_comment(text.splitlines()[number - 1]))


@pytest.mark.parametrize(
    ("text", "answer"),
    answers("IOD_data_noncompliant.txt", "IOD_data_noncompliant_answers.txt").unmatched_answers,
)
def test_it_reads_the_answer_lines_missing_from_the_data_as_answered(text, answer):
    result = parse_observations(text, filename="answers.txt", file_format="iod")
    assert not result.records and len(result.errors) == 1
    assert result.errors[0].field == "station (columns 17-20)" and not answer


@pytest.mark.parametrize("name", FILES)
def test_every_error_names_line_columns_and_reason(parsed, name):
    assert_errors_well_formed(parsed[name], name)


def test_every_valid_line_with_a_position_is_a_record(parsed):
    text = trusat_file("IOD_data_compliant.txt").read_text()
    valid = {n for n, ok in verdicts(parsed["IOD_data_compliant.txt"], text, is_comment).items() if ok}
    assert {
        int(r.location.split()[1]) for r in parsed["IOD_data_compliant.txt"].records
    } == valid - NO_POSITION


def _record(parsed, line):
    [record] = [r for r in parsed["IOD_data_compliant.txt"].records if r.location == f"line {line}"]
    return record


def test_it_reads_a_format_2_j2000_line_in_degrees(parsed):
    # 23794 96 010A   2701 G 20040506012614270 17 25 1100114-184298 38 I+020 10
    record = _record(parsed, 2)
    assert (record.sensor_code, record.reported_norad_id, record.reported_designator) == (
        "2701",
        23794,
        "1996-010A",
    )
    assert record.epoch == datetime(2004, 5, 6, 1, 26, 14, 270000, tzinfo=UTC)
    assert record.right_ascension_deg == pytest.approx(15 * (11 + 0.114 / 60), abs=1e-9)
    assert record.declination_deg == pytest.approx(-(18 + 42.98 / 60), abs=1e-9)
    assert record.epoch_sigma_s == pytest.approx(0.1)  # 17: 1 x 10^(7-8) s
    assert record.angle_2_sigma_deg == pytest.approx(3 / 60)  # 38: 3 arcmin in format 2
    assert record.angle_1_sigma_deg == pytest.approx(3 / 60 / math.cos(math.radians(18 + 42.98 / 60)))
    assert record.azimuth_deg is None and record.range_km is None
    assert record.raw_text == trusat_file("IOD_data_compliant.txt").read_text().splitlines()[1]


def test_it_reads_format_7_and_sub_second_times(parsed):
    # 12345 98 123LEO 2007 B 20081122112233    18 75 1122334+112222 36 V+110 1
    record = _record(parsed, 15)
    assert record.reported_designator == "1998-123LEO" and record.epoch == datetime(
        2008, 11, 22, 11, 22, 33, tzinfo=UTC
    )
    assert record.right_ascension_deg == pytest.approx(15 * (11 + 22 / 60 + 33.4 / 3600))
    assert record.declination_deg == pytest.approx(11.2222)
    assert (record.epoch_sigma_s, record.angle_2_sigma_deg) == pytest.approx(
        (1.0, 0.03)
    )  # degrees in format 7
    assert _record(parsed, 13).epoch == datetime(2008, 11, 22, 11, 22, 33, 440000, tzinfo=UTC)


def test_it_reads_truncated_angles_as_less_precise_ones(parsed):
    # ... 17 25 183    -081    38 I+020 10: 18h30.000m, -08 deg 10.00 arcmin
    record = _record(parsed, 63)
    assert record.right_ascension_deg == pytest.approx(15 * 18.5)
    assert record.declination_deg == pytest.approx(-(8 + 10 / 60))


def test_it_precesses_every_epoch_code_to_j2000(parsed):
    # Lines 50-56 are one position under epoch codes 0-6; code 5 (line 55) is J2000 already.
    j2000 = _record(parsed, 55)
    raw = (j2000.right_ascension_deg, j2000.declination_deg)
    b1950 = _record(parsed, 54)
    expected = precess_radec_deg(*raw, besselian_epoch_jd(1950))
    assert (b1950.right_ascension_deg, b1950.declination_deg) == pytest.approx(expected, abs=1e-9)
    of_date = _record(parsed, 50)
    expected = precess_radec_deg(*raw, sum(datetime_to_jd(of_date.epoch)))
    assert (of_date.right_ascension_deg, of_date.declination_deg) == pytest.approx(expected, abs=1e-9)
    shifts = [abs(_record(parsed, line).right_ascension_deg - raw[0]) for line in range(50, 57)]
    assert shifts[5] == 0 and shifts[1] > shifts[2] > shifts[3] > shifts[4] > 0.5 and shifts[6] > 0.5


def test_it_reads_azimuth_and_elevation_codes():
    line = "23794 96 010A   2701 G 20040506012614270 17 55 1835170-081148 38"
    [record] = parse_observations(line, filename="azel.txt", file_format="iod").records
    assert record.azimuth_deg == pytest.approx(183 + 51.70 / 60)
    assert record.elevation_deg == pytest.approx(-(8 + 11.48 / 60))
    assert record.right_ascension_deg is None
    assert record.angle_1_sigma_deg == pytest.approx(3 / 60 / math.cos(math.radians(8 + 11.48 / 60)))


def test_one_station_and_object_within_30_minutes_is_one_track(parsed):
    tracks = {r.location: r.track_id for r in parsed["IOD_data_compliant.txt"].records}
    assert tracks["line 2"] == "2701-23794-200405060126"
    assert {tracks[f"line {n}"] for n in (3, 4, 5, 6)} == {"2701-90019-200405060207"}
    assert {tracks[f"line {n}"] for n in (7, 8, 9, 10)} == {"2701-23794-200405060616"}  # 4 h 50 later


@pytest.mark.parametrize(
    ("line", "field", "reason"),
    [
        (
            "23794 96 010A   2701 G 20040532012614270 17 25 1100114-184298 38",
            "date and time",
            "is not a date",
        ),
        (
            "23794 96 010A   2701 G 20040506252614270 17 25 1100114-184298 38",
            "date and time",
            "not a time of day",
        ),
        ("23794 96 010A   2701 G 20040506012614270 17 25 2500114-184298 38", "angles", "360 degrees"),
        ("23794 96 010A   2701 G 20040506012614270 17 25 1160114-184298 38", "angles", "minutes 60"),
        ("23794 96 010A   2701 G 20040506012614270 17 35 1100114-914298 38", "angles", "beyond 90"),
        ("23794 96 010A   2701 C 20040506012614270 17 25 1100114-184298 38", "station status", "status C"),
        ("                2701 G 20040506012614270 17 25 1100114-184298 38", "object number", "missing"),
        ("23794 96 010A   2701 G 20040506012614270 17 25 1100114-184298 38 F+020 10      0", "flash", "zero"),
    ],
)
def test_it_names_column_and_reason_for_impossible_values(line, field, reason):
    result = parse_observations(line, filename="bad.txt", file_format="iod")
    assert not result.records and len(result.errors) == 1
    [error] = result.errors
    assert error.location == "line 1" and error.field.startswith(field) and reason in error.reason
