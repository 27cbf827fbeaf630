"""The handover as the outgoing and incoming watch use it: through the pages and the API."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model

from shifts.markings.models import Classification, Nation
from shifts.watch.models import HandoverReport, HandoverStatus, Notification, SectionKind
from shifts.watch.services import handover
from shifts.workforce.models import Rule, ShiftStatus, Waiver
from tests.factories import PASSWORD, nation
from tests.http import csrf_post
from tests.shifts.factories import certifier, position
from tests.shifts.watch_scenario import change_of_watch

pytestmark = pytest.mark.django_db


def _page(response) -> str:
    return response.content.decode()


def _submitted(floor) -> HandoverReport:
    report = handover.handover_open(shift=floor.outgoing, by=floor.us_chief)
    return handover.handover_submit(report=report, officer=floor.us_chief)


def _api_post(client, url, data=None):
    token = client.get("/handover/").cookies["csrftoken"].value
    return client.post(url, data or {}, content_type="application/json", headers={"X-CSRFToken": token})


def _everyone() -> list[int]:
    return list(Nation.objects.values_list("pk", flat=True))


def _section_post(key: str, body: str, based_on: int, *, classification=0, nations=None) -> dict:
    return {
        f"{key}-body": body,
        f"{key}-classification": classification,
        f"{key}-releasable_to": nations if nations is not None else _everyone(),
        f"{key}-based_on": based_on,
    }


# 1. Acceptance opens only around the change of watch.


def test_it_refuses_an_acceptance_six_hours_early_on_the_page_with_409(logged_in):
    floor = change_of_watch()
    ends = floor.outgoing.ends_at
    with time_machine.travel(ends - timedelta(hours=6)):
        report = _submitted(floor)
        client = logged_in(floor.can_chief)
        page = _page(client.get(f"/handover/{report.pk}/"))
        opens = ends - timedelta(minutes=60)
        assert f"Acceptance opens {opens:%Y-%m-%d %H%M}Z" in page
        assert 'id="accept-handover"' not in page
        refused = csrf_post(client, f"/handover/{report.pk}/accept")
    assert refused.status_code == 409 and "acceptance opens" in _page(refused)
    report.refresh_from_db()
    floor.incoming.refresh_from_db()
    assert report.status == HandoverStatus.SUBMITTED and floor.incoming.status == ShiftStatus.PLANNED


def test_it_refuses_an_early_acceptance_through_the_api_with_the_rule(logged_in):
    floor = change_of_watch()
    with time_machine.travel(floor.outgoing.ends_at - timedelta(minutes=61)):
        report = _submitted(floor)
        refused = _api_post(logged_in(floor.can_chief), f"/api/v1/handovers/{report.pk}/accept/")
    assert refused.status_code == 409 and refused.json()["rule"] == "acceptance_window"


def test_it_accepts_inside_the_window_and_shows_the_button(logged_in):
    floor = change_of_watch()
    report = _submitted(floor)
    with time_machine.travel(floor.outgoing.ends_at - timedelta(minutes=59)):
        client = logged_in(floor.can_chief)
        assert 'id="accept-handover"' in _page(client.get(f"/handover/{report.pk}/"))
        accepted = _api_post(client, f"/api/v1/handovers/{report.pk}/accept/")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"


def test_the_window_follows_its_setting(logged_in, settings):
    settings.OPSCENTER = {**settings.OPSCENTER, "HANDOVER_ACCEPT_LEAD_MIN": 10}
    floor = change_of_watch()
    report = _submitted(floor)
    with time_machine.travel(floor.outgoing.ends_at - timedelta(minutes=20)):
        refused = _api_post(logged_in(floor.can_chief), f"/api/v1/handovers/{report.pk}/accept/")
    assert refused.status_code == 409 and refused.json()["rule"] == "acceptance_window"


def test_an_early_relief_is_a_waiver_a_certifying_official_records_with_a_reason(logged_in):
    floor = change_of_watch()
    official = certifier("gbr.official", "GBR")
    with time_machine.travel(floor.outgoing.ends_at - timedelta(hours=6)):
        report = _submitted(floor)
        denied = csrf_post(logged_in(floor.us_chief), f"/handover/{report.pk}/early-relief", {"reason": "x"})
        assert denied.status_code == 403 and not Waiver.objects.exists()
        official_client = logged_in(official)
        assert 'id="early-relief-form"' in _page(official_client.get(f"/handover/{report.pk}/"))
        csrf_post(official_client, f"/handover/{report.pk}/early-relief", {"reason": "Day crew recalled"})
        waiver = Waiver.objects.get()
        assert (waiver.rule, waiver.shift, waiver.reason) == (
            Rule.EARLY_RELIEF,
            floor.outgoing,
            "Day crew recalled",
        )
        client = logged_in(floor.can_chief)
        page = _page(client.get(f"/handover/{report.pk}/"))
        assert "Early relief granted by" in page and 'id="accept-handover"' in page
        csrf_post(client, f"/handover/{report.pk}/accept")
    report.refresh_from_db()
    assert report.status == HandoverStatus.ACCEPTED
    assert "early relief approved by" in report.events.last().reason


# 5. What people type is never lost, and every written part has a history.


def test_one_save_keeps_what_was_typed_in_every_section(logged_in):
    floor = change_of_watch()
    report = handover.handover_open(shift=floor.outgoing, by=floor.us_chief)
    data = {
        **_section_post("next_shift", "Watch the Starlink train", 0),
        **_section_post("leadership", "Brief the J3 at 0800Z", 0),
    }
    response = csrf_post(logged_in(floor.us_chief), f"/handover/{report.pk}/write", data)
    assert response.status_code == 302
    bodies = dict(report.sections.exclude(kind=SectionKind.AUTO).values_list("key", "body"))
    assert bodies == {"next_shift": "Watch the Starlink train", "leadership": "Brief the J3 at 0800Z"}


def test_a_section_left_empty_is_not_written(logged_in):
    floor = change_of_watch()
    report = handover.handover_open(shift=floor.outgoing, by=floor.us_chief)
    data = {**_section_post("next_shift", "typed", 0), **_section_post("leadership", "", 0)}
    csrf_post(logged_in(floor.us_chief), f"/handover/{report.pk}/write", data, HTTP_HX_REQUEST="true")
    assert list(report.sections.exclude(kind=SectionKind.AUTO).values_list("key", flat=True)) == [
        "next_shift"
    ]


def test_a_stale_save_is_refused_keeping_the_text_and_showing_the_other_version(logged_in):
    floor = change_of_watch()
    report = handover.handover_open(shift=floor.outgoing, by=floor.us_chief)
    uk, us = logged_in(floor.uk_operator), logged_in(floor.us_chief)
    csrf_post(uk, f"/handover/{report.pk}/write", _section_post("next_shift", "FYL back at 2000Z", 0))
    refused = csrf_post(us, f"/handover/{report.pk}/write", _section_post("next_shift", "Reyes's text", 0))
    assert refused.status_code == 409
    page = _page(refused)
    assert "saved version 1 of For the next shift" in page
    assert "Reyes&#x27;s text</textarea>" in page and "FYL back at 2000Z" in page
    section = report.sections.get(key="next_shift")
    assert (section.body, section.version) == ("FYL back at 2000Z", 1)
    # Shown theirs, the chief saves over it deliberately: the form now stands on version 1.
    assert 'name="next_shift-based_on" value="1"' in page
    csrf_post(us, f"/handover/{report.pk}/write", _section_post("next_shift", "Reyes's text", 1))
    history = _page(us.get(f"/handover/{report.pk}/"))
    assert "History (2 versions)" in history
    assert "v1 by Capt Alex Hughes (GBR)" in history and "v2 by Capt Dana Reyes (USA)" in history


def test_an_untouched_section_is_not_refused_when_another_changed(logged_in):
    floor = change_of_watch()
    report = handover.handover_open(shift=floor.outgoing, by=floor.us_chief)
    handover.handover_section_write(report=report, author=floor.uk_operator, key="leadership", body="x")
    data = {**_section_post("next_shift", "mine", 0), **_section_post("leadership", "", 0)}
    assert csrf_post(logged_in(floor.us_chief), f"/handover/{report.pk}/write", data).status_code == 302
    assert report.sections.get(key="leadership").body == "x"


def test_autosave_answers_each_sections_new_version_and_refuses_a_stale_one(logged_in):
    floor = change_of_watch()
    report = handover.handover_open(shift=floor.outgoing, by=floor.us_chief)
    client = logged_in(floor.us_chief)
    url = f"/handover/{report.pk}/write"
    saved = csrf_post(client, url, _section_post("next_shift", "typing", 0), HTTP_HX_REQUEST="true")
    assert saved.status_code == 200
    assert 'id="save-state-next_shift" hx-swap-oob="true"' in _page(saved)
    assert 'name="next_shift-based_on" value="1"' in _page(saved)
    stale = csrf_post(client, url, _section_post("next_shift", "other", 0), HTTP_HX_REQUEST="true")
    assert stale.status_code == 409 and "saved version 1" in _page(stale)


def test_the_api_refuses_a_stale_section_write(logged_in):
    floor = change_of_watch()
    report = handover.handover_open(shift=floor.outgoing, by=floor.us_chief)
    client = logged_in(floor.uk_operator)
    url = f"/api/v1/handovers/{report.pk}/sections/"
    first = _api_post(client, url, {"key": "OPS", "body": "FYL degraded", "based_on": 0})
    assert first.status_code == 200
    [ops] = [s for s in first.json()["sections"] if s["key"] == "OPS"]
    assert ops["version"] == 1
    stale = _api_post(client, url, {"key": "OPS", "body": "again", "based_on": 0})
    assert stale.status_code == 409 and stale.json()["rule"] == "stale_version"


# 6. Who may refresh, accept and ask; questions are marked.


def test_an_officer_off_the_crew_cannot_refresh_the_compiled_handover(logged_in):
    floor = change_of_watch()
    report = handover.handover_open(shift=floor.outgoing, by=floor.us_chief)
    compiled = report.compiled_at
    client = logged_in(floor.outsider)
    assert "Refresh compiled sections" not in _page(client.get(f"/handover/{report.pk}/"))
    refused = csrf_post(client, f"/handover/{report.pk}/refresh")
    assert refused.status_code == 403
    report.refresh_from_db()
    assert report.compiled_at == compiled
    assert csrf_post(logged_in(floor.uk_operator), f"/handover/{report.pk}/refresh").status_code == 302


def test_an_unauthorised_accept_answers_403(logged_in):
    floor = change_of_watch()
    report = _submitted(floor)
    with time_machine.travel(floor.outgoing.ends_at - timedelta(minutes=30)):
        assert csrf_post(logged_in(floor.uk_operator), f"/handover/{report.pk}/accept").status_code == 403
        get_user_model().objects.create_user("clerk", password=PASSWORD)
        from django.test import Client

        clerk = Client(enforce_csrf_checks=True)
        clerk.login(username="clerk", password=PASSWORD)
        assert csrf_post(clerk, f"/handover/{report.pk}/accept").status_code == 403
        assert _api_post(clerk, f"/api/v1/handovers/{report.pk}/accept/").status_code == 403
    report.refresh_from_db()
    assert report.status == HandoverStatus.SUBMITTED


def test_an_incoming_cco_whose_certification_lapsed_is_not_allowed_to_accept(logged_in):
    floor = change_of_watch()
    report = _submitted(floor)
    floor.can_chief.certifications.update(expires_on=floor.incoming.ends_at.date() - timedelta(days=1))
    with time_machine.travel(floor.outgoing.ends_at - timedelta(minutes=30)):
        refused = _api_post(logged_in(floor.can_chief), f"/api/v1/handovers/{report.pk}/accept/")
    assert refused.status_code == 403 and refused.json()["rule"] == "cco_certified"


def test_questions_carry_a_marking_and_reach_only_those_they_are_releasable_to(
    logged_in, django_capture_on_commit_callbacks
):
    floor = change_of_watch()
    report = _submitted(floor)
    client = logged_in(floor.can_chief)
    usa_can = [nation("USA").pk, nation("CAN").pk]
    questions = {
        "questions": "Is FYL back?",
        "classification": Classification.SECRET,
        "releasable_to": usa_can,
    }
    with django_capture_on_commit_callbacks(execute=True):
        csrf_post(client, f"/handover/{report.pk}/return", questions)
    report.refresh_from_db()
    assert report.status == HandoverStatus.RETURNED
    us_page = _page(logged_in(floor.us_chief).get(f"/handover/{report.pk}/"))
    assert "(S//REL TO USA, CAN)" in us_page and "Is FYL back?" in us_page
    assert 'id="top-banner">SECRET//REL TO USA, CAN</div>' in us_page
    assert us_page.index('id="questions"') < us_page.index('id="report-sections"')
    uk_page = _page(logged_in(floor.uk_operator).get(f"/handover/{report.pk}/"))
    assert "Is FYL back?" not in uk_page and "1 question withheld" in uk_page
    told = Notification.objects.get(
        recipient=floor.us_chief, topic="handover", dedupe_key__startswith="handover-ret"
    )
    assert "Is FYL back?" in told.text and told.classification == Classification.SECRET


def test_questions_the_asker_could_not_read_are_refused_keeping_the_text(logged_in):
    floor = change_of_watch()
    report = _submitted(floor)
    noforn = {"questions": "Keep this text", "classification": 0, "releasable_to": [nation("USA").pk]}
    refused = csrf_post(logged_in(floor.can_chief), f"/handover/{report.pk}/return", noforn)
    assert refused.status_code == 403 and "Keep this text</textarea>" in _page(refused)
    assert not report.questions.exists()


def test_the_outgoing_cco_is_not_told_questions_they_may_not_read(django_capture_on_commit_callbacks):
    floor = change_of_watch()
    report = _submitted(floor)
    with django_capture_on_commit_callbacks(execute=True):
        handover.handover_return(
            report=report, officer=floor.can_chief, questions="Eyes only", releasable_to=[nation("CAN")]
        )
    assert not Notification.objects.filter(dedupe_key__startswith="handover-returned").exists()


# 8. A working aid: who has not written, what the incoming CCO has read.


def test_it_shows_the_positions_not_written_yet(logged_in):
    floor = change_of_watch()
    report = handover.handover_open(shift=floor.outgoing, by=floor.us_chief)
    page = _page(logged_in(floor.us_chief).get(f"/handover/{report.pk}/"))
    assert "Not written yet: CCO – Capt Dana Reyes (USA), OPS – Capt Alex Hughes (GBR)" in page
    handover.handover_section_write(
        report=report, author=floor.uk_operator, key="OPS", body="FYL ok", position=position("OPS")
    )
    page = _page(logged_in(floor.us_chief).get(f"/handover/{report.pk}/"))
    assert "Not written yet: CCO – Capt Dana Reyes (USA)</p>" in page


def test_the_incoming_cco_acknowledges_each_section_and_sees_progress(logged_in):
    floor = change_of_watch()
    report = handover.handover_open(shift=floor.outgoing, by=floor.us_chief)
    handover.handover_section_write(report=report, author=floor.us_chief, key="next_shift", body="a")
    report = handover.handover_submit(report=report, officer=floor.us_chief)
    total = report.sections.count()
    client = logged_in(floor.can_chief)
    assert f"0 of {total} acknowledged" in _page(client.get(f"/handover/{report.pk}/"))
    section = report.sections.first()
    refused = csrf_post(logged_in(floor.us_chief), f"/handover/sections/{section.pk}/acknowledge")
    assert refused.status_code == 403
    csrf_post(client, f"/handover/sections/{section.pk}/acknowledge")
    page = _page(client.get(f"/handover/{report.pk}/"))
    assert f"1 of {total} acknowledged" in page and "read by Capt Marie Tremblay (CAN)" in page
    section.refresh_from_db()
    assert section.acknowledged_by == floor.can_chief and section.acknowledged_at is not None
    htmx = csrf_post(
        client,
        f"/handover/sections/{report.sections.last().pk}/acknowledge",
        HTTP_HX_REQUEST="true",
    )
    assert htmx.status_code == 200 and f"2 of {total} acknowledged" in _page(htmx)


def test_a_new_version_of_a_section_must_be_read_again(logged_in):
    floor = change_of_watch()
    report = handover.handover_open(shift=floor.outgoing, by=floor.us_chief)
    section = handover.handover_section_write(
        report=report, author=floor.us_chief, key="next_shift", body="a"
    )
    handover.handover_submit(report=report, officer=floor.us_chief)
    handover.handover_section_acknowledge(section=section, officer=floor.can_chief)
    handover.handover_return(report=report, officer=floor.can_chief, questions="More on a?")
    handover.handover_section_write(
        report=report, author=floor.us_chief, key="next_shift", body="a, and b", based_on=1
    )
    section.refresh_from_db()
    assert section.acknowledged_at is None and section.version == 2


def test_the_section_forms_autosave_with_local_htmx_and_work_without_it(logged_in):
    floor = change_of_watch()
    report = handover.handover_open(shift=floor.outgoing, by=floor.us_chief)
    page = _page(logged_in(floor.us_chief).get(f"/handover/{report.pk}/"))
    form = page[page.index('id="section-forms"') :]
    assert 'hx-trigger="input delay:2s"' in form and f'action="/handover/{report.pk}/write"' in page
    assert "/static/django_htmx/htmx-2" in page


# 11. Forms only for those who may use them, and why not before typing.


def test_an_officer_off_the_crew_is_told_before_typing_that_they_cannot_write(logged_in):
    floor = change_of_watch()
    report = handover.handover_open(shift=floor.outgoing, by=floor.us_chief)
    page = _page(logged_in(floor.outsider).get(f"/handover/{report.pk}/"))
    assert "You are not on the crew of this watch: you cannot write a section" in page
    assert "section-form" not in page and 'id="submit-handover"' not in page


def test_only_the_cco_on_watch_sees_the_open_button(logged_in):
    floor = change_of_watch()
    uk_page = _page(logged_in(floor.uk_operator).get("/handover/"))
    assert "Open the handover draft" not in uk_page and "may open the handover" in uk_page
    assert csrf_post(logged_in(floor.uk_operator), "/handover/open").status_code == 403
    assert "Open the handover draft" in _page(logged_in(floor.us_chief).get("/handover/"))


def test_accept_and_return_are_shown_only_to_the_incoming_cco(logged_in):
    floor = change_of_watch()
    report = _submitted(floor)
    with time_machine.travel(floor.outgoing.ends_at - timedelta(minutes=30)):
        outgoing = _page(logged_in(floor.us_chief).get(f"/handover/{report.pk}/"))
        incoming = _page(logged_in(floor.can_chief).get(f"/handover/{report.pk}/"))
    assert 'id="accept-handover"' not in outgoing and 'id="return-form"' not in outgoing
    assert 'id="accept-handover"' in incoming and 'id="return-form"' in incoming


def test_a_section_saved_without_nations_is_refused_keeping_the_text(logged_in):
    floor = change_of_watch()
    report = handover.handover_open(shift=floor.outgoing, by=floor.us_chief)
    data = _section_post("OPS", "Keep me", 0, nations=[])
    refused = csrf_post(logged_in(floor.uk_operator), f"/handover/{report.pk}/write", data)
    assert refused.status_code == 400 and "Keep me</textarea>" in _page(refused)
    assert not report.sections.filter(key="OPS").exists()


def test_the_history_shows_each_reader_only_the_versions_releasable_to_them(logged_in):
    floor = change_of_watch()
    report = handover.handover_open(shift=floor.outgoing, by=floor.us_chief)
    write = handover.handover_section_write
    write(
        report=report, author=floor.us_chief, key="leadership", body="US eyes", releasable_to=[nation("USA")]
    )
    write(report=report, author=floor.us_chief, key="leadership", body="For all", based_on=1)
    us_page = _page(logged_in(floor.us_chief).get(f"/handover/{report.pk}/"))
    assert "History (2 versions)" in us_page and "(U//NF)</span>v1" in us_page
    uk_page = _page(logged_in(floor.uk_operator).get(f"/handover/{report.pk}/"))
    assert "For all" in uk_page and "US eyes" not in uk_page
