"""Who may act on a job: its submitter, the CCO on watch, or the crew of the shift that owns it."""

from shifts.jobs.models import Job
from shifts.refusals import Refusal
from shifts.workforce.perms import is_cco_of


def job_action_refusal(user, job: Job, action: str) -> Refusal | None:
    """Who may cancel or re-run a job they can read: its submitter, the CCO on watch, or the crew
    of the shift that owns it (an unowned job: the crew of the shift on watch, which takes it)."""
    from shifts.jobs.selectors import jobs_visible_to
    from shifts.workforce.selectors import shift_on_watch

    officer = getattr(user, "officer", None) if user.is_authenticated else None
    if officer is None or not jobs_visible_to(officer).filter(pk=job.pk).exists():
        return Refusal(f"{user} may not {action} job {job.pk}: they cannot read it", rule="job_permission")
    if job.requested_by_id == user.pk:
        return None
    on_watch = shift_on_watch()
    if on_watch is not None and is_cco_of(user, on_watch):
        return None
    owner = job.shift or on_watch
    if owner is not None and owner.assignments.filter(officer=officer).exists():
        return None
    crew = f"the crew of {owner}" if owner else "the crew on watch"
    return Refusal(
        f"only its submitter, the CCO on watch or {crew} may {action} job {job.pk}", rule="job_permission"
    )


def can_act_on_job(user, job: Job) -> bool:
    return job_action_refusal(user, job, "act on") is None
