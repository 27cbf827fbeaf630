from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from shifts.jobs.selectors import jobs_visible_to
from shifts.workforce.selectors import officer_of
from tracking import selectors
from tracking.models import CatalogImport, ManeuverDetection, PredictedPass
from tracking.serializers import (
    CatalogImportSerializer,
    CatalogUploadSerializer,
    ConjunctionSerializer,
    ElementSetSerializer,
    ManeuverDetectionSerializer,
    PredictedPassSerializer,
    SpaceObjectSerializer,
)
from tracking.services.catalog import CatalogImportRejected, ImportFile, catalog_import
from tracking.services.cdm import conjunction_cdm


class SpaceObjectViewSet(viewsets.ReadOnlyModelViewSet):
    """The catalog. Search with ?q= (number, name, designator), ?object_type=, ?owner=,
    ?regime=leo|meo|geo|heo."""

    serializer_class = SpaceObjectSerializer
    lookup_field = "norad_id"
    filter_backends = []

    def get_queryset(self):
        params = self.request.query_params
        return selectors.catalog_search(
            params.get("q", ""),
            params.get("object_type", ""),
            params.get("owner", ""),
            params.get("regime", "") if params.get("regime", "") in selectors.REGIMES else "",
        )

    @extend_schema(responses=ElementSetSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="element-sets")
    def element_sets(self, request, norad_id=None):
        sets = self.get_object().element_sets.order_by("-epoch")
        page = self.paginate_queryset(sets)
        return self.get_paginated_response(ElementSetSerializer(page, many=True).data)


class ConjunctionViewSet(viewsets.ReadOnlyModelViewSet):
    """Conjunctions the caller may see; ?job= narrows to one screening, ?ordering=tca|miss_km."""

    serializer_class = ConjunctionSerializer
    filterset_fields = ["job"]

    def get_queryset(self):
        ordering = self.request.query_params.get("ordering", "tca")
        rows = selectors.conjunctions_visible_to(officer_of(self.request.user)).prefetch_related(
            "releasable_to"
        )
        return rows.order_by(ordering if ordering in ("tca", "miss_km", "-miss_km", "-tca") else "tca")

    @extend_schema(responses={(200, "text/plain"): str})
    @action(detail=True, methods=["get"])
    def cdm(self, request, pk=None):
        return HttpResponse(conjunction_cdm(self.get_object()), content_type="text/plain; charset=utf-8")


class CatalogImportViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Upload an element-set file (multipart `file`); strict mode rejects the whole file on any bad record."""

    serializer_class = CatalogImportSerializer
    queryset = CatalogImport.objects.all()
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request=CatalogUploadSerializer, responses={201: CatalogImportSerializer})
    def create(self, request):
        upload = CatalogUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        data = upload.validated_data
        try:
            text = data["file"].read().decode("utf-8")
        except UnicodeDecodeError as exc:
            return Response(
                {"file": [f"not UTF-8 text (byte {exc.start})"]}, status=status.HTTP_400_BAD_REQUEST
            )
        try:
            report = catalog_import(
                upload=ImportFile(data["file"].name, text),
                mode=data["mode"],
                full_catalog=data["full_catalog"],
                requested_by=request.user,
                via="api",
            )
        except CatalogImportRejected as exc:
            return Response(
                {"detail": str(exc), "report": CatalogImportSerializer(exc.report).data},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(CatalogImportSerializer(report).data, status=status.HTTP_201_CREATED)


@extend_schema(parameters=[OpenApiParameter("norad_id", int), OpenApiParameter("sensor", str)])
class PredictedPassViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PredictedPassSerializer
    filterset_fields = ["job"]

    def get_queryset(self):
        # A job's results are as restricted as the job.
        visible = jobs_visible_to(officer_of(self.request.user))
        passes = PredictedPass.objects.filter(job__in=visible).select_related(
            "sensor", "space_object", "element_set"
        )
        params = self.request.query_params
        if params.get("norad_id", "").isdigit():
            passes = passes.filter(space_object__norad_id=int(params["norad_id"]))
        if params.get("sensor"):
            passes = passes.filter(sensor__code=params["sensor"])
        return passes


class ManeuverDetectionViewSet(viewsets.ReadOnlyModelViewSet):
    """Manoeuvres found by manoeuvre-detection jobs; ?norad_id= narrows to one object."""

    serializer_class = ManeuverDetectionSerializer
    filterset_fields = ["job"]

    def get_queryset(self):
        visible = jobs_visible_to(officer_of(self.request.user))
        found = ManeuverDetection.objects.filter(job__in=visible).select_related("space_object")
        norad_id = self.request.query_params.get("norad_id", "")
        return found.filter(space_object__norad_id=int(norad_id)) if norad_id.isdigit() else found
