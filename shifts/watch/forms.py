"""Watch pages' forms: the log, its search, the handover's sections and questions."""

from django import forms

from shifts.fields import ZuluDateField, ZuluDateTimeField
from shifts.markings.forms import MarkingFields
from shifts.watch.models import LogCategory, Severity


class LogEntryForm(MarkingFields):
    category = forms.ChoiceField(choices=LogCategory.choices, initial=LogCategory.OTHER)
    severity = forms.TypedChoiceField(choices=Severity.choices, coerce=int, initial=Severity.ROUTINE)
    occurred_at = ZuluDateTimeField(required=False, help_text="UTC, e.g. 2026-12-02 0855Z; empty: now")
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Links: NORAD 25544, conjunction 45, job 123 (or #J123)",
    )


class LogReviseForm(LogEntryForm):
    reason = forms.CharField(
        widget=forms.TextInput(attrs={"placeholder": "why this correction"}), help_text="Kept in the history"
    )


class LogSearchForm(forms.Form):
    text = forms.CharField(required=False)
    category = forms.ChoiceField(required=False, choices=[("", "any category"), *LogCategory.choices])
    severity = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, choices=[("", "any severity"), *Severity.choices]
    )
    since = ZuluDateField(required=False, label="From (UTC day)")
    until = ZuluDateField(required=False, label="To (UTC day)")


class SectionForm(MarkingFields):
    """One written section; the page holds one per section (prefixed by its key) in a single form,
    so saving never drops what was typed in another. `based_on` is the version the writer was shown."""

    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ReturnForm(MarkingFields):
    questions = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))


class EarlyReliefForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), help_text="Why the watch changes early"
    )
