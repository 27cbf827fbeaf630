"""The workforce pages through a CSRF-enforcing client: roster, shift, certifications, officer, swaps."""

from datetime import date, timedelta

import pytest
from django.test import Client

from shifts.refusals import Refusal
from shifts.workforce.models import Assignment, SwapRequest, SwapStatus
from shifts.workforce.services import roster, swaps
from shifts.workforce.services.calendar import shifts_ensure
from tests.factories import persona
from tests.http import csrf_post
from tests.shifts.factories import DAY, certified, certifier, crew, watch_at, worked

pytestmark = [pytest.mark.usefixtures("frozen_ticking"), pytest.mark.django_db]


def test_the_roster_shows_the_cco_with_nation_and_gaps_in_red_with_the_reason(floor, logged_in):
    shifts_ensure(start=date(2026, 11, 30), days=7)
    roster.assignment_create(shift=floor["shift"], officer=floor["chief"], position=floor["cco"])
    page = logged_in(floor["chief"]).get("/roster/?start=2026-11-30&view=week").content.decode()
    assert 'CCO <a href="/officers/' in page and '>Reyes</a> <span class="nation-tag">USA</span>' in page
    assert 'class="roster-cell breach"' in page
    assert "no CCO on the shift" in page  # other watches: the reason is in the cell's title
    assert "0 of the 1 OPS officers required" in page
    four_weeks = logged_in(floor["chief"]).get("/roster/?start=2026-11-30&view=4w").content.decode()
    assert four_weeks.count('<table class="table roster"') == 4


def test_assigning_from_the_shift_page_refuses_a_breach_with_a_clear_message(floor, logged_in):
    client = logged_in(floor["scheduler"])
    expired = persona("gbr.hughes", "GBR", first_name="Alex", last_name="Hughes")
    certified(expired, floor["cco"], expires_on=DAY.date() - timedelta(days=1))
    url = f"/roster/shifts/{floor['shift'].pk}/assign"
    page = csrf_post(
        client, url, {"officer": expired.pk, "position": floor["cco"].pk}, follow=True
    ).content.decode()
    assert "Refused (certified): [certified] Capt Alex Hughes (GBR), Day 2026-12-03 0700Z as CCO" in page
    assert "certification expires 2026-12-02, before the shift ends" in page
    csrf_post(client, url, {"officer": floor["chief"].pk, "position": floor["cco"].pk})
    assert Assignment.objects.get(shift=floor["shift"]).officer == floor["chief"]


def test_an_operator_sees_no_assign_form_and_cannot_post_one(floor, logged_in):
    client = logged_in(floor["chief"])
    assert "assign-form" not in client.get(f"/roster/shifts/{floor['shift'].pk}/").content.decode()
    page = csrf_post(
        client,
        f"/roster/shifts/{floor['shift'].pk}/assign",
        {"officer": floor["chief"].pk, "position": floor["cco"].pk},
        follow=True,
    ).content.decode()
    assert "scheduler permission needed" in page
    assert not Assignment.objects.filter(shift=floor["shift"]).exists()


def test_the_workspace_certifies_and_decertifies_listing_lost_shifts(floor, logged_in):
    official = certifier("usa.official")
    trainee = persona("can.roy", "CAN", first_name="Sam", last_name="Roy")
    client = logged_in(official)
    response = csrf_post(
        client, "/certifications/enrol", {"officer": trainee.pk, "position": floor["ops"].pk}
    )
    cert_url = response.url
    csrf_post(client, f"{cert_url}ready")
    csrf_post(
        client, f"{cert_url}evaluate", {"evaluated_on": "2026-11-30", "passed": "yes", "remarks": "good"}
    )
    csrf_post(client, f"{cert_url}certify")
    trainee.refresh_from_db()
    assert trainee.certifications.get().status == "certified"
    Assignment.objects.create(shift=floor["shift"], officer=trainee, position=floor["ops"])
    page = csrf_post(
        client, f"{cert_url}decertify", {"reason": "lost proficiency"}, follow=True
    ).content.decode()
    assert "These shifts lost their OPS: Day 2026-12-03 0700Z" in page
    assert not Assignment.objects.filter(officer=trainee).exists()


def test_the_workspace_lists_who_expires_in_60_days_and_the_shifts_it_uncovers(floor, logged_in):
    certified(floor["chief"], floor["cco"], expires_on=DAY.date())
    later = watch_at(DAY + timedelta(days=1))
    Assignment.objects.create(shift=later, officer=floor["chief"], position=floor["cco"])
    page = logged_in(floor["chief"]).get("/certifications/").content.decode()
    expiring = page.split('id="expiring"')[1].split("</table>")[0]
    assert "Dana Reyes" in expiring and "2026-12-03" in expiring and str(later) in expiring


