"""The admin of the job engine: read-only rows, cancel through the engine, filtered by the reader's
releasability like every page (see shifts.markings.admin)."""

from django.contrib import admin, messages

from shifts.jobs.kinds import JobError
from shifts.jobs.models import DiagnosticResult, Job, JobEvent
from shifts.jobs.services import job_cancel
from shifts.markings.admin import (
    HistoryInline,
    MarkedAdmin,
)
from shifts.refusals import Refusal


class JobEventInline(HistoryInline):
    model = JobEvent
    readonly_fields = ["at", "actor", "actor_label", "from_status", "to_status", "reason"]


@admin.register(Job)
class JobAdmin(MarkedAdmin):
    """Job state changes only through the engine's services, which write the events."""

    list_display = ["id", "kind", "status", "progress_percent", "shift", "attempts", "created_at"]
    list_filter = ["status", "kind"]
    inlines = [JobEventInline]
    actions = ["cancel"]

    @admin.action(description="Cancel the selected jobs (through the job engine)", permissions=["view"])
    def cancel(self, request, queryset):
        for job in queryset:
            try:
                job_cancel(job=job, by=request.user, reason=f"cancelled from the admin by {request.user}")
            except (JobError, Refusal) as exc:
                self.message_user(request, str(exc), messages.WARNING)


@admin.register(DiagnosticResult)
class DiagnosticResultAdmin(MarkedAdmin):
    list_display = ["job", "worker", "worked_s", "attempt", "written_at"]
    marked_through = "job"
