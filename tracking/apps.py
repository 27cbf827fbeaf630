from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "tracking"
    verbose_name = "Tracking: catalog, sensors, conjunctions"

    def ready(self) -> None:
        from tracking import jobkinds  # noqa: F401  (registers tracking's job kinds)
