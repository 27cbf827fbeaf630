"""CCSDS Tracking Data Message (503.0-B-2) in KVN: header, then META/DATA segments.

This module checks the message's structure; tdm_segments checks each segment's content.
"""

import re

from tracking.formats.fields import Line, split_lines
from tracking.formats.observations import ObservationRecord
from tracking.formats.records import RecordError
from tracking.formats.tdm_segments import (
    HEADER_KEYWORDS,
    META_KEYWORDS,
    VERSIONS,
    DataLine,
    Segment,
    records_of_segments,
)

_KVN = re.compile(r"([A-Z0-9_]+)\s*=\s*(.*?)\s*")
_DATA_VALUE = re.compile(r"(\S+)\s+(\S+)")


class _KvnReader:
    """Splits a KVN TDM into header and segments, checking only the message's structure."""

    _AFTER = {"META_START": "meta", "META_STOP": "after_meta", "DATA_START": "data", "DATA_STOP": "between"}
    _EXPECTED = {
        "header": "META_START",
        "meta": "META_STOP",
        "after_meta": "DATA_START",
        "data": "DATA_STOP",
        "between": "META_START",
    }

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.state = "start"
        self.header: dict[str, tuple[str, str]] = {}
        self.segments: list[Segment] = []
        self.errors: list[RecordError] = []

    def error(self, line: Line, keyword: str, reason: str) -> None:
        self.errors.append(RecordError(self.filename, f"line {line.number}", keyword, reason))

    def marker(self, line: Line, marker: str) -> None:
        """Moves to the block the marker opens; one out of place is reported, then obeyed,
        so a forgotten META_STOP costs one error, not one per data line."""
        if self._EXPECTED[self.state] != marker:
            self.error(line, marker, f"out of place: expected {self._EXPECTED[self.state]} here")
        if marker == "META_START" or (marker == "DATA_START" and self.state in ("header", "between")):
            self.segments.append(Segment(f"line {line.number}"))
        self.state = self._AFTER[marker]

    def keyword(self, line: Line, key: str, value: str) -> None:
        where = f"line {line.number}"
        if self.state == "data":
            match = _DATA_VALUE.fullmatch(value)
            if not match:
                self.error(line, key, f"{value!r} is not 'epoch value'")
                return
            self.segments[-1].data.append(DataLine(key, match[1], match[2], where, line.text.strip()))
            return
        if self.state == "header":
            table, known, part = self.header, HEADER_KEYWORDS, "header"
        elif self.state == "meta":
            table, known, part = self.segments[-1].meta, META_KEYWORDS, "metadata"
        else:
            self.error(line, key, "outside a META_START/META_STOP or DATA_START/DATA_STOP block")
            return
        if key not in known:
            self.error(line, key, f"not a TDM {part} keyword")
        elif key in table:
            self.error(line, key, f"given twice (also {table[key][1]})")
        else:
            table[key] = (value, where)

    def read(self, text: str) -> None:
        last = None
        for line in split_lines(text):
            stripped = line.text.strip()
            if not stripped:
                continue
            last = line
            if self.state == "broken":
                return
            if self.state == "start":
                self.version(line)
            elif stripped.startswith("COMMENT") and stripped[7:8] in ("", " "):
                continue
            elif stripped in self._AFTER:
                self.marker(line, stripped)
            elif match := _KVN.fullmatch(line.text):
                self.keyword(line, match[1], match[2])
            else:
                self.error(line, "KVN", f"{stripped!r} is not a KEYWORD = value line")
        if last is not None and self.state not in ("between", "header"):
            self.error(last, "DATA_STOP", "the file ends inside a segment")

    def version(self, line: Line) -> None:
        match = _KVN.fullmatch(line.text)
        if not match or match[1] != "CCSDS_TDM_VERS":
            self.error(line, "CCSDS_TDM_VERS", "a TDM starts with CCSDS_TDM_VERS = 2.0")
            self.state = "broken"
        elif match[2] not in VERSIONS:
            self.error(line, "CCSDS_TDM_VERS", f"version {match[2]!r} is not one of {', '.join(VERSIONS)}")
            self.state = "broken"
        else:
            self.state = "header"


def parse_tdm(text: str, filename: str) -> tuple[list[ObservationRecord], list[RecordError]]:
    """Every observation in a KVN TDM, each segment checked on its own."""
    reader = _KvnReader(filename)
    reader.read(text)
    if reader.state == "broken":
        return [], reader.errors
    errors = list(reader.errors)
    for keyword in ("CREATION_DATE", "ORIGINATOR"):
        if keyword not in reader.header:
            errors.append(RecordError(filename, "line 1", keyword, "missing from the header"))
    if not reader.segments:
        errors.append(RecordError(filename, "line 1", "META_START", "the message has no segments"))
    return records_of_segments(reader.segments, filename, errors)
