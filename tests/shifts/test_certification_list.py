"""The certification list: filtered by position, status, nation and text, with each officer's currency."""

import re

import pytest

from shifts.workforce.models import Certification
from shifts.workforce.services import certification as certs
from tests.factories import coalition, nation, persona
from tests.shifts.factories import NOW, certified, certifier, position, worked

pytestmark = [pytest.mark.usefixtures("frozen"), pytest.mark.django_db]


@pytest.fixture
def crew():
    coalition()
    cco, ops = position("CCO"), position("OPS")
    reyes = persona("usa.reyes", "USA", first_name="Dana", last_name="Reyes")
    tremblay = persona("can.tremblay", "CAN", first_name="Marie", last_name="Tremblay")
    hughes = persona("gbr.hughes", "GBR", first_name="Alex", last_name="Hughes")
    official = certifier("usa.official", "USA", first_name="Pat", last_name="Official")
    certified(reyes, cco)
    worked(reyes, cco, before=NOW)  # 3 watches in the window: current
    certified(tremblay, ops)  # certified, but no watch worked: not current
    certs.certification_start(officer=hughes, position=ops, by=official.user)
    return {
        "cco": cco,
        "ops": ops,
        "reyes": reyes,
        "tremblay": tremblay,
        "hughes": hughes,
        "official": official,
    }


def _rows(page: str) -> dict[str, str]:
    """Officer name -> the text of their row."""
    rows = re.findall(r"<tr data-cert-id=.*?</tr>", page, re.S)
    return {re.search(r"Capt (\w+ \w+)", row)[1]: re.sub(r"<[^>]+>", " ", row) for row in rows}


def _get(client, query: str = "") -> str:
    response = client.get(f"/certifications/{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_each_row_shows_watches_worked_against_those_required_and_flags_a_non_current_officer(
    crew, logged_in
):
    page = _get(logged_in(crew["official"]))
    rows = _rows(page)
    assert "3 of 3 in 90 days" in rows["Dana Reyes"] and "not current" not in rows["Dana Reyes"]
    assert "0 of 3 in 90 days" in rows["Marie Tremblay"]
    assert "not current" in rows["Marie Tremblay"]
    tremblay_row = Certification.objects.get(officer=crew["tremblay"]).pk
    assert re.search(rf'<tr data-cert-id="{tremblay_row}" class="not-current">', page)
    assert "not current" not in rows["Alex Hughes"]  # in training: currency is not yet the question


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("?position={ops}", {"Marie Tremblay", "Alex Hughes"}),
        ("?status=certified", {"Dana Reyes", "Marie Tremblay"}),
        ("?nation={can}", {"Marie Tremblay"}),
        ("?q=hugh", {"Alex Hughes"}),
        ("?position={ops}&status=in_training", {"Alex Hughes"}),
    ],
)
def test_the_list_filters_by_position_status_nation_and_text(crew, logged_in, query, shown):
    query = query.format(ops=crew["ops"].pk, can=nation("CAN").pk)
    assert set(_rows(_get(logged_in(crew["official"]), query))) == shown


def test_a_bad_filter_says_so_and_shows_the_whole_list(crew, logged_in):
    page = _get(logged_in(crew["official"]), "?status=retired")
    assert "filter status:" in page
    assert len(_rows(page)) == 3