def test_the_officer_page_shows_expiry_currency_and_upcoming_shifts(floor, logged_in):
    roster.assignment_create(shift=floor["shift"], officer=floor["chief"], position=floor["cco"])
    page = logged_in(floor["chief"]).get(f"/officers/{floor['chief'].pk}/").content.decode()
    assert "3 shifts in 90 days" in page and str(floor["shift"]) in page


def test_the_ical_feed_is_secret_revocable_and_lists_upcoming_watches(floor, logged_in):
    roster.assignment_create(shift=floor["shift"], officer=floor["chief"], position=floor["cco"])
    client = logged_in(floor["chief"])
    csrf_post(client, f"/officers/{floor['chief'].pk}/ical")
    floor["chief"].refresh_from_db()
    token = floor["chief"].ical_token
    feed = Client().get(f"/ical/{token}.ics")
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    body = feed.content.decode()
    assert (
        "BEGIN:VCALENDAR" in body and "DTSTART:20261203T070000Z" in body and "SUMMARY:Day watch: CCO" in body
    )
    csrf_post(client, f"/officers/{floor['chief'].pk}/ical", {"revoke": "1"})
    assert Client().get(f"/ical/{token}.ics").status_code == 404
    other = persona("gbr.moss", "GBR")
    assert csrf_post(logged_in(other), f"/officers/{floor['chief'].pk}/ical").status_code == 404


def test_a_swap_proposes_only_rule_keeping_replacements_and_the_cco_approves(floor, logged_in):
    ops = floor["ops"]
    mates = []
    for name in ("gbr.ellis", "aus.kelly", "can.leblanc"):
        officer = persona(name, name[:3].upper())
        certified(officer, ops)
        worked(officer, ops, before=DAY - timedelta(hours=1))
        mates.append(officer)
    resting = mates[2]  # on the swing watch before: would have no rest
    roster.assignment_create(shift=watch_at(DAY - timedelta(hours=8)), officer=resting, position=ops)
    crew("Alpha", [floor["chief"], *mates])
    roster.assignment_create(shift=floor["shift"], officer=floor["chief"], position=floor["cco"])
    seat = roster.assignment_create(shift=floor["shift"], officer=mates[0], position=ops)
    requester = logged_in(mates[0])
    response = csrf_post(requester, "/swaps/offer", {"assignment": seat.pk, "note": "family"})
    swap = SwapRequest.objects.get()
    page = requester.get(response.url).content.decode()
    assert (
        str(mates[1]) in page and str(resting) not in page.split("keep every rule")[1].split("</section>")[0]
    )
    csrf_post(requester, f"/swaps/{swap.pk}/propose", {"replacement": mates[1].pk})
    csrf_post(requester, f"/swaps/{swap.pk}/approve")  # not the CCO: refused
    swap.refresh_from_db()
    assert swap.status == SwapStatus.PROPOSED
    csrf_post(logged_in(mates[1]), f"/swaps/{swap.pk}/consent")
    csrf_post(logged_in(floor["chief"]), f"/swaps/{swap.pk}/approve")
    swap.refresh_from_db()
    assert swap.status == SwapStatus.APPROVED
    assert Assignment.objects.get(shift=floor["shift"], position=ops).officer == mates[1]
    assert [e.to_status for e in swap.events.all()] == ["offered", "proposed", "consented", "approved"]


def test_a_requester_withdraws_and_an_impossible_replacement_is_refused(floor):
    ops = floor["ops"]
    mate = persona("gbr.ellis", "GBR")
    certified(mate, ops)
    worked(mate, ops, before=DAY - timedelta(hours=1))
    stranger = persona("aus.kelly", "AUS")  # not certified on OPS
    seat = roster.assignment_create(shift=floor["shift"], officer=mate, position=ops)
    swap = swaps.swap_offer(assignment=seat, by=mate.user)
    with pytest.raises(Refusal, match="not certified as OPS"):
        swaps.swap_propose(swap=swap, replacement=stranger, by=mate.user)
    assert swaps.swap_withdraw(swap=swap, by=mate.user).status == SwapStatus.WITHDRAWN
    with pytest.raises(Refusal, match="withdrawn: it cannot be withdrawn"):
        swaps.swap_withdraw(swap=swap, by=mate.user)
