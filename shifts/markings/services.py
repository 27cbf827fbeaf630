"""The marking rule for every write: an author writes only what they may read."""

from shifts.markings.models import Nation, Reader
from shifts.refusals import Refusal


def check_marking(author: Reader, classification: int, nations: list[Nation] | None) -> None:
    """An author writes only what they may read: at or below their clearance, their nation in REL TO."""
    if classification > author.clearance:
        raise Refusal(f"{author} is not cleared to write at that classification", rule="clearance")
    if nations is not None and author.nation_id not in {n.pk for n in nations}:
        raise Refusal(
            f"{author} cannot mark an item not releasable to {author.nation.code}: they could not read it",
            rule="releasability",
        )
