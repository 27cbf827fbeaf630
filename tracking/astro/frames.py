"""TEME -> Earth-fixed rotation and WGS-84 geodetic conversions.

Earth-rotation model: SGP4 output is in TEME (true equator, mean equinox). Rotating it about
Z by the IAU-1982 Greenwich mean sidereal time (Vallado's ``gstime``, as in sgp4) gives the
pseudo-Earth-fixed frame (PEF); that is the "ITRF" of this package. The equation of the
equinoxes needs no separate term: TEME's x axis is defined so that GMST alone carries it to
PEF (Vallado et al. 2006, "Revisiting Spacetrack Report #3"). Velocity gets the transport
term -omega x r, omega being the time derivative of that same GMST formula, so velocities
are exactly the derivative of the rotated positions (length-of-day variation neglected: a
few ms/day, < 1e-8 km/s).

Neglected, with their size in the Earth-fixed position:

* UT1-UTC: GMST is evaluated with UTC. |UT1-UTC| <= 0.9 s by IERS rule, i.e. an error of up
  to 13.5 arcsec in the rotation angle: <= 0.419 km at the equatorial surface, <= 0.445 km
  for a satellite at 400 km altitude, <= 2.77 km at GEO radius, all along the rotation
  direction. In 2026 the actual |UT1-UTC| is ~0.03 s, so ~15 m in LEO and ~100 m at GEO.
* Polar motion (x_p, y_p, each ~0.3 arcsec, pole offset <= 0.5 arcsec): <= ~15 m at the
  surface, <= ~100 m at GEO. PEF is therefore not quite ITRF.
"""

from typing import NamedTuple

import numpy as np

WGS84_A_KM = 6378.137
WGS84_F = 1.0 / 298.257223563
WGS84_E2 = WGS84_F * (2.0 - WGS84_F)
_J2000_JD = 2451545.0
_GMST_LINEAR_S_PER_CENTURY = 876600.0 * 3600.0 + 8640184.812866
_SECONDS_PER_CENTURY = 36525.0 * 86400.0
_RAD_PER_GMST_S = 2.0 * np.pi / 86400.0


class Geodetic(NamedTuple):
    lat_deg: np.ndarray
    lon_deg: np.ndarray
    alt_km: np.ndarray


def gmst82_rad(jd: np.ndarray | float, fr: np.ndarray | float = 0.0) -> np.ndarray:
    """IAU-1982 GMST (rad, in [0, 2 pi)) for split Julian dates, UTC standing in for UT1."""
    t = _centuries_since_j2000(jd, fr)
    # The formula's 876600 h/century term is exactly one turn per day: take it as the day
    # fraction of the split date instead, so no ~1e9 s number costs precision (~1e-7 s).
    seconds = 67310.54841 + (8640184.812866 + (0.093104 - 6.2e-6 * t) * t) * t
    day_fraction = np.mod(np.asarray(jd, dtype=np.float64) - _J2000_JD, 1.0) + fr
    return np.mod(day_fraction + seconds / 86400.0, 1.0) * (2.0 * np.pi)


def gmst82_rate_rad_s(jd: np.ndarray | float, fr: np.ndarray | float = 0.0) -> np.ndarray:
    """Time derivative of ``gmst82_rad`` (rad/s), ~7.2921158553e-5."""
    t = _centuries_since_j2000(jd, fr)
    seconds_per_century = (-3 * 6.2e-6 * t + 2 * 0.093104) * t + _GMST_LINEAR_S_PER_CENTURY
    return seconds_per_century * _RAD_PER_GMST_S / _SECONDS_PER_CENTURY


def _centuries_since_j2000(jd: np.ndarray | float, fr: np.ndarray | float) -> np.ndarray:
    # Subtract J2000 from the whole part before adding fr to keep the split's precision.
    return ((np.asarray(jd, dtype=np.float64) - _J2000_JD) + fr) / 36525.0


