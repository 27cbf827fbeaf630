from django.db import models

from shifts.markings.models import Marked
from tracking.identification.models import (  # noqa: F401  (Django reads the app's models from here)
    Observation,
    ObservationBatch,
    ObservationFormat,
    ReviewAction,
    ReviewStatus,
    Track,
    TrackDecision,
    TrackResult,
)
from tracking.staleness import Age, age_at


class ObjectType(models.TextChoices):
    PAYLOAD = "payload", "Payload"
    ROCKET_BODY = "rocket_body", "Rocket body"
    DEBRIS = "debris", "Debris"
    UNKNOWN = "unknown", "Unknown"
    ANALYST = "analyst", "Analyst object"


class SpaceObject(models.Model):
    norad_id = models.PositiveIntegerField(unique=True, help_text="Catalog number, up to 9 digits")
    international_designator = models.CharField(max_length=20, blank=True)
    name = models.CharField(max_length=100, blank=True)
    object_type = models.CharField(max_length=20, choices=ObjectType.choices, default=ObjectType.UNKNOWN)
    owner = models.CharField(max_length=20, blank=True)
    status = models.CharField(max_length=40, blank=True)
    launch_date = models.DateField(null=True, blank=True)
    decay_date = models.DateField(null=True, blank=True)
    # Denormalised pointer so that "the latest set of every object" is one join, not a subquery.
    latest_element_set = models.ForeignKey(
        "ElementSet", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["norad_id"]

    def __str__(self) -> str:
        return f"{self.norad_id} {self.name}".strip()


class ElementSet(models.Model):
    space_object = models.ForeignKey(SpaceObject, on_delete=models.CASCADE, related_name="element_sets")
    epoch = models.DateTimeField(db_index=True)
    mean_motion_rev_per_day = models.FloatField()
    eccentricity = models.FloatField()
    inclination_deg = models.FloatField()
    ra_of_asc_node_deg = models.FloatField()
    arg_of_pericenter_deg = models.FloatField()
    mean_anomaly_deg = models.FloatField()
    bstar = models.FloatField()
    mean_motion_dot = models.FloatField()
    mean_motion_ddot = models.FloatField()
    ephemeris_type = models.PositiveSmallIntegerField(default=0)
    classification_type = models.CharField(max_length=1, default="U")
    element_set_no = models.PositiveIntegerField(default=0)
    rev_at_epoch = models.PositiveIntegerField(default=0)
    source = models.CharField(max_length=200, blank=True, help_text="File or feed it came from")
    source_format = models.CharField(max_length=20)
    raw_text = models.TextField()
    ingested_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["space_object", "-epoch"]
        constraints = [
            # The same set ingested twice is the same row: re-imports change nothing.
            models.UniqueConstraint(fields=["space_object", "epoch"], name="elementset_unique_object_epoch"),
        ]

    def __str__(self) -> str:
        return f"{self.space_object.norad_id} @ {self.epoch:%Y-%m-%d %H%M:%SZ}"


class SensorKind(models.TextChoices):
    RADAR = "radar", "Radar"
    OPTICAL = "optical", "Optical"


class SensorStatus(models.TextChoices):
    OPERATIONAL = "operational", "Operational"
    DEGRADED = "degraded", "Degraded"
    DOWN = "down", "Down"


class Sensor(models.Model):
    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=120)
    owner_nation = models.CharField(max_length=3)
    kind = models.CharField(max_length=10, choices=SensorKind.choices)
    latitude_deg = models.FloatField()
    longitude_deg = models.FloatField()
    altitude_m = models.FloatField()
    min_elevation_deg = models.FloatField()
    max_range_km = models.FloatField()
    azimuth_min_deg = models.FloatField(help_text="clockwise window from min to max; may wrap through north")
    azimuth_max_deg = models.FloatField()
    # One-sigma measurement noise; None where the sensor does not measure the quantity.
    angle_noise_deg = models.FloatField(default=0.02)
    range_noise_km = models.FloatField(null=True, blank=True)
    range_rate_noise_km_s = models.FloatField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=SensorStatus.choices, default=SensorStatus.OPERATIONAL)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class SensorStatusChange(models.Model):
    """A sensor's status history; the newest row is the sensor's status. Never edited."""

    sensor = models.ForeignKey(Sensor, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(max_length=12, choices=SensorStatus.choices)
    reason = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        "shifts.Officer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["-changed_at", "-id"]


class ImportMode(models.TextChoices):
    STRICT = "strict", "Whole file or nothing"
    PER_RECORD = "per_record", "Good records, report the rest"


class CatalogImport(models.Model):
    """The report of one file's import: what it added, changed, left alone, rejected and missed."""

    filename = models.CharField(max_length=255)
    file_format = models.CharField(max_length=20, blank=True)
    mode = models.CharField(max_length=20, choices=ImportMode.choices, default=ImportMode.STRICT)
    full_catalog = models.BooleanField(default=False, help_text="A full load: report objects it lacks")
    requested_by = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.SET_NULL)
    via = models.CharField(max_length=20, default="ui")
    created_at = models.DateTimeField(auto_now_add=True)
    accepted = models.BooleanField(default=False, help_text="False when the file was rejected whole")
    new_objects = models.PositiveIntegerField(default=0)
    new_element_sets = models.PositiveIntegerField(default=0)
    updated_objects = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    missing_norad_ids = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename} at {self.created_at:%Y-%m-%d %H%MZ}"


