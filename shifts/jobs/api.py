"""API of the job engine: list, submit, cancel and re-run, through the same services and selectors."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from shifts.jobs import selectors as jobs_selectors
from shifts.jobs import services as job_services
from shifts.jobs.kinds import JobError
from shifts.jobs.serializers import JobDetailSerializer, JobSerializer, JobSubmitSerializer
from shifts.jobs.services import JobParamsError
from shifts.workforce import selectors as workforce_selectors


class JobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Jobs the caller may see. Filter with ?status=, ?kind=, ?shift=<id>."""

    serializer_class = JobSerializer
    filterset_fields = ["status", "kind", "shift"]

    def get_queryset(self):
        return jobs_selectors.jobs_visible_to(
            workforce_selectors.officer_of(self.request.user)
        ).prefetch_related("releasable_to", "events")

    def get_serializer_class(self):
        return JobDetailSerializer if self.action == "retrieve" else JobSerializer

    @extend_schema(request=JobSubmitSerializer, responses={201: JobDetailSerializer})
    def create(self, request):
        submit = JobSubmitSerializer(data=request.data)
        submit.is_valid(raise_exception=True)
        try:
            job = job_services.job_submit(**submit.validated_data, requested_by=request.user, via="api")
        except JobParamsError as exc:
            raise ValidationError({"params": exc.errors}) from None
        except JobError as exc:
            raise ValidationError({"kind": [str(exc)]}) from None
        return Response(JobDetailSerializer(job).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=JobDetailSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._act(job_services.job_cancel, by=request.user)

    @extend_schema(request=None, responses=JobDetailSerializer)
    @action(detail=True, methods=["post"])
    def rerun(self, request, pk=None):
        return self._act(job_services.job_rerun, by=request.user)

    def _act(self, service, **kwargs):
        try:
            job = service(job=self.get_object(), **kwargs)
        except JobError as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        return Response(JobDetailSerializer(self.get_queryset().get(pk=job.pk)).data)
