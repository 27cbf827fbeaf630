"""Marking strings as shown to people, rendered from structured markings (never parsed back)."""

from django.conf import settings


def rel_to_order(codes: list[str]) -> list[str]:
    """USA first, then alphabetical, as the coalition writes REL TO lists."""
    return sorted(set(codes), key=lambda code: (code != "USA", code))


ABBREVIATIONS = {"UNCLASSIFIED": "U", "CONFIDENTIAL": "C", "SECRET": "S", "TOP SECRET": "TS"}


def level_name(classification: int) -> str:
    levels = settings.OPSCENTER["CLASSIFICATION_LEVELS"]
    return levels[classification] if 0 <= classification < len(levels) else f"LEVEL {classification}"


def portion(classification: int, releasable_to: list[str]) -> str:
    """The short form that marks one portion of a page: (U), (S//NF), (S//REL TO USA, GBR)."""
    level = level_name(classification)
    short = ABBREVIATIONS.get(level, level[:1])
    nations = rel_to_order(releasable_to)
    if nations == ["USA"]:
        return f"{short}//NF"
    if not nations or (level == "UNCLASSIFIED" and len(nations) > 1):
        return short
    return f"{short}//REL TO {', '.join(nations)}"


def marking_of(obj) -> tuple[int, list[str]]:
    return obj.classification, [n.code for n in obj.releasable_to.all()]


def page_banner(items) -> str | None:
    """The banner of a page that shows `items`: None (the default banner) when it shows none."""
    markings = [marking_of(item) for item in items]
    return banner(*highest(markings)) if markings else None


def banner(classification: int, releasable_to: list[str]) -> str:
    level = level_name(classification)
    nations = rel_to_order(releasable_to)
    if nations == ["USA"]:
        return f"{level}//NOFORN"
    if not nations:
        return level
    return f"{level}//REL TO {', '.join(nations)}"


def highest(markings: list[tuple[int, list[str]]]) -> tuple[int, list[str]]:
    """The banner marking of a page: the highest level and the nations every item is releasable to."""
    level = max(m[0] for m in markings)
    nations = set(markings[0][1])
    for _, codes in markings[1:]:
        nations &= set(codes)
    return level, sorted(nations)
