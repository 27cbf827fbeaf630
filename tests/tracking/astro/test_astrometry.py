"""Precession and refraction against published values."""

import numpy as np
import pytest

from tracking.astro.astrometry import (
    J2000_JD,
    besselian_epoch_jd,
    julian_epoch_jd,
    precess_radec_deg,
    refraction_deg,
)


def test_precession_matches_meeus_example_21b():
    # theta Persei, mean place J2000 (proper motion applied), to 2028 Nov 13.19 TD.
    ra, dec = precess_radec_deg(41.054063, 49.227750, J2000_JD, 2462088.69)
    assert (float(ra), float(dec)) == pytest.approx((41.547214, 49.348483), abs=2e-6)


def test_precession_there_and_back_is_the_identity_for_arrays():
    ra = np.array([0.0, 90.0, 359.9, 200.0])
    dec = np.array([0.0, 89.9, -45.0, 10.0])
    there = precess_radec_deg(ra, dec, besselian_epoch_jd(1950))
    back = precess_radec_deg(*there, J2000_JD, besselian_epoch_jd(1950))
    assert np.allclose(back[0], ra, atol=1e-9) and np.allclose(back[1], dec, atol=1e-9)


def test_epochs_have_their_published_julian_dates():
    assert besselian_epoch_jd(1950) == pytest.approx(2433282.4235, abs=1e-4)
    assert julian_epoch_jd(2050) == 2469807.5


@pytest.mark.parametrize(("apparent", "arcmin"), [(0.0, 34.5), (10.0, 5.3), (45.0, 1.0), (90.0, 0.0)])
def test_refraction_follows_bennett(apparent, arcmin):
    assert float(refraction_deg(apparent)) * 60 == pytest.approx(arcmin, abs=0.1)
