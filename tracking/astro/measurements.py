"""What a sensor would measure of a satellite, and how each measurement moves with its position.

Predictions for az/el (Earth-fixed, as ``topocentric``) and topocentric RA/Dec (J2000 equator,
as the optical formats give it after ``astrometry``), range and range rate, from TEME states.
Each comes with its Jacobian with respect to the satellite's TEME position, which is what turns
an element set's position covariance into a covariance of the measurements.

TEME -> J2000: equation of the equinoxes, nutation (the four largest IAU 1980 terms, Meeus,
Astronomical Algorithms ch. 22: good to 0.5 arcsec) and IAU 1976 precession. Polar motion and
the frame bias (under 0.03 arcsec) are neglected.
"""

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from tracking.astro.astrometry import J2000_JD, precession_matrix
from tracking.astro.frames import gmst82_rad
from tracking.astro.topocentric import Site

EARTH_ROTATION_RAD_S = 7.292115146706979e-5
_ARCSEC_RAD = np.pi / (180.0 * 3600.0)
AZEL, RADEC = "azel", "radec"


def _rot1(a: float) -> np.ndarray:
    c, s = np.cos(a), np.sin(a)
    return np.array([[1.0, 0.0, 0.0], [0.0, c, s], [0.0, -s, c]])


def _rot3(a: float) -> np.ndarray:
    c, s = np.cos(a), np.sin(a)
    return np.array([[c, s, 0.0], [-s, c, 0.0], [0.0, 0.0, 1.0]])


def nutation_rad(jd: float) -> tuple[float, float, float]:
    """(nutation in longitude, nutation in obliquity, mean obliquity) at jd, radians."""
    t = (jd - J2000_JD) / 36525.0
    omega = np.deg2rad(125.04452 - 1934.136261 * t)
    sun = np.deg2rad(280.4665 + 36000.7698 * t)
    moon = np.deg2rad(218.3165 + 481267.8813 * t)
    dpsi = (
        -17.20 * np.sin(omega) - 1.32 * np.sin(2 * sun) - 0.23 * np.sin(2 * moon) + 0.21 * np.sin(2 * omega)
    )
    deps = 9.20 * np.cos(omega) + 0.57 * np.cos(2 * sun) + 0.10 * np.cos(2 * moon) - 0.09 * np.cos(2 * omega)
    eps0 = 84381.448 - 46.8150 * t - 0.00059 * t * t + 0.001813 * t**3
    return dpsi * _ARCSEC_RAD, deps * _ARCSEC_RAD, eps0 * _ARCSEC_RAD


def teme_to_j2000_matrix(jd: float) -> np.ndarray:
    """(3, 3) matrix M with r_J2000 = M @ r_TEME at Julian date jd (UTC; UT1 and TT differences neglected)."""
    dpsi, deps, eps0 = nutation_rad(jd)
    eps = eps0 + deps
    tod_from_teme = _rot3(-dpsi * np.cos(eps))
    mod_from_tod = _rot1(-eps0) @ _rot3(dpsi) @ _rot1(eps)
    return precession_matrix(jd, J2000_JD) @ mod_from_tod @ tod_from_teme


