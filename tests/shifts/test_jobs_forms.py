"""The form of a job kind is made from its parameter serializer: what a new kind gets for free."""

from datetime import UTC, datetime

from rest_framework import serializers

from shifts.jobs.forms import JobParamsForm
from shifts.jobs.kinds import JobKind


class SurveyParams(serializers.Serializer):
    mode = serializers.ChoiceField(choices=[("fast", "Fast"), ("full", "Full")], default="full")
    dry_run = serializers.BooleanField(default=False, help_text="compute, store nothing")
    start = serializers.DateTimeField(required=False)
    sensors = serializers.ListField(child=serializers.CharField(), default=list)
    note = serializers.CharField(max_length=20, label="Note to the crew")


SURVEY = JobKind(
    name="survey", title="Survey", params=SurveyParams, run=lambda ctx: None, store=lambda j, o: {}
)


def test_each_serializer_field_becomes_an_input_with_its_label_help_default_and_choices():
    html = JobParamsForm(SURVEY).as_div()
    assert '<select name="p-mode"' in html and '<option value="full" selected>Full</option>' in html
    assert 'type="checkbox" name="p-dry_run"' in html and "compute, store nothing" in html
    assert 'name="p-start"' in html and "UTC" in html
    assert 'name="p-sensors"' in html and "Comma-separated." in html
    assert "Note to the crew" in html and 'maxlength="20" required' in html


def test_what_is_typed_becomes_the_serializers_input_and_empty_fields_take_its_defaults():
    typed = {"p-mode": "fast", "p-start": "2026-12-02 14:00", "p-sensors": "CODSFS, FYLSFS", "p-note": "hi"}
    form = JobParamsForm(SURVEY, typed)
    assert form.is_valid(), form.errors
    params = form.params()
    assert params["start"] == datetime(2026, 12, 2, 14, 0, tzinfo=UTC)
    assert params["sensors"] == ["CODSFS", "FYLSFS"] and params["mode"] == "fast"
    checked = SurveyParams(data=params)
    assert checked.is_valid() and checked.validated_data["dry_run"] is False
    left_empty = JobParamsForm(SURVEY, {"p-note": "hi", "p-sensors": "", "p-mode": "full"})
    assert left_empty.is_valid() and left_empty.params() == {"note": "hi", "dry_run": False, "mode": "full"}
