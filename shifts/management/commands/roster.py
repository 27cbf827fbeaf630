from datetime import date

from django.core.management.base import BaseCommand, CommandError

from shifts.refusals import Refusal
from shifts.workforce.services.roster import roster_validate
from shifts.workforce.services.roster_solver import RosterInfeasible, roster_generate


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--start {value!r} is not a date (YYYY-MM-DD)") from None


class Command(BaseCommand):
    help = "Generate the roster with the constraint solver, or validate it against every rule."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        for name, text in (("generate", "fill every seat of every watch"), ("validate", "list every breach")):
            action = sub.add_parser(name, help=text)
            action.add_argument("--start", required=True, type=_day, help="first day, YYYY-MM-DD (UTC)")
            action.add_argument("--days", required=True, type=int)
            if name == "generate":
                action.add_argument("--time-limit", type=float, default=15.0, help="solver seconds")

    def handle(self, *args, action, start, days, **options):
        if days < 1:
            raise CommandError("--days must be at least 1")
        getattr(self, f"_{action}")(start, days, **options)

    def _generate(self, start, days, time_limit, **_):
        try:
            result = roster_generate(start=start, days=days, time_limit_s=time_limit)
        except RosterInfeasible as exc:
            for reason in exc.reasons:
                self.stderr.write(reason)
            raise CommandError(f"{exc}; nothing was written") from None
        except Refusal as exc:
            raise CommandError(str(exc)) from None
        nations = ", ".join(f"{code} {count}" for code, count in sorted(result.per_nation.items()))
        self.stdout.write(f"{result.created} assignments written ({result.status}); per nation: {nations}")

    def _validate(self, start, days, **_):
        _, violations = roster_validate(start=start, days=days)
        for violation in violations:
            self.stdout.write(violation.message)
        self.stdout.write(f"{len(violations)} violations")
        if violations:
            raise SystemExit(1)