class Conjunction(Marked):
    """One close approach of a pair, found by a screening job (re-running the job replaces them)."""

    job = models.ForeignKey("shifts.Job", on_delete=models.CASCADE, related_name="conjunctions")
    primary = models.ForeignKey(SpaceObject, on_delete=models.CASCADE, related_name="+")
    secondary = models.ForeignKey(SpaceObject, on_delete=models.CASCADE, related_name="+")
    tca = models.DateTimeField(db_index=True)
    miss_km = models.FloatField(db_index=True)
    relative_speed_km_s = models.FloatField()
    radial_km = models.FloatField()
    in_track_km = models.FloatField()
    cross_track_km = models.FloatField()
    primary_element_set = models.ForeignKey(
        ElementSet, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    secondary_element_set = models.ForeignKey(
        ElementSet, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["tca"]
        constraints = [
            models.UniqueConstraint(
                fields=["job", "primary", "secondary", "tca"], name="conjunction_unique_encounter"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.primary.norad_id} × {self.secondary.norad_id} at {self.tca:%Y-%m-%d %H%M:%SZ}"

    @property
    def element_ages(self) -> list[Age | None]:
        """How old each object's element set was at TCA (None: the set has since been deleted)."""
        return [
            age_at(s, self.tca) if s else None for s in (self.primary_element_set, self.secondary_element_set)
        ]

    @property
    def element_ages_text(self) -> str:
        """Both ages for one line of text: 'elements 186.0 d old, stale (...) / 0.4 d old at TCA'."""
        ages = " / ".join(str(a) if a else "unknown" for a in self.element_ages)
        return f"elements {ages} at TCA"

    @property
    def stale(self) -> bool:
        return any(a.stale for a in self.element_ages if a)


class PredictedPass(models.Model):
    job = models.ForeignKey("shifts.Job", on_delete=models.CASCADE, related_name="passes")
    sensor = models.ForeignKey(Sensor, on_delete=models.CASCADE, related_name="passes")
    space_object = models.ForeignKey(SpaceObject, on_delete=models.CASCADE, related_name="passes")
    rise = models.DateTimeField()
    culmination = models.DateTimeField()
    set = models.DateTimeField()
    max_elevation_deg = models.FloatField()
    rise_azimuth_deg = models.FloatField()
    set_azimuth_deg = models.FloatField()
    # The set the prediction propagated, so the page can say how old it was at the pass.
    element_set = models.ForeignKey(ElementSet, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["rise"]

    @property
    def element_age(self) -> Age | None:
        return age_at(self.element_set, self.rise) if self.element_set else None


class ManeuverDetection(models.Model):
    job = models.ForeignKey("shifts.Job", on_delete=models.CASCADE, related_name="maneuvers")
    space_object = models.ForeignKey(SpaceObject, on_delete=models.CASCADE, related_name="maneuvers")
    detected_epoch = models.DateTimeField()
    detail = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["detected_epoch"]
