"""Element sets built for the tests: two objects that meet at known times (see test_screening)."""

from tests.tracking.astro.test_screening import EPOCH_FR, EPOCH_JD, make_tle
from tracking.astro.time import jd_to_datetime

EPOCH = jd_to_datetime(EPOCH_JD, EPOCH_FR)


def three_le(*named_tles: tuple[str, tuple[str, str]]) -> str:
    return "".join(f"{name}\n{line1}\n{line2}\n" for name, (line1, line2) in named_tles)


def crossing_pair() -> str:
    """Objects 1 and 2 share an orbit but for 2° of inclination: they meet at every node."""
    return three_le(
        ("ALPHA", make_tle(1, 51.64)),
        ("BRAVO", make_tle(2, 53.64, m=350.01)),
        ("FARAWAY", make_tle(3, 98.0, raan=280.0, n=14.2)),
    )
