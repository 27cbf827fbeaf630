"""The pages of every concern of shifts (the API's routes are in shifts.api_urls)."""

from django.urls import include, path

urlpatterns = [
    path("", include("shifts.jobs.urls")),
    path("", include("shifts.workforce.urls")),
    path("", include("shifts.watch.urls")),
]
