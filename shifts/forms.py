import json

from django import forms

from shifts import jobkinds
from shifts.models import CertificationStatus, Crew, JobStatus, Nation, Officer, Position, Rule, Shift


class JobSubmitForm(forms.Form):
    kind = forms.ChoiceField()
    params = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        initial="{}",
        help_text='Parameters as JSON, e.g. {"seconds": 30}',
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.name, k.title) for k in jobkinds.all_kinds()]

    def clean_params(self) -> dict:
        try:
            value = json.loads(self.cleaned_data["params"] or "{}")
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(
                f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
            ) from None
        if not isinstance(value, dict):
            raise forms.ValidationError('must be a JSON object, e.g. {"seconds": 30}')
        return value


class JobFilterForm(forms.Form):
    status = forms.ChoiceField(
        required=False, choices=[("", "any status"), ("open", "open"), *JobStatus.choices]
    )
    kind = forms.ChoiceField(required=False)
    shift = forms.ModelChoiceField(
        required=False, queryset=Shift.objects.order_by("-starts_at"), empty_label="any shift"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "any kind")] + [(k.name, k.title) for k in jobkinds.all_kinds()]


class AssignForm(forms.Form):
    officer = forms.ModelChoiceField(
        queryset=Officer.objects.filter(active=True).select_related("user", "nation")
    )
    position = forms.ModelChoiceField(queryset=Position.objects.all())


class ReplaceForm(forms.Form):
    officer = forms.ModelChoiceField(
        queryset=Officer.objects.filter(active=True).select_related("user", "nation"), label="Replacement"
    )


class RosterFilterForm(forms.Form):
    """Whose seats the roster picks out: a person, a crew, a nation (together: all of them)."""

    officer = forms.ModelChoiceField(
        queryset=Officer.objects.filter(active=True).select_related("user", "nation"),
        required=False,
        label="Person",
    )
    crew = forms.ModelChoiceField(queryset=Crew.objects.all(), required=False)
    nation = forms.ModelChoiceField(queryset=Nation.objects.all(), to_field_name="code", required=False)


class WaiverForm(forms.Form):
    rule = forms.ChoiceField(choices=Rule.choices)
    shift = forms.ModelChoiceField(queryset=Shift.objects.all())
    officer = forms.ModelChoiceField(queryset=Officer.objects.all(), required=False)
    reason = forms.CharField(max_length=500)


class EnrolForm(forms.Form):
    officer = forms.ModelChoiceField(
        queryset=Officer.objects.filter(active=True).select_related("user", "nation")
    )
    position = forms.ModelChoiceField(queryset=Position.objects.all())


class CertificationFilterForm(forms.Form):
    position = forms.ModelChoiceField(
        queryset=Position.objects.all(), required=False, empty_label="any position"
    )
    status = forms.ChoiceField(choices=[("", "any status"), *CertificationStatus.choices], required=False)
    nation = forms.ModelChoiceField(queryset=Nation.objects.all(), required=False, empty_label="any nation")
    q = forms.CharField(required=False, max_length=100, label="officer")


class EvaluationForm(forms.Form):
    evaluated_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    passed = forms.TypedChoiceField(
        choices=[("yes", "Passed"), ("no", "Failed")], coerce=lambda v: v == "yes"
    )
    remarks = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(forms.Form):
    reason = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
