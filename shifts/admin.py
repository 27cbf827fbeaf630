from django.contrib import admin

from shifts.models import (
    Assignment,
    Certification,
    CertificationEvent,
    Crew,
    DiagnosticResult,
    Job,
    JobEvent,
    Nation,
    Officer,
    Position,
    Shift,
    SwapRequest,
    Waiver,
)


@admin.register(Nation)
class NationAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]


@admin.register(Officer)
class OfficerAdmin(admin.ModelAdmin):
    list_display = ["user", "rank", "nation", "clearance", "active"]
    list_filter = ["nation", "clearance", "active"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]


@admin.register(Shift)
class ShiftAdmin(admin.ModelAdmin):
    list_display = ["__str__", "watch", "starts_at", "ends_at"]
    list_filter = ["watch"]


class JobEventInline(admin.TabularInline):
    model = JobEvent
    extra = 0
    can_delete = False
    readonly_fields = ["at", "actor", "actor_label", "from_status", "to_status", "reason"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """Read-only: job state changes only through the engine's services, which write the events."""

    list_display = ["id", "kind", "status", "progress_percent", "shift", "attempts", "created_at"]
    list_filter = ["status", "kind"]
    inlines = [JobEventInline]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False


admin.site.register(DiagnosticResult)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows whose writes carry rules or history: changed only through the services (pages, API, commands)."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


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
    """Read-only: every assignment goes through shifts.services.roster, which enforces the rules."""

    list_display = ["shift", "position", "officer", "source", "created_by", "created_at"]
    list_filter = ["position", "source"]


@admin.register(Waiver)
class WaiverAdmin(ReadOnlyAdmin):
    list_display = ["rule", "shift", "officer", "approved_by", "created_at"]


class CertificationEventInline(admin.TabularInline):
    model = CertificationEvent
    extra = 0
    can_delete = False
    readonly_fields = ["at", "actor", "from_status", "to_status", "reason"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Certification)
class CertificationAdmin(ReadOnlyAdmin):
    list_display = ["officer", "position", "status", "expires_on"]
    list_filter = ["position", "status"]
    inlines = [CertificationEventInline]


@admin.register(SwapRequest)
class SwapRequestAdmin(ReadOnlyAdmin):
    list_display = ["id", "shift", "position", "requester", "replacement", "status"]
