from rest_framework.routers import DefaultRouter

from tracking import api
from tracking.identification import api as identification_api

router = DefaultRouter()
router.register("objects", api.SpaceObjectViewSet, basename="space-object")
router.register("conjunctions", api.ConjunctionViewSet, basename="conjunction")
router.register("catalog-imports", api.CatalogImportViewSet, basename="catalog-import")
router.register("sensors", identification_api.SensorViewSet, basename="sensor")
router.register(
    "observation-batches", identification_api.ObservationBatchViewSet, basename="observation-batch"
)
router.register("passes", api.PredictedPassViewSet, basename="pass")
router.register("maneuvers", api.ManeuverDetectionViewSet, basename="maneuver")

urlpatterns = router.urls
