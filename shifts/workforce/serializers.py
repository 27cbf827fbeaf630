"""Serializers of the workforce's API."""

from rest_framework import serializers

from shifts.markings.serializers import NationCodeField
from shifts.workforce.models import (
    Assignment,
    Certification,
    CertificationEvent,
    Evaluation,
    Officer,
    Position,
    Shift,
    SwapEvent,
    SwapRequest,
    Waiver,
)


class PositionSerializer(serializers.ModelSerializer):
    eligible_nations = NationCodeField(many=True)

    class Meta:
        model = Position
        fields = [
            "id",
            "code",
            "title",
            "is_chief",
            "eligible_nations",
            "min_on_watch",
            "cert_validity_months",
        ]
        read_only_fields = fields


# Certification states are plain strings in the schema: their enum would collide with the jobs' status enum.
class CertificationBriefSerializer(serializers.ModelSerializer):
    position = serializers.SlugRelatedField(slug_field="code", read_only=True)
    status = serializers.CharField(read_only=True)

    class Meta:
        model = Certification
        fields = ["id", "position", "status", "certified_on", "expires_on"]
        read_only_fields = fields


class OfficerSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)
    name = serializers.CharField(source="user.get_full_name", read_only=True)
    nation = serializers.SlugRelatedField(slug_field="code", read_only=True)
    crews = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    certifications = CertificationBriefSerializer(many=True, read_only=True)

    class Meta:
        model = Officer
        fields = [
            "id",
            "username",
            "name",
            "rank",
            "service",
            "nation",
            "clearance",
            "active",
            "crews",
            "certifications",
        ]
        read_only_fields = fields


class CertificationEventSerializer(serializers.ModelSerializer):
    actor = serializers.StringRelatedField()
    from_status = serializers.CharField(read_only=True)
    to_status = serializers.CharField(read_only=True)

    class Meta:
        model = CertificationEvent
        fields = ["at", "actor", "from_status", "to_status", "reason"]


class EvaluationSerializer(serializers.ModelSerializer):
    evaluator = serializers.StringRelatedField()

    class Meta:
        model = Evaluation
        fields = ["evaluated_on", "evaluator", "passed", "remarks"]


class CertificationSerializer(serializers.ModelSerializer):
    officer = serializers.PrimaryKeyRelatedField(queryset=Officer.objects.all())
    position = serializers.SlugRelatedField(slug_field="code", queryset=Position.objects.all())
    status = serializers.CharField(read_only=True)
    events = CertificationEventSerializer(many=True, read_only=True)
    evaluations = EvaluationSerializer(many=True, read_only=True)

    class Meta:
        model = Certification
        fields = [
            "id",
            "officer",
            "position",
            "status",
            "certified_on",
            "expires_on",
            "evaluations",
            "events",
        ]
        read_only_fields = ["status", "certified_on", "expires_on"]


class EvaluationInputSerializer(serializers.Serializer):
    evaluated_on = serializers.DateField()
    passed = serializers.BooleanField()
    remarks = serializers.CharField(required=False, allow_blank=True, default="")


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class AssignmentSerializer(serializers.ModelSerializer):
    shift = serializers.PrimaryKeyRelatedField(queryset=Shift.objects.all())
    officer = serializers.PrimaryKeyRelatedField(queryset=Officer.objects.all())
    position = serializers.SlugRelatedField(slug_field="code", queryset=Position.objects.all())
    officer_name = serializers.CharField(source="officer.__str__", read_only=True)

    class Meta:
        model = Assignment
        fields = ["id", "shift", "officer", "officer_name", "position", "source", "created_at"]
        read_only_fields = ["source", "created_at"]


class ShiftSerializer(serializers.ModelSerializer):
    assignments = AssignmentSerializer(many=True, read_only=True)

    class Meta:
        model = Shift
        fields = ["id", "watch", "starts_at", "ends_at", "assignments"]
        read_only_fields = fields


class WaiverSerializer(serializers.ModelSerializer):
    shift = serializers.PrimaryKeyRelatedField(queryset=Shift.objects.all())
    officer = serializers.PrimaryKeyRelatedField(
        queryset=Officer.objects.all(), allow_null=True, required=False
    )
    approved_by = serializers.StringRelatedField()

    class Meta:
        model = Waiver
        fields = ["id", "rule", "shift", "officer", "reason", "approved_by", "created_at"]
        read_only_fields = ["approved_by", "created_at"]


# Statuses as plain strings: a second enum of the same field names would collide in the schema.
class SwapEventSerializer(serializers.ModelSerializer):
    actor = serializers.StringRelatedField()
    from_status = serializers.CharField(read_only=True)
    to_status = serializers.CharField(read_only=True)

    class Meta:
        model = SwapEvent
        fields = ["at", "actor", "from_status", "to_status", "reason"]
        read_only_fields = fields


class SwapSerializer(serializers.ModelSerializer):
    position = serializers.SlugRelatedField(slug_field="code", read_only=True)
    requester_name = serializers.CharField(source="requester.__str__", read_only=True)
    status = serializers.CharField(read_only=True)
    events = SwapEventSerializer(many=True, read_only=True)

    class Meta:
        model = SwapRequest
        fields = [
            "id",
            "shift",
            "position",
            "requester",
            "requester_name",
            "replacement",
            "status",
            "note",
            "created_at",
            "events",
        ]
        read_only_fields = fields


class SwapOfferSerializer(serializers.Serializer):
    assignment = serializers.PrimaryKeyRelatedField(queryset=Assignment.objects.all())
    note = serializers.CharField(required=False, allow_blank=True, default="")


class SwapProposeSerializer(serializers.Serializer):
    replacement = serializers.PrimaryKeyRelatedField(queryset=Officer.objects.all())
