"""The durable job engine's rows: a job, its append-only events, its pieces and the diagnostic's result."""

from django.conf import settings
from django.db import models

from shifts.markings.models import Marked
from shifts.workforce.models import Shift


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
    status = models.CharField(
        max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED, db_index=True
    )
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

    @property
    def kind_title(self) -> str:
        from shifts.jobs import kinds as jobkinds

        try:
            return jobkinds.get(self.kind).title
        except jobkinds.JobError:
            return self.kind


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


class JobChunk(models.Model):
    """One piece of a job split across workers; the last piece to finish completes the job."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="chunks")
    index = models.PositiveIntegerField()
    run_token = models.UUIDField(help_text="The run of the job this piece belongs to")
    input = models.JSONField(default=dict)
    output = models.JSONField(null=True, blank=True)
    worker = models.CharField(max_length=200, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["job", "index"]
        constraints = [
            models.UniqueConstraint(fields=["job", "run_token", "index"], name="jobchunk_unique_piece")
        ]
