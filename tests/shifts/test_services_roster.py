"""Every assignment rule, through the one assignment service."""

from datetime import UTC, date, datetime, timedelta

import pytest

from shifts.refusals import Refusal
from shifts.workforce.models import Assignment, CertificationStatus, Rule, Watch
from shifts.workforce.services import roster
from tests.factories import persona
from tests.shifts.factories import DAY, certified, certifier, position, watch_at, worked

pytestmark = [pytest.mark.usefixtures("frozen"), pytest.mark.django_db]


def assign(floor, officer, seat=None, shift=None):
    return roster.assignment_create(
        shift=shift or floor["shift"],
        officer=officer,
        position=seat or floor["cco"],
        by=floor["scheduler"].user,
    )


def refused(floor, officer, seat=None, shift=None) -> Refusal:
    with pytest.raises(Refusal) as caught:
        assign(floor, officer, seat, shift)
    return caught.value


def test_it_assigns_a_certified_current_cco(floor):
    made = assign(floor, floor["chief"])
    assert made.source == "ui" and made.created_by == floor["scheduler"].user
    assert Assignment.objects.filter(shift=floor["shift"], position__is_chief=True).count() == 1


def test_it_refuses_a_second_cco_naming_the_rule_officer_and_shift(floor):
    assign(floor, floor["chief"])
    other = persona("gbr.hughes", "GBR", first_name="Alex", last_name="Hughes")
    certified(other, floor["cco"])
    worked(other, floor["cco"], before=DAY - timedelta(hours=1))
    error = refused(floor, other)
    assert error.rule == Rule.ONE_CCO
    assert "Alex Hughes (GBR)" in str(error) and "Day 2026-12-03 0700Z" in str(error)
    assert "already has a CCO" in str(error) and "Dana Reyes" in str(error)


def test_it_refuses_an_officer_whose_certification_expires_mid_shift(floor):
    mid = watch_at(datetime(2026, 12, 2, 23, tzinfo=UTC), Watch.MID)
    certified(floor["chief"], floor["cco"], expires_on=date(2026, 12, 2))
    error = refused(floor, floor["chief"], shift=mid)
    assert error.rule == Rule.CERTIFIED
    assert "CCO certification expires 2026-12-02, before the shift ends" in str(error)
    assert "Mid 2026-12-02 2300Z" in str(error)


def test_it_accepts_an_officer_certified_to_the_end_of_the_shift_day(floor):
    certified(floor["chief"], floor["cco"], expires_on=date(2026, 12, 3))
    assert assign(floor, floor["chief"]).pk


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (CertificationStatus.SUSPENDED, "CCO certification is suspended"),
        (CertificationStatus.IN_TRAINING, "CCO certification is in training"),
    ],
)
def test_it_refuses_an_officer_not_certified_now(floor, status, words):
    floor["chief"].certifications.update(status=status)
    error = refused(floor, floor["chief"])
    assert error.rule == Rule.CERTIFIED and words in str(error)


def test_it_refuses_an_officer_never_certified_in_the_position(floor):
    error = refused(floor, floor["chief"], seat=floor["ops"])
    assert error.rule == Rule.CERTIFIED and "not certified as OPS" in str(error)


def test_a_non_current_officer_works_only_supervised_and_working_restores_currency(floor):
    ops = floor["ops"]
    rookie = persona("can.roy", "CAN", first_name="Sam", last_name="Roy")
    certified(rookie, ops)
    worked(rookie, ops, before=DAY - timedelta(hours=1), count=2)
    error = refused(floor, rookie, seat=ops)
    assert error.rule == Rule.CURRENT and "fewer than 3 OPS shifts in the last 90 days" in str(error)
    certified(floor["chief"], ops)
    worked(floor["chief"], ops, before=DAY - timedelta(hours=2), count=3)
    assign(floor, floor["chief"])  # a certified, current OPS officer on the shift (here as CCO) supervises
    assert assign(floor, rookie, seat=ops).pk
    alone_later = watch_at(DAY + timedelta(days=2))
    assert assign(floor, rookie, seat=ops, shift=alone_later).pk  # the third shift made them current


