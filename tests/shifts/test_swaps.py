"""Swaps through the pages and the API: an offer, the replacement's consent, an approval by someone
not party to it."""

import json
from datetime import UTC, datetime

import pytest

from shifts.watch.models import Notification
from shifts.workforce.models import Assignment, SwapRequest, SwapStatus
from shifts.workforce.services import roster
from tests.factories import coalition, persona
from tests.http import csrf_post
from tests.shifts.factories import certified, crew, grant, position, scheduler, watch_at, worked

pytestmark = [pytest.mark.usefixtures("frozen_ticking"), pytest.mark.django_db]

SWING = datetime(2026, 12, 3, 15, tzinfo=UTC)


def _cco(username: str, nation: str, cco):
    officer = persona(username, nation, last_name=username.split(".")[1].title())
    certified(officer, cco)
    worked(officer, cco, before=SWING)
    return officer


@pytest.fixture
def swing():
    """The Canadian CCO on a Swing watch, a British and an Australian CCO free to take it, a scheduler."""
    coalition()
    cco = position("CCO")
    canadian, british, australian = (
        _cco(name, name[:3].upper(), cco) for name in ("can.tremblay", "gbr.hughes", "aus.kelly")
    )
    crew("Bravo", [canadian, british, australian])
    shift = watch_at(SWING, watch="swing")
    seat = roster.assignment_create(shift=shift, officer=canadian, position=cco)
    return {
        "cco": cco,
        "shift": shift,
        "seat": seat,
        "canadian": canadian,
        "british": british,
        "australian": australian,
        "boss": scheduler(),
    }


def _offer(client, seat) -> SwapRequest:
    response = csrf_post(client, "/swaps/offer", {"assignment": seat.pk, "note": "course"})
    assert response.status_code == 302
    return SwapRequest.objects.get()


def _notes(officer) -> list[str]:
    return list(Notification.objects.filter(recipient=officer, topic="swap").values_list("text", flat=True))


