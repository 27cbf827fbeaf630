from rest_framework.routers import DefaultRouter

from shifts.jobs.api import JobViewSet
from shifts.watch.api import HandoverViewSet, LogEntryViewSet
from shifts.workforce.api import (
    AssignmentViewSet,
    CertificationViewSet,
    OfficerViewSet,
    PositionViewSet,
    ShiftViewSet,
    SwapViewSet,
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
router.register("swaps", SwapViewSet, basename="swap")
router.register("log-entries", LogEntryViewSet, basename="log-entry")
router.register("handovers", HandoverViewSet, basename="handover")

urlpatterns = router.urls
