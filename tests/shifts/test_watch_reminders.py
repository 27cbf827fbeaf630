from datetime import timedelta

import pytest
import time_machine

from shifts.watch.models import HandoverReport
from shifts.watch.tasks import watch_reminders
from shifts.workforce.models import CertificationStatus
from tests.shifts.watch_scenario import change_of_watch

pytestmark = pytest.mark.django_db


def test_the_beat_reminders_expire_lapsed_certifications_and_open_the_draft():
    floor = change_of_watch()
    cert = floor.uk_operator.certifications.get()
    cert.expires_on = floor.outgoing.starts_at.date() - timedelta(days=1)
    cert.save()
    with time_machine.travel(floor.outgoing.ends_at - timedelta(minutes=30)):
        outcome = watch_reminders()  # the task body, as beat runs it
    assert outcome["certifications_expired"] == 1 and outcome["drafts_opened"] == 1
    cert.refresh_from_db()
    assert cert.status == CertificationStatus.EXPIRED
    assert HandoverReport.objects.get().outgoing_shift == floor.outgoing
