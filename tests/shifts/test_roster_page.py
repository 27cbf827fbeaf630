"""The roster page for a person: my seats, filters by person, crew and nation, ended watches greyed,
and for schedulers and certifying officials: generate, the breaches to come, waivers."""

from datetime import UTC, date, datetime, timedelta

import pytest

from shifts.workforce.models import Assignment, Waiver
from shifts.workforce.services import roster
from shifts.workforce.services.calendar import shifts_ensure
from tests.factories import coalition, persona
from tests.http import csrf_post
from tests.shifts.factories import DAY, certified, certifier, crew, position, scheduler, watch_at, worked

pytestmark = [pytest.mark.usefixtures("frozen_ticking"), pytest.mark.django_db]

MONDAY = date(2026, 11, 30)
YESTERDAY = datetime(2026, 11, 30, 7, tzinfo=UTC)


@pytest.fixture
def week():
    coalition()
    cco, ops = position("CCO"), position("OPS")
    chief = persona("usa.reyes", "USA", last_name="Reyes")
    operator = persona("gbr.ellis", "GBR", last_name="Ellis")
    certified(chief, cco)
    certified(operator, ops)
    worked(chief, cco, before=YESTERDAY)
    worked(operator, ops, before=YESTERDAY)
    alpha = crew("Alpha", [operator])
    shifts_ensure(start=MONDAY, days=7)
    roster.assignment_create(shift=watch_at(DAY), officer=chief, position=cco)
    roster.assignment_create(shift=watch_at(DAY), officer=operator, position=ops)
    return {
        "chief": chief,
        "operator": operator,
        "alpha": alpha,
        "day": watch_at(DAY),
        "past": watch_at(YESTERDAY),
    }


def _cell(page: str, shift) -> str:
    head = page.index(f'data-shift-id="{shift.pk}"')
    return page[page.rindex("<td", 0, head) : page.index("</td>", head)]


def test_my_seats_are_highlighted(week, logged_in):
    page = logged_in(week["operator"]).get(f"/roster/?start={MONDAY}").content.decode()
    cell = _cell(page, week["day"])
    assert " mine" in cell.split(">")[0] and "you: OPS" in cell
    assert "you:" not in _cell(page, week["past"])
    assert 'id="roster-filter-mine"' in page and f"officer={week['operator'].pk}" in page


@pytest.mark.parametrize("query", ["officer={operator}", "crew={alpha}", "nation=GBR"])
def test_a_filter_picks_out_the_seats_of_a_person_a_crew_or_a_nation(week, logged_in, query):
    query = query.format(operator=week["operator"].pk, alpha=week["alpha"].pk)
    page = logged_in(week["chief"]).get(f"/roster/?start={MONDAY}&{query}").content.decode()
    day = _cell(page, week["day"])
    assert 'class="match">OPS Ellis' in day and " dim" not in day.split(">")[0]
    assert " dim" in _cell(page, week["past"]).split(">")[0]
    assert f"&amp;{query.split('=')[0]}=" in page or f"&{query.split('=')[0]}=" in page  # kept when paging


def test_watches_that_have_ended_are_greyed_not_red(week, logged_in):
    page = logged_in(week["chief"]).get(f"/roster/?start={MONDAY}").content.decode()
    past = _cell(page, week["past"]).split(">")[0]
    assert "past" in past and "breach" not in past
    future = _cell(page, watch_at(DAY + timedelta(hours=8))).split(">")[0]
    assert "breach" in future
    shift_page = logged_in(week["chief"]).get(f"/roster/shifts/{week['past'].pk}/").content.decode()
    assert "Breaches (the watch has ended)" in shift_page and '<li class="error">' not in shift_page


def test_an_operator_sees_neither_generate_nor_waivers(week, logged_in):
    page = logged_in(week["operator"]).get(f"/roster/?start={MONDAY}").content.decode()
    assert 'id="roster-generate"' not in page and 'id="roster-violations"' not in page
    assert (
        csrf_post(logged_in(week["operator"]), "/roster/generate", {"start": str(MONDAY)}).status_code == 403
    )


