import io

import pytest
from django.core.management import CommandError, call_command

from shifts.jobs import services as jobs
from shifts.jobs.models import Job, JobStatus
from tests.factories import nation
from tests.shifts.watch_scenario import change_of_watch

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    out = io.StringIO()
    call_command("jobs", *args, stdout=out)
    return out.getvalue()


def test_submit_list_show_cancel_from_the_command_line():
    job_id = int(_run("submit", "diagnostic", "--params", '{"seconds": 2}'))
    assert Job.objects.get(pk=job_id).params["seconds"] == 2
    assert _run("list").split("\t")[:3] == [str(job_id), "diagnostic", "queued"]
    assert "submitted via cli" in _run("show", str(job_id))
    assert "cancelled" in _run("cancel", str(job_id))
    assert _run("list", "--status", "queued") == ""


def test_the_command_line_reports_bad_input_clearly():
    with pytest.raises(CommandError, match="--params is not valid JSON"):
        _run("submit", "diagnostic", "--params", "{")
    with pytest.raises(CommandError, match="unknown job kind 'nope'"):
        _run("submit", "nope")
    with pytest.raises(CommandError, match="no job with id 999"):
        _run("show", "999")


def test_the_command_acts_as_the_operator_or_as_an_officer_under_the_rule():
    floor = change_of_watch()
    job = jobs.job_submit(kind="diagnostic", params={}, requested_by=floor.outsider.user)
    with pytest.raises(CommandError, match=r"refused \(job_permission\): only its submitter"):
        _run("cancel", str(job.pk), "--as", floor.can_chief.user.username)
    assert Job.objects.get(pk=job.pk).status == JobStatus.QUEUED
    assert "cancelled" in _run("cancel", str(job.pk), "--as", floor.uk_operator.user.username)
    assert _run("rerun", str(job.pk)) == f"job {job.pk}: queued\n"  # the operator may
    noforn = jobs.job_submit(kind="diagnostic", params={}, releasable_to=[nation("USA")])
    with pytest.raises(CommandError, match=r"that gbr\.hughes may read"):
        _run("cancel", str(noforn.pk), "--as", "gbr.hughes")
