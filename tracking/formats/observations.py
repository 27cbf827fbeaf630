"""What every observation parser produces (IOD, UK, RDE, TDM, CSV, JSON): one record per measurement.

Angles in degrees, range in km, range rate in km/s, epoch an aware UTC datetime. A quantity the
sensor did not measure is None. Standard deviations are as the file gave them (None: not given),
converted to the unit in the name. Each sigma is that of its own field's value: for right
ascension and azimuth that is the coordinate's, so an optical format's position uncertainty
(an arc on the sky) becomes sigma / cos(declination or elevation) for angle 1.
"""

from dataclasses import dataclass, field
from datetime import datetime

from tracking.formats.records import RecordError

# As long as identification's Sensor.code and Track.track_id may be.
SENSOR_CODE_MAX = 20
TRACK_ID_MAX = 100


@dataclass(frozen=True, slots=True)
class ObservationRecord:
    sensor_code: str  # the site: TDM PARTICIPANT_1, the IOD/UK/RDE station number, a CSV column
    track_id: str  # TDM PARTICIPANT_2, or the file's own grouping (see each parser)
    epoch: datetime
    azimuth_deg: float | None = None
    elevation_deg: float | None = None
    right_ascension_deg: float | None = None  # topocentric, J2000 equator (as the formats give it)
    declination_deg: float | None = None
    range_km: float | None = None
    range_rate_km_s: float | None = None
    angle_1_sigma_deg: float | None = None
    angle_2_sigma_deg: float | None = None
    range_sigma_km: float | None = None
    range_rate_sigma_km_s: float | None = None
    reported_norad_id: int | None = None  # the object number the observer gave, if any
    location: str = ""  # "line 12" / "record 3", for provenance and errors
    raw_text: str = ""
    reported_designator: str = ""  # "1996-010A": the international designator IOD, UK, RDE give
    epoch_sigma_s: float | None = None  # the time uncertainty IOD, UK, RDE give


@dataclass(frozen=True, slots=True)
class ObservationParseResult:
    file_format: str  # an ObservationFormat value: "iod", "uk", "rde", "tdm", "tdm-xml", "csv", "json"
    records: list[ObservationRecord] = field(default_factory=list)
    errors: list[RecordError] = field(default_factory=list)
