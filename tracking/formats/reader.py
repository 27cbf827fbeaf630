"""One entry point for every element-set file: detect the format, read every record."""

import re
from collections.abc import Callable

from tracking.formats import omm_files
from tracking.formats.omm import read_omms
from tracking.formats.records import ElementRecord, ParseResult, RecordError
from tracking.formats.tle import parse_tle

_KVN_START = re.compile(r"[A-Z0-9_]+\s*=")
_OMM_READERS: dict[str, Callable[[str, str], omm_files.ReadResult]] = {
    "omm-xml": omm_files.read_xml,
    "omm-kvn": omm_files.read_kvn,
    "omm-json": omm_files.read_json,
    "omm-csv": omm_files.read_csv,
}


def detect_format(text: str) -> str:
    """'omm-xml', 'omm-json', 'omm-kvn', 'omm-csv', or 'tle' (2- or 3-line) from the first line."""
    head = text.lstrip()
    first_line = head.partition("\n")[0]
    if head.startswith("<"):
        return "omm-xml"
    if head.startswith(("[", "{")):
        return "omm-json"
    if _KVN_START.match(first_line):
        return "omm-kvn"
    if "," in first_line and "NORAD_CAT_ID" in first_line.upper():
        return "omm-csv"
    return "tle"


def parse(text: str, *, filename: str) -> ParseResult:
    """Every record in the file and every problem, each problem naming file, place and field.

    filename is only used in messages. A file with no element sets at all is an error.
    """
    text = text.removeprefix("\ufeff")  # a byte-order mark some editors add
    file_format = detect_format(text)
    records: list[ElementRecord]
    if file_format == "tle":
        records, errors = parse_tle(text, filename)
    else:
        raws, errors = _OMM_READERS[file_format](text, filename)
        records, record_errors = read_omms(raws, filename, file_format)
        errors = [*errors, *record_errors]
    if not records and not errors:
        errors = [RecordError(filename, "line 1", "file", "no element sets found")]
    return ParseResult(tuple(records), tuple(errors), file_format)
