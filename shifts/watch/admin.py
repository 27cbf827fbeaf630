"""The admin of the watch. No status is edited here: every state changes through its service (the pages,
the API, the commands), or through an admin action that calls that service. Marked rows are filtered by
the reader's releasability like every page (see shifts.markings.admin)."""

from django.contrib import admin
from django.utils.text import Truncator

from shifts.markings.admin import (
    HistoryInline,
    MarkedAdmin,
    ReadOnlyAdmin,
    ReleasableAdmin,
    ReleasableInline,
    reader_of,
)
from shifts.markings.selectors import visible_to
from shifts.watch.models import (
    HandoverEvent,
    HandoverReport,
    HandoverSection,
    LogEntry,
    Notification,
    ShiftEvent,
)
from shifts.workforce.models import Shift, ShiftStatus


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
