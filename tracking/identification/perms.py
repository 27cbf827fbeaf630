"""Who may act on identification's data (named predicates, as in shifts.workforce.perms)."""

from shifts.refusals import Refusal
from shifts.watch.services.lifecycle import watch_write_refusal
from shifts.workforce.models import Officer


def sensor_status_refusal(officer: Officer | None) -> Refusal | None:
    """A sensor's status is changed by the crew on watch, who log it, or by staff (the admin)."""
    if officer is None or not officer.active:
        return Refusal("only an active officer changes a sensor's status", rule="permission")
    if officer.user.is_staff:
        return None
    refusal = watch_write_refusal(officer)
    if refusal is None:
        return None
    return Refusal(
        f"{refusal}: only the crew on watch, or staff, change a sensor's status", rule=refusal.rule
    )


def can_change_sensor_status(user) -> bool:
    return user.is_authenticated and sensor_status_refusal(getattr(user, "officer", None)) is None
