"""Beat's tasks of the watch: reminders, handover drafts and overdue flags, certification expiry."""

from celery import shared_task


@shared_task(name="shifts.watch_reminders")
def watch_reminders() -> dict:
    from shifts.watch.services import handover, notifications
    from shifts.workforce.services import certification

    return {
        "certifications_expired": len(certification.certifications_expire()),
        "drafts_opened": len(handover.handovers_due()),
        "overdue_flagged": len(handover.handovers_overdue()),
        "upcoming_shift_notes": notifications.notify_upcoming_shifts(),
        "expiry_notes": notifications.notify_expiring_certifications(),
    }
