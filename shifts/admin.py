from django.contrib import admin

from shifts.models import DiagnosticResult, Job, JobEvent, Nation, Officer, Shift


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
