from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from opscenter import views

api_v1 = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:api-schema"), name="api-docs"),
    path("", include("shifts.api_urls")),
    path("", include("tracking.api_urls")),
]

handler500 = "opscenter.views.server_error"

urlpatterns = [
    path("", views.watch_floor, name="watch-floor"),
    path("alerts/acknowledge", views.alert_acknowledge, name="alert-acknowledge"),
    path("healthz", views.healthz, name="healthz"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    # Namespaced, so that the routers' names (job-detail...) never shadow the pages' names.
    path("api/v1/", include((api_v1, "api"))),
    path("", include("shifts.urls")),
    path("", include("tracking.urls")),
]
