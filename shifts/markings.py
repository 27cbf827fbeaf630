"""Marking strings as shown to people, rendered from structured markings (never parsed back)."""

from shifts.models import Classification


def rel_to_order(codes: list[str]) -> list[str]:
    """USA first, then alphabetical, as the coalition writes REL TO lists."""
    return sorted(set(codes), key=lambda code: (code != "USA", code))


def banner(classification: int, releasable_to: list[str]) -> str:
    level = Classification(classification).label
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
