"""CCSDS TDM in KVN and XML: the samples, and every kind of error naming its line and keyword."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tracking.formats import parse_observations
from tracking.formats.tdm_segments import ccsds_epoch

SAMPLES = Path(__file__).resolve().parent / "samples"
RADAR = (SAMPLES / "radar-fylingdales.tdm").read_text()
OPTICAL = (SAMPLES / "optical-socorro.tdm").read_text()
RADAR_XML = (SAMPLES / "radar-fylingdales.xml").read_text()


def _kvn(text: str):
    return parse_observations(text, filename="t.tdm", file_format="tdm")


def _xml(text: str):
    return parse_observations(text, filename="t.xml", file_format="tdm-xml")


def test_it_reads_a_radar_tdm_one_track_per_segment():
    result = _kvn(RADAR)
    assert result.file_format == "tdm" and not result.errors
    assert [(r.sensor_code, r.track_id) for r in result.records] == [("FYLUK", "FYLUK-20260531-0131")] * 3 + [
        ("FYLUK", "FYLUK-20260531-0811")
    ] * 3
    first = result.records[0]
    assert first.epoch == datetime(2026, 5, 31, 13, 30, 50, tzinfo=UTC)
    assert (first.azimuth_deg, first.elevation_deg, first.range_km, first.range_rate_km_s) == (
        178.2949, 36.6765, 667.385, -1.4847,
    )  # fmt: skip
    assert first.right_ascension_deg is None and first.angle_1_sigma_deg is None
    assert (
        first.location == "line 23"
        and first.raw_text.splitlines()[0] == "ANGLE_1 = 2026-05-31T13:30:50.000 178.2949"
    )
    # Day-of-year epochs, and no Doppler in the second segment.
    assert result.records[3].epoch == datetime(2026, 5, 31, 8, 11, 50, tzinfo=UTC)
    assert result.records[3].range_rate_km_s is None and result.records[3].range_km == 884.555


def test_it_reads_radec_in_eme2000_as_j2000():
    result = _kvn(OPTICAL)
    assert not result.errors and len(result.records) == 4
    assert (result.records[0].right_ascension_deg, result.records[0].declination_deg) == (242.5397, 13.35827)
    assert result.records[0].azimuth_deg is None and result.records[0].range_km is None


def test_the_xml_sample_reads_as_its_kvn_twin():
    xml, kvn = _xml(RADAR_XML), _kvn(RADAR)
    assert xml.file_format == "tdm-xml" and not xml.errors
    keys = ("sensor_code", "track_id", "epoch", "azimuth_deg", "elevation_deg", "range_km", "range_rate_km_s")
    assert [[getattr(r, k) for k in keys] for r in xml.records] == [
        [getattr(r, k) for k in keys] for r in kvn.records[:3]
    ]
    assert xml.records[0].location == "line 24" and "<ANGLE_1" in xml.records[0].raw_text


def test_it_adds_corrections_that_are_not_applied_yet():
    text = RADAR.replace(
        "DATA_QUALITY = RAW", "CORRECTION_RANGE = -0.5\nCORRECTION_ANGLE_1 = 0.01\nCORRECTIONS_APPLIED = NO"
    )
    record = _kvn(text).records[0]
    assert record.range_km == pytest.approx(666.885) and record.azimuth_deg == pytest.approx(178.3049)
    applied = _kvn(RADAR.replace("DATA_QUALITY = RAW", "CORRECTION_RANGE = -0.5\nCORRECTIONS_APPLIED = YES"))
    assert applied.records[0].range_km == 667.385


def test_an_azimuth_below_zero_is_folded_into_0_360():
    record = _kvn(RADAR.replace("13:30:50.000 178.2949", "13:30:50.000 -10.5")).records[0]
    assert record.azimuth_deg == pytest.approx(349.5)


@pytest.mark.parametrize(
    ("old", "new", "line", "keyword", "reason"),
    [
        ("PARTICIPANT_1 = FYLUK\n", "", 7, "PARTICIPANT_1", "missing"),
        ("PARTICIPANT_2 = FYLUK-20260531-0131\n", "", 7, "PARTICIPANT_2", "track id"),
        (
            "TIME_SYSTEM = UTC\nPARTICIPANT_1 = FYLUK\nPARTICIPANT_2 = FYLUK-20260531-0131",
            "PARTICIPANT_1 = FYLUK\nPARTICIPANT_2 = FYLUK-20260531-0131",
            7,
            "TIME_SYSTEM",
            "missing",
        ),
        (
            "TIME_SYSTEM = UTC\nPARTICIPANT_1 = FYLUK\nPARTICIPANT_2 = FYLUK-20260531-0131",
            "TIME_SYSTEM = TAI\nPARTICIPANT_1 = FYLUK\nPARTICIPANT_2 = FYLUK-20260531-0131",
            9,
            "TIME_SYSTEM",
            "only UTC",
        ),
        (
            "ANGLE_TYPE = AZEL\nRANGE_UNITS = km\nRANGE_MODE",
            "RANGE_UNITS = km\nRANGE_MODE",
            7,
            "ANGLE_TYPE",
            "missing",
        ),
        (
            "ANGLE_TYPE = AZEL\nRANGE_UNITS = km\nRANGE_MODE",
            "ANGLE_TYPE = XEYN\nRANGE_UNITS = km\nRANGE_MODE",
            14,
            "ANGLE_TYPE",
            "not supported",
        ),
        ("RANGE_UNITS = km\nRANGE_MODE", "RANGE_UNITS = s\nRANGE_MODE", 15, "RANGE_UNITS", "light time"),
        ("RANGE_UNITS = km\nRANGE_MODE", "RANGE_UNITS = RU\nRANGE_MODE", 15, "RANGE_UNITS", "range units"),
        (
            "RANGE_UNITS = km\nRANGE_MODE",
            "RANGE_UNITS = miles\nRANGE_MODE",
            15,
            "RANGE_UNITS",
            "not one of KM",
        ),
        ("RANGE_MODE = COHERENT", "RANGE_MODE = SOMETIMES", 16, "RANGE_MODE", "not one of"),
        (
            "RANGE_MODE = COHERENT",
            "RANGE_MODE = COHERENT\nRANGE_MODULUS = 1000",
            17,
            "RANGE_MODULUS",
            "ambiguous",
        ),
        (
            "DATA_QUALITY = RAW",
            "DATA_QUALITY = RAW\nCORRECTION_RANGE = 1",
            7,
            "CORRECTIONS_APPLIED",
            "YES or NO",
        ),
        ("DATA_QUALITY = RAW", "COLOUR = RED", 18, "COLOUR", "not a TDM metadata keyword"),
        ("DATA_QUALITY = RAW", "DATA_QUALITY = RAW\nDATA_QUALITY = RAW", 19, "DATA_QUALITY", "given twice"),
        ("13:30:50.000 178.2949", "13:30:50.000 400", 23, "ANGLE_1", "outside [-180, 360)"),
        ("13:30:50.000 36.6765", "13:30:50.000 95.0", 24, "ANGLE_2", "not an elevation"),
        ("13:30:50.000 667.385", "13:30:50.000 -1", 25, "RANGE", "not a range"),
        ("13:30:50.000 178.2949", "13:30:50.000 north", 23, "ANGLE_1", "not a number"),
        (
            "ANGLE_1 = 2026-05-31T13:30:50.000",
            "ANGLE_1 = 2026-05-32T13:30:50.000",
            23,
            "ANGLE_1",
            "not a date",
        ),
        ("ANGLE_1 = 2026-05-31T13:30:50.000", "ANGLE_1 = 31/05/2026", 23, "ANGLE_1", "not an epoch"),
        (
            "ANGLE_1 = 2026-05-31T13:30:50.000",
            "ANGLE_1 = 2026-05-31T13:30:50.000 1 2",
            23,
            "ANGLE_1",
            "epoch value",
        ),
        ("ANGLE_1 = 2026-05-31T13:30:50.000 178.2949\n", "", 23, "ANGLE_2", "no ANGLE_1"),
        (
            "RCS = 2026-05-31T13:30:50.000 402.0",
            "BRIGHTNESS = 2026-05-31T13:30:50.000 4",
            27,
            "BRIGHTNESS",
            "not a TDM data keyword",
        ),
        (
            "RCS = 2026-05-31T13:30:50.000 402.0",
            "TRANSMIT_FREQ_1 = 2026-05-31T13:30:50.000 4.4e9",
            27,
            "TRANSMIT_FREQ_1",
            "not read here",
        ),
        (
            "RANGE = 2026-05-31T13:31:00.000 656.272",
            "RANGE = 2026-05-31T13:30:50.000 656.272",
            30,
            "RANGE",
            "twice",
        ),
        (
            "ANGLE_1 = 2026-151T08:11:50 310.3085",
            "ANGLE_1 = 2026-151T08:11:40 310.3085",
            49,
            "ANGLE_1",
            "outside START_TIME",
        ),
        (
            "PARTICIPANT_2 = FYLUK-20260531-0811",
            "PARTICIPANT_2 = FYLUK-20260531-0131",
            44,
            "PARTICIPANT_2",
            "one segment per track",
        ),
        (
            "PARTICIPANT_1 = FYLUK\nPARTICIPANT_2 = FYLUK-20260531-0811",
            "PARTICIPANT_1 = FYLUK-RADAR-NUMBER-TWENTY-ONE\nPARTICIPANT_2 = FYLUK-20260531-0811",
            43,
            "PARTICIPANT_1",
            "1-20 characters",
        ),
    ],
)
def test_each_kvn_error_names_line_keyword_and_reason(old, new, line, keyword, reason):
    assert old in RADAR
    result = _kvn(RADAR.replace(old, new, 1))
    found = [(e.location, e.field, e.reason) for e in result.errors]
    assert any(loc == f"line {line}" and field == keyword and reason in why for loc, field, why in found), (
        found
    )
    assert all(e.filename == "t.tdm" for e in result.errors)


@pytest.mark.parametrize(
    ("old", "new", "line", "keyword", "reason"),
    [
        ("CCSDS_TDM_VERS = 2.0", "CCSDS_OMM_VERS = 2.0", 1, "CCSDS_TDM_VERS", "starts with"),
        ("CCSDS_TDM_VERS = 2.0", "CCSDS_TDM_VERS = 3.0", 1, "CCSDS_TDM_VERS", "not one of 1.0, 2.0"),
        ("ORIGINATOR = OPSCENTER\n", "", 1, "ORIGINATOR", "missing from the header"),
        ("MESSAGE_ID = FYLUK-20260531-001", "SENDER = ME", 5, "SENDER", "not a TDM header keyword"),
        ("DATA_QUALITY = RAW\nMETA_STOP", "DATA_QUALITY = RAW", 20, "DATA_START", "expected META_STOP"),
        ("DATA_STOP\n\nMETA_START", "\nMETA_START", 37, "META_START", "expected DATA_STOP"),
        ("COMMENT angles in degrees", "just some words", 22, "KVN", "not a KEYWORD = value line"),
        ("DATA_STOP\n\nMETA_START", "DATA_STOP\nPATH = 1,2\nMETA_START", 37, "PATH", "outside"),
    ],
)
def test_each_structural_kvn_error_names_its_line(old, new, line, keyword, reason):
    result = _kvn(RADAR.replace(old, new, 1))
    found = [(e.location, e.field, e.reason) for e in result.errors]
    assert any(loc == f"line {line}" and field == keyword and reason in why for loc, field, why in found), (
        found
    )
    assert len(found) <= 2, found  # the reader recovers: one slip, one or two errors, not a cascade


def test_a_file_that_ends_inside_a_segment_is_refused():
    result = _kvn(RADAR[: RADAR.index("DATA_STOP")])
    assert [(e.field, e.reason) for e in result.errors][-1] == ("DATA_STOP", "the file ends inside a segment")


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        ("REFERENCE_FRAME = EME2000\n", "", "need their frame"),
        ("REFERENCE_FRAME = EME2000", "REFERENCE_FRAME = TOD", "EME2000 or ICRF"),
        ("242.53970", "-242.5", "outside [-180, 360)"),
        ("13.35827", "-91", "not a declination"),
    ],
)
def test_radec_segments_need_a_j2000_frame_and_real_angles(old, new, reason):
    result = _kvn(OPTICAL.replace(old, new, 1))
    assert not result.records and any(reason in e.reason for e in result.errors), result.errors
    assert _kvn(OPTICAL.replace("EME2000", "ICRF")).records


@pytest.mark.parametrize(
    ("old", "new", "line", "keyword", "reason"),
    [
        ("<RANGE>667.385</RANGE>", "<RANGE>667.385</RANG>", 34, "XML", "mismatched tag"),
        (
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<?xml version="1.0"?><!DOCTYPE tdm [<!ENTITY x "y">]>',
            1,
            "XML",
            "DOCTYPE",
        ),
        ("<RANGE>667.385</RANGE>", "<RANGEX>667.385</RANGEX>", 34, "RANGEX", "not an element of a TDM"),
        ("<PARTICIPANT_1>FYLUK</PARTICIPANT_1>", "", 12, "PARTICIPANT_1", "missing"),
        ("<ORIGINATOR>OPSCENTER</ORIGINATOR>", "", 5, "ORIGINATOR", "missing from the header"),
        ("<TIME_SYSTEM>UTC</TIME_SYSTEM>", "<TIME_SYSTEM>GPS</TIME_SYSTEM>", 14, "TIME_SYSTEM", "only UTC"),
        ("<RANGE_UNITS>km</RANGE_UNITS>", "<RANGE_UNITS>s</RANGE_UNITS>", 20, "RANGE_UNITS", "light time"),
        ("178.2949", "north", 24, "ANGLE_1", "not a number"),
        ("36.6765", "-95", 28, "ANGLE_2", "not an elevation"),
        ('units="deg">178.2949', 'units="rad">178.2949', 24, "ANGLE_1", "give degrees"),
        ("<EPOCH>2026-05-31T13:30:50.000</EPOCH>", "<EPOCH>yesterday</EPOCH>", 24, "ANGLE_1", "not an epoch"),
        ("<RANGE>667.385</RANGE>", "", 32, "observation", "no measurement"),
        ('version="2.0">', 'version="9.9">', 1, "version", "not one of 1.0, 2.0"),
    ],
)
def test_each_xml_error_names_line_element_and_reason(old, new, line, keyword, reason):
    assert old in RADAR_XML
    result = _xml(RADAR_XML.replace(old, new, 1))
    found = [(e.location, e.field, e.reason) for e in result.errors]
    assert any(loc == f"line {line}" and field == keyword and reason in why for loc, field, why in found), (
        found
    )
    assert not result.records


def test_an_xml_file_that_is_not_a_tdm_is_refused():
    result = _xml('<omm id="CCSDS_OMM_VERS" version="3.0"><header/></omm>')
    assert [e.reason for e in result.errors] == ["the root element is <omm>, not <tdm>"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-05-31T13:30:50", datetime(2026, 5, 31, 13, 30, 50, tzinfo=UTC)),
        ("2026-05-31T13:30:50.1234567Z", datetime(2026, 5, 31, 13, 30, 50, 123457, tzinfo=UTC)),
        ("2026-151T13:30:50.5", datetime(2026, 5, 31, 13, 30, 50, 500000, tzinfo=UTC)),
        ("2024-366T00:00:00", datetime(2024, 12, 31, tzinfo=UTC)),
    ],
)
def test_ccsds_epochs_read_to_the_microsecond(text, expected):
    assert ccsds_epoch(text) == expected


@pytest.mark.parametrize(
    "text", ["2025-366T00:00:00", "2026-05-31T24:00:00", "2026-05-31 13:30:50", "2026-05-31"]
)
def test_impossible_ccsds_epochs_are_refused(text):
    with pytest.raises(ValueError, match=r"not"):
        ccsds_epoch(text)
