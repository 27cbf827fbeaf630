"""The watch log: only the crew of the shift on watch writes; an edit is a new version, never a change."""

import uuid
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from shifts.markings.models import Nation
from shifts.markings.services import check_marking
from shifts.refusals import Refusal
from shifts.watch.models import LogEntry
from shifts.watch.services.lifecycle import revise_refusal, writable_shift
from shifts.workforce.models import Officer


def log_entry_create(
    *,
    author: Officer,
    category: str,
    severity: int,
    text: str,
    occurred_at: datetime | None = None,
    classification: int = 0,
    releasable_to: list[Nation] | None = None,
) -> LogEntry:
    shift = writable_shift(author)
    if not text.strip():
        raise Refusal("a log entry needs text", rule="text")
    check_marking(author, classification, releasable_to)
    with transaction.atomic():
        entry = LogEntry.objects.create(
            shift=shift,
            thread=uuid.uuid4(),
            occurred_at=occurred_at or timezone.now(),
            category=category,
            severity=severity,
            text=text.strip(),
            author=author,
            classification=classification,
        )
        entry.releasable_to.set(releasable_to if releasable_to is not None else Nation.objects.all())
    return entry


def log_entry_revise(*, entry: LogEntry, author: Officer, reason: str, **changes) -> LogEntry:
    """A new version of the entry, saying why; the old one stays, no longer current."""
    refusal = revise_refusal(entry, author)
    if refusal is not None:
        raise refusal
    if not entry.is_current:
        raise Refusal("only the current version of an entry can be revised", rule="current_version")
    if not reason.strip():
        raise Refusal("a revision needs its reason", rule="revision_reason")
    nations = changes.pop("releasable_to", None)
    fields = {
        name: changes.get(name, getattr(entry, name))
        for name in ("category", "severity", "text", "occurred_at", "classification")
    }
    check_marking(author, fields["classification"], nations)
    with transaction.atomic():
        updated = LogEntry.objects.filter(pk=entry.pk, is_current=True).update(is_current=False)
        if not updated:
            raise Refusal("the entry was revised meanwhile: reload it", rule="current_version")
        revision = LogEntry.objects.create(
            shift=entry.shift,
            thread=entry.thread,
            version=entry.version + 1,
            author=author,
            revision_reason=reason.strip(),
            **fields,
        )
        revision.releasable_to.set(nations if nations is not None else entry.releasable_to.all())
    return revision


def log_entry_system(
    *, category: str, severity: int, text: str, occurred_at: datetime | None = None
) -> LogEntry | None:
    """An entry the system writes on the shift on watch (no author: e.g. a change made by staff off
    the crew); unclassified, releasable to every nation. None when no shift is on watch."""
    from shifts.workforce.selectors import shift_on_watch

    shift = shift_on_watch()
    if shift is None:
        return None
    with transaction.atomic():
        entry = LogEntry.objects.create(
            shift=shift,
            thread=uuid.uuid4(),
            occurred_at=occurred_at or timezone.now(),
            category=category,
            severity=severity,
            text=text.strip(),
            author=None,
        )
        entry.releasable_to.set(Nation.objects.all())
    return entry
