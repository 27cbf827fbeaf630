"""Certification: the state machine, who may certify, expiry, decertification and its lost coverage."""

from datetime import date, timedelta

import pytest

from shifts.refusals import Refusal
from shifts.workforce.models import Assignment, CertificationStatus
from shifts.workforce.services import certification as certs
from tests.factories import coalition, persona
from tests.shifts.factories import NOW, certified, certifier, position, watch_at, worked

pytestmark = [pytest.mark.usefixtures("frozen"), pytest.mark.django_db]

S = CertificationStatus


@pytest.fixture
def people():
    coalition()
    cco, ops = position("CCO"), position("OPS")
    official = certifier("usa.official", "USA", first_name="Pat", last_name="Official")
    certified(official, cco)
    trainee = persona("can.gagnon", "CAN", first_name="Marie", last_name="Gagnon")
    return {"cco": cco, "ops": ops, "official": official, "trainee": trainee}


def take_to_certified(cert, by, evaluated_on=date(2026, 11, 20)):
    certs.certification_ready(certification=cert, by=by)
    certs.evaluation_record(certification=cert, evaluator=by, evaluated_on=evaluated_on, passed=True)
    return certs.certification_certify(certification=cert, by=by)


def test_it_takes_an_officer_from_training_to_certified_cco_with_history(people):
    by = people["official"].user
    cert = certs.certification_start(officer=people["trainee"], position=people["cco"], by=by)
    cert = take_to_certified(cert, by)
    assert cert.status == S.CERTIFIED and cert.expires_on == date(2028, 5, 31)  # Nov 2026 + 18 months
    history = [(e.from_status, e.to_status, e.actor) for e in cert.events.all()]
    assert history == [
        ("", S.IN_TRAINING, by),
        (S.IN_TRAINING, S.AWAITING_EVALUATION, by),
        (S.AWAITING_EVALUATION, S.CERTIFIED, by),
    ]
    assert cert.evaluations.get().passed


@pytest.mark.parametrize(
    ("evaluated", "months", "expires"),
    [
        (date(2026, 1, 31), 18, date(2027, 7, 31)),
        (date(2025, 8, 15), 6, date(2026, 2, 28)),
        (date(2026, 6, 1), 12, date(2027, 6, 30)),
    ],
)
def test_expiry_is_the_last_day_of_the_month_n_months_after_the_evaluation(evaluated, months, expires):
    assert certs.expiry_after(evaluated, months) == expires


def test_nobody_certifies_themself(people):
    official = people["official"]
    cert = certs.certification_start(officer=official, position=people["ops"], by=certifier("other").user)
    with pytest.raises(Refusal) as caught:
        certs.certification_ready(certification=cert, by=official.user)
    assert caught.value.rule == "self_certification"
    assert "may not certify or evaluate themself" in str(caught.value)


def test_only_holders_of_the_certify_permission_certify(people):
    cert = certs.certification_start(
        officer=people["trainee"], position=people["ops"], by=people["official"].user
    )
    bystander = persona("gbr.evans", "GBR")
    with pytest.raises(Refusal, match="does not hold the certify permission") as caught:
        certs.certification_ready(certification=cert, by=bystander.user)
    assert caught.value.rule == "certify_permission"


def test_a_cco_certification_is_granted_only_by_an_admin_or_a_certified_cco(people):
    not_a_cco = certifier("gbr.shaw", "GBR")
    cert = certs.certification_start(officer=people["trainee"], position=people["cco"], by=not_a_cco.user)
    with pytest.raises(Refusal, match="granted only by an admin or by a certified CCO"):
        certs.certification_ready(certification=cert, by=not_a_cco.user)
    admin = persona("site.admin", "USA", is_superuser=True)
    assert take_to_certified(cert, admin.user).status == S.CERTIFIED


def test_certify_needs_a_passed_evaluation(people):
    by = people["official"].user
    cert = certs.certification_start(officer=people["trainee"], position=people["ops"], by=by)
    certs.certification_ready(certification=cert, by=by)
    with pytest.raises(Refusal, match="no passed evaluation"):
        certs.certification_certify(certification=cert, by=by)
    certs.evaluation_record(
        certification=cert,
        evaluator=by,
        evaluated_on=date(2026, 11, 30),
        passed=False,
        remarks="missed a conjunction",
    )
    cert.refresh_from_db()
    assert cert.status == S.IN_TRAINING  # a failed evaluation sends the officer back to training


def test_a_state_outside_the_transition_map_is_refused(people):
    by = people["official"].user
    cert = certs.certification_start(officer=people["trainee"], position=people["ops"], by=by)
    with pytest.raises(Refusal, match="cannot go from in training to suspended") as caught:
        certs.certification_suspend(certification=cert, by=by, reason="no")
    assert caught.value.rule == "certification_state"


def test_decertification_needs_a_reason_and_lists_the_shifts_that_lost_coverage(people):
    by = people["official"].user
    cert = take_to_certified(
        certs.certification_start(officer=people["trainee"], position=people["ops"], by=by), by
    )
    past = watch_at(NOW - timedelta(days=2))
    future = [watch_at(NOW + timedelta(days=d, hours=7)) for d in (1, 3)]
    for shift in [past, *future]:
        Assignment.objects.create(shift=shift, officer=people["trainee"], position=people["ops"])
    with pytest.raises(Refusal, match="needs a reason"):
        certs.certification_decertify(certification=cert, by=by, reason=" ")
    outcome = certs.certification_decertify(certification=cert, by=by, reason="unsafe turnover, twice")
    assert outcome.certification.status == S.DECERTIFIED
    assert outcome.uncovered == future
    assert list(Assignment.objects.values_list("shift", flat=True)) == [past.pk]  # history stays
    assert cert.events.last().reason == "unsafe turnover, twice"


def test_expired_certifications_move_to_expired_and_re_enter_through_training(people):
    cert = certified(people["trainee"], people["ops"], expires_on=date(2026, 11, 30))
    assert certs.certifications_expire() == [cert]
    cert.refresh_from_db()
    assert cert.status == S.EXPIRED and cert.events.last().actor is None
    again = certs.certification_start(
        officer=people["trainee"], position=people["ops"], by=people["official"].user
    )
    assert again.pk == cert.pk and again.status == S.IN_TRAINING


def test_a_suspension_is_lifted_by_reinstatement(people):
    by = people["official"].user
    cert = certified(people["trainee"], people["ops"])
    worked(people["trainee"], people["ops"], before=NOW)
    certs.certification_suspend(certification=cert, by=by, reason="medical")
    cert.refresh_from_db()
    assert cert.status == S.SUSPENDED
    assert certs.certification_reinstate(certification=cert, by=by, reason="fit again").status == S.CERTIFIED
