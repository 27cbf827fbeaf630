from django.urls import path

from tracking.identification import views

urlpatterns = [
    path("observations/", views.batch_list, name="observation-batches"),
    path("observations/upload", views.batch_upload, name="observation-upload"),
    path("observations/<int:pk>/", views.batch_detail, name="observation-batch"),
    path("sensors/", views.sensor_list, name="sensor-list"),
    path("sensors/<str:code>/", views.sensor_detail, name="sensor-detail"),
    path("sensors/<str:code>/status", views.sensor_status, name="sensor-status"),
]