def test_a_scheduler_sees_the_breaches_to_come_but_leaves_waivers_to_a_certifying_official(week, logged_in):
    client = logged_in(scheduler())
    page = client.get(f"/roster/?start={MONDAY}").content.decode()
    assert 'id="roster-generate-button"' in page and "A waiver is granted by a certifying official." in page
    assert "Grant waiver" not in page
    listed = page.split('id="roster-violations"')[1]
    assert "no CCO on the shift" in listed and str(week["past"]) not in listed
    refused = csrf_post(
        client,
        "/roster/waivers",
        {"start": str(MONDAY), "rule": "manning", "shift": week["day"].pk, "reason": "exercise", "key": "k"},
    )
    assert refused.status_code == 403 and "not a certifying official" in refused.content.decode()
    assert not Waiver.objects.exists()


def test_a_certifying_official_grants_a_waiver_from_the_roster(week, logged_in):
    client = logged_in(certifier())
    shift = watch_at(DAY + timedelta(hours=8))
    page = client.get(f"/roster/?start={MONDAY}").content.decode()
    assert "Grant waiver" in page and 'id="roster-generate"' not in page
    data = {"view": "week", "start": str(MONDAY), "rule": "one_cco", "shift": shift.pk, "officer": ""}
    empty = csrf_post(client, "/roster/waivers", {**data, "key": "one_cco:x:"})
    assert empty.status_code == 400 and "A waiver needs a reason." in empty.content.decode()
    done = csrf_post(client, "/roster/waivers", {**data, "reason": "no CCO free: exercise"})
    assert done.status_code == 302 and done.url == f"/roster/?view=week&start={MONDAY}"
    waiver = Waiver.objects.get()
    assert (waiver.rule, waiver.shift, waiver.officer) == ("one_cco", shift, None)
    after = client.get(f"/roster/?start={MONDAY}").content.decode().split('id="roster-violations"')[1]
    assert f'data-rule="one_cco" data-shift-id="{shift.pk}"' not in after


def test_a_scheduler_generates_the_week_shown(logged_in):
    coalition()
    cco, ops = position("CCO"), position("OPS")
    members = []
    for index, code in enumerate(["USA", "GBR", "CAN", "AUS"] * 2):
        for seat in (cco, ops):
            officer = persona(f"{seat.code.lower()}{index}", code, last_name=f"{seat.code}{index}")
            certified(officer, seat)
            worked(
                officer, seat, before=datetime(2026, 11, 20, tzinfo=UTC) - timedelta(hours=8 * (index % 3))
            )
            members.append(officer)
    crew("Alpha", members)
    client = logged_in(scheduler())
    response = csrf_post(client, "/roster/generate", {"view": "week", "start": "2026-12-07"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Assignment.objects.filter(source="generator").count() == 7 * 3 * 2
    assert "seats filled" in client.get(response.url).content.decode()


@pytest.mark.parametrize("start", ["9999-12-31", "0001-01-01", "2026-13-01"])
def test_the_roster_page_answers_400_for_a_start_it_cannot_show(week, logged_in, start):
    response = logged_in(week["chief"]).get(f"/roster/?start={start}")
    assert response.status_code == 400
    assert f"Cannot show the roster from &#x27;{start}&#x27;" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    ["start=9999-12-31", "start=0001-01-01", "start=2026-12-01&days=100000", "start=2026-12-01&days=-3"],
)
@pytest.mark.parametrize("path", ["/api/v1/shifts/", "/api/v1/shifts/violations/"])
def test_the_shift_api_answers_400_for_a_window_it_cannot_judge(week, logged_in, path, query):
    response = logged_in(week["chief"]).get(f"{path}?{query}")
    assert response.status_code == 400
    assert response.json()["start"][0].startswith(("the start date must", "the number of days must"))


def test_a_coming_watch_says_its_first_issue_in_the_cell_not_only_in_a_tooltip(logged_in):
    coalition()
    position("CCO")
    shift = watch_at(DAY)
    page = logged_in(persona("gbr.hughes", "GBR")).get("/roster/?start=2026-11-30").content.decode()
    cell = page.split(f'data-shift-id="{shift.pk}"')[1].split("</td>")[0]
    assert '<div class="breach-first">' in cell and "CCO" in cell.split('<div class="breach-first">')[1]
