from django.urls import path

from shifts import views

urlpatterns = [
    path("jobs/", views.job_list, name="job-list"),
    path("jobs/submit", views.job_submit, name="job-submit"),
    path("jobs/<int:pk>/", views.job_detail, name="job-detail"),
    path("jobs/<int:pk>/cancel", views.job_cancel, name="job-cancel"),
    path("jobs/<int:pk>/rerun", views.job_rerun, name="job-rerun"),
]
