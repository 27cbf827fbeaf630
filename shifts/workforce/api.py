"""API of the workforce: officers, positions, certifications, shifts, seats, waivers, swaps."""

from datetime import UTC, date, datetime

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from shifts.workforce import selectors
from shifts.workforce.models import Assignment, Waiver
from shifts.workforce.serializers import (
    AssignmentSerializer,
    CertificationSerializer,
    EvaluationInputSerializer,
    OfficerSerializer,
    PositionSerializer,
    ReasonSerializer,
    ShiftSerializer,
    SwapOfferSerializer,
    SwapProposeSerializer,
    SwapSerializer,
    WaiverSerializer,
)
from shifts.workforce.services import certification, roster, swaps
from shifts.workforce.services.roster import roster_validate, window_bounds, window_parse


class OfficerViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = OfficerSerializer
    filterset_fields = ["nation__code", "active"]

    def get_queryset(self):
        return selectors.officers_all()


class PositionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PositionSerializer

    def get_queryset(self):
        return selectors.positions_all()


class CertificationViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Certifications; POST enrols an officer in training; the actions move the state machine."""

    serializer_class = CertificationSerializer
    filterset_fields = ["status", "officer", "position__code"]

    def get_queryset(self):
        return selectors.certifications_all().prefetch_related("events__actor", "evaluations__evaluator")

    def create(self, request):
        data = CertificationSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cert = certification.certification_start(
            officer=data.validated_data["officer"],
            position=data.validated_data["position"],
            by=request.user,
        )
        return Response(self._show(cert), status=status.HTTP_201_CREATED)

    def _show(self, cert):
        return CertificationSerializer(self.get_queryset().get(pk=cert.pk)).data

    def _act(self, service, **kwargs):
        outcome = service(certification=self.get_object(), **kwargs)
        if isinstance(outcome, certification.Withdrawal):
            body = self._show(outcome.certification)
            body["uncovered_shifts"] = [{"id": s.id, "shift": str(s)} for s in outcome.uncovered]
            return Response(body)
        return Response(self._show(self.get_object()))

    def _reason(self, request) -> str:
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return data.validated_data["reason"]

    @extend_schema(request=ReasonSerializer, responses=CertificationSerializer)
    @action(detail=True, methods=["post"])
    def ready(self, request, pk=None):
        return self._act(certification.certification_ready, by=request.user, reason=self._reason(request))

    @extend_schema(request=EvaluationInputSerializer, responses=CertificationSerializer)
    @action(detail=True, methods=["post"])
    def evaluate(self, request, pk=None):
        data = EvaluationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._act(certification.evaluation_record, evaluator=request.user, **data.validated_data)

    @extend_schema(request=ReasonSerializer, responses=CertificationSerializer)
    @action(detail=True, methods=["post"])
    def certify(self, request, pk=None):
        return self._act(certification.certification_certify, by=request.user, reason=self._reason(request))

    @extend_schema(request=ReasonSerializer, responses=CertificationSerializer)
    @action(detail=True, methods=["post"])
    def reinstate(self, request, pk=None):
        return self._act(certification.certification_reinstate, by=request.user, reason=self._reason(request))

    @extend_schema(request=ReasonSerializer, responses=CertificationSerializer)
    @action(detail=True, methods=["post"])
    def suspend(self, request, pk=None):
        return self._act(certification.certification_suspend, by=request.user, reason=self._reason(request))

    @extend_schema(request=ReasonSerializer, responses=CertificationSerializer)
    @action(detail=True, methods=["post"])
    def decertify(self, request, pk=None):
        return self._act(certification.certification_decertify, by=request.user, reason=self._reason(request))


def _window(request, start: str, *, default_days: int) -> tuple[date, int]:
    try:
        return window_parse(start, request.query_params.get("days", default_days))
    except ValueError as exc:
        raise ValidationError({"start": [str(exc)]}) from None


class ShiftViewSet(viewsets.ReadOnlyModelViewSet):
    """Watches with their seats. ?start=YYYY-MM-DD&days=N limits the list to those days."""

    serializer_class = ShiftSerializer

    def get_queryset(self):
        start = self.request.query_params.get("start")
        if self.action != "list" or not start:
            return selectors.shifts_between(
                datetime.min.replace(tzinfo=UTC), datetime.max.replace(tzinfo=UTC)
            )
        return selectors.shifts_between(*window_bounds(*_window(self.request, start, default_days=7)))

    @extend_schema(responses=None)
    @action(detail=False, methods=["get"])
    def violations(self, request):
        """Every breach of the roster in ?start=YYYY-MM-DD&days=N (default 28)."""
        start, days = _window(request, request.query_params.get("start", ""), default_days=28)
        _, found = roster_validate(start=start, days=days)
        return Response(
            [
                {"rule": v.rule, "shift": v.shift_id, "officer": v.officer_id, "message": v.message}
                for v in found
            ]
        )


class AssignmentViewSet(
    mixins.CreateModelMixin, mixins.DestroyModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet
):
    serializer_class = AssignmentSerializer
    filterset_fields = ["shift", "officer", "position__code"]

    def get_queryset(self):
        return Assignment.objects.select_related("officer__user", "officer__nation", "position", "shift")

    def create(self, request):
        data = AssignmentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        made = roster.assignment_create(**data.validated_data, by=request.user, source="api")
        return Response(AssignmentSerializer(made).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, pk=None):
        roster.assignment_delete(assignment=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class WaiverViewSet(mixins.CreateModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = WaiverSerializer
    filterset_fields = ["shift", "officer", "rule"]

    def get_queryset(self):
        return Waiver.objects.select_related("approved_by")

    def create(self, request):
        data = WaiverSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        made = roster.waiver_grant(**data.validated_data, approved_by=request.user)
        return Response(WaiverSerializer(made).data, status=status.HTTP_201_CREATED)


class SwapViewSet(viewsets.ReadOnlyModelViewSet):
    """Swap requests. POST offers one of your seats; the actions move it: a replacement is proposed
    (or volunteers), consents, and someone not party to it approves."""

    serializer_class = SwapSerializer
    filterset_fields = ["status", "shift", "requester", "replacement"]

    def get_queryset(self):
        return selectors.swaps_visible()

    @extend_schema(request=SwapOfferSerializer, responses={201: SwapSerializer})
    def create(self, request):
        data = SwapOfferSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        swap = swaps.swap_offer(**data.validated_data, by=request.user)
        return Response(self._show(swap), status=status.HTTP_201_CREATED)

    def _show(self, swap):
        return SwapSerializer(self.get_queryset().get(pk=swap.pk)).data

    def _reason(self, request) -> str:
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return data.validated_data["reason"]

    @extend_schema(request=SwapProposeSerializer, responses=SwapSerializer)
    @action(detail=True, methods=["post"])
    def propose(self, request, pk=None):
        data = SwapProposeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        swap = swaps.swap_propose(swap=self.get_object(), by=request.user, **data.validated_data)
        return Response(self._show(swap))

    @extend_schema(request=None, responses=SwapSerializer)
    @action(detail=True, methods=["post"])
    def volunteer(self, request, pk=None):
        return Response(self._show(swaps.swap_volunteer(swap=self.get_object(), by=request.user)))

    @extend_schema(request=None, responses=SwapSerializer)
    @action(detail=True, methods=["post"])
    def consent(self, request, pk=None):
        return Response(self._show(swaps.swap_consent(swap=self.get_object(), by=request.user)))

    @extend_schema(request=ReasonSerializer, responses=SwapSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        swap = swaps.swap_decline(swap=self.get_object(), by=request.user, reason=self._reason(request))
        return Response(self._show(swap))

    @extend_schema(request=ReasonSerializer, responses=SwapSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        swap = swaps.swap_approve(swap=self.get_object(), by=request.user, reason=self._reason(request))
        return Response(self._show(swap))

    @extend_schema(request=ReasonSerializer, responses=SwapSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        swap = swaps.swap_reject(swap=self.get_object(), by=request.user, reason=self._reason(request))
        return Response(self._show(swap))

    @extend_schema(request=None, responses=SwapSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return Response(self._show(swaps.swap_withdraw(swap=self.get_object(), by=request.user)))
