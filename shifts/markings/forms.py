"""The marking fields every form that writes a marked item carries."""

from django import forms

from shifts.markings.models import Nation, classification_choices


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
