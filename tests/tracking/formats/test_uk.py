"""UK-format lines: every line of the TruSat examples as their answers say, and their values."""

from datetime import UTC, datetime

import pytest

from tests.tracking.formats.trusat import (
    answers,
    assert_errors_well_formed,
    parse_trusat,
    trusat_file,
    verdicts,
)
from tracking.astro.astrometry import refraction_deg
from tracking.formats import parse_observations
from tracking.formats.optical import is_comment

FILES = {"UK_data_compliant.txt": "UK_data_compliant_answers.txt"}
FILES["UK_data_noncompliant.txt"] = "UK_data_noncompliant_answers.txt"
OVERRULED = {
    ("UK_data_compliant.txt", 45): (
        False,
        "azimuth 17203800 in code 4 (DDDMMSSs) is 172 deg 03 arcmin 80 arcsec: seconds must be under 60",
    ),
    ("UK_data_noncompliant.txt", 51): (
        True,
        "position accuracy '  1 ' (MMmm, blanks read as zeros) is 0.10 arcmin; the answers accept"
        " ' 1  ' and '   4' in the same columns, and no reading takes those and refuses this",
    ),
}
A_LINE = "9701201201803101520195542  01   12172038  +15585   1  5             +6 +8   190R"


def _skipped(line: str) -> bool:
    return is_comment(line) or line.strip() == "999"


def _cases():
    for data_name, answers_name in FILES.items():
        paired = answers(data_name, answers_name)
        assert not paired.unmatched_data and not paired.unmatched_answers
        lines = trusat_file(data_name).read_text().splitlines()
        for number in range(1, len(lines) + 1):
            yield pytest.param(data_name, number, paired.by_line[number], id=f"{data_name}:{number}")


@pytest.fixture(scope="module")
def parsed():
    return {name: parse_trusat(name, "uk") for name in FILES}


@pytest.mark.parametrize(("data_name", "number", "answer"), list(_cases()))
def test_it_reads_each_trusat_line_as_the_answers_say(parsed, data_name, number, answer):
    text = trusat_file(data_name).read_text()
    ours = verdicts(parsed[data_name], text, _skipped)[number]
    expected, why = OVERRULED.get((data_name, number), (answer, ""))
    if why:
        assert answer != expected, f"stale override: {why}"
    assert ours == expected, why
    # The UK format has no position-less lines: a valid line is a record.
    assert ours == any(r.location == f"line {number}" for r in parsed[data_name].records)


@pytest.mark.parametrize("name", FILES)
def test_every_error_names_line_columns_and_reason(parsed, name):
    assert_errors_well_formed(parsed[name], name)


def _record(line: str):
    result = parse_observations(line, filename="one.txt", file_format="uk")
    assert not result.errors, result.errors
    return result.records[0]


def test_it_reads_designator_time_and_code_2_angles(parsed):
    # 0401401267504050320170296  010  12102706  +36412   50 5
    [record] = [r for r in parsed["UK_data_compliant.txt"].records if r.location == "line 3"]
    assert (record.sensor_code, record.reported_designator, record.reported_norad_id) == (
        "2675",
        "2004-014A",
        None,
    )
    assert record.epoch == datetime(2004, 5, 3, 20, 17, 2, 960000, tzinfo=UTC)
    assert record.epoch_sigma_s == pytest.approx(0.1)
    assert record.right_ascension_deg == pytest.approx(15 * (10 + 27.06 / 60))
    assert record.declination_deg == pytest.approx(36 + 41.2 / 60)
    assert record.angle_2_sigma_deg == pytest.approx(5.0 / 60)  # ' 50 ' as MMmm: 05.00 arcmin
    assert record.track_id == "2675-2004-014A-200405032017"


@pytest.mark.parametrize(
    ("code", "angle_1", "angle_2", "sigma_deg"),
    [
        ("1", 15 * (17 + 20 / 60 + 38 / 3600), 15 + 58 / 60 + 50 / 3600, 10 / 3600),
        ("2", 15 * (17 + 20.38 / 60), 15 + 58.5 / 60, 1 / 60),
        ("3", 15 * (17 + 20.38 / 60), 15.585, 0.1),
        ("5", 172 + 3.8 / 60, 15 + 58.5 / 60, 1 / 60),
        ("6", 172.038, 15.585, 0.1),
    ],
)
def test_it_reads_each_position_format_code(code, angle_1, angle_2, sigma_deg):
    # '172038  +15585  ' and accuracy ' 1  ' (blanks read as zeros: 0100) in every code.
    record = _record(A_LINE[:33] + code + A_LINE[34:])
    frame = ("right_ascension_deg", "declination_deg") if code < "4" else ("azimuth_deg", "elevation_deg")
    assert (getattr(record, frame[0]), getattr(record, frame[1])) == pytest.approx((angle_1, angle_2))
    assert record.angle_2_sigma_deg == pytest.approx(sigma_deg)


def test_it_takes_refraction_out_of_elevations_given_as_seen():
    corrected = _record(A_LINE[:33] + "5" + A_LINE[34:])
    as_seen = _record(A_LINE[:33] + "8" + A_LINE[34:])
    lift = float(refraction_deg(corrected.elevation_deg))
    assert 3 / 60 < lift < 4 / 60  # about 3.3 arcmin at 16 degrees
    assert as_seen.elevation_deg == pytest.approx(corrected.elevation_deg - lift)
    assert as_seen.azimuth_deg == corrected.azimuth_deg


def test_an_elevation_may_omit_its_plus_sign_but_a_declination_may_not():
    unsigned = A_LINE[:33] + "5" + A_LINE[34:42] + " " + A_LINE[43:]
    assert _record(unsigned).elevation_deg == pytest.approx(15 + 58.5 / 60)
    result = parse_observations(A_LINE[:42] + " " + A_LINE[43:], filename="one.txt", file_format="uk")
    assert [e.field for e in result.errors] == ["angle 2 sign (column 43)"]


def test_it_refuses_range_columns_it_cannot_read():
    line = A_LINE[:55] + "12345678" + A_LINE[63:]
    [error] = parse_observations(line, filename="one.txt", file_format="uk").errors
    assert error.field == "range (columns 56-68)" and "no units" in error.reason
