from django import forms

from shifts.fields import ZuluDateTimeField
from tracking.models import ImportMode, ObjectType


class CatalogSearchForm(forms.Form):
    q = forms.CharField(required=False, label="Number, name or designator")
    object_type = forms.ChoiceField(required=False, choices=[("", "any type"), *ObjectType.choices])
    owner = forms.CharField(required=False, max_length=20)
    regime = forms.ChoiceField(
        required=False,
        choices=[("", "any regime"), ("leo", "LEO"), ("meo", "MEO"), ("geo", "GEO"), ("heo", "HEO")],
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field, as Django's documentation shows: each is cleaned alone."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class CatalogUploadForm(forms.Form):
    files = MultipleFileField(help_text="TLE/3LE or OMM (XML, KVN, JSON, CSV); each file is all-or-nothing")
    mode = forms.ChoiceField(choices=ImportMode.choices, initial=ImportMode.STRICT)
    full_catalog = forms.BooleanField(required=False, label="Full catalog load (report what it lacks)")


class ScreeningForm(forms.Form):
    start = ZuluDateTimeField(required=False, help_text="UTC, e.g. 2026-05-31 0000Z; empty: now")
    window_hours = forms.FloatField(min_value=0.1, max_value=168, initial=24)
    threshold_km = forms.FloatField(min_value=0.01, max_value=100, initial=5)
    primaries = forms.CharField(
        required=False, help_text="catalog numbers, comma-separated; empty: all vs all"
    )

    def clean_primaries(self) -> list[int]:
        raw = [p.strip() for p in self.cleaned_data["primaries"].split(",") if p.strip()]
        bad = [p for p in raw if not p.isdigit()]
        if bad:
            raise forms.ValidationError(f"not catalog numbers: {', '.join(bad)}")
        return [int(p) for p in raw]


class ConjunctionFilterForm(forms.Form):
    sort = forms.ChoiceField(required=False, choices=[("tca", "by TCA"), ("miss_km", "by miss distance")])
    max_miss_km = forms.FloatField(required=False, min_value=0, label="miss ≤ km")
    norad_id = forms.IntegerField(required=False, min_value=1, label="object")
    screening = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class PassPredictionForm(forms.Form):
    start = ZuluDateTimeField(required=False, help_text="UTC, e.g. 2026-05-31 0000Z; empty: now")
    window_hours = forms.FloatField(min_value=0.1, max_value=72, initial=24)
