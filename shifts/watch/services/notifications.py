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

from shifts.jobs.models import Job
from shifts.markings.banners import banner, marking_of, portion
from shifts.markings.models import Nation
from shifts.markings.selectors import visible_to
from shifts.watch.models import HandoverQuestion, HandoverReport, Notification
from shifts.workforce.models import Assignment, Certification, CertificationStatus, Officer


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
        _email(note, marking_of(marked) if marked is not None else None)
        sent.append(note)
    return sent


def _email(note: Notification, marking: tuple[int, list[str]] | None) -> None:
    """Mail the note. One quoting a marked item carries the marking as its page would: in the subject, and
    as a banner line at the top and the bottom of the body."""
    address = note.recipient.user.email
    if not address:
        return
    subject, body = f"[opscenter] {note.text[:80]}", f"{note.text}\n\n{note.url}"
    if marking is not None:
        line = banner(*marking)
        subject, body = f"({portion(*marking)}) {subject}", f"{line}\n\n{body}\n\n{line}"
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=True)
    Notification.objects.filter(pk=note.pk).update(emailed_at=timezone.now())


def notify_handover_waiting(report: HandoverReport) -> None:
    from shifts.watch.services.lifecycle import chief_of

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
    from shifts.watch.services.lifecycle import chief_of

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
    from shifts.watch.services.lifecycle import chief_of

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


def _swap_url(swap) -> str:
    return reverse("swap-detail", args=[swap.pk])


def notify_swap_offered(swap, candidates: list[Officer]) -> None:
    """Each officer who could take the seat without breaking a rule hears it is on offer."""
    notify(
        recipients=candidates,
        topic="swap",
        key=f"swap-offered:{swap.pk}",
        text=f"{swap.requester} offers their {swap.position.code} seat on {swap.shift}: you could take it.",
        url=_swap_url(swap),
    )


def notify_swap_proposed(swap) -> None:
    notify(
        recipients=[swap.replacement],
        topic="swap",
        key=f"swap-proposed:{swap.pk}:{swap.replacement_id}:{timezone.now().isoformat()}",
        text=f"You are proposed to take {swap.requester}'s {swap.position.code} seat on {swap.shift}: "
        "consent or decline.",
        url=_swap_url(swap),
    )


def notify_swap_waiting(swap) -> None:
    """The replacement consented: those who may approve, and are not party to it, are asked to."""
    from shifts.watch.services.lifecycle import chief_of
    from shifts.workforce import perms

    approvers = [o for o in perms.schedulers() if o.pk not in (swap.requester_id, swap.replacement_id)]
    chief = chief_of(swap.shift)
    if (
        chief is not None
        and chief.pk not in (swap.requester_id, swap.replacement_id)
        and chief not in approvers
    ):
        approvers.append(chief)
    notify(
        recipients=approvers,
        topic="swap",
        key=f"swap-waiting:{swap.pk}:{swap.replacement_id}:{timezone.now().isoformat()}",
        text=f"Swap {swap.pk}: {swap.replacement} takes {swap.requester}'s {swap.position.code} seat on "
        f"{swap.shift}; it waits for approval.",
        url=_swap_url(swap),
    )
