from django.urls import include, path

from tracking import views

urlpatterns = [
    path("catalog/", views.catalog, name="catalog"),
    path("catalog/upload", views.catalog_upload, name="catalog-upload"),
    path("catalog/imports/<int:pk>/", views.import_report, name="import-report"),
    path("catalog/<int:norad_id>/", views.space_object, name="space-object"),
    path("catalog/<int:norad_id>/passes", views.pass_prediction_start, name="pass-prediction-start"),
    path("conjunctions/", views.conjunction_list, name="conjunction-list"),
    path("conjunctions/screen", views.screening_start, name="screening-start"),
    path("conjunctions/<int:pk>/", views.conjunction_detail, name="conjunction-detail"),
    path("conjunctions/<int:pk>/cdm", views.conjunction_cdm_download, name="conjunction-cdm"),
    path("", include("tracking.identification.urls")),
]
