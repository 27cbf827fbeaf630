"""The shift lifecycle, the watch log and the handover, through the pages and the API a user takes."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from shifts.jobs import services as jobs
from shifts.jobs.models import Job, JobStatus
from shifts.markings.models import Classification
from shifts.refusals import Refusal
from shifts.watch.models import HandoverReport, HandoverStatus, LogEntry, Notification
from shifts.watch.services import handover, notifications
from shifts.watch.services import log as watch
from shifts.workforce.models import ShiftStatus
from tests.factories import nation
from tests.http import csrf_post
from tests.shifts.factories import position
from tests.shifts.watch_scenario import change_of_watch

pytestmark = pytest.mark.django_db


def _messages(response) -> str:
    return response.content.decode()


def test_only_the_assigned_certified_cco_signs_on(logged_in):
    floor = change_of_watch(on_watch=False)
    refused = csrf_post(logged_in(floor.uk_operator), f"/shifts/{floor.outgoing.pk}/sign-on", follow=True)
    assert "only Capt Dana Reyes (USA), the CCO assigned to" in _messages(refused)
    csrf_post(logged_in(floor.us_chief), f"/shifts/{floor.outgoing.pk}/sign-on")
    floor.outgoing.refresh_from_db()
    assert floor.outgoing.status == ShiftStatus.ON_WATCH
    assert floor.outgoing.events.get().reason == "Capt Dana Reyes (USA) signed on as CCO"


def test_a_cco_whose_certification_lapsed_cannot_sign_on(logged_in):
    floor = change_of_watch(on_watch=False)
    floor.us_chief.certifications.update(expires_on=timezone.now().date() - timedelta(days=1))
    response = csrf_post(logged_in(floor.us_chief), f"/shifts/{floor.outgoing.pk}/sign-on", follow=True)
    assert "is not certified as CCO through the end of" in _messages(response)
    floor.outgoing.refresh_from_db()
    assert floor.outgoing.status == ShiftStatus.PLANNED


def test_the_crew_logs_and_an_edit_adds_a_version(logged_in):
    floor = change_of_watch()
    client = logged_in(floor.uk_operator)
    csrf_post(
        client,
        "/log/new",
        {
            "category": "launch",
            "severity": 2,
            "text": "Falcon 9 lift-off 2207Z",
            "classification": 0,
            "releasable_to": [n.pk for n in nation_all()],
        },
    )
    entry = LogEntry.objects.get()
    assert entry.shift == floor.outgoing and entry.author == floor.uk_operator
    response = csrf_post(
        client,
        f"/log/{entry.pk}/revise",
        {
            "category": "launch",
            "severity": 2,
            "text": "Falcon 9 lift-off 2207Z, 22 payloads",
            "classification": 0,
            "releasable_to": [n.pk for n in nation_all()],
            "reason": "payload count confirmed",
        },
        follow=True,
    )
    assert LogEntry.objects.count() == 2 and LogEntry.objects.get(is_current=True).version == 2
    page = _messages(response)
    assert "v1 logged" in page and "v2 logged" in page and "22 payloads" in page
    assert "Reason: payload count confirmed" in page and "<ins>2207Z, 22 payloads</ins>" in page


def test_an_officer_not_on_the_crew_cannot_log(logged_in):
    floor = change_of_watch()
    response = csrf_post(
        logged_in(floor.outsider),
        "/log/new",
        {
            "category": "other",
            "severity": 0,
            "text": "hello",
            "classification": 0,
            "releasable_to": [n.pk for n in nation_all()],
        },
        follow=True,
    )
    assert "is not on the crew of" in _messages(response) and not LogEntry.objects.exists()


def test_the_api_logs_and_refuses_an_officer_off_the_crew_with_403_and_the_rule(logged_in):
    floor = change_of_watch()
    client = logged_in(floor.uk_operator)
    token = client.get("/log/").cookies["csrftoken"].value
    created = client.post(
        "/api/v1/log-entries/",
        {"category": "uct", "text": "UCT over Fylingdales", "releasable_to": ["USA", "GBR"]},
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert created.status_code == 201 and created.json()["marking"] == "UNCLASSIFIED//REL TO USA, GBR"
    outsider = logged_in(floor.outsider)
    token = outsider.get("/log/").cookies["csrftoken"].value
    refused = outsider.post(
        "/api/v1/log-entries/",
        {"category": "uct", "text": "x"},
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert refused.status_code == 403 and refused.json()["rule"] == "crew"


def nation_all():
    from shifts.markings.models import Nation

    return list(Nation.objects.all())


def _open(floor) -> HandoverReport:
    return handover.handover_open(shift=floor.outgoing, by=floor.us_chief)


def test_the_draft_compiles_the_floor_and_each_reader_sees_only_what_is_releasable(logged_in):
    floor = change_of_watch()
    watch.log_entry_create(author=floor.us_chief, category="conjunction", severity=2, text="Coalition item")
    watch.log_entry_create(
        author=floor.us_chief,
        category="other",
        severity=2,
        text="Eyes-only item",
        classification=Classification.SECRET,
        releasable_to=[nation("USA")],
    )
    job = jobs.job_submit(kind="diagnostic", params={}, shift=floor.outgoing)
    report = _open(floor)
    floor.outgoing.refresh_from_db()
    assert floor.outgoing.status == ShiftStatus.HANDING_OVER
    us_page = _messages(logged_in(floor.us_chief).get(f"/handover/{report.pk}/"))
    assert (
        "Coalition item" in us_page and "Eyes-only item" in us_page and f"Job #{job.pk} diagnostic" in us_page
    )
    assert "SECRET//NOFORN" in us_page
    uk_page = _messages(logged_in(floor.uk_operator).get(f"/handover/{report.pk}/"))
    assert "Coalition item" in uk_page and "Eyes-only item" not in uk_page
    assert "1 section withheld: not releasable to you." in uk_page
    api = logged_in(floor.uk_operator).get(f"/api/v1/handovers/{report.pk}/").json()
    assert api["withheld_sections"] == 1 and all("NOFORN" not in s["marking"] for s in api["sections"])


def test_each_position_section_is_written_by_the_operator_who_worked_it(logged_in):
    floor = change_of_watch()
    report = _open(floor)
    body = {
        "OPS-body": "Sensor FYL degraded 1900-2000Z",
        "OPS-classification": 0,
        "OPS-releasable_to": [n.pk for n in nation_all()],
        "OPS-based_on": 0,
    }
    csrf_post(logged_in(floor.uk_operator), f"/handover/{report.pk}/write", body)
    section = report.sections.get(key="OPS")
    assert section.author == floor.uk_operator and section.body == "Sensor FYL degraded 1900-2000Z"
    refused = csrf_post(logged_in(floor.outsider), f"/handover/{report.pk}/write", body, follow=True)
    assert refused.status_code == 403
    assert "You are not on the crew of this watch: you cannot write a section" in _messages(refused)
    assert report.sections.get(key="OPS").author == floor.uk_operator
    with pytest.raises(Refusal, match="did not work OPS on"):
        handover.handover_section_write(
            report=report, author=floor.us_chief, key="OPS", body="x", position=position("OPS")
        )


def test_submit_accept_moves_the_jobs_and_the_watch(logged_in, django_capture_on_commit_callbacks):
    floor = change_of_watch()
    running = jobs.job_submit(kind="diagnostic", params={}, shift=floor.outgoing)
    report = _open(floor)
    refused = csrf_post(logged_in(floor.can_chief), f"/handover/{report.pk}/submit", follow=True)
    assert "only Capt Dana Reyes (USA), the CCO assigned to" in _messages(refused)
    with django_capture_on_commit_callbacks(execute=True):
        csrf_post(logged_in(floor.us_chief), f"/handover/{report.pk}/submit")
    report.refresh_from_db()
    assert report.status == HandoverStatus.SUBMITTED
    assert Notification.objects.filter(recipient=floor.can_chief, topic="handover").exists()
    refused = csrf_post(logged_in(floor.us_chief), f"/handover/{report.pk}/accept", follow=True)
    assert "only Capt Marie Tremblay (CAN), the CCO assigned to" in _messages(refused)
    with time_machine.travel(floor.outgoing.ends_at - timedelta(minutes=30)):
        csrf_post(logged_in(floor.can_chief), f"/handover/{report.pk}/accept")
    report.refresh_from_db()
    floor.outgoing.refresh_from_db()
    floor.incoming.refresh_from_db()
    assert report.status == HandoverStatus.ACCEPTED and report.accepted_by == floor.can_chief
    assert floor.outgoing.status == ShiftStatus.CLOSED and floor.incoming.status == ShiftStatus.ON_WATCH
    assert Job.objects.get(pk=running.pk).shift == floor.incoming
    with pytest.raises(Refusal, match="frozen"):
        handover.handover_compile(report=report)


def test_the_incoming_chief_returns_it_with_questions_through_the_api(logged_in):
    floor = change_of_watch()
    report = _open(floor)
    handover.handover_submit(report=report, officer=floor.us_chief)
    client = logged_in(floor.can_chief)
    token = client.get("/handover/").cookies["csrftoken"].value
    returned = client.post(
        f"/api/v1/handovers/{report.pk}/return/",
        {"questions": "Status of FYL?"},
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert returned.status_code == 200 and returned.json()["status"] == "returned"
    early = client.post(f"/api/v1/handovers/{report.pk}/accept/", headers={"X-CSRFToken": token})
    assert early.status_code == 409 and early.json()["rule"] == "handover_lifecycle"
    handover.handover_submit(report=report, officer=floor.us_chief)
    with time_machine.travel(floor.outgoing.ends_at - timedelta(minutes=30)):
        accepted = client.post(f"/api/v1/handovers/{report.pk}/accept/", headers={"X-CSRFToken": token})
    assert accepted.json()["status"] == "accepted"


def test_beat_opens_the_draft_an_hour_before_the_end_and_flags_it_overdue():
    floor = change_of_watch()
    with time_machine.travel(floor.outgoing.ends_at - timedelta(minutes=61)):
        assert handover.handovers_due() == []
    with time_machine.travel(floor.outgoing.ends_at - timedelta(minutes=59)):
        [report] = handover.handovers_due()
    assert report.status == HandoverStatus.DRAFT
    with time_machine.travel(floor.outgoing.ends_at + timedelta(minutes=29)):
        assert handover.handovers_overdue() == []
    with time_machine.travel(floor.outgoing.ends_at + timedelta(minutes=31)):
        assert handover.handovers_overdue() == [report]
        assert handover.handovers_overdue() == []  # flagged once
    assert LogEntry.objects.filter(text__contains="overdue", author=None).count() == 1
    assert set(Notification.objects.filter(topic="handover").values_list("recipient", flat=True)) == {
        floor.us_chief.pk,
        floor.can_chief.pk,
    }


def test_the_crew_is_told_when_a_job_of_their_shift_fails_unless_they_may_not_read_it(
    django_capture_on_commit_callbacks,
):
    floor = change_of_watch()
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.job_submit(
            kind="diagnostic",
            params={},
            shift=floor.outgoing,
            classification=Classification.SECRET,
            releasable_to=[nation("USA")],
        )
        run = jobs.job_claim(job_id=job.pk, worker="w1")
        jobs.job_cancel(job=job, by=None)
        Job.objects.filter(pk=job.pk).update(cancel_requested=False)
        jobs._end(run, JobStatus.FAILED, "boom", error_message="catalog feed unreachable")
    told = set(Notification.objects.filter(topic="job").values_list("recipient", flat=True))
    assert told == {floor.us_chief.pk}  # the British operator may not read a NOFORN job


def test_reminders_of_the_next_shift_and_of_expiring_certifications(logged_in):
    floor = change_of_watch()
    assert notifications.notify_upcoming_shifts() == 1  # the Canadian chief, on in an hour
    assert notifications.notify_upcoming_shifts() == 0
    floor.uk_operator.certifications.update(expires_on=timezone.now().date() + timedelta(days=20))
    assert notifications.notify_expiring_certifications() == 1
    page = _messages(logged_in(floor.uk_operator).get("/notifications/"))
    assert "Your OPS certification expires on" in page
    assert 'class="badge">1<' in _messages(logged_in(floor.uk_operator).get("/"))


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_acceptances_end_with_exactly_one_winner():
    floor = change_of_watch()
    position("CCO")
    report = handover.handover_open(shift=floor.outgoing, by=floor.us_chief)
    handover.handover_submit(report=report, officer=floor.us_chief)
    barrier, outcomes = threading.Barrier(2), []

    def accept():
        try:
            barrier.wait()
            handover.handover_accept(report=HandoverReport.objects.get(pk=report.pk), officer=floor.can_chief)
            outcomes.append("won")
        except Refusal as exc:
            outcomes.append(exc.rule)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept) for _ in range(2)]
    with time_machine.travel(floor.outgoing.ends_at - timedelta(minutes=30)):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sorted(outcomes) == ["handover_lifecycle", "won"]
    assert report.events.filter(to_status=HandoverStatus.ACCEPTED).count() == 1
    assert floor.incoming.events.filter(to_status=ShiftStatus.ON_WATCH).count() == 1


def test_an_author_cannot_mark_an_entry_they_could_not_read(logged_in):
    floor = change_of_watch()
    client = logged_in(floor.uk_operator)
    response = csrf_post(
        client,
        "/log/new",
        {
            "category": "other",
            "severity": 0,
            "text": "US eyes only?",
            "classification": 2,
            "releasable_to": [nation("USA").pk],
        },
        follow=True,
    )
    assert "cannot mark an item not releasable to GBR" in _messages(response)
    assert not LogEntry.objects.exists()


def test_pages_carry_the_highest_marking_they_show_and_each_portion_its_own(logged_in):
    floor = change_of_watch()
    watch.log_entry_create(
        author=floor.us_chief,
        category="other",
        severity=1,
        text="Eyes only",
        classification=Classification.SECRET,
        releasable_to=[nation("USA")],
    )
    watch.log_entry_create(author=floor.us_chief, category="other", severity=1, text="For the coalition")
    us_log = _messages(logged_in(floor.us_chief).get("/log/"))
    assert (
        '<div class="classification-banner level-secret" role="note" id="top-banner">SECRET//NOFORN</div>'
        in us_log
    )
    assert "(S//NF)" in us_log and "(U)" in us_log
    uk_floor = _messages(logged_in(floor.uk_operator).get("/"))
    assert 'id="top-banner">UNCLASSIFIED//REL TO USA, AUS, CAN, GBR</div>' in uk_floor
    assert "Eyes only" not in uk_floor and "For the coalition" in uk_floor


def test_a_saved_section_comes_back_in_its_form_with_its_marking(logged_in):
    floor = change_of_watch()
    report = _open(floor)
    handover.handover_section_write(
        report=report,
        author=floor.us_chief,
        key="leadership",
        body="Brief the J3",
        classification=Classification.SECRET,
        releasable_to=[nation("USA"), nation("GBR")],
    )
    page = _messages(logged_in(floor.us_chief).get(f"/handover/{report.pk}/"))
    form = page[page.index('data-key="leadership"') :]
    form = form[: form.index("</fieldset>")]
    assert "Brief the J3</textarea>" in form
    assert '<option value="2" selected>SECRET</option>' in form


def test_only_the_cco_on_watch_opens_the_handover_draft(logged_in):
    floor = change_of_watch()
    refused = csrf_post(logged_in(floor.uk_operator), "/handover/open", follow=True)
    assert "only Capt Dana Reyes (USA), the CCO assigned to" in _messages(refused)
    assert not HandoverReport.objects.exists()
    csrf_post(logged_in(floor.us_chief), "/handover/open")
    assert HandoverReport.objects.get().outgoing_shift == floor.outgoing
