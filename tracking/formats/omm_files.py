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
_KVN_UNITS = re.compile(r"\s*\[[^\]]*\]$")  # "15.49 [rev/day]": units are optional in KVN
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
        self.current: RawOmm | None = None
        self.start_byte = 0
        self.tag: str | None = None
        self.text: list[str] = []

    def start(self, name: str, attributes: dict[str, str]) -> None:
        tag, where = name.rpartition(":")[2], f"line {self.parser.CurrentLineNumber}"
        if tag == "omm":
            self.current, self.start_byte = RawOmm({}, "", where), self.parser.CurrentByteIndex
        elif self.current is not None:
            # Space-Track: <USER_DEFINED parameter="OBJECT_TYPE">PAYLOAD</USER_DEFINED>
            parameter = attributes.get("parameter", "")
            self.tag = f"USER_DEFINED_{parameter}" if tag == "USER_DEFINED" else tag
            self.text = []
            self.current.field_locations.setdefault(self.tag, where)

    def characters(self, data: str) -> None:
        if self.tag:
            self.text.append(data)

    def end(self, name: str) -> None:
        if self.current is None:
            return
        if name.rpartition(":")[2] == "omm":
            end = self.data.index(b">", self.parser.CurrentByteIndex) + 1
            self.current.raw_text = self.data[self.start_byte : end].decode()
            self.raws.append(self.current)
            self.current = None
        elif self.tag:
            # Only a leaf ends with its tag still set (a child's end clears its parent's).
            self.current.fields.setdefault(self.tag, "".join(self.text).strip())
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
    for line in split_lines(text):
        if not line.text.strip():
            continue
        where = f"line {line.number}"
        match = _KVN_LINE.fullmatch(line.text)
        if match and match[1] == "CCSDS_OMM_VERS":
            first = line
            raws.append(RawOmm({}, "", where))
        if first is None:
            errors.append(
                RecordError(filename, where, "KVN", "text before the first CCSDS_OMM_VERS")
            )
            continue
        current = raws[-1]
        current.raw_text = text[first.start : line.end]
        if _KVN_SKIPPED.fullmatch(line.text):
            continue
        if not match:
            reason = f"{line.text.strip()!r} is not a KEYWORD = value line"
            current.errors.append(RecordError(filename, where, "KVN", reason))
        elif match[1] in current.fields:
            reason = f"given twice (also on {current.field_locations[match[1]]})"
            current.errors.append(RecordError(filename, where, match[1], reason))
        else:
            current.fields[match[1]] = _KVN_UNITS.sub("", match[2])
            current.field_locations[match[1]] = where
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
            raw = RawOmm({}, raw_text, where)
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
            raw = RawOmm(dict(zip(header, row, strict=False)), text[first.start : last.end], where)
            if len(row) != len(header):
                reason = f"{len(row)} values for {len(header)} columns"
                raw.errors.append(RecordError(filename, where, "row", reason))
            raws.append(raw)
    except csv.Error as error:
        return raws, [RecordError(filename, f"line {rows.line_num}", "CSV", str(error))]
    return raws, []
