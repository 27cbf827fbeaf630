"""parse_observations: which format a file is, and that no content makes it raise."""

from pathlib import Path

import pytest

from tests.tracking.formats.trusat import TRUSAT, trusat_file
from tracking.formats import detect_observation_format, parse_observations
from tracking.formats.obs_reader import PARSERS

SAMPLES = Path(__file__).resolve().parent / "samples"
CATALOG = TRUSAT.parents[1] / "catalog" / "celestrak-2026-05-30" / "stations.tle"
DETECTED = {
    "IOD_data_compliant.txt": "iod",
    "IOD_data_noncompliant.txt": "iod",
    "UK_data_compliant.txt": "uk",
    "UK_data_noncompliant.txt": "uk",
    "DATA_UK_not_RDE.txt": "uk",
    "RDE_data_compliant.txt": "rde",
    "RDE_data_noncompliant.txt": "rde",
}
SAMPLE_FORMATS = {
    "radar-fylingdales.tdm": "tdm",
    "optical-socorro.tdm": "tdm",
    "radar-fylingdales.xml": "tdm-xml",
    "observations.csv": "csv",
    "observations.json": "json",
}


@pytest.mark.parametrize(("name", "expected"), DETECTED.items())
def test_it_detects_each_trusat_file(name, expected):
    assert detect_observation_format(trusat_file(name).read_text()) == expected


@pytest.mark.parametrize(("name", "expected"), SAMPLE_FORMATS.items())
def test_it_detects_and_reads_each_sample_whole(name, expected):
    result = parse_observations((SAMPLES / name).read_text(), filename=name)
    assert result.file_format == expected and result.records and not result.errors


@pytest.mark.parametrize("content", ["element sets", "notes", "comments only"])
def test_an_unknown_format_is_an_error_naming_the_file(content):
    assert CATALOG.is_file(), f"reference data missing: {CATALOG}"
    text = {
        "element sets": CATALOG.read_text(),
        "notes": "some notes\nabout nothing\n",
        "comments only": "#\n#\n",
    }
    result = parse_observations(text[content], filename="mystery.txt")
    assert result.file_format == "" and not result.records
    [error] = result.errors
    assert str(error).startswith("mystery.txt line 1, field format: not a known observation format")


def test_the_caller_may_name_the_format_and_a_wrong_one_gives_errors():
    text = trusat_file("UK_data_compliant.txt").read_text()
    as_iod = parse_observations(text, filename="uk.txt", file_format="iod")
    assert as_iod.file_format == "iod" and not as_iod.records and as_iod.errors
    [error] = parse_observations(text, filename="uk.txt", file_format="ukk").errors
    assert error.field == "format" and "'ukk' is not one of auto, iod, uk, rde" in error.reason


@pytest.mark.parametrize("file_format", PARSERS)
def test_a_file_without_observations_is_an_error(file_format):
    text = {"csv": "sensor,track_id,epoch\n", "json": "[]", "tdm-xml": "<x/>"}.get(file_format, "# nothing\n")
    result = parse_observations(text, filename="empty.txt", file_format=file_format)
    assert not result.records and result.errors


def test_a_byte_order_mark_is_ignored():
    text = (SAMPLES / "observations.csv").read_text()
    assert parse_observations("\ufeff" + text, filename="bom.csv").records


JUNK = [
    "",
    "\x00\x01",
    "=" * 200,
    "999",
    "SATOBS",
    "META_START",
    "<tdm",
    "{",
    "[1, 2",
    "a,b\n1",
    "\u00e9" * 50,
]


@pytest.mark.parametrize("file_format", PARSERS)
def test_no_content_makes_a_parser_raise(file_format):
    texts = [path.read_text() for path in sorted(TRUSAT.glob("*.txt")) + sorted(SAMPLES.iterdir())]
    for text in texts + JUNK:
        for cut in (text, text[: len(text) // 2]):
            result = parse_observations(cut, filename="any", file_format=file_format)
            assert result.records or result.errors
