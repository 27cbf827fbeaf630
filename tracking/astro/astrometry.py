"""Reducing optical angles to what the rest of the package predicts: J2000 RA/Dec, geometric elevation.

Precession is IAU 1976 (Lieske et al. 1977, as in Meeus, Astronomical Algorithms, ch. 21),
rigorous between any two epochs. Star charts of "1950" are FK4 (B1950): reducing them by
precession alone neglects the FK4-FK5 frame difference and the E-terms of aberration, together
under 1 arcsec, far below the accuracy of the visual and photographic positions that use them.

Refraction is Bennett's formula (1982) for standard air (10 °C, 1010 hPa), good to about
0.1 arcmin above 5 degrees elevation.
"""

import numpy as np

J2000_JD = 2451545.0
_B1900_JD = 2415020.31352
_TROPICAL_YEAR_DAYS = 365.242198781
_ARCSEC_RAD = np.pi / (180.0 * 3600.0)


def besselian_epoch_jd(year: float) -> float:
    """Julian date of Besselian epoch B<year> (B1950.0 is JD 2433282.4235)."""
    return _B1900_JD + (year - 1900.0) * _TROPICAL_YEAR_DAYS


def julian_epoch_jd(year: float) -> float:
    """Julian date of Julian epoch J<year> (J2000.0 is JD 2451545.0)."""
    return J2000_JD + (year - 2000.0) * 365.25


def precession_matrix(from_jd: float, to_jd: float) -> np.ndarray:
    """(3, 3) rotation taking equatorial unit vectors of mean equinox from_jd to that of to_jd."""
    big_t = (from_jd - J2000_JD) / 36525.0
    t = (to_jd - from_jd) / 36525.0
    common = 2306.2181 + (1.39656 - 0.000139 * big_t) * big_t
    zeta = (common + ((0.30188 - 0.000344 * big_t) + 0.017998 * t) * t) * t * _ARCSEC_RAD
    z = (common + ((1.09468 + 0.000066 * big_t) + 0.018203 * t) * t) * t * _ARCSEC_RAD
    theta_rate = 2004.3109 + (-0.85330 - 0.000217 * big_t) * big_t
    theta = (theta_rate + (-(0.42665 + 0.000217 * big_t) - 0.041833 * t) * t) * t * _ARCSEC_RAD
    return _rot_z(-z) @ _rot_y(theta) @ _rot_z(-zeta)


def precess_radec_deg(
    ra_deg: np.ndarray | float, dec_deg: np.ndarray | float, from_jd: float, to_jd: float = J2000_JD
) -> tuple[np.ndarray, np.ndarray]:
    """Mean RA/Dec of equinox from_jd -> mean RA/Dec of equinox to_jd (degrees, RA in [0, 360))."""
    ra, dec = np.deg2rad(ra_deg), np.deg2rad(dec_deg)
    unit = np.stack([np.cos(dec) * np.cos(ra), np.cos(dec) * np.sin(ra), np.sin(dec)])
    x, y, z = np.tensordot(precession_matrix(from_jd, to_jd), unit, axes=1)
    ra_out = np.mod(np.rad2deg(np.arctan2(y, x)), 360.0)
    return ra_out, np.rad2deg(np.arcsin(np.clip(z, -1.0, 1.0)))


def refraction_deg(apparent_elevation_deg: np.ndarray | float) -> np.ndarray:
    """How much the atmosphere lifts an object seen at this apparent elevation (degrees, >= 0)."""
    h = np.maximum(np.asarray(apparent_elevation_deg, dtype=np.float64), -1.0)
    arcmin = 1.0 / np.tan(np.deg2rad(h + 7.31 / (h + 4.4)))
    return np.maximum(arcmin, 0.0) / 60.0


def _rot_z(angle: float) -> np.ndarray:
    c, s = np.cos(angle), np.sin(angle)
    return np.array([[c, s, 0.0], [-s, c, 0.0], [0.0, 0.0, 1.0]])


def _rot_y(angle: float) -> np.ndarray:
    c, s = np.cos(angle), np.sin(angle)
    return np.array([[c, 0.0, -s], [0.0, 1.0, 0.0], [s, 0.0, c]])
