import json

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.core.management.base import BaseCommand, CommandError

from shifts.jobs import selectors as jobs_selectors
from shifts.jobs import services as job_services
from shifts.jobs.kinds import JobError
from shifts.jobs.models import Job, JobStatus
from shifts.refusals import Refusal
from shifts.workforce import selectors as workforce_selectors


class Command(BaseCommand):
    help = "Submit, list, show and cancel jobs of the watch."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        submit = sub.add_parser("submit", help="queue a job; prints its id")
        submit.add_argument("kind")
        submit.add_argument("--params", default="{}", help="parameters as a JSON object")
        listing = sub.add_parser("list", help="one line per job")
        listing.add_argument("--status", choices=[s.value for s in JobStatus])
        show = sub.add_parser("show", help="a job and its events")
        show.add_argument("id", type=int)
        for name, what in (
            ("cancel", "cancel a queued or running job"),
            ("rerun", "run a finished job again"),
        ):
            act = sub.add_parser(name, help=what)
            act.add_argument("id", type=int)
            act.add_argument(
                "--as",
                dest="username",
                help="act as this officer, under the rule of who may act; without it, as the operator",
            )

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    def _submit(self, kind, params, **_):
        try:
            parsed = json.loads(params)
        except json.JSONDecodeError as exc:
            raise CommandError(f"--params is not valid JSON: {exc.msg} at column {exc.colno}") from None
        if not isinstance(parsed, dict):
            raise CommandError("--params must be a JSON object, e.g. '{\"seconds\": 10}'")
        try:
            job = job_services.job_submit(kind=kind, params=parsed, via="cli")
        except JobError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(str(job.pk))

    def _list(self, status=None, **_):
        jobs = Job.objects.select_related("shift").order_by("id")
        if status:
            jobs = jobs.filter(status=status)
        for job in jobs:
            owner = str(job.shift) if job.shift else "unowned"
            self.stdout.write(f"{job.pk}\t{job.kind}\t{job.status}\t{owner}\t{job.progress_percent}%")

    def _job(self, job_id: int) -> Job:
        try:
            return Job.objects.select_related("shift").get(pk=job_id)
        except Job.DoesNotExist:
            raise CommandError(f"no job with id {job_id}") from None

    def _show(self, id, **_):
        job = self._job(id)
        self.stdout.write(
            f"job {job.pk}: {job.kind} {job.status} {job.progress_percent}% {job.progress_message}"
        )
        self.stdout.write(
            f"  owner: {job.shift or 'unowned'}  attempts: {job.attempts}  params: {json.dumps(job.params)}"
        )
        if job.result_summary:
            self.stdout.write(f"  result: {json.dumps(job.result_summary)}")
        if job.error_message:
            self.stdout.write(f"  error: {job.error_message}")
        for event in job.events.all():
            self.stdout.write(
                f"  {event.at:%Y-%m-%d %H%M:%SZ} {event.from_status or '-'} -> {event.to_status}"
                f"  {event.reason}  ({event.actor_label})"
            )

    def _act(self, service, id, username, **kwargs) -> Job:
        """As the operator (no user: whoever runs this command runs the installation) or as `--as`."""
        user = self._user(username) if username else None
        job = self._job(id) if user is None else self._visible_job(id, user)
        try:
            return service(job=job, by=user, **kwargs)
        except Refusal as exc:
            raise CommandError(f"refused ({exc.rule}): {exc}") from None
        except JobError as exc:
            raise CommandError(str(exc)) from None

    def _user(self, username: str):
        try:
            return get_user_model().objects.get_by_natural_key(username)
        except ObjectDoesNotExist:
            raise CommandError(f"no user {username!r}") from None

    def _visible_job(self, job_id: int, user) -> Job:
        job = jobs_selectors.jobs_visible_to(workforce_selectors.officer_of(user)).filter(pk=job_id).first()
        if job is None:
            raise CommandError(f"no job with id {job_id} that {user.get_username()} may read")
        return job

    def _cancel(self, id, username=None, **_):
        job = self._act(job_services.job_cancel, id, username, reason="cancelled from the command line")
        self.stdout.write(
            f"job {job.pk}: {job.status}{' (cancellation requested)' if job.cancel_requested else ''}"
        )

    def _rerun(self, id, username=None, **_):
        job = self._act(job_services.job_rerun, id, username)
        self.stdout.write(f"job {job.pk}: {job.status}")
