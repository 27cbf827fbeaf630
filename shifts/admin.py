"""The admin of the watch. No status is edited here: every state changes through its service (the pages,
the API, the commands), or through an admin action that calls that service. Marked rows are filtered by
the reader's releasability like every page (see shifts.admin_base)."""

from django.contrib import admin, messages
from django.utils.text import Truncator

from shifts.admin_base import (
    HistoryInline,
    MarkedAdmin,
    ReadOnlyAdmin,
    ReleasableAdmin,
    ReleasableInline,
    reader_of,
)
from shifts.jobkinds import JobError
from shifts.models import (
    Assignment,
    Certification,
    CertificationEvent,
    Crew,
    DiagnosticResult,
    Evaluation,
    HandoverEvent,
    HandoverReport,
    HandoverSection,
    Job,
    JobEvent,
    LogEntry,
    Nation,
    Notification,
    Officer,
    Position,
    Shift,
    ShiftEvent,
    ShiftStatus,
    SwapEvent,
    SwapRequest,
    Waiver,
)
from shifts.perms import CERTIFY_PERMISSION
from shifts.refusals import Refusal
from shifts.selectors import visible_to
from shifts.services.certification import certifications_expire
from shifts.services.jobs import job_cancel


@admin.register(Nation)
class NationAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]


@admin.register(Officer)
class OfficerAdmin(admin.ModelAdmin):
    list_display = ["user", "rank", "nation", "clearance", "active"]
    list_filter = ["nation", "clearance", "active"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]


class ShiftEventInline(HistoryInline):
    model = ShiftEvent
    readonly_fields = ["at", "actor_label", "from_status", "to_status", "reason"]
    fields = readonly_fields


@admin.register(Shift)
class ShiftAdmin(admin.ModelAdmin):
    """A planned shift's times may be corrected here; its status moves only by sign-on and handover, and a
    shift that has held the watch is history."""

    list_display = ["__str__", "watch", "starts_at", "ends_at", "status"]
    list_filter = ["watch", "status"]
    inlines = [ShiftEventInline]

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        if obj is not None and obj.status != ShiftStatus.PLANNED:
            return ["watch", "starts_at", "ends_at", "status"]
        return ["status"]

    def has_delete_permission(self, request, obj=None) -> bool:
        planned = obj is None or obj.status == ShiftStatus.PLANNED
        return planned and super().has_delete_permission(request, obj)


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


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "is_chief", "min_on_watch", "cert_validity_months"]
    filter_horizontal = ["eligible_nations"]


@admin.register(Crew)
class CrewAdmin(admin.ModelAdmin):
    list_display = ["name"]
    filter_horizontal = ["members"]


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    """Every assignment goes through shifts.services.roster, which enforces the rules."""

    list_display = ["shift", "position", "officer", "source", "created_by", "created_at"]
    list_filter = ["position", "source"]


@admin.register(Waiver)
class WaiverAdmin(ReadOnlyAdmin):
    list_display = ["rule", "shift", "officer", "approved_by", "created_at"]


class CertificationEventInline(HistoryInline):
    model = CertificationEvent
    readonly_fields = ["at", "actor", "from_status", "to_status", "reason"]


class EvaluationInline(HistoryInline):
    model = Evaluation
    readonly_fields = ["evaluated_on", "evaluator", "passed", "remarks"]


@admin.register(Certification)
class CertificationAdmin(ReadOnlyAdmin):
    list_display = ["officer", "position", "status", "expires_on"]
    list_filter = ["position", "status"]
    inlines = [EvaluationInline, CertificationEventInline]
    actions = ["expire_lapsed"]

    @admin.action(
        description="Expire every lapsed certification (the daily expiry rule)", permissions=["certify"]
    )
    def expire_lapsed(self, request, queryset):
        expired = certifications_expire()
        self.message_user(request, f"{len(expired)} certification(s) expired.")

    def has_certify_permission(self, request) -> bool:
        return request.user.has_perm(CERTIFY_PERMISSION)


class SwapEventInline(HistoryInline):
    model = SwapEvent
    readonly_fields = ["at", "actor", "from_status", "to_status", "reason"]


@admin.register(SwapRequest)
class SwapRequestAdmin(ReadOnlyAdmin):
    list_display = ["id", "shift", "position", "requester", "replacement", "status"]
    list_filter = ["status"]
    inlines = [SwapEventInline]


@admin.register(LogEntry)
class LogEntryAdmin(MarkedAdmin):
    """The watch log is append-only: an edit is a new version written by the watch service."""

    list_display = ["occurred_at", "shift", "category", "severity", "excerpt", "version", "is_current"]
    list_filter = ["category", "severity", "is_current"]
    search_fields = ["text"]

    @admin.display(description="text")
    def excerpt(self, entry: LogEntry) -> str:
        return Truncator(entry.text).chars(80)


class HandoverSectionInline(ReleasableInline):
    model = HandoverSection
    readonly_fields = ["kind", "title", "classification", "author", "body", "updated_at"]
    fields = readonly_fields


class HandoverEventInline(HistoryInline):
    model = HandoverEvent
    readonly_fields = ["at", "actor_label", "from_status", "to_status", "reason"]
    fields = readonly_fields


@admin.register(HandoverReport)
class HandoverReportAdmin(ReleasableAdmin, ReadOnlyAdmin):
    """The report moves draft → submitted → accepted only through the handover service; the admin shows
    the sections releasable to the reader."""

    def marked_items(self, request, obj) -> list:
        return list(visible_to(obj.sections.all(), reader_of(request)))

    list_display = ["__str__", "status", "submitted_at", "accepted_at", "accepted_by"]
    list_filter = ["status"]
    inlines = [HandoverSectionInline, HandoverEventInline]


@admin.register(HandoverSection)
class HandoverSectionAdmin(MarkedAdmin):
    list_display = ["report", "kind", "title", "classification", "author", "updated_at"]
    list_filter = ["kind"]


@admin.register(Notification)
class NotificationAdmin(MarkedAdmin):
    list_display = ["created_at", "recipient", "topic", "text", "read_at", "emailed_at"]
    list_filter = ["topic"]
