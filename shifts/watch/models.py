"""The watch itself: the shift's lifecycle, the watch log, the handover report, notifications.

Imported at the end of shifts.models, which Django reads as the app's models module.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from shifts.markings.models import Marked
from shifts.workforce.models import Officer, Position, Shift, ShiftStatus


class ShiftEvent(models.Model):
    """Append-only history of a shift's lifecycle."""

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    actor_label = models.CharField(max_length=200)
    from_status = models.CharField(max_length=20, choices=ShiftStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ShiftStatus.choices)
    reason = models.TextField()

    class Meta:
        ordering = ["at", "id"]


class LogCategory(models.TextChoices):
    LAUNCH = "launch", "Launch"
    CONJUNCTION = "conjunction", "Conjunction"
    MANEUVER = "maneuver", "Maneuver"
    BREAKUP = "breakup", "Breakup"
    REENTRY = "reentry", "Re-entry"
    SENSOR_STATUS = "sensor_status", "Sensor status"
    UCT = "uct", "UCT"
    COMMUNICATIONS = "communications", "Communications"
    OTHER = "other", "Other"


class Severity(models.IntegerChoices):
    ROUTINE = 0, "Routine"
    NOTABLE = 1, "Notable"
    SIGNIFICANT = 2, "Significant"
    CRITICAL = 3, "Critical"


class LogEntry(Marked):
    """One version of a watch-log entry. An edit adds a version; none is ever changed or deleted."""

    shift = models.ForeignKey(Shift, on_delete=models.PROTECT, related_name="log_entries")
    thread = models.UUIDField(db_index=True, help_text="Every version of one entry shares it")
    version = models.PositiveIntegerField(default=1)
    is_current = models.BooleanField(default=True)
    occurred_at = models.DateTimeField()
    logged_at = models.DateTimeField(auto_now_add=True)
    category = models.CharField(max_length=20, choices=LogCategory.choices)
    severity = models.PositiveSmallIntegerField(choices=Severity.choices, default=Severity.ROUTINE)
    text = models.TextField()
    author = models.ForeignKey(
        Officer, null=True, blank=True, on_delete=models.PROTECT, related_name="log_entries",
        help_text="Empty for entries the system writes (e.g. an overdue handover)",
    )  # fmt: skip
    revision_reason = models.TextField(blank=True, help_text="Why this version replaced the one before")

    class Meta:
        ordering = ["-occurred_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["thread", "version"], name="logentry_unique_version"),
            models.UniqueConstraint(
                fields=["thread"], condition=Q(is_current=True), name="logentry_one_current"
            ),
        ]


class HandoverStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned with questions"
    ACCEPTED = "accepted", "Accepted"


class HandoverReport(models.Model):
    """The written picture of the floor handed from one watch to the next."""

    outgoing_shift = models.OneToOneField(Shift, on_delete=models.PROTECT, related_name="handover_out")
    incoming_shift = models.OneToOneField(Shift, on_delete=models.PROTECT, related_name="handover_in")
    status = models.CharField(max_length=20, choices=HandoverStatus.choices, default=HandoverStatus.DRAFT)
    compiled_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        Officer, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        Officer, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    overdue_flagged_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-outgoing_shift__starts_at"]

    def __str__(self) -> str:
        return f"Handover {self.outgoing_shift} → {self.incoming_shift}"


class SectionKind(models.TextChoices):
    AUTO = "auto", "Compiled"
    POSITION = "position", "Position"
    NEXT_SHIFT = "next_shift", "For the next shift"
    LEADERSHIP = "leadership", "For leadership"


class HandoverSection(Marked):
    """A portion of the report, with its own marking: readers see only the sections releasable to them."""

    report = models.ForeignKey(HandoverReport, on_delete=models.CASCADE, related_name="sections")
    kind = models.CharField(max_length=20, choices=SectionKind.choices)
    key = models.CharField(max_length=60, help_text="Compiled section name or position code")
    title = models.CharField(max_length=120)
    position = models.ForeignKey(Position, null=True, blank=True, on_delete=models.PROTECT)
    body = models.TextField(blank=True)
    author = models.ForeignKey(Officer, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=0, help_text="Of a written section: its latest version")
    # The incoming CCO ticks each section as read; a new version of the section clears the tick.
    acknowledged_by = models.ForeignKey(
        Officer, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "kind", "key"], name="handoversection_unique")
        ]


class HandoverSectionVersion(Marked):
    """One saved version of a written section (who wrote what, when, marked as it was then)."""

    section = models.ForeignKey(HandoverSection, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    body = models.TextField(blank=True)
    author = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="+")
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["section", "version"]
        constraints = [
            models.UniqueConstraint(fields=["section", "version"], name="handoversectionversion_unique")
        ]


class HandoverQuestion(Marked):
    """What the incoming CCO asked when returning the report, with its own marking."""

    report = models.ForeignKey(HandoverReport, on_delete=models.CASCADE, related_name="questions")
    text = models.TextField()
    asked_by = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-asked_at", "-id"]


class HandoverEvent(models.Model):
    report = models.ForeignKey(HandoverReport, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(Officer, null=True, blank=True, on_delete=models.SET_NULL)
    actor_label = models.CharField(max_length=200)
    from_status = models.CharField(max_length=20, choices=HandoverStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=HandoverStatus.choices)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]


class Notification(Marked):
    recipient = models.ForeignKey(Officer, on_delete=models.CASCADE, related_name="notifications")
    topic = models.CharField(max_length=40)
    dedupe_key = models.CharField(max_length=200, help_text="One notification per recipient and key")
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["recipient", "dedupe_key"], name="notification_once")]


class AlertAcknowledgement(models.Model):
    """An officer on watch took an alert of the floor in hand, and may have given it to a position.

    Alerts are computed, not stored: `alert_key` names the thing alerted on (e.g. a conjunction's
    pair and TCA), so the acknowledgement holds while the same alert keeps being raised.
    """

    alert_key = models.CharField(max_length=200, unique=True)
    shift = models.ForeignKey(Shift, on_delete=models.PROTECT, related_name="alert_acknowledgements")
    by = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="alert_acknowledgements")
    at = models.DateTimeField()
    assigned_position = models.ForeignKey(
        Position, null=True, blank=True, on_delete=models.PROTECT, related_name="alert_assignments"
    )

    def __str__(self) -> str:
        return f"{self.alert_key} acknowledged by {self.by}"
