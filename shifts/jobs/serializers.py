"""Serializers of the job engine's API."""

from rest_framework import serializers

from shifts.jobs.models import Job, JobEvent
from shifts.markings.models import Nation, classification_choices


class JobEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = JobEvent
        fields = ["at", "actor_label", "from_status", "to_status", "reason"]


class JobSerializer(serializers.ModelSerializer):
    shift = serializers.StringRelatedField()
    requested_by = serializers.StringRelatedField()
    marking = serializers.SerializerMethodField()

    class Meta:
        model = Job
        fields = [
            "id",
            "kind",
            "params",
            "status",
            "progress_percent",
            "progress_message",
            "shift",
            "requested_by",
            "attempts",
            "worker",
            "heartbeat_at",
            "created_at",
            "started_at",
            "finished_at",
            "result_summary",
            "error_message",
            "cancel_requested",
            "marking",
        ]
        read_only_fields = fields

    def get_marking(self, job: Job) -> str:
        from shifts.markings.banners import banner

        return banner(job.classification, [n.code for n in job.releasable_to.all()])


class JobDetailSerializer(JobSerializer):
    events = JobEventSerializer(many=True, read_only=True)

    class Meta(JobSerializer.Meta):
        fields = [*JobSerializer.Meta.fields, "events"]
        read_only_fields = fields


class JobSubmitSerializer(serializers.Serializer):
    kind = serializers.CharField()
    params = serializers.DictField(required=False, default=dict)
    classification = serializers.ChoiceField(choices=classification_choices(), default=0)
    releasable_to = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Nation.objects.all(),
        many=True,
        required=False,
        help_text="ISO trigraphs; default: every nation",
    )
