"""The registry of job kinds: the extension point other apps (tracking) fill from ready().

A kind names its parameter schema, its queue, a `run` that computes (reporting
progress and honouring cancellation through the context) and a `store` that writes
its results; a kind with `run_chunk` fans out across workers instead (see JobKind).
The engine calls `store` inside the fenced transaction that marks the job
done, so a job's results are written exactly once per successful run and replace any
earlier ones.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rest_framework import serializers

if TYPE_CHECKING:
    from shifts.jobs.models import Job
    from shifts.jobs.services import JobContext


class JobError(Exception):
    """A failure with a message an operator can act on; the job fails with it."""


class TransientJobError(JobError):
    """A failure worth retrying (a service briefly unreachable); retried with backoff."""


@dataclass(frozen=True)
class JobKind:
    name: str
    title: str
    params: type[serializers.Serializer]
    run: "Callable[[JobContext], Any]"
    store: "Callable[[Job, list], dict]"  # gets the outputs of run (one) or of every piece
    queue: str = "default"
    # Kinds whose results an analyst must confirm end in needs_review, not succeeded.
    needs_review: "Callable[[dict], bool]" = lambda summary: False
    # A kind that splits across workers: `run` returns the inputs of its pieces, each piece
    # runs `run_chunk(ctx, input)` on any worker, and `store` gets the list of piece outputs.
    run_chunk: "Callable[[JobContext, dict], Any] | None" = None
    # An internal kind is created only by the code that owns it (jobs.job_submit_internal),
    # never by a person: the page and the API do not offer it and job_submit refuses it.
    internal: bool = False


_KINDS: dict[str, JobKind] = {}


def register(kind: JobKind) -> JobKind:
    if kind.name in _KINDS and _KINDS[kind.name] != kind:
        raise ValueError(f"job kind {kind.name!r} is already registered")
    _KINDS[kind.name] = kind
    return kind


def get(name: str) -> JobKind:
    try:
        return _KINDS[name]
    except KeyError:
        known = ", ".join(sorted(_KINDS)) or "none"
        raise JobError(f"unknown job kind {name!r} (known kinds: {known})") from None


def all_kinds() -> list[JobKind]:
    return sorted(_KINDS.values(), key=lambda kind: kind.name)


def submittable_kinds() -> list[JobKind]:
    """The kinds a person may submit (page, API, command line)."""
    return [kind for kind in all_kinds() if not kind.internal]
