"""The watch listens to the floors below it and tells the officers concerned (connected in ready())."""

from django.dispatch import receiver

from shifts.jobs.signals import job_failed
from shifts.watch.services import notifications
from shifts.workforce import signals as workforce


@receiver(job_failed)
def _job_failed(sender, *, job_id: int, **_) -> None:
    notifications.notify_job_failed(job_id)


@receiver(workforce.seat_changed)
def _seat_changed(sender, *, officer, key: str, text: str, **_) -> None:
    notifications.notify_shift_change(officer=officer, key=key, text=text)


@receiver(workforce.swap_offered)
def _swap_offered(sender, *, swap, candidates, **_) -> None:
    notifications.notify_swap_offered(swap, candidates)


@receiver(workforce.swap_proposed)
def _swap_proposed(sender, *, swap, **_) -> None:
    notifications.notify_swap_proposed(swap)


@receiver(workforce.swap_waiting)
def _swap_waiting(sender, *, swap, **_) -> None:
    notifications.notify_swap_waiting(swap)
