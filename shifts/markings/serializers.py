"""Markings in the API: nations by their trigraph."""

from rest_framework import serializers


class NationCodeField(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        super().__init__(slug_field="code", read_only=True, **kwargs)
