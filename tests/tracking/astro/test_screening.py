"""Conjunction screening against a 1 s brute force on constructed close approaches.

Two objects share an orbit but for the inclination (and a small mean-anomaly offset): they
meet at the nodes every half revolution, with a miss that drifts as J2 acts differently on
the two planes. The truth is sampled every second, then minimised locally.
"""

import itertools
import json

import numpy as np
import pytest
from scipy.optimize import minimize_scalar
from sgp4.api import Satrec

from tracking.astro.screening import (
    ENCOUNTER_DTYPE,
    chunk_steps,
    merge_chunks,
    screen,
    screen_chunk,
)

EPOCH_JD, EPOCH_FR = 2461190.5, 0.5  # 26150.5: 2026-05-30 12:00 UTC


def make_tle(satnum, inc, raan=100.0, m=350.0, n=15.5, ecc=1e-4, bstar=" 00000+0"):
    line1 = f"1 {satnum:05d}U 26001A   26150.50000000  .00000000  00000+0 {bstar} 0  999"
    elements = f"{inc:8.4f} {raan:8.4f} {round(ecc * 1e7):07d}   0.0000 {m:8.4f}"
    line2 = f"2 {satnum:05d} {elements} {n:11.8f}    1"
    return tuple(line + _checksum(line) for line in (line1, line2))


def _checksum(line: str) -> str:
    return str(sum(int(c) if c.isdigit() else c == "-" for c in line) % 10)


def truth(tle_a, tle_b, start_fr, window_s, threshold_km):
    """Every local minimum of the distance under threshold: 1 s samples, then minimised."""
    sats = [Satrec.twoline2rv(*tle) for tle in (tle_a, tle_b)]
    t = np.arange(0.0, window_s + 0.5)

    def distance(times):
        fr = start_fr + np.atleast_1d(times) / 86400
        jd = np.full(fr.size, EPOCH_JD)
        (_, ra, _), (_, rb, _) = (s.sgp4_array(jd, fr) for s in sats)
        return np.linalg.norm(rb - ra, axis=-1)

    d = distance(t)
    minima = np.flatnonzero((d[1:-1] < d[:-2]) & (d[1:-1] <= d[2:])) + 1
    found = []
    for k in minima:
        window = (t[k] - 1, t[k] + 1)
        best = minimize_scalar(
            lambda x: distance(x)[0], bounds=window, method="bounded", options={"xatol": 1e-7}
        )
        if best.fun <= threshold_km:
            found.append((best.x, best.fun))
    return found


def tca_s(encounters, start_fr):
    return (encounters["tca_jd"] - EPOCH_JD) * 86400 + (encounters["tca_fr"] - start_fr) * 86400


def assert_matches_truth(result, expected, start_fr):
    found = result.encounters
    assert len(found) == len(expected)
    for row, (t, miss) in zip(found, expected, strict=True):
        assert abs(tca_s(row, start_fr) - t) < 1.0
        assert abs(row["miss_km"] - miss) < 0.010


def test_node_crossings_are_found_with_tca_and_miss():
    a, b = make_tle(1, 51.64), make_tle(2, 53.64, m=350.01)
    expected = truth(a, b, EPOCH_FR, 4 * 3600, 5.0)
    assert len(expected) >= 3  # several encounters of one pair, one per node passage
    result = screen([a, b], EPOCH_JD, EPOCH_FR, window_s=4 * 3600)
    assert_matches_truth(result, expected, EPOCH_FR)
    found = result.encounters
    assert set(zip(found["index_1"], found["index_2"], strict=True)) == {(0, 1)}
    assert len(result.excluded) == 0


@pytest.mark.parametrize("offset_steps", [0.5, 0.25])
def test_fast_head_on_encounter_between_samples_is_found(offset_steps):
    a, b = make_tle(1, 51.64), make_tle(2, 151.64, m=349.98)
    (t_first, _), *_ = truth(a, b, EPOCH_FR, 1200, 5.0)
    # Start the window so that the TCA falls between two samples of the 60 s grid.
    start_fr = EPOCH_FR + (t_first - (3 + offset_steps) * 60) / 86400
    expected = truth(a, b, start_fr, 3600, 5.0)
    result = screen([a, b], EPOCH_JD, start_fr, window_s=3600)
    assert_matches_truth(result, expected, start_fr)
    assert result.encounters["relative_speed_km_s"][0] > 10


