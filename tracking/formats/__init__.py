"""Element-set parsers: TLE/3LE (with Alpha-5) and CCSDS OMM in XML, KVN, JSON and CSV.
Observation parsers: IOD, UK, RDE, CCSDS TDM (KVN, XML), CSV and JSON.

Pure Python on top of sgp4; no Django here. Start with parse(); to_satrec() and render_tle()
turn its records into something to propagate or to send on. For observations, start with
parse_observations().
"""

from tracking.formats.obs_reader import detect_observation_format, parse_observations
from tracking.formats.observations import ObservationParseResult, ObservationRecord
from tracking.formats.reader import detect_format, parse
from tracking.formats.records import ALPHA5_MAX, ElementRecord, ParseResult, RecordError
from tracking.formats.satrec import PLACEHOLDER_SATNUM, to_satrec
from tracking.formats.tle import TleFormatError, checksum, from_alpha5, to_alpha5
from tracking.formats.tle_writer import render_tle

__all__ = [
    "ALPHA5_MAX",
    "PLACEHOLDER_SATNUM",
    "ElementRecord",
    "ObservationParseResult",
    "ObservationRecord",
    "ParseResult",
    "RecordError",
    "TleFormatError",
    "checksum",
    "detect_format",
    "detect_observation_format",
    "from_alpha5",
    "parse",
    "parse_observations",
    "render_tle",
    "to_alpha5",
    "to_satrec",
]
