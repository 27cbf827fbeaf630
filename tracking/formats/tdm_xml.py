"""CCSDS TDM in XML (505.0-B), read by the ccsds-ndm library, checked like KVN.

The library maps the XML onto its schema model and refuses unknown elements, but it keeps a
value it cannot convert as the raw text (with only a warning), repairs malformed XML (lxml's
recover mode) and reports no line numbers. So an expat pass comes first: it refuses malformed
XML and DOCTYPEs (no entity expansion) and notes the line of every segment, metadata element
and observation; the library's objects then go through tdm_segments' checks, which re-read
every value from its text.
"""

import re
import warnings
from dataclasses import dataclass, field, fields
from enum import Enum
from xml.parsers import expat

from ccsds_ndm.models.ndmxml4.ndmxml_4_0_0_common_4_0 import AngleUnits
from ccsds_ndm.models.ndmxml4.ndmxml_4_0_0_tdm_2_0 import TdmMetadata, TrackingDataObservationType
from ccsds_ndm.ndm_xml_io import NdmXmlIo

from tracking.formats.observations import ObservationRecord
from tracking.formats.records import RecordError
from tracking.formats.tdm_segments import VERSIONS, DataLine, Segment, records_of_segments

_UNKNOWN = re.compile(r"Unknown property \S*:(\S+)")
_MISSING = re.compile(r"(Tdm\w+)\.__init__\(\) missing .*argument: '(\w+)'")
_MISSING_IN = {"TdmHeader": "header", "TdmMetadata": "metadata", "TrackingDataObservationType": "observation"}


class _DoctypeRefused(Exception):
    pass


@dataclass(slots=True)
class _SegmentLines:
    location: str
    meta: dict[str, str] = field(default_factory=dict)  # element -> "line N"
    observations: list[tuple[int, int]] = field(default_factory=list)  # first and last line


class _LineMap:
    """expat handlers noting where each part of the message starts."""

    def __init__(self) -> None:
        self.parser = expat.ParserCreate()
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.StartDoctypeDeclHandler = self.refuse_doctype
        self.root: tuple[str, dict[str, str]] | None = None
        self.first_line: dict[str, str] = {}
        self.segments: list[_SegmentLines] = []
        self.stack: list[str] = []

    def start(self, name: str, attributes: dict[str, str]) -> None:
        tag, where = name.rpartition(":")[2], f"line {self.parser.CurrentLineNumber}"
        if self.root is None:
            self.root = (tag, attributes)
        self.first_line.setdefault(tag, where)
        if tag == "segment":
            self.segments.append(_SegmentLines(where))
        elif tag == "observation" and self.segments:
            self.segments[-1].observations.append((self.parser.CurrentLineNumber, 0))
        elif self.stack[-1:] == ["metadata"] and self.segments:
            self.segments[-1].meta.setdefault(tag, where)
        self.stack.append(tag)

    def end(self, _name: str) -> None:
        if self.stack.pop() == "observation" and self.segments:
            first, _ = self.segments[-1].observations[-1]
            self.segments[-1].observations[-1] = (first, self.parser.CurrentLineNumber)

    def refuse_doctype(self, *_: object) -> None:
        raise _DoctypeRefused


def _text(value: object) -> str:
    """A model value back as text, so it is checked as a KVN value would be."""
    if isinstance(value, Enum):
        return str(value.value)
    if hasattr(value, "value"):
        return _text(value.value)
    return repr(value) if isinstance(value, float) else str(value)


def _segment(model, lines: _SegmentLines, text_lines: list[str]) -> Segment:
    segment = Segment(lines.location)
    for meta_field in fields(TdmMetadata):
        keyword, value = meta_field.metadata["name"], getattr(model.metadata, meta_field.name)
        if value is not None and keyword != "COMMENT":
            segment.meta[keyword] = (_text(value), lines.meta.get(keyword, lines.location))
    for observation, (first, last) in zip(model.data.observation, lines.observations, strict=True):
        where, raw_text = f"line {first}", "\n".join(text_lines[first - 1 : last]).strip()
        found = [
            (data_field.metadata["name"], getattr(observation, data_field.name))
            for data_field in fields(TrackingDataObservationType)
            if data_field.name != "epoch" and getattr(observation, data_field.name) is not None
        ]
        if not found:
            segment.data.append(
                DataLine("observation", observation.epoch, "", where, raw_text, "no measurement")
            )
        for keyword, value in found:
            units = getattr(value, "units", None)
            problem = "" if units in (None, AngleUnits.DEG) else f"units {_text(units)!r}: give degrees"
            segment.data.append(DataLine(keyword, observation.epoch, _text(value), where, raw_text, problem))
    return segment


def _read_model(text: str, filename: str, lines: _LineMap):
    """The library's model of the message, or the RecordError why there is none."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # values it cannot convert are re-checked from their text
            model = NdmXmlIo().from_string(text)
    except Exception as problem:  # the library raises ParserError, ValueError, KeyError...
        unknown, missing = _UNKNOWN.search(str(problem)), _MISSING.search(str(problem))
        if unknown:
            where = lines.first_line.get(unknown[1], "line 1")
            return RecordError(filename, where, unknown[1], "not an element of a TDM")
        if missing:
            part = _MISSING_IN.get(missing[1], "message")
            where = lines.first_line.get(part, "line 1")
            return RecordError(filename, where, missing[2].upper(), f"missing from the {part}")
        return RecordError(filename, "line 1", "XML", f"not a readable TDM: {problem}")
    if type(model).__name__ != "Tdm":
        return RecordError(filename, "line 1", "XML", f"a {type(model).__name__.upper()}, not a TDM")
    return model


def parse_tdm_xml(text: str, filename: str) -> tuple[list[ObservationRecord], list[RecordError]]:
    """Every observation in a TDM XML message, each segment checked on its own."""
    lines = _LineMap()
    try:
        lines.parser.Parse(text.encode("utf-8"), True)
    except expat.ExpatError as error:
        reason = f"{expat.ErrorString(error.code)} (column {error.offset + 1})"
        return [], [RecordError(filename, f"line {error.lineno}", "XML", reason)]
    except _DoctypeRefused:
        return [], [RecordError(filename, "line 1", "XML", "DOCTYPE declarations are not accepted")]
    tag, attributes = lines.root
    if tag != "tdm":
        return [], [RecordError(filename, "line 1", "XML", f"the root element is <{tag}>, not <tdm>")]
    if attributes.get("version") not in VERSIONS:
        reason = f"version {attributes.get('version')!r} is not one of {', '.join(VERSIONS)}"
        return [], [RecordError(filename, "line 1", "version", reason)]
    model = _read_model(text, filename, lines)
    if isinstance(model, RecordError):
        return [], [model]
    errors: list[RecordError] = []
    text_lines = text.splitlines()
    segments = [
        _segment(segment, where, text_lines)
        for segment, where in zip(model.body.segment, lines.segments, strict=True)
    ]
    if not segments:
        errors.append(RecordError(filename, "line 1", "segment", "the message has no segments"))
    return records_of_segments(segments, filename, errors)