def teme_to_itrf_inplace(
    r_km: np.ndarray,
    v_km_s: np.ndarray | None,
    jd: np.ndarray | float,
    fr: np.ndarray | float = 0.0,
) -> None:
    """Rotate TEME states (..., n_times, 3) to Earth-fixed in place; jd, fr have n_times.

    In place so the batch propagator can convert a chunk while it is still in cache,
    without allocating a second full-size array.
    """
    theta = gmst82_rad(jd, fr)
    c = np.cos(theta)
    s = np.sin(theta)
    _rotate_z_inplace(r_km, c, s)
    if v_km_s is None:
        return
    _rotate_z_inplace(v_km_s, c, s)
    # v_fixed = R v_teme - omega x r_fixed, with omega along +Z.
    omega = gmst82_rate_rad_s(jd, fr)
    v_km_s[..., 0] += omega * r_km[..., 1]
    v_km_s[..., 1] -= omega * r_km[..., 0]


def _rotate_z_inplace(xyz: np.ndarray, c: np.ndarray, s: np.ndarray) -> None:
    """xyz <- R3(theta) xyz, i.e. x' = c x + s y, y' = -s x + c y (frame rotation)."""
    x = xyz[..., 0]
    y = xyz[..., 1]
    sx = np.multiply(x, s, out=np.empty_like(x))
    sy = np.multiply(y, s, out=np.empty_like(y))
    x *= c
    x += sy
    y *= c
    y -= sx


def teme_to_itrf(
    r_teme_km: np.ndarray,
    jd: np.ndarray | float,
    fr: np.ndarray | float = 0.0,
    v_teme_km_s: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray | None]:
    """TEME position (and velocity) (..., n_times, 3) -> new Earth-fixed arrays."""
    r = np.array(r_teme_km, dtype=np.float64)
    v = None if v_teme_km_s is None else np.array(v_teme_km_s, dtype=np.float64)
    teme_to_itrf_inplace(r, v, jd, fr)
    return r, v


def geodetic_to_itrf(
    lat_deg: np.ndarray | float, lon_deg: np.ndarray | float, alt_km: np.ndarray | float
) -> np.ndarray:
    """WGS-84 geodetic latitude, longitude, height above ellipsoid -> Earth-fixed (..., 3) km."""
    lat = np.deg2rad(lat_deg)
    lon = np.deg2rad(lon_deg)
    sin_lat = np.sin(lat)
    n = WGS84_A_KM / np.sqrt(1.0 - WGS84_E2 * sin_lat**2)
    rho = (n + alt_km) * np.cos(lat)
    z = (n * (1.0 - WGS84_E2) + alt_km) * sin_lat
    return np.stack(np.broadcast_arrays(rho * np.cos(lon), rho * np.sin(lon), z), axis=-1)


def itrf_to_geodetic(r_km: np.ndarray) -> Geodetic:
    """Earth-fixed (..., 3) km -> WGS-84 geodetic (lat_deg, lon_deg, alt_km).

    Vermeille's (2002) closed form: exact, no iteration; valid everywhere except within ~43 km
    of the Earth's centre (inside the evolute of the ellipse), which no site or orbit reaches.
    """
    r_km = np.asarray(r_km, dtype=np.float64)
    x, y, z = r_km[..., 0], r_km[..., 1], r_km[..., 2]
    e4 = WGS84_E2**2
    rho = np.hypot(x, y)
    p = (rho / WGS84_A_KM) ** 2
    q = (1.0 - WGS84_E2) * (z / WGS84_A_KM) ** 2
    r = (p + q - e4) / 6.0
    s = e4 * p * q / (4.0 * r**3)
    t = np.cbrt(1.0 + s + np.sqrt(s * (2.0 + s)))
    u = r * (1.0 + t + 1.0 / t)
    v = np.sqrt(u**2 + e4 * q)
    w = WGS84_E2 * (u + v - q) / (2.0 * v)
    k = np.sqrt(u + v + w**2) - w
    d = k * rho / (k + WGS84_E2)
    dz = np.hypot(d, z)
    lat = 2.0 * np.arctan2(z, d + dz)
    alt = (k + WGS84_E2 - 1.0) / k * dz
    return Geodetic(np.rad2deg(lat), np.rad2deg(np.arctan2(y, x)), alt)
