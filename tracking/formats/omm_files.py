"""Splitting OMM files (XML, KVN, JSON, CSV) into per-record keyword tables and exact text.

Each reader returns the records it found and the problems that belong to no record (an
unreadable file); problems inside a record travel with it in RawOmm.errors.
"""

import csv
import json
import re
from collections.abc import Iterator
from xml.parsers import expat

from tracking.formats.fields import Line, split_lines
from tracking.formats.omm import RawOmm
from tracking.formats.records import RecordError

_KVN_LINE = re.compile(r"\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*")
# "15.49 [rev/day]": KVN may give units after numbers (only there: names may hold brackets).
_KVN_UNITS = re.compile(r"([+-]?[0-9.]+(?:[eE][+-]?[0-9]+)?)\s*\[[^\]]*\]")
_KVN_SKIPPED = re.compile(r"\s*(COMMENT\b.*|[A-Z_]+_(START|STOP))\s*")  # free text, markers
_JSON_SPACE = re.compile(r"[ \t\n\r]*")
ReadResult = tuple[list[RawOmm], list[RecordError]]


class _DoctypeRefused(Exception):
    """OMM needs no DTD, and refusing one rules out entity-expansion attacks."""


class _XmlCollector:
    """expat handlers keeping each <omm>'s leaf elements, their lines and its exact text."""

    def __init__(self, text: str) -> None:
        self.data = text.encode("utf-8")  # expat reports offsets into the UTF-8 bytes
        self.parser = expat.ParserCreate()
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.characters
        self.parser.StartDoctypeDeclHandler = self.refuse_doctype
        self.raws: list[RawOmm] = []
        self.omm_start: int | None = None  # byte offset of the open <omm>; None outside one
        self.omm_line = ""
        self.fields: dict[str, str | None] = {}
        self.locations: dict[str, str] = {}
        self.tag: str | None = None
        self.text: list[str] = []

    def start(self, name: str, attributes: dict[str, str]) -> None:
        tag, where = name.rpartition(":")[2], f"line {self.parser.CurrentLineNumber}"
        if tag == "omm":
            self.omm_start, self.omm_line = self.parser.CurrentByteIndex, where
            self.fields, self.locations = {}, {}
        elif self.omm_start is not None:
            # Space-Track: <USER_DEFINED parameter="OBJECT_TYPE">PAYLOAD</USER_DEFINED>
            parameter = attributes.get("parameter", "")
            self.tag = f"USER_DEFINED_{parameter}" if tag == "USER_DEFINED" else tag
            self.text = []
            self.locations.setdefault(self.tag, where)

    def characters(self, data: str) -> None:
        if self.tag:
            self.text.append(data)

    def end(self, name: str) -> None:
        if self.omm_start is None:
            return
        if name.rpartition(":")[2] == "omm":
            end = self.data.index(b">", self.parser.CurrentByteIndex) + 1
            raw_text = self.data[self.omm_start : end].decode()
            self.raws.append(RawOmm(self.fields, raw_text, self.omm_line, self.locations))
            self.omm_start = None
        elif self.tag:
            # Only a leaf ends with its tag still set (a child's end clears its parent's).
            self.fields.setdefault(self.tag, "".join(self.text).strip())
            self.tag = None

    def refuse_doctype(self, *_: object) -> None:
        raise _DoctypeRefused


def read_xml(text: str, filename: str) -> ReadResult:
    collector = _XmlCollector(text)
    try:
        collector.parser.Parse(text, True)
    except expat.ExpatError as error:
        reason = f"{expat.ErrorString(error.code)} (column {error.offset + 1})"
        return collector.raws, [RecordError(filename, f"line {error.lineno}", "XML", reason)]
    except _DoctypeRefused:
        return [], [RecordError(filename, "line 1", "XML", "DOCTYPE declarations are not accepted")]
    return collector.raws, []


