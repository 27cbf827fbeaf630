"""The catalog's admin. The catalog is written by imports (which keep each object's latest set in step),
conjunctions and other results by their jobs: those rows are shown, never edited here; marked rows and
rows derived from a job are filtered by the reader's releasability (see shifts.markings.admin)."""

from django.contrib import admin

from shifts.markings.admin import MarkedAdmin, ReadOnlyAdmin
from tracking.identification import admin as identification_admin  # noqa: F401  (registers its models)
from tracking.models import (
    CatalogImport,
    Conjunction,
    ElementSet,
    ManeuverDetection,
    PredictedPass,
    SpaceObject,
)


@admin.register(SpaceObject)
class SpaceObjectAdmin(admin.ModelAdmin):
    list_display = ["norad_id", "name", "international_designator", "object_type", "owner"]
    search_fields = ["norad_id", "name", "international_designator"]
    list_filter = ["object_type"]
    # The catalog status and the latest set come from the imports, which keep them in step.
    readonly_fields = ["status", "latest_element_set"]


@admin.register(ElementSet)
class ElementSetAdmin(ReadOnlyAdmin):
    list_display = ["space_object", "epoch", "source_format", "source"]


@admin.register(CatalogImport)
class CatalogImportAdmin(ReadOnlyAdmin):
    list_display = [
        "filename",
        "file_format",
        "mode",
        "accepted",
        "new_element_sets",
        "rejected",
        "created_at",
    ]
    list_filter = ["accepted", "mode"]


@admin.register(Conjunction)
class ConjunctionAdmin(MarkedAdmin):
    list_display = ["__str__", "miss_km", "relative_speed_km_s", "classification", "job"]
    list_select_related = ["primary", "secondary", "job"]


@admin.register(PredictedPass)
class PredictedPassAdmin(MarkedAdmin):
    list_display = ["space_object", "sensor", "rise", "max_elevation_deg", "job"]
    marked_through = "job"


@admin.register(ManeuverDetection)
class ManeuverDetectionAdmin(MarkedAdmin):
    list_display = ["space_object", "detected_epoch", "detail", "job"]
    marked_through = "job"
