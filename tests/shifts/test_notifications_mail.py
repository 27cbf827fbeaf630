"""Notification e-mail: mail quoting a marked item carries its marking and goes only to whom it releases."""

import pytest
from django.contrib.auth import get_user_model

from shifts.jobs import services as jobs
from shifts.jobs.models import Job, JobStatus
from shifts.markings.models import Classification
from shifts.watch.models import Notification
from shifts.watch.services.notifications import notify
from shifts.workforce.models import Assignment
from tests.factories import nation, persona
from tests.shifts.factories import position
from tests.shifts.watch_scenario import change_of_watch

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed_secret_job(django_capture_on_commit_callbacks):
    """A job of the watch on the floor, SECRET//REL TO USA, GBR, fails; an Australian is on the crew too."""
    floor = change_of_watch()
    Assignment.objects.create(
        shift=floor.outgoing, officer=floor.outsider, position=position("OPS"), source="history"
    )
    for officer in (floor.us_chief, floor.uk_operator, floor.outsider):
        get_user_model().objects.filter(pk=officer.user_id).update(email=f"{officer.user.username}@ops.test")
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.job_submit(
            kind="diagnostic",
            params={},
            shift=floor.outgoing,
            classification=Classification.SECRET,
            releasable_to=[nation("USA"), nation("GBR")],
        )
        run = jobs.job_claim(job_id=job.pk, worker="w1")
        jobs.job_cancel(job=job, by=None)
        Job.objects.filter(pk=job.pk).update(cancel_requested=False)
        jobs._end(run, JobStatus.FAILED, "boom", error_message="sensor 7 tasking rejected")
    return floor


def test_mail_quoting_a_marked_item_carries_its_marking_in_subject_and_body(failed_secret_job, mailoutbox):
    assert mailoutbox, "the crew was mailed"
    for mail in mailoutbox:
        assert mail.subject.startswith("(S//REL TO USA, GBR) [opscenter] Job #")
        lines = mail.body.strip().splitlines()
        assert lines[0] == lines[-1] == "SECRET//REL TO USA, GBR"
        assert "sensor 7 tasking rejected" in mail.body


def test_mail_and_note_go_only_to_those_the_marking_releases_to(failed_secret_job, mailoutbox):
    floor = failed_secret_job
    assert sorted(address for mail in mailoutbox for address in mail.to) == [
        "gbr.hughes@ops.test",
        "usa.reyes@ops.test",
    ]
    assert not Notification.objects.filter(recipient=floor.outsider).exists()


def test_unmarked_mail_carries_no_marking(mailoutbox):
    officer = persona("usa.plain", "USA", email="plain@ops.test")
    notify(recipients=[officer], topic="roster", key="k1", text="Your next shift: Day")
    assert [mail.subject for mail in mailoutbox] == ["[opscenter] Your next shift: Day"]
