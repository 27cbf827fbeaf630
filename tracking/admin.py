from django.contrib import admin

from tracking.models import ElementSet, Sensor, SpaceObject


@admin.register(SpaceObject)
class SpaceObjectAdmin(admin.ModelAdmin):
    list_display = ["norad_id", "name", "international_designator", "object_type", "owner"]
    search_fields = ["norad_id", "name", "international_designator"]
    list_filter = ["object_type"]
    raw_id_fields = ["latest_element_set"]


@admin.register(ElementSet)
class ElementSetAdmin(admin.ModelAdmin):
    list_display = ["space_object", "epoch", "source_format", "source"]
    raw_id_fields = ["space_object"]


@admin.register(Sensor)
class SensorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "owner_nation", "kind"]
