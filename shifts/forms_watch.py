from django import forms

from shifts.fields import ZuluDateField, ZuluDateTimeField
from shifts.models import LogCategory, Nation, Severity, classification_choices


class MarkingFields(forms.Form):
    """Classification and REL TO nations, as structured fields (never typed as free text)."""

    classification = forms.TypedChoiceField(choices=classification_choices, coerce=int, initial=0)
    releasable_to = forms.ModelMultipleChoiceField(
        queryset=Nation.objects.all(), widget=forms.CheckboxSelectMultiple, required=True,
        help_text="Only USA: NOFORN",
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["releasable_to"].initial = list(Nation.objects.values_list("pk", flat=True))


# The floor writes 2026-12-02 0855Z; the ISO forms a browser or a paste may give are accepted too.


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
