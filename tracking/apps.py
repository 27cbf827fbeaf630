from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "tracking"
    verbose_name = "Tracking: catalog, sensors, conjunctions"

    def ready(self) -> None:
        from tracking import handover, jobkinds, log_references  # noqa: F401  (register into shifts)
        from tracking.identification import handover as identification_handover  # noqa: F401
        from tracking.identification import jobkinds as identification_jobkinds  # noqa: F401
