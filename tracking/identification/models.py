"""Identification: sensor observations in, each track a catalog object, an ambiguity or a UCT.

A batch is one file (or API post) imported whole; its observations group into tracks (one sensor,
one object, a short arc). A track and its batch carry the marking; a track's observations share
its marking, as a sensor reports a track under one marking.
"""

from django.db import models

from shifts.markings.models import Marked


class ObservationFormat(models.TextChoices):
    IOD = "iod", "IOD (optical)"
    UK = "uk", "UK (optical)"
    RDE = "rde", "RDE (optical)"
    TDM = "tdm", "CCSDS TDM (KVN)"
    TDM_XML = "tdm-xml", "CCSDS TDM (XML)"
    CSV = "csv", "CSV"
    JSON = "json", "JSON"


class ObservationBatch(Marked):
    """One imported file or API post: the unit that is imported whole or not at all."""

    filename = models.CharField(max_length=255)
    file_format = models.CharField(max_length=10, choices=ObservationFormat.choices)
    # Re-importing the same bytes changes nothing: the digest is the batch's identity.
    sha256 = models.CharField(max_length=64, unique=True)
    via = models.CharField(max_length=20, default="ui", help_text="ui, api, drop or command")
    uploaded_by = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.SET_NULL)
    api_client = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    observation_count = models.PositiveIntegerField(default=0)
    track_count = models.PositiveIntegerField(default=0)
    correlation_job = models.ForeignKey(
        "shifts.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.observation_count} observations)"


class TrackResult(models.TextChoices):
    PENDING = "pending", "Not correlated yet"
    CORRELATED = "correlated", "Correlated"
    AMBIGUOUS = "ambiguous", "Ambiguous"
    UCT = "uct", "Uncorrelated track (UCT)"


class ReviewStatus(models.TextChoices):
    """Where an analyst's review stands; only ambiguous tracks and UCTs are ever open."""

    NONE = "none", "No review needed"
    OPEN = "open", "Awaiting review"
    CONFIRMED = "confirmed", "Confirmed"
    REASSIGNED = "reassigned", "Reassigned"
    DISMISSED = "dismissed", "Dismissed"
    PROMOTED = "promoted", "Promoted to an analyst object"


class Track(Marked):
    batch = models.ForeignKey(ObservationBatch, on_delete=models.CASCADE, related_name="tracks")
    sensor = models.ForeignKey("tracking.Sensor", on_delete=models.PROTECT, related_name="tracks")
    track_id = models.CharField(max_length=100, help_text="TDM PARTICIPANT_2, or the file's own id")
    start = models.DateTimeField(db_index=True)
    end = models.DateTimeField()
    observation_count = models.PositiveIntegerField(default=0)
    # The object number the sensor itself reported (IOD/UK/RDE carry one); None when it did not say.
    reported_norad_id = models.PositiveIntegerField(null=True, blank=True)
    reported_designator = models.CharField(max_length=20, blank=True, help_text="as the observer gave it")

    result = models.CharField(max_length=12, choices=TrackResult.choices, default=TrackResult.PENDING)
    space_object = models.ForeignKey(
        "tracking.SpaceObject", null=True, blank=True, on_delete=models.SET_NULL, related_name="tracks"
    )
    element_set = models.ForeignKey(
        "tracking.ElementSet", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    score = models.FloatField(
        null=True, blank=True, help_text="chi-square of the residuals per degree of freedom"
    )
    # Ranked [{"norad_id", "score", "chi2", "dof", ...}], best first; residuals against the chosen object.
    candidates = models.JSONField(default=list, blank=True)
    residuals = models.JSONField(default=dict, blank=True)
    maneuver_candidate = models.BooleanField(default=False)
    regime = models.CharField(max_length=4, blank=True, help_text="LEO, MEO, GEO or HEO; blank when unknown")
    correlation_job = models.ForeignKey(
        "shifts.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    correlated_at = models.DateTimeField(null=True, blank=True)

    review_status = models.CharField(max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.NONE)

    class Meta:
        ordering = ["start", "id"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "track_id"], name="track_unique_in_batch"),
        ]
        indexes = [models.Index(fields=["review_status", "start"], name="track_review_queue")]

    def __str__(self) -> str:
        return f"track {self.track_id} ({self.sensor_id and self.sensor.code})"


class Observation(models.Model):
    """One measurement, as the sensor gave it; quantities it did not measure are None."""

    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="observations")
    epoch = models.DateTimeField()
    azimuth_deg = models.FloatField(null=True, blank=True)
    elevation_deg = models.FloatField(null=True, blank=True)
    right_ascension_deg = models.FloatField(null=True, blank=True)
    declination_deg = models.FloatField(null=True, blank=True)
    range_km = models.FloatField(null=True, blank=True)
    range_rate_km_s = models.FloatField(null=True, blank=True)
    # Standard deviations as given (None: the sensor's own noise applies).
    angle_1_sigma_deg = models.FloatField(null=True, blank=True)
    angle_2_sigma_deg = models.FloatField(null=True, blank=True)
    range_sigma_km = models.FloatField(null=True, blank=True)
    range_rate_sigma_km_s = models.FloatField(null=True, blank=True)
    epoch_sigma_s = models.FloatField(null=True, blank=True)
    # Provenance: where in the batch's file it stood.
    location = models.CharField(max_length=40, help_text='"line 12" or "record 3"')
    raw_text = models.TextField(blank=True)

    class Meta:
        ordering = ["epoch", "id"]


class ReviewAction(models.TextChoices):
    CONFIRM = "confirm", "Confirm"
    REASSIGN = "reassign", "Reassign"
    DISMISS = "dismiss", "Dismiss"
    PROMOTE = "promote", "Promote to analyst object"


class TrackDecision(models.Model):
    """An analyst's decision on a track: who, when, what and why. Never edited."""

    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="decisions")
    action = models.CharField(max_length=10, choices=ReviewAction.choices)
    space_object = models.ForeignKey(
        "tracking.SpaceObject",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="track_decisions",
    )
    decided_by = models.ForeignKey("shifts.Officer", on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-decided_at", "-id"]
