"""Observation records and sensors built for the identification tests."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tracking.formats.observations import ObservationRecord
from tracking.identification.services.sensors import sensors_load

SITES = Path(__file__).resolve().parents[3] / "tracking" / "fixtures" / "demo" / "ssn_sites.csv"
SHARED_SITES = Path(__file__).resolve().parents[4] / "shared" / "data" / "sensors" / "ssn_sites.csv"
T0 = datetime(2026, 5, 31, 2, 0, tzinfo=UTC)


def sites() -> int:
    return sensors_load(SITES)


def radar_track(track_id: str = "T1", sensor: str = "CODSFS", *, n: int = 3, first_line: int = 1, **fields):
    """`n` radar observations 10 s apart: azimuth, elevation, range, each on its own line."""
    return [
        ObservationRecord(
            sensor_code=sensor,
            track_id=track_id,
            epoch=T0 + timedelta(seconds=10 * i),
            **{
                "azimuth_deg": 10.0 + i,
                "elevation_deg": 30.0 + i,
                "range_km": 1200.0 + i,
                "location": f"line {first_line + i}",
                "raw_text": f"{sensor},{track_id},{i}",
                **fields,
            },
        )
        for i in range(n)
    ]


def imported(records, *, officer=None, filename="night.csv", classification=0, nations=None, digest="0" * 64):
    """Records imported as one batch, as batch_import does once it has parsed a file."""
    from shifts.markings.models import Nation
    from tracking.identification.models import ObservationBatch
    from tracking.identification.services.importing import records_import

    batch = ObservationBatch(
        filename=filename,
        file_format="csv",
        sha256=digest,
        uploaded_by=officer.user if officer else None,
        classification=classification,
    )
    nations = list(Nation.objects.all()) if nations is None else nations
    return records_import(batch=batch, records=records, nations=nations)


CSV_HEADER = "sensor,track_id,epoch,azimuth_deg,elevation_deg,range_km,norad_id"


def csv_text(*tracks: tuple[str, str, int], start: datetime = T0) -> str:
    """A CSV file of radar observations: for each (sensor, track id, count), one line 10 s apart."""
    lines = [CSV_HEADER]
    for sensor, track_id, count in tracks:
        for i in range(count):
            epoch = (start + timedelta(seconds=10 * i)).strftime("%Y-%m-%dT%H:%M:%SZ")
            lines.append(f"{sensor},{track_id},{epoch},{10 + i:.4f},{30 + i:.4f},{1200 + i:.3f},")
    return "\n".join(lines) + "\n"
