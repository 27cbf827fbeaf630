import io

import pytest
from django.core.management import CommandError, call_command

from shifts.models import Job

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
