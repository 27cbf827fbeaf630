from rest_framework import serializers

from shifts.markings.banners import banner
from shifts.markings.models import Nation
from tracking.identification.models import ObservationBatch, ObservationFormat, Track
from tracking.models import Sensor, SensorStatus, SensorStatusChange


class MarkingMixin(serializers.Serializer):
    marking = serializers.SerializerMethodField()
    releasable_to = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    def get_marking(self, item) -> str:
        return banner(item.classification, [n.code for n in item.releasable_to.all()])


class TrackSerializer(MarkingMixin, serializers.ModelSerializer):
    sensor = serializers.CharField(source="sensor.code")
    norad_id = serializers.IntegerField(source="space_object.norad_id", allow_null=True, default=None)

    class Meta:
        model = Track
        fields = [
            "id",
            "track_id",
            "sensor",
            "start",
            "end",
            "observation_count",
            "reported_norad_id",
            "result",
            "norad_id",
            "score",
            "maneuver_candidate",
            "review_status",
            "classification",
            "releasable_to",
            "marking",
        ]


class BatchSerializer(MarkingMixin, serializers.ModelSerializer):
    uploaded_by = serializers.CharField(source="uploaded_by.username", allow_null=True, default=None)
    correlation_status = serializers.CharField(source="correlation_job.status", allow_null=True, default=None)
    counts = serializers.SerializerMethodField(help_text="tracks per outcome")

    class Meta:
        model = ObservationBatch
        fields = [
            "id",
            "filename",
            "file_format",
            "sha256",
            "via",
            "uploaded_by",
            "api_client",
            "created_at",
            "observation_count",
            "track_count",
            "counts",
            "correlation_job",
            "correlation_status",
            "classification",
            "releasable_to",
            "marking",
        ]

    def get_counts(self, batch) -> dict[str, int]:
        return {name: getattr(batch, name) for name in ("correlated", "ambiguous", "uct", "pending")}


class BatchDetailSerializer(BatchSerializer):
    tracks = serializers.SerializerMethodField()

    class Meta(BatchSerializer.Meta):
        fields = [*BatchSerializer.Meta.fields, "tracks"]

    def get_tracks(self, batch) -> list[dict]:
        return TrackSerializer(self.context["tracks"], many=True).data


class BatchUploadSerializer(serializers.Serializer):
    """One of: a multipart `file`; JSON `content` (the file's text) with a `filename`; or JSON
    `observations`, a list of records as the JSON format has them (`sensor`, `track_id`, `epoch`,
    the measured quantities and their sigmas, `norad_id`), with a `filename`."""

    file = serializers.FileField(required=False)
    content = serializers.CharField(required=False, trim_whitespace=False)
    observations = serializers.ListField(child=serializers.DictField(), required=False, min_length=1)
    filename = serializers.CharField(required=False, max_length=255)
    format = serializers.ChoiceField(choices=["auto", *ObservationFormat.values], default="auto")
    classification = serializers.IntegerField(min_value=0)
    releasable_to = serializers.SlugRelatedField(slug_field="code", many=True, queryset=Nation.objects.all())
    client = serializers.CharField(required=False, max_length=100, help_text="the sending system's name")

    def validate(self, attrs: dict) -> dict:
        given = [name for name in ("file", "content", "observations") if name in attrs]
        if len(given) != 1:
            raise serializers.ValidationError("give exactly one of file, content or observations")
        if "file" not in attrs and not attrs.get("filename"):
            raise serializers.ValidationError({"filename": "name the batch (the file it came from)"})
        if not attrs["releasable_to"]:
            raise serializers.ValidationError({"releasable_to": "at least one nation (only USA: NOFORN)"})
        return attrs


class SensorStatusChangeSerializer(serializers.ModelSerializer):
    changed_by = serializers.StringRelatedField()

    class Meta:
        model = SensorStatusChange
        fields = ["status", "reason", "changed_by", "changed_at"]


class SensorSerializer(serializers.ModelSerializer):
    history = serializers.SerializerMethodField(help_text="status changes, newest first")

    class Meta:
        model = Sensor
        fields = [
            "id",
            "code",
            "name",
            "owner_nation",
            "kind",
            "latitude_deg",
            "longitude_deg",
            "altitude_m",
            "min_elevation_deg",
            "max_range_km",
            "azimuth_min_deg",
            "azimuth_max_deg",
            "angle_noise_deg",
            "range_noise_km",
            "range_rate_noise_km_s",
            "status",
            "history",
        ]

    def get_history(self, sensor) -> list[dict]:
        return SensorStatusChangeSerializer(sensor.status_changes.all()[:20], many=True).data


class SensorStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=SensorStatus.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)
