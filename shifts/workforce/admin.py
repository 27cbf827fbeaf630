"""The admin of the workforce. No state is edited here: certifications, swaps and seats change through
their services, or through an admin action that calls that service (see shifts.markings.admin)."""

from django.contrib import admin

from shifts.markings.admin import HistoryInline, ReadOnlyAdmin
from shifts.workforce.models import (
    Assignment,
    Certification,
    CertificationEvent,
    Crew,
    Evaluation,
    Officer,
    Position,
    SwapEvent,
    SwapRequest,
    Waiver,
)
from shifts.workforce.perms import CERTIFY_PERMISSION
from shifts.workforce.services.certification import certifications_expire


@admin.register(Officer)
class OfficerAdmin(admin.ModelAdmin):
    list_display = ["user", "rank", "nation", "clearance", "active"]
    list_filter = ["nation", "clearance", "active"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]


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
    """Every assignment goes through shifts.workforce.services.roster, which enforces the rules."""

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
