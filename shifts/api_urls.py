from rest_framework.routers import DefaultRouter

from shifts.api import (
    AssignmentViewSet,
    CertificationViewSet,
    JobViewSet,
    OfficerViewSet,
    PositionViewSet,
    ShiftViewSet,
    WaiverViewSet,
)

router = DefaultRouter()
router.register("jobs", JobViewSet, basename="job")
router.register("officers", OfficerViewSet, basename="officer")
router.register("positions", PositionViewSet, basename="position")
router.register("certifications", CertificationViewSet, basename="certification")
router.register("shifts", ShiftViewSet, basename="shift")
router.register("assignments", AssignmentViewSet, basename="assignment")
router.register("waivers", WaiverViewSet, basename="waiver")

urlpatterns = router.urls
