"""Observations as CSV and JSON: the samples, and each error by line or record and column."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tracking.formats import parse_observations

SAMPLES = Path(__file__).resolve().parent / "samples"
HEADER = "sensor,track_id,epoch,azimuth_deg,elevation_deg,range_km"
ROW = "FYLUK,T1,2026-05-31T13:30:50Z,178.2949,36.6765,667.385"


def _csv(*lines: str):
    return parse_observations("\n".join(lines), filename="o.csv", file_format="csv")


def _json(value):
    return parse_observations(json.dumps(value), filename="o.json", file_format="json")


def _obs(**changes):
    item = {"sensor": "SOCGEO", "track_id": "T9", "epoch": "2026-05-31T06:00:00Z"}
    item |= {"right_ascension_deg": 242.5397, "declination_deg": 13.35827}
    return {key: value for key, value in (item | changes).items() if value != "drop"}


def test_the_csv_sample_reads_with_sigmas_and_empty_cells_as_not_measured():
    result = parse_observations((SAMPLES / "observations.csv").read_text(), filename="observations.csv")
    assert result.file_format == "csv" and not result.errors and len(result.records) == 4
    first, last = result.records[0], result.records[-1]
    assert (first.angle_1_sigma_deg, first.range_sigma_km, first.reported_norad_id) == (0.02, 0.05, 25544)
    assert first.location == "line 2" and first.raw_text.startswith("FYLUK,FYLUK-20260531-0131,")
    assert last.epoch == datetime(2026, 5, 31, 8, 11, 50, 250000, tzinfo=UTC)
    assert (last.range_rate_km_s, last.angle_1_sigma_deg, last.reported_norad_id) == (None, None, None)


def test_the_json_sample_reads_from_its_observations_list():
    result = parse_observations((SAMPLES / "observations.json").read_text(), filename="observations.json")
    assert result.file_format == "json" and not result.errors and len(result.records) == 3
    assert result.records[0].right_ascension_deg == 242.5397 and result.records[0].location == "record 1"
    assert _json([_obs()]).records == _json({"observations": [_obs()]}).records


def test_epochs_with_an_offset_become_utc():
    [record] = _csv(HEADER, ROW.replace("13:30:50Z", "15:30:50+02:00")).records
    assert record.epoch == datetime(2026, 5, 31, 13, 30, 50, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "row", "line", "column", "reason"),
    [
        (HEADER + ",colour", ROW + ",red", 2, "colour", "not a column"),
        (HEADER.replace("sensor,", "station,"), ROW, 2, "station", "not a column"),
        (HEADER.replace("sensor,", "station,"), ROW, 2, "sensor", "missing"),
        (HEADER, ROW.replace("FYLUK,", ","), 2, "sensor", "missing"),
        (HEADER, ROW.replace("13:30:50Z", "13:30:50"), 2, "epoch", "no time zone"),
        (HEADER, ROW.replace("2026-05-31T13:30:50Z", "31/05/2026"), 2, "epoch", "not an ISO 8601 time"),
        (HEADER, ROW.replace("178.2949", "360"), 2, "azimuth_deg", "outside [0, 360)"),
        (HEADER, ROW.replace("36.6765", "-91"), 2, "elevation_deg", "outside [-90, 90]"),
        (HEADER, ROW.replace("36.6765", "high"), 2, "elevation_deg", "not a number"),
        (HEADER, ROW.replace("36.6765", ""), 2, "elevation_deg", "azimuth_deg is given without"),
        (HEADER, ROW.replace("667.385", "0"), 2, "range_km", "not above zero"),
        (HEADER, ROW + ",extra", 2, "row", "7 values for 6 columns"),
        (HEADER + ",sensor", ROW + ",FYLUK", 1, "sensor", "named twice"),
        (
            HEADER + ",range_rate_sigma_km_s",
            ROW + ",0.001",
            2,
            "range_rate_sigma_km_s",
            "without its range rate",
        ),
        (HEADER + ",norad_id", ROW + ",25544.5", 2, "norad_id", "not a catalog number"),
        (HEADER + ",right_ascension_deg,declination_deg", ROW + ",10,10", 2, "angles", "not both"),
        (
            "sensor,track_id,epoch,norad_id",
            "FYLUK,T1,2026-05-31T13:30:50Z,25544",
            2,
            "measurement",
            "no angles",
        ),
    ],
)
def test_each_csv_error_names_line_and_column(header, row, line, column, reason):
    result = _csv(header, row)
    assert not result.records
    found = [(e.location, e.field, e.reason) for e in result.errors]
    assert any(loc == f"line {line}" and field == column and reason in why for loc, field, why in found), (
        found
    )


def test_a_track_belongs_to_one_sensor():
    result = _csv(HEADER, ROW, ROW.replace("FYLUK", "CODSFS").replace("13:30:50", "13:31:00"))
    assert len(result.records) == 1
    [error] = result.errors
    assert (error.location, error.field) == ("line 3", "sensor") and "FYLUK" in error.reason


def test_a_quoted_cell_may_span_lines_and_the_rows_after_it_keep_their_numbers():
    spanning = '"CODSFS","T\n2",2026-05-31T13:31:00Z,1,2,3'
    result = _csv(HEADER, ROW, spanning, ROW.replace("FYLUK,T1,", "FYLUK,T3,"))
    assert not result.errors
    assert [r.location for r in result.records] == ["line 2", "line 3", "line 5"]
    assert result.records[1].raw_text == spanning


@pytest.mark.parametrize(
    ("value", "location", "key", "reason"),
    [
        ([_obs(colour="red")], "record 1", "colour", "not a column"),
        ([_obs(epoch="drop")], "record 1", "epoch", "missing"),
        ([_obs(), _obs(declination_deg="13.3")], "record 2", "declination_deg", "should be a number"),
        ([_obs(declination_deg=True)], "record 1", "declination_deg", "should be a number"),
        ([_obs(norad_id=25544.0)], "record 1", "norad_id", "should be an integer"),
        ([_obs(sensor=7)], "record 1", "sensor", "should be a string"),
        ([_obs(declination_deg=None)], "record 1", "declination_deg", "given without"),
        ([_obs(), "text"], "record 2", "record", "expected an object"),
        ({"observations": [_obs()], "sensor": "X"}, "line 1", "JSON", "only 'observations'"),
        ({"sensor": "X"}, "line 1", "JSON", "only 'observations'"),
        (7, "line 1", "JSON", "expected a list"),
    ],
)
def test_each_json_error_names_record_and_key(value, location, key, reason):
    result = _json(value)
    found = [(e.location, e.field, e.reason) for e in result.errors]
    assert any(loc == location and field == key and reason in why for loc, field, why in found), found
    assert location not in {r.location for r in result.records}


def test_broken_json_names_its_line():
    result = parse_observations('[\n  {"sensor": "X",\n  }\n]', filename="o.json", file_format="json")
    [error] = result.errors
    assert (error.location, error.field) == ("line 3", "JSON") and "column" in error.reason
