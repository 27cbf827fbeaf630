from django.apps import AppConfig


class ShiftsConfig(AppConfig):
    name = "shifts"
    verbose_name = "Shifts, people and the watch's work"

    def ready(self) -> None:
        # Fill the extension points: the built-in job kind, the compiled handover sections, and the
        # watch's listeners to what the workforce and the job engine announce.
        from shifts.jobs import diagnostic  # noqa: F401
        from shifts.watch import handover_compiled, receivers  # noqa: F401
