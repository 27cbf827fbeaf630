from django.urls import path

from shifts.jobs import views

urlpatterns = [
    path("jobs/", views.job_list, name="job-list"),
    path("jobs/submit", views.job_submit, name="job-submit"),
    path("jobs/form", views.job_form, name="job-form"),
    path("jobs/<int:pk>/", views.job_detail, name="job-detail"),
    path("jobs/<int:pk>/cancel", views.job_cancel, name="job-cancel"),
    path("jobs/<int:pk>/rerun", views.job_rerun, name="job-rerun"),
]
