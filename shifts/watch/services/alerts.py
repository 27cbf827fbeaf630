"""Acknowledging the floor's alerts: an officer on watch takes one in hand, or gives it to a position."""

from django.db import transaction
from django.utils import timezone

from shifts.refusals import Refusal
from shifts.watch.models import AlertAcknowledgement
from shifts.watch.services.lifecycle import writable_shift
from shifts.workforce.models import Assignment, Officer, Position


def alert_acknowledge(
    *, officer: Officer | None, key: str, position: Position | None = None
) -> AlertAcknowledgement:
    """Only the crew on watch acknowledges; a later call re-assigns (the last word is the floor's)."""
    shift = writable_shift(officer)
    if not key or len(key) > 200:
        raise Refusal("an alert is named by its key", rule="alert_key")
    if position is not None and not Assignment.objects.filter(shift=shift, position=position).exists():
        raise Refusal(
            f"nobody holds {position} on {shift}: assign the alert to a manned position",
            rule="alert_position",
        )
    with transaction.atomic():
        ack, _ = AlertAcknowledgement.objects.update_or_create(
            alert_key=key,
            defaults={"shift": shift, "by": officer, "at": timezone.now(), "assigned_position": position},
        )
    return ack
