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