def test_the_cco_cannot_approve_their_own_swap_and_the_replacement_is_asked(
    swing, logged_in, django_capture_on_commit_callbacks
):
    canadian, british = logged_in(swing["canadian"]), logged_in(swing["british"])
    with django_capture_on_commit_callbacks(execute=True):
        swap = _offer(canadian, swing["seat"])
    assert any("offers their CCO seat" in text for text in _notes(swing["australian"]))
    with django_capture_on_commit_callbacks(execute=True):
        csrf_post(canadian, f"/swaps/{swap.pk}/propose", {"replacement": swing["british"].pk})
    assert any("consent or decline" in text for text in _notes(swing["british"]))
    page = canadian.get(f"/swaps/{swap.pk}/").content.decode()
    assert 'id="swap-approve"' not in page  # waiting for the replacement: nothing to approve yet
    assert csrf_post(canadian, f"/swaps/{swap.pk}/approve").status_code == 409

    assert 'id="swap-consent"' in british.get(f"/swaps/{swap.pk}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        csrf_post(british, f"/swaps/{swap.pk}/consent")
    assert any("waits for approval" in text for text in _notes(swing["boss"]))
    assert not any("waits for approval" in text for text in _notes(swing["canadian"]))

    page = canadian.get(f"/swaps/{swap.pk}/").content.decode()
    assert 'id="swap-approve"' not in page
    assert "you are the requester of this swap: someone else must approve it" in page
    refused = csrf_post(canadian, f"/swaps/{swap.pk}/approve")
    assert refused.status_code == 403 and "Refused (self_approval)" in refused.content.decode()
    swap.refresh_from_db()
    assert swap.status == SwapStatus.CONSENTED

    boss = logged_in(swing["boss"])
    assert csrf_post(boss, f"/swaps/{swap.pk}/approve").status_code == 302
    assert Assignment.objects.get(shift=swing["shift"]).officer == swing["british"]
    history = [(e.to_status, e.actor.username) for e in swap.events.all()]
    assert history == [
        ("offered", "can.tremblay"),
        ("proposed", "can.tremblay"),
        ("consented", "gbr.hughes"),
        ("approved", "scheduler"),
    ]


def test_a_replacement_who_schedules_cannot_approve_taking_the_seat(swing, logged_in):
    grant(swing["british"], "schedule_roster")
    swap = _offer(logged_in(swing["canadian"]), swing["seat"])
    british = logged_in(swing["british"])
    assert csrf_post(british, f"/swaps/{swap.pk}/volunteer").status_code == 302
    refused = csrf_post(british, f"/swaps/{swap.pk}/approve")
    assert refused.status_code == 403 and "you are the replacement" in refused.content.decode()
    assert Assignment.objects.get(shift=swing["shift"]).officer == swing["canadian"]


def test_an_eligible_officer_is_offered_volunteer_not_propose_and_volunteering_is_consent(swing, logged_in):
    swap = _offer(logged_in(swing["canadian"]), swing["seat"])
    australian = logged_in(swing["australian"])
    page = australian.get(f"/swaps/{swap.pk}/").content.decode()
    assert 'id="swap-volunteer"' in page and 'id="swap-propose"' not in page
    assert csrf_post(australian, f"/swaps/{swap.pk}/volunteer").status_code == 302
    swap.refresh_from_db()
    assert (swap.status, swap.replacement) == (SwapStatus.CONSENTED, swing["australian"])
    csrf_post(logged_in(swing["boss"]), f"/swaps/{swap.pk}/approve")
    assert Assignment.objects.get(shift=swing["shift"]).officer == swing["australian"]


def test_an_officer_who_would_break_a_rule_sees_no_volunteer_and_is_refused(swing, logged_in):
    swap = _offer(logged_in(swing["canadian"]), swing["seat"])
    uncertified = persona("usa.cole", "USA")
    client = logged_in(uncertified)
    assert 'id="swap-volunteer"' not in client.get(f"/swaps/{swap.pk}/").content.decode()
    refused = csrf_post(client, f"/swaps/{swap.pk}/volunteer")
    assert refused.status_code == 409 and "not certified as CCO" in refused.content.decode()


def test_a_declining_replacement_puts_the_seat_back_on_offer(swing, logged_in):
    canadian = logged_in(swing["canadian"])
    swap = _offer(canadian, swing["seat"])
    csrf_post(canadian, f"/swaps/{swap.pk}/propose", {"replacement": swing["british"].pk})
    csrf_post(logged_in(swing["british"]), f"/swaps/{swap.pk}/decline", {"reason": "on leave"})
    swap.refresh_from_db()
    assert (swap.status, swap.replacement) == (SwapStatus.OFFERED, None)
    assert swap.events.last().reason == "declined by " + str(swing["british"]) + ": on leave"


def test_offering_a_seat_that_is_not_a_number_answers_400_keeping_the_note(swing, logged_in):
    response = csrf_post(
        logged_in(swing["canadian"]), "/swaps/offer", {"assignment": "abc", "note": "course"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose one of your shifts to offer." in page and 'value="course"' in page
    assert not SwapRequest.objects.exists()


def test_an_operator_sees_why_they_may_not_approve_before_trying(swing, logged_in):
    swap = _offer(logged_in(swing["canadian"]), swing["seat"])
    csrf_post(logged_in(swing["australian"]), f"/swaps/{swap.pk}/volunteer")
    page = logged_in(persona("gbr.moss", "GBR")).get(f"/swaps/{swap.pk}/").content.decode()
    assert "only a scheduler or the shift&#x27;s CCO may approve a swap" in page
    assert 'id="swap-approve"' not in page and 'id="swap-withdraw"' not in page


def test_a_seat_on_offer_cannot_be_offered_twice(swing, logged_in):
    canadian = logged_in(swing["canadian"])
    swap = _offer(canadian, swing["seat"])
    again = csrf_post(canadian, "/swaps/offer", {"assignment": swing["seat"].pk, "note": "again"})
    assert again.status_code == 409 and f"already offered (swap {swap.pk})" in again.content.decode()
    assert 'value="again"' in again.content.decode()


def test_a_swap_whose_seat_is_gone_still_shows_and_cannot_be_approved(swing, logged_in):
    swap = _offer(logged_in(swing["canadian"]), swing["seat"])
    csrf_post(logged_in(swing["australian"]), f"/swaps/{swap.pk}/volunteer")
    roster.assignment_replace(assignment=swing["seat"], officer=swing["british"])
    boss = logged_in(swing["boss"])
    assert boss.get(f"/swaps/{swap.pk}/").status_code == 200
    refused = csrf_post(boss, f"/swaps/{swap.pk}/approve")
    assert refused.status_code == 409 and "no longer holds CCO" in refused.content.decode()


# The API: the same services, refusals as JSON naming the rule.


def post(client, url, data=None):
    return csrf_post(client, url, json.dumps(data or {}), content_type="application/json")


def test_a_swap_through_the_api_needs_consent_and_an_approver_not_party_to_it(swing, logged_in):
    canadian, british = logged_in(swing["canadian"]), logged_in(swing["british"])
    offered = post(canadian, "/api/v1/swaps/", {"assignment": swing["seat"].pk, "note": "course"})
    assert offered.status_code == 201 and offered.json()["status"] == "offered"
    pk = offered.json()["id"]
    proposed = post(canadian, f"/api/v1/swaps/{pk}/propose/", {"replacement": swing["british"].pk})
    assert proposed.json()["status"] == "proposed"
    early = post(logged_in(swing["boss"]), f"/api/v1/swaps/{pk}/approve/")
    assert early.status_code == 409 and early.json()["rule"] == "swap_state"
    assert post(british, f"/api/v1/swaps/{pk}/consent/").json()["status"] == "consented"
    own = post(canadian, f"/api/v1/swaps/{pk}/approve/")
    assert own.status_code == 403 and own.json()["rule"] == "self_approval"
    approved = post(logged_in(swing["boss"]), f"/api/v1/swaps/{pk}/approve/")
    assert approved.status_code == 200 and [e["to_status"] for e in approved.json()["events"]] == [
        "offered",
        "proposed",
        "consented",
        "approved",
    ]
    assert Assignment.objects.get(shift=swing["shift"]).officer == swing["british"]


def test_offering_a_seat_that_is_not_a_number_answers_400(swing, logged_in):
    response = post(logged_in(swing["canadian"]), "/api/v1/swaps/", {"assignment": "abc"})
    assert response.status_code == 400 and "assignment" in response.json()


def test_only_the_seat_holder_offers_it(swing, logged_in):
    response = post(logged_in(swing["british"]), "/api/v1/swaps/", {"assignment": swing["seat"].pk})
    assert response.status_code == 403 and response.json()["rule"] == "permission"
