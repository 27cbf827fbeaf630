"""How old an element set is where it is used, against a limit per orbit regime.

SGP4 positions drift roughly 1–3 km a day from an element set's epoch in LEO (drag), slower higher up,
so each regime has its own limit (settings `ELSET_STALE_DAYS_LEO`, `_MEO`, `_GEO`).
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings

# Mean motion bounds in rev/day, as the catalog's regime filter uses them (selectors.REGIMES).
LEO_MIN_REV_PER_DAY = 11.25
GEO_REV_PER_DAY = (0.9, 1.1)


def regime(mean_motion_rev_per_day: float) -> str:
    if mean_motion_rev_per_day >= LEO_MIN_REV_PER_DAY:
        return "LEO"
    if GEO_REV_PER_DAY[0] <= mean_motion_rev_per_day <= GEO_REV_PER_DAY[1]:
        return "GEO"
    return "MEO"


@dataclass(frozen=True)
class Age:
    """An element set's age at the moment it was used for (a run's start, a TCA, a pass)."""

    days: float
    regime: str
    limit_days: int

    @property
    def stale(self) -> bool:
        return self.days > self.limit_days

    def __str__(self) -> str:
        text = f"{self.days:.1f} d old"
        return f"{text}, stale (over {self.limit_days} d for {self.regime})" if self.stale else text


def age_at(element_set, when: datetime) -> Age:
    """`element_set` is a tracking.models.ElementSet (anything with `epoch` and mean motion)."""
    kind = regime(element_set.mean_motion_rev_per_day)
    return Age(
        days=(when - element_set.epoch).total_seconds() / 86400.0,
        regime=kind,
        limit_days=settings.OPSCENTER[f"ELSET_STALE_DAYS_{kind}"],
    )
