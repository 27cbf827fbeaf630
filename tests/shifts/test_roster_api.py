"""The workforce API: the same services, refusals as JSON naming the rule."""

import json
from datetime import date, timedelta

import pytest

from shifts.workforce.models import Assignment, CertificationStatus, Rule
from tests.factories import coalition, persona
from tests.http import csrf_post
from tests.shifts.factories import DAY, certified, certifier, grant, position, scheduler, watch_at, worked

pytestmark = [pytest.mark.usefixtures("frozen_ticking"), pytest.mark.django_db]


@pytest.fixture
def floor(logged_in):
    coalition()
    cco = position("CCO")
    chief = persona("usa.reyes", "USA", first_name="Dana", last_name="Reyes")
    certified(chief, cco)
    worked(chief, cco, before=DAY)
    boss = grant(scheduler(), "certify_officer")
    certified(boss, cco)
    return {"cco": cco, "chief": chief, "shift": watch_at(DAY), "client": logged_in(boss), "boss": boss}


def post(client, url, data):
    return csrf_post(client, url, json.dumps(data), content_type="application/json")


def test_an_assignment_through_the_api_keeps_the_rules(floor):
    client, shift = floor["client"], floor["shift"]
    made = post(
        client, "/api/v1/assignments/", {"shift": shift.pk, "officer": floor["chief"].pk, "position": "CCO"}
    )
    assert made.status_code == 201 and made.json()["source"] == "api"
    second = persona("gbr.hughes", "GBR")
    certified(second, floor["cco"])
    worked(second, floor["cco"], before=DAY - timedelta(hours=1))
    refused = post(
        client, "/api/v1/assignments/", {"shift": shift.pk, "officer": second.pk, "position": "CCO"}
    )
    assert refused.status_code == 409
    body = refused.json()
    assert body["rule"] == Rule.ONE_CCO and "already has a CCO" in body["detail"]
    assert body["violations"][0] == {
        "rule": "one_cco",
        "shift": shift.pk,
        "officer": second.pk,
        "message": body["violations"][0]["message"],
    }


def test_an_assignment_past_expiry_is_refused_with_the_rule_named(floor):
    certified(floor["chief"], floor["cco"], expires_on=date(2026, 12, 2))
    refused = post(
        floor["client"],
        "/api/v1/assignments/",
        {"shift": floor["shift"].pk, "officer": floor["chief"].pk, "position": "CCO"},
    )
    assert refused.status_code == 409 and refused.json()["rule"] == "certified"
    assert "CCO certification expires 2026-12-02, before the shift ends" in refused.json()["detail"]


def test_an_operator_without_the_scheduler_permission_cannot_assign(floor, logged_in):
    client = logged_in(floor["chief"])
    refused = post(
        client,
        "/api/v1/assignments/",
        {"shift": floor["shift"].pk, "officer": floor["chief"].pk, "position": "CCO"},
    )
    assert refused.status_code == 403 and refused.json()["rule"] == "permission"
    assert not Assignment.objects.filter(shift=floor["shift"]).exists()


def test_certification_actions_through_the_api(floor):
    client = floor["client"]
    trainee = persona("can.roy", "CAN")
    made = post(client, "/api/v1/certifications/", {"officer": trainee.pk, "position": "CCO"})
    assert made.status_code == 201, made.content
    url = f"/api/v1/certifications/{made.json()['id']}"
    assert post(client, f"{url}/ready/", {}).json()["status"] == CertificationStatus.AWAITING_EVALUATION
    evaluated = post(
        client, f"{url}/evaluate/", {"evaluated_on": "2026-11-30", "passed": True, "remarks": "solid"}
    )
    assert evaluated.status_code == 200 and evaluated.json()["evaluations"][0]["passed"] is True
    certified_ = post(client, f"{url}/certify/", {}).json()
    assert certified_["status"] == "certified" and certified_["expires_on"] == "2028-05-31"
    gone = post(client, f"{url}/decertify/", {"reason": ""})
    assert gone.status_code == 409 and gone.json()["rule"] == "reason_required"
    gone = post(client, f"{url}/decertify/", {"reason": "failed a no-notice check"})
    assert gone.json()["status"] == "decertified" and gone.json()["uncovered_shifts"] == []


def test_self_certification_through_the_api_is_forbidden(floor, logged_in):
    official = certifier("gbr.official", "GBR")
    client = logged_in(official)
    made = post(client, "/api/v1/certifications/", {"officer": official.pk, "position": "CCO"})
    assert made.status_code == 403 and made.json()["rule"] == "self_certification"
    assert "may not certify or evaluate themself" in made.json()["detail"]


def test_the_api_lists_officers_positions_and_shifts_with_seats(floor):
    client = floor["client"]
    post(
        client,
        "/api/v1/assignments/",
        {"shift": floor["shift"].pk, "officer": floor["chief"].pk, "position": "CCO"},
    )
    officers = client.get("/api/v1/officers/").json()["results"]
    assert {"usa.reyes", "scheduler"} <= {o["username"] for o in officers}
    assert client.get("/api/v1/positions/").json()["results"][0]["is_chief"] is True
    shifts = client.get("/api/v1/shifts/?start=2026-12-03&days=1").json()["results"]
    day = next(s for s in shifts if s["id"] == floor["shift"].pk)
    assert day["assignments"][0]["position"] == "CCO"
    violations = client.get("/api/v1/shifts/violations/?start=2026-12-03&days=1").json()
    assert all(v["rule"] in Rule.values for v in violations)


def test_a_waiver_through_the_api_needs_a_certifying_official(floor, logged_in):
    body = {"rule": "rest", "shift": floor["shift"].pk, "officer": floor["chief"].pk, "reason": "storm"}
    assert post(logged_in(floor["chief"]), "/api/v1/waivers/", body).status_code == 403
    made = post(floor["client"], "/api/v1/waivers/", body)
    assert made.status_code == 201 and made.json()["approved_by"] == "scheduler"


def test_it_is_unreachable_without_login(client):
    assert client.get("/api/v1/certifications/").status_code in (401, 403)
