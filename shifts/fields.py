"""Form fields that read and write the floor's one date-time form (shifts.zulu), as plain text inputs:
a browser's own date picker would show the reader's locale (12/02/2026) instead."""

from django import forms

from shifts import zulu


class ZuluDateTimeField(forms.DateTimeField):
    widget = forms.TextInput(
        attrs={"placeholder": zulu.EXAMPLE, "inputmode": "numeric", "autocomplete": "off"}
    )

    def prepare_value(self, value):
        return zulu.zulu(value) if hasattr(value, "astimezone") else value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if hasattr(value, "astimezone"):
            return value
        parsed = zulu.parse(str(value))
        if parsed is None:
            raise forms.ValidationError(
                f"{value!r} is not a UTC time: write it as {zulu.EXAMPLE}", code="invalid"
            )
        return parsed


class ZuluDateField(forms.DateField):
    widget = forms.TextInput(
        attrs={"placeholder": "2026-12-02", "inputmode": "numeric", "autocomplete": "off"}
    )
    input_formats = [zulu.DAY]

    def prepare_value(self, value):
        return zulu.day(value) if hasattr(value, "strftime") else value