def test_pairs_above_threshold_are_not_reported():
    a, b = make_tle(1, 51.64), make_tle(2, 54.64)
    expected = truth(a, b, EPOCH_FR, 4 * 3600, 10.0)
    below = [(t, miss) for t, miss in expected if miss <= 5.0]
    assert 0 < len(below) < len(expected)
    narrow = screen([a, b], EPOCH_JD, EPOCH_FR, window_s=4 * 3600)
    assert_matches_truth(narrow, below, EPOCH_FR)
    wide = screen([a, b], EPOCH_JD, EPOCH_FR, window_s=4 * 3600, threshold_km=10.0)
    assert_matches_truth(wide, expected, EPOCH_FR)


def test_rtn_components_rebuild_the_miss_vector():
    a, b = make_tle(1, 51.64), make_tle(2, 53.64, m=350.01)
    found = screen([a, b], EPOCH_JD, EPOCH_FR, window_s=3600).encounters
    rtn = np.stack([found[n] for n in ("radial_km", "in_track_km", "cross_track_km")])
    np.testing.assert_allclose(np.linalg.norm(rtn, axis=0), found["miss_km"], rtol=1e-9)


def constellation():
    """Three crossing shells at one altitude: plenty of encounters in a few hours."""
    rng = np.random.default_rng(7)
    return [
        make_tle(100 + k, inc, raan=rng.uniform(0, 360), m=rng.uniform(0, 360))
        for k, inc in enumerate(np.repeat([53.0, 70.0, 97.6], 30))
    ]


@pytest.mark.parametrize("n_chunks", [2, 3])
def test_chunked_screen_equals_unchunked_exactly(n_chunks):
    tles = constellation()
    whole = screen(tles, EPOCH_JD, EPOCH_FR, window_s=6 * 3600, threshold_km=30.0)
    assert len(whole.encounters) > 20
    parts = [
        json.loads(json.dumps(screen_chunk(tles, EPOCH_JD, EPOCH_FR, c, n_chunks, 6 * 3600, 30.0)))
        for c in range(n_chunks)
    ]
    merged = merge_chunks(parts[::-1])
    assert merged.encounters.dtype == ENCOUNTER_DTYPE
    assert np.array_equal(merged.encounters, whole.encounters)


def test_primaries_get_the_all_vs_all_encounters_that_involve_them():
    tles = constellation()
    everyone = screen(tles, EPOCH_JD, EPOCH_FR, window_s=6 * 3600, threshold_km=30.0).encounters
    primaries = np.unique(everyone["index_2"])[:3]
    mine = screen(tles, EPOCH_JD, EPOCH_FR, 6 * 3600, 30.0, primaries=primaries).encounters
    assert np.isin(mine["index_1"], primaries).all()
    mask = np.isin(everyone["index_1"], primaries) | np.isin(everyone["index_2"], primaries)
    involved = everyone[mask]

    def key(rows):
        pairs = np.sort(np.stack([rows["index_1"], rows["index_2"]]), axis=0)
        return sorted(zip(*pairs, rows["tca_fr"], rows["miss_km"], strict=True))

    assert key(mine) == key(involved)


def test_failing_object_is_excluded_and_reported():
    decaying = make_tle(3, 51.64, n=16.45, bstar=" 50000-1")
    a, b = make_tle(1, 51.64), make_tle(2, 53.64, m=350.01)
    result = screen([a, decaying, b], EPOCH_JD, EPOCH_FR, window_s=4 * 3600)
    assert result.excluded["index"].tolist() == [1]
    assert result.excluded["code"][0] != 0
    assert len(result.encounters) > 0
    assert 1 not in result.encounters["index_1"] and 1 not in result.encounters["index_2"]


def test_chunks_partition_the_grid():
    for n_steps, n_chunks in [(1440, 2), (1440, 7), (5, 8)]:
        chunks = chunk_steps(n_steps, n_chunks)
        assert chunks[0][0] == 0 and chunks[-1][1] == n_steps
        assert all(a[1] == b[0] for a, b in itertools.pairwise(chunks))


def test_window_limits():
    a = make_tle(1, 51.64)
    with pytest.raises(ValueError):
        screen([a], EPOCH_JD, EPOCH_FR, window_s=8 * 86400)
