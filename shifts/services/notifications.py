"""Notifications, in the app and by email. A recipient who may not read the item is not told of it.

Each notification has a dedupe key, so the beat reminders can run every minute and still say
each thing once.
"""

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from shifts.models import (
    Assignment,
    Certification,
    CertificationStatus,
    HandoverQuestion,
    HandoverReport,
    Job,
    Nation,
    Notification,
    Officer,
)
from shifts.selectors import visible_to


def notify(
    *,
    recipients: list[Officer],
    topic: str,
    key: str,
    text: str,
    url: str = "",
    marked=None,
) -> list[Notification]:
    """Tell each recipient who may read `marked` (an item with a marking; None: unclassified, all)."""
    sent = []
    for officer in recipients:
        if marked is not None and not visible_to(type(marked).objects.filter(pk=marked.pk), officer).exists():
            continue
        try:
            with transaction.atomic():
                note = Notification.objects.create(
                    recipient=officer,
                    topic=topic,
                    dedupe_key=key,
                    text=text[:300],
                    url=url,
                    classification=getattr(marked, "classification", 0),
                )
                note.releasable_to.set(
                    marked.releasable_to.all() if marked is not None else Nation.objects.all()
                )
        except IntegrityError:
            continue  # said already
        _email(note)
        sent.append(note)
    return sent


def _email(note: Notification) -> None:
    address = note.recipient.user.email
    if address:
        send_mail(
            f"[opscenter] {note.text[:80]}",
            f"{note.text}\n\n{note.url}",
            settings.DEFAULT_FROM_EMAIL,
            [address],
            fail_silently=True,
        )
        Notification.objects.filter(pk=note.pk).update(emailed_at=timezone.now())


def notify_handover_waiting(report: HandoverReport) -> None:
    from shifts.services.watch import chief_of

    chief = chief_of(report.incoming_shift)
    if chief:
        notify(
            recipients=[chief],
            topic="handover",
            key=f"handover-waiting:{report.pk}:{report.submitted_at}",
            text=f"The handover from {report.outgoing_shift} waits for your acceptance.",
            url=reverse("handover-detail", args=[report.pk]),
        )


def notify_handover_returned(question: HandoverQuestion) -> None:
    """The outgoing CCO learns the report came back, with the questions (if they may read them)."""
    from shifts.services.watch import chief_of

    report = question.report
    chief = chief_of(report.outgoing_shift)
    if chief:
        notify(
            recipients=[chief],
            topic="handover",
            key=f"handover-returned:{question.pk}",
            text=f"{question.asked_by} returned the handover of {report.outgoing_shift} with questions: "
            f"{question.text}",
            url=reverse("handover-detail", args=[report.pk]),
            marked=question,
        )


def notify_handover_overdue(report: HandoverReport) -> None:
    from shifts.services.watch import chief_of

    chiefs = [c for c in (chief_of(report.outgoing_shift), chief_of(report.incoming_shift)) if c]
    notify(
        recipients=chiefs,
        topic="handover",
        key=f"handover-overdue:{report.pk}",
        text=f"The handover from {report.outgoing_shift} to {report.incoming_shift} is overdue.",
        url=reverse("handover-detail", args=[report.pk]),
    )


def notify_job_failed(job_id: int) -> None:
    job = Job.objects.select_related("shift").get(pk=job_id)
    if job.shift is None:
        return
    crew = [a.officer for a in Assignment.objects.filter(shift=job.shift).select_related("officer__user")]
    notify(
        recipients=crew,
        topic="job",
        key=f"job-failed:{job.pk}:{job.attempts}",
        text=f"Job #{job.pk} ({job.kind}) of your shift failed: {job.error_message[:150]}",
        url=reverse("job-detail", args=[job.pk]),
        marked=job,
    )


def notify_upcoming_shifts(*, now=None) -> int:
    now = now or timezone.now()
    soon = Assignment.objects.filter(
        shift__starts_at__gt=now, shift__starts_at__lte=now + timedelta(hours=12)
    )
    count = 0
    for seat in soon.select_related("shift", "officer__user", "position"):
        count += len(
            notify(
                recipients=[seat.officer],
                topic="roster",
                key=f"shift-soon:{seat.pk}",
                text=f"Your next shift: {seat.shift} as {seat.position.code}, "
                f"starting {seat.shift.starts_at:%Y-%m-%d %H%MZ}.",
            )
        )
    return count


def notify_expiring_certifications(*, today=None) -> int:
    today = today or timezone.now().date()
    expiring = Certification.objects.filter(
        status=CertificationStatus.CERTIFIED,
        expires_on__gte=today,
        expires_on__lte=today + timedelta(days=30),
    ).select_related("officer__user", "position")
    count = 0
    for cert in expiring:
        count += len(
            notify(
                recipients=[cert.officer],
                topic="certification",
                key=f"cert-expiring:{cert.pk}:{cert.expires_on}",
                text=f"Your {cert.position} certification expires on {cert.expires_on:%Y-%m-%d}.",
            )
        )
    return count


def notify_shift_change(*, officer: Officer, text: str, key: str) -> None:
    notify(recipients=[officer], topic="roster", key=key, text=text)


def notification_read(*, officer: Officer, pk: int | None = None) -> int:
    unread = Notification.objects.filter(recipient=officer, read_at__isnull=True)
    if pk is not None:
        unread = unread.filter(pk=pk)
    return unread.update(read_at=timezone.now())
