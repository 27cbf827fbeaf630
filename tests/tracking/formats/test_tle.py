"""TLE/3LE reading, Alpha-5, checks and rendering, on the shipped catalog and broken copies."""

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from sgp4.api import Satrec

from tracking.formats import (
    ALPHA5_MAX,
    TleFormatError,
    checksum,
    from_alpha5,
    parse,
    render_tle,
    to_alpha5,
    to_satrec,
)

DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"
CATALOG = DATA / "catalog" / "celestrak-2026-05-30"
SAMPLES = Path(__file__).resolve().parent / "samples"
# Objects per group as published (../shared/data/README.md): 11,958 in all.
GROUP_SIZES = {
    "geo.tle": 574,
    "military.tle": 23,
    "oneweb.tle": 651,
    "resource.tle": 167,
    "science.tle": 49,
    "starlink.tle": 10395,
    "stations.tle": 25,
    "weather.tle": 74,
}
ISS = [
    "ISS (ZARYA)             ",
    "1 25544U 98067A   26150.51748228  .00011776  00000+0  21767-3 0  9998",
    "2 25544  51.6337  27.5746 0007245 114.7080 245.4664 15.49496548569014",
]


@pytest.fixture(scope="module")
def catalog() -> dict[str, str]:
    """The shipped files as they are on disk (CRLF line ends included)."""
    if not CATALOG.is_dir():
        pytest.fail(f"shared reference data missing: {CATALOG} (see ../shared/data/README.md)")
    return {path.name: path.read_bytes().decode("ascii") for path in sorted(CATALOG.glob("*.tle"))}


@pytest.fixture(scope="module")
def stations(catalog: dict[str, str]) -> list[str]:
    return catalog["stations.tle"].splitlines()


def test_every_shipped_file_parses_without_errors(catalog: dict[str, str]) -> None:
    assert sorted(catalog) == sorted(GROUP_SIZES)
    for name, text in catalog.items():
        result = parse(text, filename=name)
        assert result.errors == ()
        assert result.file_format == "tle"
        assert len(result.records) == GROUP_SIZES[name], name
        assert {record.source_format for record in result.records} == {"3le"}
    assert sum(GROUP_SIZES.values()) == 11_958


def test_iss_fields(catalog: dict[str, str]) -> None:
    iss = parse(catalog["stations.tle"], filename="stations.tle").records[0]
    assert (iss.norad_id, iss.object_name, iss.object_id) == (25544, "ISS (ZARYA)", "1998-067A")
    # Day 150.51748228 of 2026, exactly: 0.51748228 day = 44710.468992 s.
    assert iss.epoch == datetime(2026, 5, 30, 12, 25, 10, 468992, tzinfo=UTC)
    assert (iss.mean_motion_rev_per_day, iss.eccentricity) == (15.49496548, 0.0007245)
    assert (iss.inclination_deg, iss.ra_of_asc_node_deg) == (51.6337, 27.5746)
    assert (iss.arg_of_pericenter_deg, iss.mean_anomaly_deg) == (114.7080, 245.4664)
    assert (iss.bstar, iss.mean_motion_dot, iss.mean_motion_ddot) == (0.21767e-3, 0.00011776, 0.0)
    assert (iss.ephemeris_type, iss.classification_type) == (0, "U")
    assert (iss.element_set_no, iss.rev_at_epoch) == (999, 56901)
    assert iss.raw_text == "\r\n".join(ISS)
    assert iss.location == "line 1"


def test_rendering_reproduces_every_shipped_tle(catalog: dict[str, str]) -> None:
    for name, text in catalog.items():
        for record in parse(text, filename=name).records:
            lines = record.raw_text.splitlines()
            assert render_tle(record, with_name=True) == [lines[0].rstrip(), *lines[1:]]


def test_satrec_matches_sgp4s_own_tle_reading(catalog: dict[str, str]) -> None:
    worst_km = 0.0
    for name, text in catalog.items():
        for record in parse(text, filename=name).records:
            ours, theirs = to_satrec(record), Satrec.twoline2rv(*record.raw_text.splitlines()[1:])
            assert ours.satnum == theirs.satnum
            for minutes in (0.0, 720.0, 4320.0):
                error1, r1, _ = ours.sgp4_tsince(minutes)
                error2, r2, _ = theirs.sgp4_tsince(minutes)
                assert error1 == error2
                worst_km = max(worst_km, float(np.linalg.norm(np.subtract(r1, r2))))
    assert worst_km < 1e-3


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("00005", 5),
        ("99999", 99999),
        ("A0000", 100000),
        ("A0001", 100001),
        ("E8493", 148493),
        ("H9999", 179999),
        ("J0000", 180000),  # I is skipped
        ("P0000", 230000),  # and O
        ("T0001", 270001),
        ("Z9999", 339999),
    ],
)
def test_alpha5_both_ways(text: str, number: int) -> None:
    assert from_alpha5(text) == number
    assert to_alpha5(number) == text


def test_alpha5_round_trips_over_the_whole_range() -> None:
    assert all(from_alpha5(to_alpha5(number)) == number for number in range(0, ALPHA5_MAX + 1, 7))


@pytest.mark.parametrize("text", ["I0001", "O0001", "a0001", "A001", "AB001", "2554 ", " 5544"])
def test_alpha5_rejects_malformed_numbers(text: str) -> None:
    with pytest.raises(ValueError, match="is not a catalog number"):
        from_alpha5(text)


def test_alpha5_stops_at_339999() -> None:
    with pytest.raises(TleFormatError, match=r"340000 does not fit a TLE .*339999"):
        to_alpha5(340_000)