def site_teme(site: Site, jd: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The site's TEME position (n, 3) km and velocity (n, 3) km/s at the times jd (n,)."""
    theta = gmst82_rad(np.asarray(jd, dtype=np.float64))
    c, s = np.cos(theta), np.sin(theta)
    x, y, z = site.itrf_km
    r = np.stack([c * x - s * y, s * x + c * y, np.full_like(c, z)], axis=-1)
    v = EARTH_ROTATION_RAD_S * np.stack([-r[:, 1], r[:, 0], np.zeros_like(c)], axis=-1)
    return r, v


def radec_unit_teme(ra_deg: np.ndarray, dec_deg: np.ndarray, j2000_from_teme: np.ndarray) -> np.ndarray:
    ra, dec = np.deg2rad(ra_deg), np.deg2rad(dec_deg)
    u = np.stack([np.cos(dec) * np.cos(ra), np.cos(dec) * np.sin(ra), np.sin(dec)], axis=-1)
    return u @ j2000_from_teme  # rows times M == (M.T @ u.T).T: J2000 back to TEME


def azel_unit_teme(site: Site, az_deg: np.ndarray, el_deg: np.ndarray, jd: np.ndarray) -> np.ndarray:
    az, el = np.deg2rad(az_deg), np.deg2rad(el_deg)
    enu = np.stack([np.cos(el) * np.sin(az), np.cos(el) * np.cos(az), np.sin(el)], axis=-1)
    itrf = enu @ site.enu_rows
    theta = gmst82_rad(np.asarray(jd, dtype=np.float64))
    c, s = np.cos(theta), np.sin(theta)
    return np.stack([c * itrf[:, 0] - s * itrf[:, 1], s * itrf[:, 0] + c * itrf[:, 1], itrf[:, 2]], axis=-1)


@dataclass(frozen=True)
class Geometry:
    """Which angles a track measured and from where: everything a prediction needs but the satellite."""

    site: Site
    jd: np.ndarray  # (n,) UTC Julian dates
    angles: str  # AZEL or RADEC
    has_range: bool
    has_range_rate: bool
    j2000_from_teme: np.ndarray  # (3, 3), at the track's middle (it changes by < 0.01 arcsec an hour)

    @cached_property
    def site_states(self) -> tuple[np.ndarray, np.ndarray]:
        """The site's TEME position and velocity at the track's times."""
        return site_teme(self.site, self.jd)

    @cached_property
    def local_from_teme(self) -> np.ndarray:
        """(n, 3, 3): TEME to the frame the angles are measured in (local ENU, or J2000)."""
        if self.angles != AZEL:
            return np.broadcast_to(self.j2000_from_teme, (len(self.jd), 3, 3))
        theta = gmst82_rad(self.jd)
        c, s = np.cos(theta), np.sin(theta)
        itrf_from_teme = np.zeros((len(c), 3, 3))
        itrf_from_teme[:, 0, 0], itrf_from_teme[:, 0, 1] = c, s
        itrf_from_teme[:, 1, 0], itrf_from_teme[:, 1, 1] = -s, c
        itrf_from_teme[:, 2, 2] = 1.0
        return np.einsum("ij,njk->nik", self.site.enu_rows, itrf_from_teme)

    @property
    def quantities(self) -> list[str]:
        names = (
            ["azimuth_deg", "elevation_deg"]
            if self.angles == AZEL
            else ["right_ascension_deg", "declination_deg"]
        )
        return names + ["range_km"] * self.has_range + ["range_rate_km_s"] * self.has_range_rate


def predict(geometry: Geometry, r_teme: np.ndarray, v_teme: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Predicted measurements (n, m) in ``quantities`` order and their d/d(r_TEME) (n, m, 3)."""
    s_r, s_v = geometry.site_states
    rho = r_teme - s_r
    rho_dot = v_teme - s_v
    local_from_teme = geometry.local_from_teme
    local = np.einsum("nij,nj->ni", local_from_teme, rho)
    a1, a2, d1, d2 = _azel(local) if geometry.angles == AZEL else _radec(local)
    values = [a1, a2]
    partials = [np.einsum("ni,nij->nj", d1, local_from_teme), np.einsum("ni,nij->nj", d2, local_from_teme)]
    range_km = np.linalg.norm(rho, axis=1)
    unit = rho / range_km[:, None]
    if geometry.has_range:
        values.append(range_km)
        partials.append(unit)
    if geometry.has_range_rate:
        values.append(np.einsum("ni,ni->n", unit, rho_dot))
        # Position enters the range rate only through the line of sight's direction.
        partials.append((rho_dot - unit * values[-1][:, None]) / range_km[:, None])
    return np.stack(values, axis=1), np.stack(partials, axis=1)


def _azel(enu: np.ndarray):
    e, n, u = enu[:, 0], enu[:, 1], enu[:, 2]
    h2 = e * e + n * n
    h = np.sqrt(h2)
    r2 = h2 + u * u
    az = np.mod(np.degrees(np.arctan2(e, n)), 360.0)
    el = np.degrees(np.arctan2(u, h))
    d_az = np.degrees(np.stack([n / h2, -e / h2, np.zeros_like(e)], axis=1))
    d_el = np.degrees(np.stack([-e * u / (h * r2), -n * u / (h * r2), h / r2], axis=1))
    return az, el, d_az, d_el


def _radec(xyz: np.ndarray):
    x, y, z = xyz[:, 0], xyz[:, 1], xyz[:, 2]
    h2 = x * x + y * y
    h = np.sqrt(h2)
    r2 = h2 + z * z
    ra = np.mod(np.degrees(np.arctan2(y, x)), 360.0)
    dec = np.degrees(np.arctan2(z, h))
    d_ra = np.degrees(np.stack([-y / h2, x / h2, np.zeros_like(x)], axis=1))
    d_dec = np.degrees(np.stack([-x * z / (h * r2), -y * z / (h * r2), h / r2], axis=1))
    return ra, dec, d_ra, d_dec


def angle_difference_deg(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a - b wrapped into [-180, 180): azimuth and RA residuals across 0/360."""
    return np.mod(np.asarray(a) - np.asarray(b) + 180.0, 360.0) - 180.0
