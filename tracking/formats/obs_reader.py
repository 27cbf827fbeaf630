"""One entry point for every observation file: detect the format, read every record.

Formats: "iod", "uk", "rde" (amateur optical), "tdm" (CCSDS TDM KVN), "tdm-xml", "csv", "json".
"""

import re
from collections.abc import Callable
from itertools import pairwise

from tracking.formats.iod import parse_iod
from tracking.formats.obs_tabular import parse_csv, parse_json
from tracking.formats.observations import ObservationParseResult, ObservationRecord
from tracking.formats.optical import is_comment
from tracking.formats.rde import parse_rde
from tracking.formats.records import RecordError
from tracking.formats.tdm import parse_tdm
from tracking.formats.tdm_xml import parse_tdm_xml
from tracking.formats.uk import parse_uk

Parser = Callable[[str, str], tuple[list[ObservationRecord], list[RecordError]]]
PARSERS: dict[str, Parser] = {
    "iod": parse_iod,
    "uk": parse_uk,
    "rde": parse_rde,
    "tdm": parse_tdm,
    "tdm-xml": parse_tdm_xml,
    "csv": parse_csv,
    "json": parse_json,
}
_IOD_LINE = re.compile(r"[0-9]{5} [0-9]{2} [0-9]{3}| {16}\S{4} [CO] ")
_UK_LINE = re.compile(r"[0-9]{7}[0-9A-Z]{4}[0-9]{6}")
_RDE_HEADER = re.compile(r"[0-9A-Z]{4} [0-9]{4} [0-9]\.[0-9]{3} [0-9]{4}\s*")
_RDE_DAY = re.compile(r"[0-9]{2}\s*")
_TDM_KVN = re.compile(r"\s*CCSDS_TDM_VERS\s*=")


def detect_observation_format(text: str) -> str | None:
    """The format of text (a PARSERS key), or None when it looks like none of them."""
    text = text.removeprefix("\ufeff")
    head = text.lstrip()
    if head.startswith(("[", "{")):
        return "json"
    if head.startswith("<"):
        return "tdm-xml"
    lines = [line for line in text.splitlines() if not is_comment(line)]
    if not lines:
        return None
    if _TDM_KVN.match(lines[0]):
        return "tdm"
    if "epoch" in (cell.strip().lower() for cell in lines[0].split(",")):
        return "csv"
    if any(_RDE_HEADER.fullmatch(a) and _RDE_DAY.fullmatch(b) for a, b in pairwise(lines)):
        return "rde"
    iod = sum(bool(_IOD_LINE.match(line)) for line in lines)
    uk = sum(bool(_UK_LINE.match(line)) for line in lines)
    if iod or uk:
        return "iod" if iod >= uk else "uk"
    return None


def parse_observations(text: str, *, filename: str, file_format: str = "auto") -> ObservationParseResult:
    """Every observation in the file and every problem, each naming file, place and field.

    file_format is "auto" or a PARSERS key; filename is only used in messages. Bad content
    never raises: it comes back as errors (a record with any error is not among the records).
    A file with no observations at all is an error; an unknown format leaves file_format "".
    """
    text = text.removeprefix("\ufeff")  # a byte-order mark some editors add
    if file_format == "auto":
        file_format = detect_observation_format(text) or ""
        if not file_format:
            reason = "not a known observation format (IOD, UK, RDE, CCSDS TDM in KVN or XML, CSV, JSON)"
            return ObservationParseResult("", [], [RecordError(filename, "line 1", "format", reason)])
    if file_format not in PARSERS:
        reason = f"{file_format!r} is not one of auto, {', '.join(PARSERS)}"
        return ObservationParseResult("", [], [RecordError(filename, "line 1", "format", reason)])
    records, errors = PARSERS[file_format](text, filename)
    if not records and not errors:
        errors = [RecordError(filename, "line 1", "file", "no observations found")]
    return ObservationParseResult(file_format, records, errors)
