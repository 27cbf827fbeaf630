"""Named permission predicates for the workforce: who may certify, schedule, approve a swap.

Each `*_refusal` returns the Refusal saying why the user may not act, or None; the `can_*`
predicates are the yes/no form for templates and views.
"""

from datetime import datetime

from django.contrib.auth.models import Permission
from django.db.models import Q
from django.utils import timezone

from shifts.refusals import Refusal
from shifts.workforce.models import Certification, Officer, Position, Shift
from shifts.workforce.services.rules import CertRow, certificate_problem

CERTIFY_PERMISSION = "shifts.certify_officer"


SCHEDULE_PERMISSION = "shifts.schedule_roster"


def cco_certificate_problem(officer: Officer, until: datetime) -> str | None:
    """Why `officer` is no certified CCO up to `until`, or None: the roster rule on their CCO certificate."""
    cert = (
        Certification.objects.filter(officer=officer, position__is_chief=True)
        .select_related("position")
        .first()
    )
    if cert is None:
        return certificate_problem(None, "CCO", until)
    return certificate_problem(CertRow(cert.status, cert.expires_on), cert.position.code, until)


def holds_current_cco(officer: Officer | None) -> bool:
    """Certified as CCO now: the bar for granting a CCO certification without being an admin."""
    return officer is not None and cco_certificate_problem(officer, timezone.now()) is None


def certify_refusal(user, officer: Officer, position: Position) -> Refusal | None:
    if not user.is_authenticated or not user.has_perm(CERTIFY_PERMISSION):
        return Refusal(f"{user} does not hold the certify permission", rule="certify_permission")
    if officer.user_id == user.pk:
        return Refusal(f"{officer} may not certify or evaluate themself", rule="self_certification")
    if position.is_chief and not user.is_superuser and not holds_current_cco(getattr(user, "officer", None)):
        return Refusal(
            "a CCO certification is granted only by an admin or by a certified CCO", rule="cco_certifier"
        )
    return None


def can_certify(user, officer: Officer, position: Position) -> bool:
    return certify_refusal(user, officer, position) is None


def is_certifying_official(user) -> bool:
    return user.is_authenticated and user.has_perm(CERTIFY_PERMISSION)


def can_schedule(user) -> bool:
    return user.is_authenticated and user.has_perm(SCHEDULE_PERMISSION)


def is_cco_of(user, shift: Shift) -> bool:
    officer = getattr(user, "officer", None)
    return officer is not None and shift.assignments.filter(officer=officer, position__is_chief=True).exists()


def schedulers() -> list[Officer]:
    """Active officers whose user holds the scheduler permission (directly, by group, or as superuser)."""
    app_label, codename = SCHEDULE_PERMISSION.split(".")
    perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
    holds = Q(user__is_superuser=True) | Q(user__user_permissions=perm) | Q(user__groups__permissions=perm)
    found = Officer.objects.filter(holds, active=True, user__is_active=True)
    return list(found.select_related("user").distinct())


def can_approve_swap(user, shift: Shift) -> bool:
    """The shift's CCO or a scheduler approves a swap (one they are not party to: see services.swaps)."""
    return can_schedule(user) or is_cco_of(user, shift)