def test_checksum() -> None:
    assert [checksum(line) for line in ISS[1:]] == [8, 4]
    assert checksum("1 00005U 58002B   20287.20333880 -.00000016  00000-0 -22483-4 0  999") == 8


def test_analyst_object_in_alpha5() -> None:
    text = (SAMPLES / "analyst-alpha5.3le").read_text()
    (record,) = parse(text, filename="analyst-alpha5.3le").records
    assert (record.norad_id, record.object_name, record.object_id) == (270001, "UNKNOWN", "")
    assert render_tle(record) == text.splitlines()[1:]
    satrec = to_satrec(record)
    assert satrec.satnum == 270001
    assert satrec.sgp4_tsince(90.0)[0] == 0


def test_two_line_sets_without_names() -> None:
    (record,) = parse("\n".join(ISS[1:]), filename="iss.tle").records
    assert (record.source_format, record.object_name, record.norad_id) == ("tle", "", 25544)
    assert render_tle(record, with_name=True)[1:] == ISS[1:]


def test_epoch_rounding_carries_into_the_next_year() -> None:
    record = parse("\n".join(ISS), filename="iss.tle").records[0]
    late = replace(record, epoch=datetime(2026, 12, 31, 23, 59, 59, 999900, tzinfo=UTC))
    assert render_tle(late)[0][18:32] == "27001.00000000"


def test_rendering_refuses_what_a_tle_cannot_hold() -> None:
    record = parse("\n".join(ISS), filename="iss.tle").records[0]
    with pytest.raises(TleFormatError, match="OBJECT_ID 'UNKNOWN'"):
        render_tle(replace(record, object_id="UNKNOWN"))
    with pytest.raises(TleFormatError, match="outside the TLE years"):
        render_tle(replace(record, epoch=datetime(2057, 1, 1, tzinfo=UTC)))
    with pytest.raises(TleFormatError, match="element set number 10000"):
        render_tle(replace(record, element_set_no=10_000))


def _edit(lines: list[str], number: int, first: int, last: int, new: str, *, fix_sum: bool) -> None:
    """Replace columns first..last (1-based) of line `number`, then fix its checksum or not."""
    line = lines[number - 1]
    line = line[: first - 1] + new + line[last:]
    lines[number - 1] = line[:68] + str(checksum(line)) if fix_sum else line


def test_every_bad_record_is_reported_with_file_line_field_and_reason(stations: list[str]) -> None:
    lines = list(stations)
    _edit(lines, 3, 69, 69, "5", fix_sum=False)  # ISS line 2: checksum 4 -> 5
    _edit(lines, 6, 3, 7, "36087", fix_sum=True)  # POISK line 2 names another object
    _edit(lines, 9, 9, 16, " 4x.4693", fix_sum=True)  # CSS (TIANHE) inclination
    lines[10] = lines[10][:52]  # ISS (NAUKA) line 1 truncated
    _edit(lines, 15, 27, 33, "00x6700", fix_sum=True)  # FREGAT DEB eccentricity
    _edit(lines, 18, 9, 16, "181.0000", fix_sum=True)  # CSS (WENTIAN) inclination range
    _edit(lines, 20, 3, 7, "I4216", fix_sum=True)  # CSS (MENGTIAN) is no Alpha-5 number
    _edit(lines, 20, 19, 32, "26400.12345678", fix_sum=True)  # ... and day 400
    result = parse("\n".join(lines), filename="stations.tle")

    assert [str(error) for error in result.errors] == [
        "stations.tle line 3, field checksum: column 69 says 5 but the line sums to 4",
        "stations.tle line 6, field catalog number: '36087' does not match '36086' on line 5",
        "stations.tle line 9, field inclination: '4x.4693' is not a number",
        "stations.tle line 11, field line length: 52 characters, expected 69 (line truncated)",
        "stations.tle line 15, field eccentricity: '00x6700' is not 7 digits"
        " (the leading decimal point is implied)",
        "stations.tle line 18, field inclination: 181.0000 is outside [0, 180]",
        "stations.tle line 20, field catalog number: 'I4216' is not a catalog number"
        " (5 digits, or Alpha-5: a letter other than I or O, then 4 digits)",
        "stations.tle line 20, field epoch: 400.12345678 is not a day of 2026",
        "stations.tle line 21, field catalog number: '54216' does not match 'I4216' on line 20",
    ]
    assert len(result.records) == 25 - 7
    assert not result.ok


def test_broken_structure_is_reported(stations: list[str]) -> None:
    lines = [
        *stations[0:3],
        "x" + stations[4][1:],  # line 1 with a wrong line number
        stations[5],
        stations[6],  # a name whose line 1 is missing ...
        stations[8],  # ... so its line 2 stands alone
        stations[10],  # a line 1 whose line 2 is missing
        stations[12],
        stations[13],
        stations[14],
        "LONELY NAME",
    ]
    result = parse("\n".join(lines), filename="mixed.tle")
    assert [str(error) for error in result.errors] == [
        "mixed.tle line 4, field line number: expected '1' in column 1, found 'x'",
        "mixed.tle line 7, field line 1: line 2 has no line 1 before it",
        "mixed.tle line 8, field line 2: line 1 is not followed by a line 2",
        "mixed.tle line 12, field line 1: name line is not followed by element lines",
    ]
    assert [record.norad_id for record in result.records] == [25544, 49271]


def test_a_file_without_element_sets_is_an_error() -> None:
    (error,) = parse("\n\n", filename="empty.tle").errors
    assert str(error) == "empty.tle line 1, field file: no element sets found"
