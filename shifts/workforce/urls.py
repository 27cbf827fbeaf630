from django.urls import path

from shifts.workforce import views

urlpatterns = [
    path("roster/", views.roster_calendar, name="roster"),
    path("roster/generate", views.roster_generate, name="roster-generate"),
    path("roster/waivers", views.roster_waiver, name="roster-waiver"),
    path("roster/shifts/<int:pk>/", views.shift_detail, name="shift-detail"),
    path("roster/shifts/<int:pk>/assign", views.shift_assign, name="shift-assign"),
    path("roster/assignments/<int:pk>/remove", views.assignment_remove, name="assignment-remove"),
    path("roster/assignments/<int:pk>/replace", views.assignment_replace, name="assignment-replace"),
    path("officers/<int:pk>/", views.officer_detail, name="officer-detail"),
    path("officers/<int:pk>/ical", views.officer_ical_token, name="officer-ical-token"),
    path("ical/<str:token>.ics", views.ical_feed, name="ical-feed"),
    path("certifications/", views.certification_workspace, name="certifications"),
    path("certifications/enrol", views.certification_enrol, name="certification-enrol"),
    path("certifications/<int:pk>/", views.certification_detail, name="certification-detail"),
    path("certifications/<int:pk>/<str:action>", views.certification_act, name="certification-act"),
    path("swaps/", views.swap_list, name="swaps"),
    path("swaps/offer", views.swap_offer, name="swap-offer"),
    path("swaps/<int:pk>/", views.swap_detail, name="swap-detail"),
    path("swaps/<int:pk>/<str:action>", views.swap_act, name="swap-act"),
]
