"""Two people acting at once: certifying officials on one certification, CCOs signing on. Each ends with one
winner and a history that tells what happened, on SQLite and PostgreSQL alike."""

import itertools
import threading
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from shifts.refusals import Refusal
from shifts.watch.services import lifecycle as watch
from shifts.workforce.models import Assignment, Certification, CertificationStatus, Shift, ShiftStatus
from shifts.workforce.services import certification as certs
from tests.factories import coalition, persona, shift_at
from tests.shifts.factories import certified, certifier, position

pytestmark = pytest.mark.django_db(transaction=True)
S = CertificationStatus


def _at_once(*actions) -> list[str]:
    """Run the actions in threads released together; each outcome is "won" or the refusal's rule."""
    barrier, outcomes = threading.Barrier(len(actions)), []

    def run(action):
        try:
            barrier.wait()
            action()
            outcomes.append("won")
        except Refusal as exc:
            outcomes.append(exc.rule)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


@pytest.fixture
def awaiting():
    """An OPS trainee with a passed evaluation, and two certifying officials."""
    coalition()
    ops = position("OPS")
    first, second = certifier("usa.first", "USA"), certifier("gbr.second", "GBR")
    trainee = persona("can.trainee", "CAN")
    cert = certs.certification_start(officer=trainee, position=ops, by=first.user)
    certs.certification_ready(certification=cert, by=first.user)
    certs.evaluation_record(
        certification=cert, evaluator=first.user, evaluated_on=timezone.now().date(), passed=True
    )
    return cert, first, second


def _fresh(cert) -> Certification:
    return Certification.objects.get(pk=cert.pk)


def test_two_officials_certifying_at_once_grant_one_certification(awaiting):
    cert, first, second = awaiting
    stale = [_fresh(cert), _fresh(cert)]  # both pages loaded while the trainee awaited evaluation
    outcomes = _at_once(
        lambda: certs.certification_certify(certification=stale[0], by=first.user),
        lambda: certs.certification_certify(certification=stale[1], by=second.user),
    )
    assert outcomes == ["certification_state", "won"]
    assert cert.events.filter(to_status=S.CERTIFIED).count() == 1


def test_a_suspension_and_a_decertification_at_once_leave_a_history_that_adds_up(awaiting):
    cert, first, second = awaiting
    certs.certification_certify(certification=cert, by=first.user)
    stale = [_fresh(cert), _fresh(cert)]
    _at_once(
        lambda: certs.certification_suspend(certification=stale[0], by=first.user, reason="medical"),
        lambda: certs.certification_decertify(certification=stale[1], by=second.user, reason="conduct"),
    )
    events = list(cert.events.order_by("pk"))
    for before, after in itertools.pairwise(events):
        assert after.from_status == before.to_status  # each step starts where the last one left
    assert _fresh(cert).status == events[-1].to_status


@pytest.fixture
def two_watches():
    coalition()
    cco = position("CCO")
    now = timezone.now().replace(microsecond=0)
    chiefs = [persona("usa.reyes", "USA"), persona("can.tremblay", "CAN")]
    shifts = [shift_at(now - timedelta(hours=1)), shift_at(now + timedelta(hours=7))]
    for chief, shift in zip(chiefs, shifts, strict=True):
        certified(chief, cco)
        Assignment.objects.create(shift=shift, officer=chief, position=cco, source="history")
    return shifts, chiefs


def test_two_ccos_of_two_watches_signing_on_at_once_leave_one_watch_on_the_floor(two_watches, monkeypatch):
    shifts, chiefs = two_watches
    transition = watch.shift_transition

    def slow_transition(*args, **kwargs):
        time.sleep(0.3)  # both have looked for a watch on the floor before either writes
        return transition(*args, **kwargs)

    monkeypatch.setattr(watch, "shift_transition", slow_transition)
    outcomes = _at_once(
        *(
            lambda s=s, c=c: watch.shift_sign_on(shift=s, officer=c)
            for s, c in zip(shifts, chiefs, strict=True)
        )
    )
    assert outcomes == ["one_watch", "won"]
    assert Shift.objects.filter(status=ShiftStatus.ON_WATCH).count() == 1


def test_two_clicks_on_sign_on_sign_on_once(two_watches):
    shifts, chiefs = two_watches
    outcomes = _at_once(*(lambda: watch.shift_sign_on(shift=shifts[0], officer=chiefs[0]) for _ in range(2)))
    assert outcomes == ["shift_lifecycle", "won"]
    assert shifts[0].events.filter(to_status=ShiftStatus.ON_WATCH).count() == 1
