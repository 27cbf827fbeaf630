from django.urls import path

from shifts.watch import handover_views as handover
from shifts.watch import views

urlpatterns = [
    path("log/", views.log_list, name="log-list"),
    path("log/new", views.log_create, name="log-create"),
    path("log/export.csv", views.log_export, name="log-export"),
    path("log/<int:pk>/", views.log_detail, name="log-detail"),
    path("log/<int:pk>/revise", views.log_revise, name="log-revise"),
    path("shifts/<int:pk>/sign-on", views.shift_sign_on, name="shift-sign-on"),
    path("handover/", handover.handover_list, name="handover-list"),
    path("handover/open", handover.handover_open, name="handover-open"),
    path("handover/<int:pk>/", handover.handover_detail, name="handover-detail"),
    path("handover/<int:pk>/print", handover.handover_print, name="handover-print"),
    path("handover/<int:pk>/refresh", handover.handover_refresh, name="handover-refresh"),
    path("handover/<int:pk>/write", handover.handover_write, name="handover-write"),
    path("handover/<int:pk>/submit", handover.handover_submit, name="handover-submit"),
    path("handover/<int:pk>/accept", handover.handover_accept, name="handover-accept"),
    path("handover/<int:pk>/return", handover.handover_return, name="handover-return"),
    path("handover/<int:pk>/early-relief", handover.handover_early_relief, name="handover-early-relief"),
    path(
        "handover/sections/<int:pk>/acknowledge", handover.handover_acknowledge, name="handover-acknowledge"
    ),
    path("notifications/", views.notification_list, name="notification-list"),
    path("notifications/read", views.notification_read, name="notification-read"),
]
