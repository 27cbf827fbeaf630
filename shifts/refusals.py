"""Refusals: a rule of the watch said no. Every service raises one; every page and API maps it the same way.

A refusal carries a `rule` code (never a sentence to parse) and whether it is "not allowed" (the
actor may not do this: 403) or a conflict with the present state (409). The codes that mean
"not allowed" are listed once, here, so a new rule cannot answer 403 on one path and 409 on another.
"""

from collections.abc import Iterable

# Codes that say who may act. Everything else is a conflict with the state of the watch.
NOT_ALLOWED_RULES = frozenset(
    {
        "permission",
        "certify_permission",
        "self_certification",
        "cco_certifier",
        "self_approval",
        "assigned_cco",
        "cco_certified",
        "crew",
        "position_author",
        "clearance",
        "releasability",
        "revise_author",
        "job_permission",
    }
)


class Refusal(Exception):
    """A refused action; `rule` names the rule, `violations` lists each roster breach it found."""

    def __init__(self, message: str, *, rule: str, violations: Iterable = (), forbidden: bool | None = None):
        super().__init__(message)
        self.rule = rule
        self.violations = list(violations)
        self.forbidden = rule in NOT_ALLOWED_RULES if forbidden is None else forbidden

    @property
    def http_status(self) -> int:
        return 403 if self.forbidden else 409

    def as_dict(self) -> dict:
        return {
            "rule": self.rule,
            "detail": str(self),
            "violations": [
                {"rule": v.rule, "shift": v.shift_id, "officer": v.officer_id, "message": v.message}
                for v in self.violations
            ],
        }
