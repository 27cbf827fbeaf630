from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "tracking"
    verbose_name = "Tracking: catalog, sensors, conjunctions"

    def ready(self) -> None:
        from tracking import handover, jobkinds  # noqa: F401  (register job kinds and handover sections)
