from rest_framework import serializers

from shifts.markings.banners import banner
from tracking.models import (
    CatalogImport,
    Conjunction,
    ElementSet,
    ManeuverDetection,
    PredictedPass,
    SpaceObject,
)


class ElementSetSerializer(serializers.ModelSerializer):
    class Meta:
        model = ElementSet
        exclude = ["space_object"]


class SpaceObjectSerializer(serializers.ModelSerializer):
    latest_element_set = ElementSetSerializer(read_only=True)

    class Meta:
        model = SpaceObject
        fields = [
            "norad_id",
            "international_designator",
            "name",
            "object_type",
            "owner",
            "status",
            "launch_date",
            "decay_date",
            "latest_element_set",
        ]


class ConjunctionSerializer(serializers.ModelSerializer):
    primary = serializers.IntegerField(source="primary.norad_id")
    secondary = serializers.IntegerField(source="secondary.norad_id")
    marking = serializers.SerializerMethodField()
    element_age_days = serializers.SerializerMethodField(help_text="each object's element-set age at TCA")
    stale = serializers.BooleanField(read_only=True, help_text="an element set was past its regime's limit")

    class Meta:
        model = Conjunction
        fields = [
            "id",
            "job",
            "primary",
            "secondary",
            "tca",
            "miss_km",
            "relative_speed_km_s",
            "radial_km",
            "in_track_km",
            "cross_track_km",
            "element_age_days",
            "stale",
            "marking",
        ]

    def get_element_age_days(self, conjunction: Conjunction) -> list[float | None]:
        return [round(a.days, 2) if a else None for a in conjunction.element_ages]

    def get_marking(self, conjunction: Conjunction) -> str:
        return banner(conjunction.classification, [n.code for n in conjunction.releasable_to.all()])


class CatalogImportSerializer(serializers.ModelSerializer):
    class Meta:
        model = CatalogImport
        exclude = ["requested_by"]


class CatalogUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    mode = serializers.ChoiceField(choices=["strict", "per_record"], default="strict")
    full_catalog = serializers.BooleanField(default=False)


class ManeuverDetectionSerializer(serializers.ModelSerializer):
    norad_id = serializers.IntegerField(source="space_object.norad_id")

    class Meta:
        model = ManeuverDetection
        fields = ["job", "norad_id", "detected_epoch", "detail"]


class PredictedPassSerializer(serializers.ModelSerializer):
    sensor = serializers.CharField(source="sensor.code")
    norad_id = serializers.IntegerField(source="space_object.norad_id")
    element_age_days = serializers.SerializerMethodField(help_text="element-set age at rise")
    stale = serializers.SerializerMethodField(help_text="the element set was past its regime's limit")

    class Meta:
        model = PredictedPass
        fields = [
            "job",
            "sensor",
            "norad_id",
            "rise",
            "culmination",
            "set",
            "max_elevation_deg",
            "rise_azimuth_deg",
            "set_azimuth_deg",
            "element_age_days",
            "stale",
        ]

    def get_element_age_days(self, found: PredictedPass) -> float | None:
        return round(found.element_age.days, 2) if found.element_age else None

    def get_stale(self, found: PredictedPass) -> bool | None:
        return found.element_age.stale if found.element_age else None
