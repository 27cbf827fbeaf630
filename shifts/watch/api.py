"""API of the watch: log entries and handover reports, through the same services and selectors."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from shifts.markings.banners import banner
from shifts.markings.models import Nation, classification_choices
from shifts.watch import selectors as selectors_watch
from shifts.watch.models import LogCategory, LogEntry, Severity
from shifts.watch.services import handover
from shifts.watch.services import log as watch
from shifts.workforce import selectors
from shifts.workforce.models import Position


def _marking(obj) -> str:
    return banner(obj.classification, [n.code for n in obj.releasable_to.all()])


class LogEntrySerializer(serializers.ModelSerializer):
    author = serializers.StringRelatedField()
    shift = serializers.StringRelatedField()
    marking = serializers.SerializerMethodField()

    class Meta:
        model = LogEntry
        fields = [
            "id",
            "thread",
            "version",
            "is_current",
            "shift",
            "occurred_at",
            "logged_at",
            "category",
            "severity",
            "text",
            "author",
            "marking",
            "revision_reason",
        ]

    def get_marking(self, entry: LogEntry) -> str:
        return _marking(entry)


class LogEntryWriteSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=LogCategory.choices)
    severity = serializers.ChoiceField(choices=Severity.choices, default=Severity.ROUTINE)
    text = serializers.CharField()
    occurred_at = serializers.DateTimeField(required=False)
    classification = serializers.ChoiceField(choices=classification_choices(), default=0)
    releasable_to = serializers.ListField(
        child=serializers.CharField(max_length=3),
        required=False,
        help_text="ISO trigraphs; default: every nation",
    )

    def validate_releasable_to(self, codes: list[str]) -> list[Nation]:
        nations = list(Nation.objects.filter(code__in=codes))
        unknown = sorted(set(codes) - {n.code for n in nations})
        if unknown:
            raise serializers.ValidationError(f"unknown nations: {', '.join(unknown)}")
        return nations


class LogEntryReviseSerializer(LogEntryWriteSerializer):
    """Every field may be left out (it keeps its value) but the reason: a revision always says why."""

    reason = serializers.CharField(help_text="Why this version replaces the current one")

    def validate(self, attrs: dict) -> dict:
        if "reason" not in attrs:
            raise serializers.ValidationError({"reason": ["A revision says why."]})
        return attrs


class LogEntryViewSet(viewsets.ReadOnlyModelViewSet):
    """The watch log (current versions; ?all=1 for every version). Write: POST; revise: POST {id}/revise/."""

    serializer_class = LogEntrySerializer

    def get_queryset(self):
        officer = selectors.officer_of(self.request.user)
        current_only = self.request.query_params.get("all") != "1" and self.action == "list"
        return selectors_watch.log_entries_visible_to(officer, current_only=current_only).prefetch_related(
            "releasable_to"
        )

    @extend_schema(request=LogEntryWriteSerializer, responses={201: LogEntrySerializer})
    def create(self, request):
        data = LogEntryWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = watch.log_entry_create(author=selectors.officer_of(request.user), **data.validated_data)
        return Response(LogEntrySerializer(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=LogEntryReviseSerializer, responses={201: LogEntrySerializer})
    @action(detail=True, methods=["post"])
    def revise(self, request, pk=None):
        data = LogEntryReviseSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        entry = watch.log_entry_revise(
            entry=self.get_object(), author=selectors.officer_of(request.user), **data.validated_data
        )
        return Response(LogEntrySerializer(entry).data, status=status.HTTP_201_CREATED)


class SectionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    key = serializers.CharField()
    title = serializers.CharField()
    body = serializers.CharField()
    author = serializers.StringRelatedField()
    version = serializers.IntegerField()
    acknowledged_by = serializers.StringRelatedField()
    acknowledged_at = serializers.DateTimeField()
    marking = serializers.SerializerMethodField()

    def get_marking(self, section) -> str:
        return _marking(section)


class QuestionSerializer(serializers.Serializer):
    text = serializers.CharField()
    asked_by = serializers.StringRelatedField()
    asked_at = serializers.DateTimeField()
    marking = serializers.SerializerMethodField()

    def get_marking(self, question) -> str:
        return _marking(question)


class MarkedWriteSerializer(serializers.Serializer):
    classification = serializers.ChoiceField(choices=classification_choices(), default=0)
    releasable_to = serializers.ListField(
        child=serializers.CharField(max_length=3),
        required=False,
        help_text="ISO trigraphs; default: every nation",
    )

    validate_releasable_to = LogEntryWriteSerializer.validate_releasable_to


class QuestionsSerializer(MarkedWriteSerializer):
    questions = serializers.CharField()


class SectionWriteSerializer(MarkedWriteSerializer):
    key = serializers.CharField(help_text="A position code, next_shift or leadership")
    body = serializers.CharField(allow_blank=True)
    based_on = serializers.IntegerField(min_value=0, help_text="The version you were shown (0: none yet)")


class AcknowledgeSerializer(serializers.Serializer):
    section = serializers.IntegerField()


class HandoverSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    outgoing_shift = serializers.StringRelatedField()
    incoming_shift = serializers.StringRelatedField()
    status = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    accepted_at = serializers.DateTimeField()


class HandoverViewSet(viewsets.ReadOnlyModelViewSet):
    """Handover reports: each reader gets the sections and questions releasable to them, and the number
    of sections withheld."""

    queryset = selectors_watch.handover_reports()
    serializer_class = HandoverSerializer

    def retrieve(self, request, pk=None):
        officer = selectors.officer_of(request.user)
        readable = selectors_watch.handover_readable_by(self.get_object(), officer)
        acknowledged = selectors_watch.handover_acknowledgement(readable.report)
        return Response(
            {
                **HandoverSerializer(readable.report).data,
                "acceptance_opens_at": handover.acceptance_opens_at(readable.report),
                "questions": QuestionSerializer(
                    selectors_watch.handover_questions(readable.report, officer), many=True
                ).data,
                "sections": SectionSerializer(readable.sections, many=True).data,
                "withheld_sections": readable.withheld,
                "acknowledged": {"done": acknowledged.done, "total": acknowledged.total},
            }
        )

    def _act(self, service, **kwargs):
        service(report=self.get_object(), officer=selectors.officer_of(self.request.user), **kwargs)
        return self.retrieve(self.request, pk=self.kwargs["pk"])

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._act(handover.handover_submit)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._act(handover.handover_accept)

    @extend_schema(request=QuestionsSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        data = QuestionsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._act(handover.handover_return, **data.validated_data)

    @extend_schema(request=SectionWriteSerializer)
    @action(detail=True, methods=["post"])
    def sections(self, request, pk=None):
        """Write a section; refused 409 (`stale_version`) when someone saved since `based_on`."""
        data = SectionWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        handover.handover_section_write(
            report=self.get_object(),
            author=selectors.officer_of(request.user),
            position=Position.objects.filter(code=data.validated_data["key"]).first(),
            **data.validated_data,
        )
        return self.retrieve(request, pk=pk)

    @extend_schema(request=AcknowledgeSerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        data = AcknowledgeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        section = get_object_or_404(self.get_object().sections, pk=data.validated_data["section"])
        handover.handover_section_acknowledge(section=section, officer=selectors.officer_of(request.user))
        return self.retrieve(request, pk=pk)
