from django.apps import AppConfig


class ShiftsConfig(AppConfig):
    name = "shifts"
    verbose_name = "Shifts, people and the watch's work"

    def ready(self) -> None:
        from shifts import handover_builtin, jobkinds_builtin  # noqa: F401  (register the built-in kinds, sections)
