"""Markings as data: a classification level and the nations an item is releasable to (REL TO).

The lowest floor of shifts: it knows readers only by what the rule needs (`Reader`), so that every
floor above can call it.
"""

from typing import Protocol

from django.conf import settings
from django.db import models


class Reader(Protocol):
    """Whoever reads or writes a marked item (an officer): what the marking rule looks at."""

    active: bool
    clearance: int
    nation: "Nation"
    nation_id: int


class Nation(models.Model):
    code = models.CharField(max_length=3, unique=True, help_text="ISO 3166-1 alpha-3 trigraph")
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class Classification(models.IntegerChoices):
    """Names for the positions in the default list of levels (settings CLASSIFICATION_LEVELS).

    A level is stored as its position in the configured, ordered list: a reader sees an item only
    at or below their clearance. A deployment with another list uses its own positions.
    """

    UNCLASSIFIED = 0, "UNCLASSIFIED"
    CONFIDENTIAL = 1, "CONFIDENTIAL"
    SECRET = 2, "SECRET"


def classification_choices() -> list[tuple[int, str]]:
    return list(enumerate(settings.OPSCENTER["CLASSIFICATION_LEVELS"]))


class Marked(models.Model):
    """A releasability marking as structured data: a level and the nations it is releasable to."""

    classification = models.PositiveSmallIntegerField(choices=classification_choices, default=0)
    releasable_to = models.ManyToManyField(Nation, related_name="+", blank=True)

    class Meta:
        abstract = True
