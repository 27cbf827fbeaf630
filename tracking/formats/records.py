"""What every parser in this package produces: element records, per-record errors, results."""

from dataclasses import dataclass
from datetime import date, datetime

# Alpha-5 ends at Z9999; anything larger only travels in OMM.
ALPHA5_MAX = 339_999


@dataclass(frozen=True, slots=True)
class ElementRecord:
    """One SGP4 mean element set (OMM mean elements + TLE parameters), from any format.

    Units are OMM's: degrees, rev/day, and for mean_motion_dot / mean_motion_ddot the values
    printed in TLEs and OMMs (rev/day² and rev/day³, already halved / divided by six).
    bstar is in 1/earth radii. epoch is an aware UTC datetime.
    """

    norad_id: int
    object_name: str
    object_id: str  # international designator "1998-067A"; "" for analyst objects
    epoch: datetime
    mean_motion_rev_per_day: float
    eccentricity: float
    inclination_deg: float
    ra_of_asc_node_deg: float
    arg_of_pericenter_deg: float
    mean_anomaly_deg: float
    bstar: float
    mean_motion_dot: float
    mean_motion_ddot: float
    ephemeris_type: int
    classification_type: str
    element_set_no: int
    rev_at_epoch: int
    source_format: str  # "3le", "tle", "omm-xml", "omm-kvn", "omm-json" or "omm-csv"
    raw_text: str  # the record exactly as it stands in the file, without a final newline
    location: str  # "line 12" or "record 3", as used in error messages
    # Catalog metadata some sources (Space-Track) add; None when the source did not say.
    object_type: str | None = None
    country_code: str | None = None
    launch_date: date | None = None
    decay_date: date | None = None


@dataclass(frozen=True, slots=True)
class RecordError:
    """A problem with one record (or, for unreadable files, with the file as a whole)."""

    filename: str
    location: str  # "line 12" or "record 3"
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.filename} {self.location}, field {self.field}: {self.reason}"


@dataclass(frozen=True, slots=True)
class ParseResult:
    """Every good record and every problem in a file.

    Nothing is decided here: a strict caller rejects the file when ``errors`` is not empty,
    a lenient one keeps ``records`` (a record with any error is never among them).
    """

    records: tuple[ElementRecord, ...]
    errors: tuple[RecordError, ...]
    file_format: str  # "tle" (2- and 3-line), "omm-xml", "omm-kvn", "omm-json" or "omm-csv"

    @property
    def ok(self) -> bool:
        return not self.errors
