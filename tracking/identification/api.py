"""The API of identification: observation batches (upload, list, detail) and sensors with their status."""

import json

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from shifts.workforce.selectors import officer_of
from shifts.zulu import zulu
from tracking.identification import selectors
from tracking.identification.serializers import (
    BatchDetailSerializer,
    BatchSerializer,
    BatchUploadSerializer,
    SensorSerializer,
    SensorStatusSerializer,
)
from tracking.identification.services.importing import ObservationImportRejected, batch_import
from tracking.identification.services.sensors import sensor_status_change
from tracking.models import Sensor


def _upload_content(data: dict) -> tuple[bytes | str, str, str]:
    """The bytes to import, their name and format, whichever way the caller sent them."""
    if "file" in data:
        return data["file"].read(), data["file"].name, data["format"]
    if "content" in data:
        return data["content"], data["filename"], data["format"]
    # The JSON format's shape, canonical: the same observations posted again are the same bytes.
    return json.dumps({"observations": data["observations"]}, sort_keys=True), data["filename"], "json"


class ObservationBatchViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Observation batches the caller may see, with their tracks per outcome. POST imports a batch
    whole or not at all (400 lists every problem); the same bytes again answer 200 with the batch
    they made, changing nothing."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]
    filter_backends = []

    def get_queryset(self):
        return selectors.batches_visible_to(officer_of(self.request.user))

    def get_serializer_class(self):
        return BatchDetailSerializer if self.action == "retrieve" else BatchSerializer

    def retrieve(self, request, pk=None):
        batch = self.get_object()
        tracks = selectors.tracks_of(batch, officer_of(request.user))
        return Response(BatchDetailSerializer(batch, context={"tracks": tracks}).data)

    @extend_schema(request=BatchUploadSerializer, responses={201: BatchSerializer, 200: BatchSerializer})
    def create(self, request):
        upload = BatchUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        data = upload.validated_data
        content, filename, file_format = _upload_content(data)
        try:
            batch = batch_import(
                content=content,
                filename=filename,
                file_format=file_format,
                by=request.user,
                via="api",
                classification=data["classification"],
                releasable_to=data["releasable_to"],
                api_client=data.get("client") or request.headers.get("User-Agent", ""),
            )
        except ObservationImportRejected as exc:
            return Response({"detail": str(exc), "errors": exc.as_list()}, status=status.HTTP_400_BAD_REQUEST)
        shown = self.get_queryset().get(pk=batch.pk)
        if batch.duplicate:
            detail = f"already imported as batch {batch.pk} on {zulu(batch.created_at)}: nothing changed"
        else:
            detail = f"imported; correlation queued as job {batch.correlation_job_id}"
        body = {**BatchSerializer(shown).data, "duplicate": batch.duplicate, "detail": detail}
        return Response(body, status=status.HTTP_200_OK if batch.duplicate else status.HTTP_201_CREATED)


class SensorViewSet(viewsets.ReadOnlyModelViewSet):
    """Sensors with their noise, status and status history; POST `{code}/status/` changes the status
    (the crew on watch or staff; a reason for degraded or down; logged on the watch)."""

    serializer_class = SensorSerializer
    queryset = Sensor.objects.all()
    lookup_field = "code"

    @extend_schema(request=SensorStatusSerializer, responses={200: SensorSerializer})
    @action(detail=True, methods=["post"])
    def status(self, request, code=None):
        sensor = self.get_object()
        change = SensorStatusSerializer(data=request.data)
        change.is_valid(raise_exception=True)
        sensor_status_change(sensor=sensor, by=officer_of(request.user), **change.validated_data)
        return Response(SensorSerializer(sensor).data)
