"""Identification's admin: batches, tracks, observations and decisions are shown, never edited (imports,
correlation and review write them); a sensor's status changes only through the status service."""

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.template.response import TemplateResponse

from shifts.markings.admin import HistoryInline, MarkedAdmin
from shifts.refusals import Refusal
from shifts.workforce.selectors import officer_of
from tracking.identification.forms import SensorStatusForm
from tracking.identification.models import Observation, ObservationBatch, Track, TrackDecision
from tracking.identification.services.sensors import sensor_status_change
from tracking.models import Sensor, SensorStatusChange


class SensorStatusChangeInline(HistoryInline):
    model = SensorStatusChange
    readonly_fields = ["changed_at", "status", "reason", "changed_by"]
    fields = readonly_fields


@admin.register(Sensor)
class SensorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "owner_nation", "kind", "status"]
    list_filter = ["status", "kind"]
    readonly_fields = ["status"]
    inlines = [SensorStatusChangeInline]
    actions = ["change_status"]

    @admin.action(
        description="Change the status of the selected sensors (logged on the watch)", permissions=["change"]
    )
    def change_status(self, request, queryset):
        form = SensorStatusForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            context = {
                **self.admin_site.each_context(request),
                "title": "Change sensor status",
                "opts": self.model._meta,
                "sensors": queryset,
                "form": form,
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(request, "admin/tracking/sensor/change_status.html", context)
        for sensor in queryset:
            try:
                sensor_status_change(sensor=sensor, by=officer_of(request.user), **form.cleaned_data)
            except Refusal as exc:
                self.message_user(request, f"{sensor.code}: {exc}", messages.WARNING)
            else:
                self.message_user(request, f"{sensor.code} is now {sensor.get_status_display().lower()}.")
        return None


@admin.register(ObservationBatch)
class ObservationBatchAdmin(MarkedAdmin):
    list_display = ["id", "filename", "file_format", "via", "uploaded_by", "track_count", "created_at"]
    list_filter = ["file_format", "via"]


@admin.register(Track)
class TrackAdmin(MarkedAdmin):
    list_display = [
        "track_id",
        "sensor",
        "start",
        "observation_count",
        "result",
        "space_object",
        "review_status",
    ]
    list_filter = ["result", "review_status"]
    list_select_related = ["sensor", "space_object"]


@admin.register(Observation)
class ObservationAdmin(MarkedAdmin):
    list_display = ["track", "epoch", "location"]
    list_select_related = ["track__sensor"]
    marked_through = "track"


@admin.register(TrackDecision)
class TrackDecisionAdmin(MarkedAdmin):
    list_display = ["track", "action", "space_object", "decided_by", "decided_at"]
    marked_through = "track"