def read_kvn(text: str, filename: str) -> ReadResult:
    """Each message starts at its CCSDS_OMM_VERS line and runs to the next one."""
    raws: list[RawOmm] = []
    errors: list[RecordError] = []
    first: Line | None = None
    fields: dict[str, str | None] = {}
    locations: dict[str, str] = {}
    for line in split_lines(text):
        if not line.text.strip():
            continue
        where = f"line {line.number}"
        match = _KVN_LINE.fullmatch(line.text)
        if match and match[1] == "CCSDS_OMM_VERS":
            first, fields, locations = line, {}, {}
            raws.append(RawOmm(fields, "", where, locations))
        if first is None:
            reason = "text before the first CCSDS_OMM_VERS"
            errors.append(RecordError(filename, where, "KVN", reason))
            continue
        current = raws[-1]
        current.raw_text = text[first.start : line.end]
        if _KVN_SKIPPED.fullmatch(line.text):
            continue
        if not match:
            reason = f"{line.text.strip()!r} is not a KEYWORD = value line"
            current.errors.append(RecordError(filename, where, "KVN", reason))
        elif match[1] in fields:
            reason = f"given twice (also on {locations[match[1]]})"
            current.errors.append(RecordError(filename, where, match[1], reason))
        else:
            units = _KVN_UNITS.fullmatch(match[2])
            fields[match[1]] = units[1] if units else match[2]
            locations[match[1]] = where
    return raws, errors


def _json_values(text: str) -> Iterator[tuple[object, str]]:
    """Each item of a top-level list (or a lone top-level value) with its exact text."""
    decoder = json.JSONDecoder()
    position = _JSON_SPACE.match(text).end()
    in_list = text.startswith("[", position)
    if in_list:
        position = _JSON_SPACE.match(text, position + 1).end()
    while not (in_list and text.startswith("]", position)):
        value, end = decoder.raw_decode(text, position)
        yield value, text[position:end]
        position = _JSON_SPACE.match(text, end).end()
        if not in_list:
            break
        if text.startswith(",", position):
            position = _JSON_SPACE.match(text, position + 1).end()
        elif not text.startswith("]", position):
            raise json.JSONDecodeError("Expecting ',' delimiter", text, position)
    position = _JSON_SPACE.match(text, position + in_list).end()
    if position != len(text):
        raise json.JSONDecodeError("Extra data", text, position)


def _json_text(value: object) -> str | None:
    """Numbers as their shortest text, so they convert exactly as a quoted number would."""
    return value if value is None or isinstance(value, str) else json.dumps(value)


def read_json(text: str, filename: str) -> ReadResult:
    raws: list[RawOmm] = []
    try:
        for index, (value, raw_text) in enumerate(_json_values(text), start=1):
            where = f"record {index}"
            raw = RawOmm(None, raw_text, where)
            if isinstance(value, dict):
                raw.fields = {key: _json_text(item) for key, item in value.items()}
            else:
                reason = f"expected a JSON object, found {type(value).__name__}"
                raw.errors.append(RecordError(filename, where, "record", reason))
            raws.append(raw)
    except json.JSONDecodeError as error:
        reason = f"{error.msg} (column {error.colno})"
        return raws, [RecordError(filename, f"line {error.lineno}", "JSON", reason)]
    return raws, []


def read_csv(text: str, filename: str) -> ReadResult:
    """First row is the header; CelesTrak and Space-Track quote differently, csv handles both."""
    lines = split_lines(text)
    rows = csv.reader(line.text for line in lines)
    raws: list[RawOmm] = []
    header: list[str] | None = None
    used = 0  # lines the csv reader has consumed before this row
    try:
        for row in rows:
            first, last, used = lines[used], lines[rows.line_num - 1], rows.line_num
            if not any(cell.strip() for cell in row):
                continue
            where = f"line {first.number}"
            if header is None:
                header = [cell.strip() for cell in row]
                continue
            raw = RawOmm(None, text[first.start : last.end], where)
            if len(row) == len(header):
                raw.fields = dict(zip(header, row, strict=True))
            else:
                reason = f"{len(row)} values for {len(header)} columns"
                raw.errors.append(RecordError(filename, where, "row", reason))
            raws.append(raw)
    except csv.Error as error:
        return raws, [RecordError(filename, f"line {rows.line_num}", "CSV", str(error))]
    return raws, []
