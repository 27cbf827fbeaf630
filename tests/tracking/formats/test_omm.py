"""OMM in XML, KVN, JSON and CSV, as CelesTrak and Space-Track publish it.

The samples were written from objects in the shipped stations.tle: ISS (ZARYA), CSS (TIANHE)
and FREGAT DEB as they are, plus two objects sgp4.omm cannot take, with elements copied from
real ones: analyst object 270001 (no OBJECT_ID, named UNKNOWN; elements of ISS OBJECT XY,
66912) and 412345, beyond Alpha-5 (elements of KNACKSAT-2, 67683).
"""

import json
from dataclasses import asdict
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pytest
from sgp4.api import Satrec

from tracking.formats import (
    PLACEHOLDER_SATNUM,
    ElementRecord,
    TleFormatError,
    parse,
    render_tle,
    to_satrec,
)

DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"
CATALOG = DATA / "catalog" / "celestrak-2026-05-30"
SAMPLES = Path(__file__).resolve().parent / "samples"
SAMPLE_FORMATS = {
    "celestrak.xml": "omm-xml",
    "celestrak.kvn": "omm-kvn",
    "celestrak.json": "omm-json",
    "celestrak.csv": "omm-csv",
    "spacetrack.xml": "omm-xml",
    "spacetrack.kvn": "omm-kvn",
    "spacetrack.json": "omm-json",
    "spacetrack.csv": "omm-csv",
}
# Published catalog number -> the shipped object whose elements it carries.
SOURCE = {25544: 25544, 48274: 48274, 49271: 49271, 270001: 66912, 412345: 67683}
IDENTITY = {"norad_id", "object_name", "object_id"}
PROVENANCE = {"source_format", "raw_text", "location"}
METADATA = {"object_type", "country_code", "launch_date", "decay_date"}
Shipped = dict[int, ElementRecord]


def _sample(name: str) -> str:
    return (SAMPLES / name).read_bytes().decode("utf-8")


def _elements(record: ElementRecord) -> dict[str, object]:
    return {k: v for k, v in asdict(record).items() if k not in IDENTITY | PROVENANCE | METADATA}


@pytest.fixture(scope="module")
def shipped() -> Shipped:
    """stations.tle, the source of the samples, by catalog number."""
    path = CATALOG / "stations.tle"
    if not path.is_file():
        pytest.fail(f"shared reference data missing: {path} (see ../shared/data/README.md)")
    records = parse(path.read_text(), filename=path.name).records
    return {record.norad_id: record for record in records}


@pytest.mark.parametrize("name", sorted(SAMPLE_FORMATS))
def test_each_sample_carries_the_elements_of_its_tle(name: str, shipped: Shipped) -> None:
    result = parse(_sample(name), filename=name)
    assert result.errors == ()
    assert result.file_format == SAMPLE_FORMATS[name]
    assert [record.norad_id for record in result.records] == list(SOURCE)
    for record in result.records:
        source = shipped[SOURCE[record.norad_id]]
        assert _elements(record) == _elements(source)
        assert record.source_format == SAMPLE_FORMATS[name]
        if record.norad_id == SOURCE[record.norad_id]:
            assert (record.object_name, record.object_id) == (source.object_name, source.object_id)


@pytest.mark.parametrize("name", sorted(SAMPLE_FORMATS))
def test_satrecs_from_omm_fly_where_the_tle_does(name: str, shipped: Shipped) -> None:
    for record in parse(_sample(name), filename=name).records:
        tle = Satrec.twoline2rv(*shipped[SOURCE[record.norad_id]].raw_text.splitlines()[1:])
        satrec = to_satrec(record)
        for minutes in (0.0, 95.0, 1440.0, 4320.0):
            error, r_omm, _ = satrec.sgp4_tsince(minutes)
            _, r_tle, _ = tle.sgp4_tsince(minutes)
            assert error == 0
            assert np.linalg.norm(np.subtract(r_omm, r_tle)) < 1e-3  # km


def test_space_track_metadata_is_kept() -> None:
    for name in ("spacetrack.xml", "spacetrack.kvn", "spacetrack.json", "spacetrack.csv"):
        iss, _, _, analyst, _ = parse(_sample(name), filename=name).records
        assert (iss.object_type, iss.country_code) == ("PAYLOAD", "ISS"), name
        assert (iss.launch_date, iss.decay_date) == (date(1998, 11, 20), None), name
        assert (analyst.object_type, analyst.launch_date) == ("UNKNOWN", None), name
    for record in parse(_sample("celestrak.json"), filename="celestrak.json").records:
        assert {key: getattr(record, key) for key in METADATA} == dict.fromkeys(METADATA)


