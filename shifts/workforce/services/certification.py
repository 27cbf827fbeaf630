"""Certification of officers on positions: an explicit state machine with an append-only history.

in training -> awaiting evaluation -> certified -> suspended | decertified | expired, and back:
a failed evaluation returns the officer to training; a suspension may be lifted; an expired or
decertified officer starts again in training (an expired one may go straight to evaluation).
"""

import calendar
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from shifts.refusals import Refusal
from shifts.workforce import perms
from shifts.workforce.models import (
    Assignment,
    Certification,
    CertificationEvent,
    CertificationStatus,
    Evaluation,
    Officer,
    Position,
    Shift,
)
from shifts.workforce.services.roster import assignments_apply

S = CertificationStatus

TRANSITIONS: dict[str, set[str]] = {
    S.IN_TRAINING: {S.AWAITING_EVALUATION},
    S.AWAITING_EVALUATION: {S.CERTIFIED, S.IN_TRAINING},
    S.CERTIFIED: {S.CERTIFIED, S.SUSPENDED, S.DECERTIFIED, S.EXPIRED},  # certified -> certified: recurrent
    S.SUSPENDED: {S.CERTIFIED, S.DECERTIFIED, S.EXPIRED},
    S.EXPIRED: {S.IN_TRAINING, S.AWAITING_EVALUATION},
    S.DECERTIFIED: {S.IN_TRAINING},
}


@dataclass(frozen=True)
class Withdrawal:
    """A certification taken away, and the future shifts that lost their officer in that position."""

    certification: Certification
    uncovered: list[Shift]


def expiry_after(evaluated_on: date, months: int) -> date:
    """The last day of the month `months` months after the evaluation (USAF-style)."""
    month_index = evaluated_on.month - 1 + months
    year, month = evaluated_on.year + month_index // 12, month_index % 12 + 1
    return date(year, month, calendar.monthrange(year, month)[1])


def _refuse_unless_allowed(by, certification: Certification) -> None:
    refusal = perms.certify_refusal(by, certification.officer, certification.position)
    if refusal:
        raise refusal


def _locked(certification: Certification) -> Certification:
    """The certification re-read under a row lock: two officials acting at once act one after the other,
    the second on the state the first left. Call inside transaction.atomic()."""
    return (
        Certification.objects.select_for_update(of=("self",))
        .select_related("officer__user", "officer__nation", "position")
        .get(pk=certification.pk)
    )


def _transition(certification: Certification, to: str, *, by, reason: str, **fields) -> Certification:
    current = certification.status
    if to not in TRANSITIONS[current]:
        raise Refusal(
            f"{certification.officer} {certification.position}: cannot go from "
            f"{S(current).label.lower()} to {S(to).label.lower()}",
            rule="certification_state",
        )
    for name, value in fields.items():
        setattr(certification, name, value)
    certification.status = to
    certification.save()
    CertificationEvent.objects.create(
        certification=certification, actor=by, from_status=current, to_status=to, reason=reason
    )
    return certification


def _need_reason(reason: str, action: str) -> str:
    if not reason or not reason.strip():
        raise Refusal(f"{action} needs a reason", rule="reason_required")
    return reason.strip()


def certification_start(*, officer: Officer, position: Position, by, reason: str = "") -> Certification:
    """Enter an officer into training on a position (or back into training after expiry/decertification)."""
    refusal = perms.certify_refusal(by, officer, position)
    if refusal and refusal.rule != "cco_certifier":  # anyone with the permission may enrol a trainee
        raise refusal
    with transaction.atomic():
        certification, created = Certification.objects.select_for_update().get_or_create(
            officer=officer, position=position
        )
        if created:
            CertificationEvent.objects.create(
                certification=certification,
                actor=by,
                from_status="",
                to_status=S.IN_TRAINING,
                reason=reason or "entered training",
            )
            return certification
        return _transition(certification, S.IN_TRAINING, by=by, reason=reason or "re-entered training")


def certification_ready(*, certification: Certification, by, reason: str = "") -> Certification:
    """Training complete: the officer awaits evaluation."""
    _refuse_unless_allowed(by, certification)
    with transaction.atomic():
        return _transition(
            _locked(certification), S.AWAITING_EVALUATION, by=by, reason=reason or "ready for evaluation"
        )


