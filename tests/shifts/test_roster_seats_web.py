"""Removing and replacing a seat from the shift page: confirmed first, never leaving a watch without CCO."""

import pytest

from shifts.workforce.models import Assignment
from shifts.workforce.services import roster
from tests.factories import coalition, persona
from tests.http import csrf_post
from tests.shifts.factories import DAY, certified, position, scheduler, watch_at, worked

pytestmark = [pytest.mark.usefixtures("frozen_ticking"), pytest.mark.django_db]


@pytest.fixture
def watch():
    coalition()
    cco, ops = position("CCO"), position("OPS")
    chief, other, operator = (
        persona("usa.reyes", "USA"),
        persona("gbr.hughes", "GBR"),
        persona("aus.kelly", "AUS"),
    )
    for officer, seat in ((chief, cco), (other, cco), (operator, ops)):
        certified(officer, seat)
        worked(officer, seat, before=DAY)
    shift = watch_at(DAY)
    return {
        "shift": shift,
        "cco_seat": roster.assignment_create(shift=shift, officer=chief, position=cco),
        "ops_seat": roster.assignment_create(shift=shift, officer=operator, position=ops),
        "other": other,
        "boss": scheduler(),
    }


def test_removing_a_seat_asks_to_confirm_first(watch, logged_in):
    client = logged_in(watch["boss"])
    seat = watch["ops_seat"]
    page = client.get(f"/roster/shifts/{watch['shift'].pk}/").content.decode()
    assert f'id="remove-seat-{seat.pk}"' in page
    asked = csrf_post(client, f"/roster/assignments/{seat.pk}/remove")
    assert asked.status_code == 200 and 'id="confirm-remove"' in asked.content.decode()
    assert Assignment.objects.filter(pk=seat.pk).exists()
    done = csrf_post(client, f"/roster/assignments/{seat.pk}/remove", {"confirm": "yes"})
    assert done.status_code == 302 and not Assignment.objects.filter(pk=seat.pk).exists()


def test_removing_the_only_cco_is_refused_and_replacing_them_in_one_step_works(watch, logged_in):
    client = logged_in(watch["boss"])
    seat = watch["cco_seat"]
    refused = csrf_post(client, f"/roster/assignments/{seat.pk}/remove", {"confirm": "yes"})
    assert refused.status_code == 409
    assert (
        "Refused (one_cco)" in refused.content.decode() and "no CCO on the shift" in refused.content.decode()
    )
    assert Assignment.objects.filter(pk=seat.pk).exists()
    replaced = csrf_post(client, f"/roster/assignments/{seat.pk}/replace", {"officer": watch["other"].pk})
    assert replaced.status_code == 302
    cco = Assignment.objects.get(shift=watch["shift"], position__is_chief=True)
    assert cco.officer == watch["other"]


def test_the_api_refuses_removing_the_only_cco(watch, logged_in):
    client = logged_in(watch["boss"])
    token = client.get("/jobs/") and client.cookies["csrftoken"].value
    response = client.delete(f"/api/v1/assignments/{watch['cco_seat'].pk}/", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 409 and response.json()["rule"] == "one_cco"


def test_an_operator_sees_no_remove_or_replace_forms(watch, logged_in):
    page = (
        logged_in(watch["other"]).get(f"/roster/assignments/{watch['ops_seat'].pk}/remove").content.decode()
    )
    assert 'id="confirm-remove"' not in page and 'id="replace-seat"' not in page
