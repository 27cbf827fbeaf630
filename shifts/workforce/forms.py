"""Workforce pages' forms: seats, roster filters, waivers, certification."""

from django import forms

from shifts.fields import ZuluDateField
from shifts.markings.models import Nation
from shifts.workforce.models import CertificationStatus, Crew, Officer, Position, Rule, Shift


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
    evaluated_on = ZuluDateField()
    passed = forms.TypedChoiceField(
        choices=[("yes", "Passed"), ("no", "Failed")], coerce=lambda v: v == "yes"
    )
    remarks = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(forms.Form):
    reason = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
