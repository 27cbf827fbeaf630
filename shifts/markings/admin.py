"""What every admin page of the project shares: releasability, and no write that skips a service.

Releasability is a property of the reader (nation and clearance), not of their administrative role:
the admin filters every marked row through the same selector as the pages (`visible_to`), for
superusers too. A superuser without an officer record sees no marked row at all. Limiting the admin
to superusers of the owning nation would not do: an American superuser may lack the clearance of an
item, and the coalition's own staff (a British scheduler) need the admin for the unmarked workforce.
"""

from django.contrib import admin
from django.db.models import QuerySet

from shifts.markings.banners import page_banner
from shifts.markings.models import Marked, Nation
from shifts.markings.selectors import visible_to


def reader_of(request):
    return getattr(request.user, "officer", None)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows whose writes carry rules or history: changed only through the services (pages, API, commands)."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReleasableAdmin(admin.ModelAdmin):
    """The rows the reader may see. A marked model is filtered by its own marking; a model derived from
    a marked one names the path to it in `marked_through` (e.g. "job"), and is at least as restricted.
    The banner of each page carries the highest marking the page shows, as on every other page."""

    marked_through = ""

    def get_queryset(self, request) -> QuerySet:
        rows = super().get_queryset(request)
        if issubclass(self.model, Marked):
            return visible_to(rows, reader_of(request))
        if self.marked_through:
            marked = self.model._meta.get_field(self.marked_through).related_model
            return rows.filter(
                **{f"{self.marked_through}__in": visible_to(marked.objects.all(), reader_of(request))}
            )
        return rows

    def marked_items(self, request, obj) -> list[Marked]:
        """The marked rows a change page of `obj` shows."""
        if isinstance(obj, Marked):
            return [obj]
        return [getattr(obj, self.marked_through)] if self.marked_through else []

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["page_banner"] = page_banner(self.marked_items(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            rows = list(changelist.result_list)
            response.context_data["page_banner"] = page_banner(
                rows
                if issubclass(self.model, Marked)
                else [self.marked_items(request, row)[0] for row in rows]
            )
        return response


class MarkedAdmin(ReleasableAdmin, ReadOnlyAdmin):
    """Marked rows (or rows derived from them): written only by their services, shown only if releasable."""


class ReleasableInline(admin.TabularInline):
    """An inline of marked rows shows only those the reader may see; none is edited here."""

    extra = 0
    can_delete = False

    def get_queryset(self, request) -> QuerySet:
        return visible_to(super().get_queryset(request), reader_of(request))

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class HistoryInline(admin.TabularInline):
    """Append-only events: shown, never added, changed or deleted."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Nation)
class NationAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