def test_raw_text_is_each_record_exactly_as_in_the_file() -> None:
    starts = {"omm-xml": "<omm ", "omm-kvn": "CCSDS_OMM_VERS", "omm-json": "{", "omm-csv": ""}
    for name, file_format in SAMPLE_FORMATS.items():
        text = _sample(name)
        for record in parse(text, filename=name).records:
            assert record.raw_text in text
            assert record.raw_text.startswith(starts[file_format])
            assert str(record.norad_id) in record.raw_text
            assert not record.raw_text.endswith(("\n", "\r"))
    record = parse(_sample("celestrak.json"), filename="celestrak.json").records[3]
    assert json.loads(record.raw_text)["NORAD_CAT_ID"] == 270001
    assert record.location == "record 4"
    assert parse(_sample("celestrak.xml"), filename="x").records[3].raw_text.endswith("</omm>")


def test_analyst_object_with_empty_object_id() -> None:
    alpha5 = _sample("analyst-alpha5.3le").splitlines()
    for name in SAMPLE_FORMATS:
        analyst = parse(_sample(name), filename=name).records[3]
        assert (analyst.norad_id, analyst.object_name, analyst.object_id) == (270001, "UNKNOWN", "")
        assert to_satrec(analyst).satnum == 270001
        assert render_tle(analyst, with_name=True) == [alpha5[0].removeprefix("0 "), *alpha5[1:]]


def test_numbers_beyond_alpha5_get_a_satrec_but_no_tle() -> None:
    for name in SAMPLE_FORMATS:
        record = parse(_sample(name), filename=name).records[4]
        assert record.norad_id == 412345
        satrec = to_satrec(record)
        assert satrec.satnum == PLACEHOLDER_SATNUM
        assert satrec.sgp4_tsince(60.0)[0] == 0
        with pytest.raises(TleFormatError, match=r"catalog number 412345 does not fit a TLE"):
            render_tle(record)


def _iss_json(**changes: object) -> dict[str, object]:
    iss = json.loads(_sample("celestrak.json"))[0]
    iss.update(changes)
    return {key: value for key, value in iss.items() if value is not ...}


def _errors(text: str, filename: str) -> list[str]:
    return [str(error) for error in parse(text, filename=filename).errors]


def test_every_bad_json_record_is_reported() -> None:
    records = [
        _iss_json(),
        _iss_json(MEAN_MOTION=...),
        _iss_json(EPOCH="2026-02-30T00:00:00"),
        _iss_json(EPOCH="noon", INCLINATION="5x.6"),
        _iss_json(ECCENTRICITY=1.2, NORAD_CAT_ID="25544A"),
        _iss_json(REF_FRAME="GCRF"),
        ["not", "an", "object"],
        _iss_json(OBJECT_ID=None, CLASSIFICATION_TYPE="X", LAUNCH_DATE="1998"),
    ]
    result = parse(json.dumps(records), filename="bad.json")
    assert [str(error) for error in result.errors] == [
        "bad.json record 2, field MEAN_MOTION: missing",
        "bad.json record 3, field EPOCH: '2026-02-30T00:00:00' is not a valid date and time",
        "bad.json record 4, field EPOCH: 'noon' is not an epoch like 2026-05-30T12:25:10.469069",
        "bad.json record 4, field INCLINATION: '5x.6' is not a number",
        "bad.json record 5, field NORAD_CAT_ID: '25544A' is not a whole number",
        "bad.json record 5, field ECCENTRICITY: 1.2 is outside [0, 1)",
        "bad.json record 6, field REF_FRAME: 'GCRF' is not supported (TEME)",
        "bad.json record 7, field record: expected a JSON object, found list",
        "bad.json record 8, field CLASSIFICATION_TYPE: 'X' is not one of U, C, S",
        "bad.json record 8, field LAUNCH_DATE: '1998' is not a date like 1998-11-20",
    ]
    assert [record.location for record in result.records] == ["record 1"]