def evaluation_record(
    *, certification: Certification, evaluator, evaluated_on: date, passed: bool, remarks: str = ""
) -> Evaluation:
    """Record one evaluation. A failure sends a trainee back to training and suspends a certified officer;
    a pass on a certified officer (recurrent evaluation) extends the expiry."""
    _refuse_unless_allowed(evaluator, certification)
    if evaluated_on > timezone.now().date():
        raise Refusal("an evaluation cannot be dated in the future", rule="evaluation_date")
    with transaction.atomic():
        certification = _locked(certification)
        if certification.status not in (S.AWAITING_EVALUATION, S.CERTIFIED, S.EXPIRED):
            raise Refusal(
                f"{certification.officer} is {certification.get_status_display().lower()} on "
                f"{certification.position}: only one awaiting evaluation, certified or expired is evaluated",
                rule="certification_state",
            )
        evaluation = Evaluation.objects.create(
            certification=certification,
            evaluated_on=evaluated_on,
            evaluator=evaluator,
            passed=passed,
            remarks=remarks,
        )
        verdict = f"evaluation of {evaluated_on:%Y-%m-%d} {'passed' if passed else 'failed'}"
        if certification.status == S.EXPIRED:
            _transition(certification, S.AWAITING_EVALUATION, by=evaluator, reason=verdict)
            if not passed:
                _transition(certification, S.IN_TRAINING, by=evaluator, reason=verdict)
        elif not passed:
            to = S.IN_TRAINING if certification.status == S.AWAITING_EVALUATION else S.SUSPENDED
            _transition(certification, to, by=evaluator, reason=verdict)
            if to == S.SUSPENDED:
                _withdraw_future(certification, by=evaluator)
        elif certification.status == S.CERTIFIED:
            expires = expiry_after(evaluated_on, certification.position.cert_validity_months)
            _transition(
                certification,
                S.CERTIFIED,
                by=evaluator,
                reason=f"{verdict}; valid through {expires:%Y-%m-%d}",
                expires_on=expires,
            )
    return evaluation


def certification_certify(*, certification: Certification, by, reason: str = "") -> Certification:
    """Grant the certification on the strength of the last evaluation, which must have passed."""
    _refuse_unless_allowed(by, certification)
    with transaction.atomic():
        certification = _locked(certification)
        if certification.status != S.AWAITING_EVALUATION:
            raise Refusal(
                f"{certification.officer} is {certification.get_status_display().lower()} on "
                f"{certification.position}: only one awaiting evaluation is certified",
                rule="certification_state",
            )
        last = certification.evaluations.first()
        if last is None or not last.passed:
            raise Refusal(
                f"{certification.officer} has no passed evaluation on {certification.position}",
                rule="evaluation_required",
            )
        expires = expiry_after(last.evaluated_on, certification.position.cert_validity_months)
        if expires < timezone.now().date():
            raise Refusal(
                f"the last passed evaluation ({last.evaluated_on:%Y-%m-%d}) gives an expiry in the past",
                rule="evaluation_required",
            )
        return _transition(
            certification,
            S.CERTIFIED,
            by=by,
            reason=reason or f"certified; valid through {expires:%Y-%m-%d}",
            certified_on=timezone.now().date(),
            expires_on=expires,
        )


def certification_reinstate(*, certification: Certification, by, reason: str) -> Certification:
    """Lift a suspension (within the certification's validity)."""
    _refuse_unless_allowed(by, certification)
    reason = _need_reason(reason, "Reinstatement")
    with transaction.atomic():
        certification = _locked(certification)
        if certification.status != S.SUSPENDED:
            raise Refusal(f"{certification} is not suspended", rule="certification_state")
        return _transition(certification, S.CERTIFIED, by=by, reason=reason)


def certification_suspend(*, certification: Certification, by, reason: str) -> Withdrawal:
    _refuse_unless_allowed(by, certification)
    reason = _need_reason(reason, "Suspension")
    with transaction.atomic():
        certification = _transition(_locked(certification), S.SUSPENDED, by=by, reason=reason)
        return Withdrawal(certification, _withdraw_future(certification, by=by))


def certification_decertify(*, certification: Certification, by, reason: str) -> Withdrawal:
    """Take the certification away: the officer leaves every future shift in that position."""
    _refuse_unless_allowed(by, certification)
    reason = _need_reason(reason, "Decertification")
    with transaction.atomic():
        certification = _transition(_locked(certification), S.DECERTIFIED, by=by, reason=reason)
        return Withdrawal(certification, _withdraw_future(certification, by=by))


def _withdraw_future(certification: Certification, *, by) -> list[Shift]:
    future = list(
        Assignment.objects.filter(
            officer=certification.officer,
            position=certification.position,
            shift__starts_at__gt=timezone.now(),
        ).select_related("shift")
    )
    assignments_apply(remove=future, by=by, enforce=False)
    return [a.shift for a in future]


def certifications_expire(*, today: date | None = None) -> list[Certification]:
    """Move every certification past its expiry date to expired (run daily; idempotent)."""
    today = today or timezone.now().date()
    expired = []
    with transaction.atomic():
        due = Certification.objects.select_for_update().filter(
            status__in=[S.CERTIFIED, S.SUSPENDED], expires_on__lt=today
        )
        for certification in due.select_related("officer__user", "officer__nation", "position"):
            expired.append(
                _transition(
                    certification,
                    S.EXPIRED,
                    by=None,
                    reason=f"expired at the end of {certification.expires_on:%Y-%m-%d}",
                )
            )
    return expired
