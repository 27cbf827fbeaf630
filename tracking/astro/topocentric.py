"""Look angles from a ground site to satellites, both in the Earth-fixed frame of ``frames``.

Azimuth is measured from geodetic north, clockwise (east = 90), elevation above the local
horizontal plane (perpendicular to the WGS-84 ellipsoid normal); no refraction. Range rate is
positive when the satellite recedes. The site is fixed in the Earth-fixed frame, so Earth-fixed satellite
velocities give the range rate directly.
"""

from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

import numpy as np

from tracking.astro.frames import geodetic_to_itrf


@dataclass(frozen=True)
class Site:
    lat_deg: float
    lon_deg: float
    alt_m: float = 0.0

    @cached_property
    def itrf_km(self) -> np.ndarray:
        return geodetic_to_itrf(self.lat_deg, self.lon_deg, self.alt_m / 1000.0)

    @cached_property
    def enu_rows(self) -> np.ndarray:
        """(3, 3) matrix whose rows are the east, north, up unit vectors (Earth-fixed)."""
        lat = np.deg2rad(self.lat_deg)
        lon = np.deg2rad(self.lon_deg)
        sl, cl, so, co = np.sin(lat), np.cos(lat), np.sin(lon), np.cos(lon)
        return np.array([[-so, co, 0.0], [-sl * co, -sl * so, cl], [cl * co, cl * so, sl]])


class LookAngles(NamedTuple):
    azimuth_deg: np.ndarray
    elevation_deg: np.ndarray
    range_km: np.ndarray
    range_rate_km_s: np.ndarray | None  # None when no velocities were given


def look_angles(
    site: Site,
    r_itrf_km: np.ndarray,
    v_itrf_km_s: np.ndarray | None = None,
) -> LookAngles:
    """Look angles for Earth-fixed positions (..., 3) [and velocities]; output shape (...)."""
    rho = np.asarray(r_itrf_km, dtype=np.float64) - site.itrf_km
    enu = rho @ site.enu_rows.T
    east, north, up = enu[..., 0], enu[..., 1], enu[..., 2]
    horizontal = np.hypot(east, north)
    range_km = np.hypot(horizontal, up)
    azimuth = np.mod(np.rad2deg(np.arctan2(east, north)), 360.0)
    # mod() of a tiny negative angle rounds to 360.0; keep the promised range [0, 360).
    azimuth = np.where(azimuth == 360.0, 0.0, azimuth)
    elevation = np.rad2deg(np.arctan2(up, horizontal))
    range_rate = None
    if v_itrf_km_s is not None:
        range_rate = np.einsum("...i,...i->...", rho, v_itrf_km_s) / range_km
    return LookAngles(azimuth, elevation, range_km, range_rate)
