"""An sgp4 Satrec from an element record, for any catalog number."""

from datetime import UTC, datetime
from math import pi

from sgp4.api import SGP4_ERRORS, WGS72, Satrec

from tracking.formats.records import ALPHA5_MAX, ElementRecord

# sgp4 keeps the catalog number as five Alpha-5 characters and refuses numbers above 339999
# (ValueError from sgp4init), so those get this placeholder; the record keeps the true one.
PLACEHOLDER_SATNUM = 0

_SGP4_EPOCH0 = datetime(1949, 12, 31, tzinfo=UTC)  # sgp4init counts epoch days from here
_DEG = pi / 180.0
_XPDOTP = 1440.0 / (2.0 * pi)  # rev/day per rad/min; the same conversions as twoline2rv


def to_satrec(record: ElementRecord) -> Satrec:
    """Initialise SGP4 exactly as sgp4 does for a TLE: WGS72 constants, AFSPC ('i') mode.

    satrec.satnum is PLACEHOLDER_SATNUM for catalog numbers above 339999. Raises ValueError
    if SGP4 rejects the elements.
    """
    satrec = Satrec()
    satrec.sgp4init(
        WGS72,
        "i",
        record.norad_id if record.norad_id <= ALPHA5_MAX else PLACEHOLDER_SATNUM,
        (record.epoch - _SGP4_EPOCH0).total_seconds() / 86400.0,
        record.bstar,
        record.mean_motion_dot / (_XPDOTP * 1440.0),
        record.mean_motion_ddot / (_XPDOTP * 1440.0 * 1440.0),
        record.eccentricity,
        record.arg_of_pericenter_deg * _DEG,
        record.inclination_deg * _DEG,
        record.mean_anomaly_deg * _DEG,
        record.mean_motion_rev_per_day / _XPDOTP,
        record.ra_of_asc_node_deg * _DEG,
    )
    if satrec.error:
        message = SGP4_ERRORS.get(satrec.error, f"error {satrec.error}")
        raise ValueError(f"SGP4 rejects the elements of {record.norad_id}: {message}")
    # Bookkeeping twoline2rv would fill in (the designator stays in the record).
    satrec.classification = record.classification_type
    satrec.ephtype = record.ephemeris_type
    satrec.elnum = record.element_set_no
    satrec.revnum = record.rev_at_epoch
    return satrec
