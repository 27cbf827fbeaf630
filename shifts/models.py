from django.conf import settings
from django.db import models
from django.db.models import Q


class Nation(models.Model):
    code = models.CharField(max_length=3, unique=True, help_text="ISO 3166-1 alpha-3 trigraph")
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class Classification(models.IntegerChoices):
    """Ordered levels: a reader sees an item only at or below their clearance."""

    UNCLASSIFIED = 0, "UNCLASSIFIED"
    CONFIDENTIAL = 1, "CONFIDENTIAL"
    SECRET = 2, "SECRET"


class Marked(models.Model):
    """A releasability marking as structured data: a level and the nations it is releasable to."""

    classification = models.PositiveSmallIntegerField(
        choices=Classification.choices, default=Classification.UNCLASSIFIED
    )
    releasable_to = models.ManyToManyField(Nation, related_name="+", blank=True)

    class Meta:
        abstract = True


class Officer(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="officer")
    nation = models.ForeignKey(Nation, on_delete=models.PROTECT, related_name="officers")
    rank = models.CharField(max_length=40, blank=True)
    service = models.CharField(max_length=60, blank=True)
    clearance = models.PositiveSmallIntegerField(
        choices=Classification.choices, default=Classification.UNCLASSIFIED
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["user__last_name", "user__first_name"]

    def __str__(self) -> str:
        name = self.user.get_full_name() or self.user.get_username()
        return f"{self.rank} {name} ({self.nation.code})".strip()


class Watch(models.TextChoices):
    MID = "mid", "Mid"
    DAY = "day", "Day"
    SWING = "swing", "Swing"


class Shift(models.Model):
    """One 8-hour watch, all times UTC."""

    watch = models.CharField(max_length=10, choices=Watch.choices)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["starts_at"], name="shift_unique_start"),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="shift_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.get_watch_display()} {self.starts_at:%Y-%m-%d %H%MZ}"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"
    NEEDS_REVIEW = "needs_review", "Needs review"


OPEN_JOB_STATUSES = (JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.NEEDS_REVIEW)


class Job(Marked):
    kind = models.CharField(max_length=60, db_index=True)
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED, db_index=True)
    progress_percent = models.PositiveSmallIntegerField(default=0)
    progress_message = models.CharField(max_length=200, blank=True)
    shift = models.ForeignKey(Shift, null=True, blank=True, on_delete=models.PROTECT, related_name="jobs")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attempts = models.PositiveIntegerField(default=0)
    run_token = models.UUIDField(null=True, blank=True, help_text="Fences writes to the current run")
    worker = models.CharField(max_length=200, blank=True)
    task_id = models.CharField(max_length=64, blank=True, help_text="Celery id of the latest message")
    cancel_requested = models.BooleanField(default=False)
    due_at = models.DateTimeField(null=True, blank=True, help_text="When a queued job is next sent")
    dispatched_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    result_summary = models.JSONField(default=dict, blank=True)
    error_message = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "dispatched_at"]), models.Index(fields=["shift", "status"])]

    def __str__(self) -> str:
        return f"Job {self.pk} {self.kind} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_JOB_STATUSES


class JobEvent(models.Model):
    """Append-only: one row per transition or change of owner, written by the service that made it."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    actor_label = models.CharField(max_length=200, help_text="Who or what: a user, a worker, the sweeper")
    from_status = models.CharField(max_length=20, choices=JobStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=JobStatus.choices)
    reason = models.TextField()

    class Meta:
        ordering = ["at", "id"]


class DiagnosticResult(models.Model):
    """The one row a diagnostic job writes: proof that a worker ran it end to end."""

    job = models.OneToOneField(Job, on_delete=models.CASCADE, related_name="diagnostic_result")
    worked_s = models.FloatField()
    worker = models.CharField(max_length=200)
    attempt = models.PositiveIntegerField()
    written_at = models.DateTimeField(auto_now_add=True)
