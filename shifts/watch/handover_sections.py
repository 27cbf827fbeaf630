"""The registry of compiled handover sections: shifts fills some, tracking the rest (from ready()).

A source returns items, each with its own marking. The report groups them into one
section per marking, so one NOFORN item never hides the releasable ones, and every
section is exactly as restricted as the items in it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from shifts.watch.models import HandoverReport


@dataclass(frozen=True)
class Item:
    text: str
    classification: int
    nations: frozenset[str]


@dataclass(frozen=True)
class SectionSource:
    key: str
    title: str
    order: int
    compile: "Callable[[HandoverReport], list[Item]]"


_SOURCES: dict[str, SectionSource] = {}


def register(source: SectionSource) -> SectionSource:
    if source.key in _SOURCES and _SOURCES[source.key] != source:
        raise ValueError(f"handover section {source.key!r} is already registered")
    _SOURCES[source.key] = source
    return source


def all_sources() -> list[SectionSource]:
    return sorted(_SOURCES.values(), key=lambda source: (source.order, source.key))


def marked_item(text: str, obj) -> Item:
    """An item carrying the marking of the model instance it quotes."""
    return Item(text, obj.classification, frozenset(n.code for n in obj.releasable_to.all()))


def unmarked_item(text: str, nations: frozenset[str]) -> Item:
    """Facts of the watch itself (manning, jobs' owners): unclassified, releasable to the coalition."""
    return Item(text, 0, nations)