def test_it_refuses_a_nation_not_eligible_for_the_position(floor):
    space = position("SPACE", nations=("USA",))
    brit = persona("gbr.clarke", "GBR", first_name="Jordan", last_name="Clarke")
    certified(brit, space)
    worked(brit, space, before=DAY)
    error = refused(floor, brit, seat=space)
    assert error.rule == Rule.NATION and "SPACE is open to USA only, not GBR" in str(error)


def test_it_refuses_overlapping_shifts_and_short_rest(floor):
    chief, ops = floor["chief"], floor["ops"]
    certified(chief, ops)
    worked(chief, ops, before=DAY - timedelta(hours=1))
    assign(floor, chief)
    overlapping = watch_at(DAY + timedelta(hours=4))
    assert refused(floor, chief, seat=ops, shift=overlapping).rule == Rule.OVERLAP
    swing = watch_at(DAY + timedelta(hours=8), Watch.SWING)  # no rest at all
    assert refused(floor, chief, seat=ops, shift=swing).rule == Rule.REST
    mid = watch_at(DAY + timedelta(hours=16), Watch.MID)  # 8 h after the day watch ends
    error = refused(floor, chief, seat=ops, shift=mid)
    assert error.rule == Rule.REST and "only 8 h rest after Day 2026-12-03 0700Z (minimum 10 h)" in str(error)
    next_day = watch_at(DAY + timedelta(hours=24))  # 16 h rest
    assert assign(floor, chief, shift=next_day).pk


def test_it_refuses_a_seventh_consecutive_watch(floor):
    for offset in range(6):
        assign(floor, floor["chief"], shift=watch_at(DAY + timedelta(days=offset)))
    error = refused(floor, floor["chief"], shift=watch_at(DAY + timedelta(days=6)))
    assert error.rule == Rule.CONSECUTIVE and "watch 7 in a row (maximum 6" in str(error)
    after_a_day_off = watch_at(DAY + timedelta(days=7, hours=8), Watch.SWING)  # 32 h off
    assert assign(floor, floor["chief"], shift=after_a_day_off).pk


def test_a_recorded_waiver_lets_that_one_breach_through(floor):
    for offset in range(6):
        assign(floor, floor["chief"], shift=watch_at(DAY + timedelta(days=offset)))
    seventh = watch_at(DAY + timedelta(days=6))
    official = certifier()
    roster.waiver_grant(
        rule=Rule.CONSECUTIVE,
        shift=seventh,
        officer=floor["chief"],
        reason="Crew sick; CCO stays one more watch",
        approved_by=official.user,
    )
    assert assign(floor, floor["chief"], shift=seventh).pk


def test_only_a_certifying_official_approves_a_waiver(floor):
    with pytest.raises(Refusal, match="not a certifying official"):
        roster.waiver_grant(
            rule=Rule.REST,
            shift=floor["shift"],
            officer=floor["chief"],
            reason="because",
            approved_by=floor["scheduler"].user,
        )


def test_only_a_scheduler_edits_the_roster(floor):
    with pytest.raises(Refusal, match="scheduler permission") as caught:
        roster.assignment_create(
            shift=floor["shift"], officer=floor["chief"], position=floor["cco"], by=floor["chief"].user
        )
    assert caught.value.rule == "permission"


def test_validate_reports_a_missing_cco_and_short_manning(floor):
    _, violations = roster.roster_validate(start=date(2026, 12, 3), days=1)
    rules = sorted({v.rule for v in violations})
    assert rules == [Rule.MANNING, Rule.ONE_CCO]
    assert any("Day 2026-12-03 0700Z as CCO: no CCO on the shift" in v.message for v in violations)
    assert any("0 of the 1 OPS officers required" in v.message for v in violations)


def test_removing_a_supervisor_is_refused_when_it_leaves_a_trainee_alone(floor):
    ops = floor["ops"]
    rookie = persona("can.roy", "CAN")
    certified(rookie, ops)
    certified(floor["chief"], ops)
    worked(floor["chief"], ops, before=DAY - timedelta(hours=1))
    supervisor = assign(floor, floor["chief"])
    assign(floor, rookie, seat=ops)
    with pytest.raises(Refusal) as caught:
        roster.assignment_delete(assignment=supervisor, by=floor["scheduler"].user)
    assert caught.value.rule == Rule.CURRENT
