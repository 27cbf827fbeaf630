"""Job pages' forms: the kind, its parameters (generated from the kind's serializer) and the marking."""

from django import forms
from django.urls import reverse_lazy
from rest_framework import serializers

from shifts.fields import ZuluDateTimeField
from shifts.jobs import kinds as jobkinds
from shifts.jobs.models import JobStatus
from shifts.markings.forms import MarkingFields
from shifts.workforce.models import Shift


def _submittable_choices() -> list[tuple[str, str]]:
    return [(k.name, k.title) for k in jobkinds.submittable_kinds()]


class JobKindForm(forms.Form):
    """Chooses the kind to submit: a GET form (?kind=) that htmx turns into a swap of the parameters."""

    kind = forms.ChoiceField(
        widget=forms.Select(
            attrs={"hx-get": reverse_lazy("job-form"), "hx-target": "#job-params", "hx-trigger": "change"}
        )
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="id_choose_%s", **kwargs)  # the submit form has its own `kind`
        self.fields["kind"].choices = _submittable_choices()


class JobSubmitForm(MarkingFields):
    """The kind and the marking of a job; its parameters come in a form made from the kind's serializer."""

    kind = forms.ChoiceField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = _submittable_choices()


class CommaListField(forms.CharField):
    """A list typed as comma-separated items; the kind's serializer validates each item."""

    def to_python(self, value) -> list[str]:
        return [item.strip() for item in super().to_python(value).split(",") if item.strip()]

    def prepare_value(self, value):
        return ", ".join(map(str, value)) if isinstance(value, list) else value


def _default(field: serializers.Field):
    if field.default is serializers.empty:
        return None
    return field.default() if callable(field.default) else field.default


def _form_field(field: serializers.Field) -> forms.Field:
    """The form field that renders and parses one serializer field: its label, help, default, range."""
    common = {
        "required": field.required,
        "label": field.label or field.field_name.replace("_", " ").capitalize(),
        "help_text": field.help_text or "",
        "initial": _default(field),
    }
    ranged = {"min_value": getattr(field, "min_value", None), "max_value": getattr(field, "max_value", None)}
    if isinstance(field, serializers.BooleanField):
        return forms.BooleanField(**{**common, "required": False})
    if isinstance(field, serializers.ChoiceField):
        return forms.ChoiceField(choices=list(field.choices.items()), **common)
    if isinstance(field, serializers.IntegerField):
        return forms.IntegerField(**ranged, **common)
    if isinstance(field, serializers.FloatField):
        return forms.FloatField(**ranged, **common)
    if isinstance(field, serializers.DateTimeField):
        common["help_text"] = common["help_text"] or "UTC"
        return ZuluDateTimeField(**common)
    if isinstance(field, serializers.ListField):
        common["help_text"] = " ".join(filter(None, ["Comma-separated.", common["help_text"]]))
        return CommaListField(**common)
    return forms.CharField(max_length=getattr(field, "max_length", None), **common)


class JobParamsForm(forms.Form):
    """The parameters of one kind, with fields generated from its parameter serializer."""

    prefix = "p"

    def __init__(self, kind: jobkinds.JobKind, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        for name, field in kind.params().fields.items():
            if not field.read_only:
                self.fields[name] = _form_field(field)

    def params(self) -> dict:
        """What was typed, for the serializer: a field left empty takes the kind's default."""
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "", [])}

    def add_param_errors(self, errors: dict[str, list[str]]) -> None:
        for name, messages in errors.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)


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
