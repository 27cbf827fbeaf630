from rest_framework.routers import DefaultRouter

from shifts.api import JobViewSet

router = DefaultRouter()
router.register("jobs", JobViewSet, basename="job")

urlpatterns = router.urls
