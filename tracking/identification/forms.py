from django import forms

from shifts.markings.forms import MarkingFields
from tracking.identification.models import ObservationFormat
from tracking.models import SensorStatus


class ObservationUploadForm(MarkingFields):
    file = forms.FileField(help_text="IOD, UK, RDE, CCSDS TDM (KVN or XML), CSV or JSON; all or nothing")
    file_format = forms.ChoiceField(
        label="Format", choices=[("auto", "Recognise it"), *ObservationFormat.choices], initial="auto"
    )


class SensorStatusForm(forms.Form):
    status = forms.ChoiceField(choices=SensorStatus.choices)
    reason = forms.CharField(
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"placeholder": "why (needed for degraded or down)"}),
    )