def test_kvn_errors_point_at_their_own_line() -> None:
    text = _sample("celestrak.kvn").replace("INCLINATION = 41.4693", "INCLINATION = 4l.4693")
    text = text.replace("EPOCH = 2026-05-29T03:17:25.219680\r\n", "")
    text = text.replace("MEAN_ANOMALY = 168.2402", "MEAN ANOMALY 168.2402")
    assert _errors(text, "x.kvn") == [
        "x.kvn line 38, field INCLINATION: '4l.4693' is not a number",
        "x.kvn line 51, field EPOCH: missing",
        "x.kvn line 90, field KVN: 'MEAN ANOMALY 168.2402' is not a KEYWORD = value line",
        "x.kvn line 75, field MEAN_ANOMALY: missing",
    ]


def test_kvn_keyword_twice_is_an_error_not_a_silent_merge() -> None:
    one = _sample("celestrak.kvn").split("\r\n\r\n")[0]
    merged = one + "\n" + one.partition("\r\n")[2]  # a second message without its header
    expected = "x.kvn line 25, field CREATION_DATE: given twice (also on line 2)"
    assert _errors(merged, "x.kvn")[0] == expected


def test_kvn_units_are_dropped_from_numbers_only() -> None:
    text = _sample("spacetrack.kvn")
    text = text.replace("MEAN_MOTION = 15.49496548", "MEAN_MOTION = 15.49496548 [rev/day]")
    text = text.replace("OBJECT_NAME = ISS (ZARYA)", "OBJECT_NAME = ISS (ZARYA) [+]")
    iss = parse(text, filename="x.kvn").records[0]
    assert (iss.mean_motion_rev_per_day, iss.object_name) == (15.49496548, "ISS (ZARYA) [+]")


def test_csv_errors() -> None:
    lines = _sample("celestrak.csv").splitlines()
    lines[2] = lines[2].replace(",41.4693,", ",41.4693,extra,")
    lines[3] = lines[3].replace(",.0916700,", ",-.09,")
    assert _errors("\n".join(lines), "x.csv") == [
        "x.csv line 3, field row: 18 values for 17 columns",
        "x.csv line 4, field ECCENTRICITY: -.09 is outside [0, 1)",
    ]


def test_xml_errors() -> None:
    text = _sample("spacetrack.xml").replace("<MEAN_ANOMALY>51.2433", "<MEAN_ANOMALY>fifty")
    text = text.replace("<NORAD_CAT_ID>49271</NORAD_CAT_ID>", "")
    assert _errors(text, "x.xml") == [
        "x.xml line 84, field MEAN_ANOMALY: 'fifty' is not a number",
        "x.xml line 117, field NORAD_CAT_ID: missing",
    ]
    broken = _sample("celestrak.xml").replace("</omm>\n<omm", "</omm>\n<omm<", 1)
    result = parse(broken, filename="broken.xml")
    assert [str(error) for error in result.errors] == [
        "broken.xml line 5, field XML: not well-formed (invalid token) (column 5)"
    ]
    assert [record.norad_id for record in result.records] == [25544]


def test_xml_document_types_are_refused() -> None:
    bomb = '<?xml version="1.0"?><!DOCTYPE ndm [<!ENTITY a "aaaa">]><ndm>&a;</ndm>'
    expected = "bomb.xml line 1, field XML: DOCTYPE declarations are not accepted"
    assert _errors(bomb, "bomb.xml") == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-05-30T12:25:10.468992", datetime(2026, 5, 30, 12, 25, 10, 468992, tzinfo=UTC)),
        ("2026-05-30T12:25:10.468992Z", datetime(2026, 5, 30, 12, 25, 10, 468992, tzinfo=UTC)),
        ("2026-150T12:25:10.468992", datetime(2026, 5, 30, 12, 25, 10, 468992, tzinfo=UTC)),
        ("2026-05-30T12:25:10", datetime(2026, 5, 30, 12, 25, 10, tzinfo=UTC)),
        ("2026-05-30T12:25:10.46899251", datetime(2026, 5, 30, 12, 25, 10, 468993, tzinfo=UTC)),
        ("2026-12-31T23:59:59.9999996", datetime(2027, 1, 1, tzinfo=UTC)),
    ],
)
def test_epoch_forms(text: str, expected: datetime) -> None:
    (record,) = parse(json.dumps(_iss_json(EPOCH=text)), filename="x.json").records
    assert record.epoch == expected


def test_a_lone_json_object_and_string_numbers() -> None:
    iss = _iss_json(MEAN_MOTION="15.49496548", NORAD_CAT_ID="25544")
    (record,) = parse(json.dumps(iss), filename="x.json").records
    assert (record.norad_id, record.mean_motion_rev_per_day) == (25544, 15.49496548)
