"""Named predicates for what tracking pages offer.

Every signed-in user may submit a job today (`shifts.jobs.services.job_submit` refuses nobody); pages
ask this one predicate, so a rule added to the service is reflected here and nowhere else.
"""


def can_submit_jobs(user) -> bool:
    return user.is_authenticated and user.is_active
