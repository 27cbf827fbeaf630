from django.urls import path

from shifts import views, views_roster

urlpatterns = [
    path("jobs/", views.job_list, name="job-list"),
    path("jobs/submit", views.job_submit, name="job-submit"),
    path("jobs/form", views.job_form, name="job-form"),
    path("jobs/<int:pk>/", views.job_detail, name="job-detail"),
    path("jobs/<int:pk>/cancel", views.job_cancel, name="job-cancel"),
    path("jobs/<int:pk>/rerun", views.job_rerun, name="job-rerun"),
    path("roster/", views_roster.roster_calendar, name="roster"),
    path("roster/generate", views_roster.roster_generate, name="roster-generate"),
    path("roster/waivers", views_roster.roster_waiver, name="roster-waiver"),
    path("roster/shifts/<int:pk>/", views_roster.shift_detail, name="shift-detail"),
    path("roster/shifts/<int:pk>/assign", views_roster.shift_assign, name="shift-assign"),
    path("roster/assignments/<int:pk>/remove", views_roster.assignment_remove, name="assignment-remove"),
    path("roster/assignments/<int:pk>/replace", views_roster.assignment_replace, name="assignment-replace"),
    path("officers/<int:pk>/", views_roster.officer_detail, name="officer-detail"),
    path("officers/<int:pk>/ical", views_roster.officer_ical_token, name="officer-ical-token"),
    path("ical/<str:token>.ics", views_roster.ical_feed, name="ical-feed"),
    path("certifications/", views_roster.certification_workspace, name="certifications"),
    path("certifications/enrol", views_roster.certification_enrol, name="certification-enrol"),
    path("certifications/<int:pk>/", views_roster.certification_detail, name="certification-detail"),
    path("certifications/<int:pk>/<str:action>", views_roster.certification_act, name="certification-act"),
    path("swaps/", views_roster.swap_list, name="swaps"),
    path("swaps/offer", views_roster.swap_offer, name="swap-offer"),
    path("swaps/<int:pk>/", views_roster.swap_detail, name="swap-detail"),
    path("swaps/<int:pk>/<str:action>", views_roster.swap_act, name="swap-act"),
]
