"""The correlator on simulated tracks of real catalog objects (stations and GEO groups)."""

import dataclasses

import pytest

from tests.tracking.simulated import first_visible_jd, optical_track, radar_track, satrecs
from tracking.astro.correlation import AMBIGUOUS, CORRELATED, UCT, Catalog, correlate, fixed_gate

ISS, NAUKA, DMSP = 25544, 49044, 28054


@pytest.fixture(scope="module")
def stations():
    """The stations group (ISS with its docked modules) and the weather satellites."""
    return satrecs("stations", "weather")


def catalog_of(by_id: dict, without=()):
    ids = [n for n in by_id if n not in without]
    return Catalog([by_id[n] for n in ids], ids)


def norad(catalog: Catalog, index):
    return None if index is None else int(catalog.norad_ids[index])


def test_a_radar_track_of_a_weather_satellite_identifies_it(stations):
    catalog = catalog_of(stations)
    jd = first_visible_jd(stations[DMSP], "FYLUK", stations[DMSP].jdsatepoch + 0.3)
    [outcome] = correlate([radar_track(stations[DMSP], "FYLUK", jd, along_track_km=2.5)], catalog)
    assert outcome.result == CORRELATED
    assert norad(catalog, outcome.index) == DMSP
    assert outcome.candidates[0].gated and outcome.candidates[0].score < 5
    assert outcome.regime == "LEO"
    assert [q for q in outcome.residuals.quantities] == ["azimuth_deg", "elevation_deg", "range_km"]


def test_an_optical_track_of_a_geostationary_object_identifies_it():
    geo = satrecs("geo")
    catalog = catalog_of(geo)
    stationary = [
        n for n, s in geo.items() if s.ecco < 0.001 and abs(s.no_kozai * 1440 / 6.2832 - 1.0027) < 0.002
    ]
    target, jd = next((n, jd) for n in stationary if (jd := _visible_from_socorro(geo[n])) is not None)
    [outcome] = correlate([optical_track(geo[target], "SOCGEO", jd, along_track_km=-2.0)], catalog)
    assert (outcome.result, norad(catalog, outcome.index)) == (CORRELATED, target)
    assert outcome.regime == "GEO"


def _visible_from_socorro(satrec):
    try:
        return first_visible_jd(satrec, "SOCGEO", satrec.jdsatepoch + 0.2, min_elevation_deg=30)
    except AssertionError:
        return None


def test_a_track_of_the_iss_is_ambiguous_among_its_docked_modules(stations):
    catalog = catalog_of(stations)
    jd = first_visible_jd(stations[ISS], "FYLUK", stations[ISS].jdsatepoch + 0.3)
    [outcome] = correlate([radar_track(stations[ISS], "FYLUK", jd)], catalog)
    assert outcome.result == AMBIGUOUS
    assert {ISS, NAUKA} <= {norad(catalog, c.index) for c in outcome.candidates if c.gated}


def test_a_track_of_an_object_missing_from_the_catalog_is_a_uct(stations):
    catalog = catalog_of(stations, without={DMSP})
    jd = first_visible_jd(stations[DMSP], "FYLUK", stations[DMSP].jdsatepoch + 0.3)
    [outcome] = correlate([radar_track(stations[DMSP], "FYLUK", jd)], catalog)
    assert outcome.result == UCT and outcome.index is None
    assert outcome.maneuver_index is None


def test_two_simultaneous_tracks_of_one_sensor_near_one_object_are_not_both_given_it(stations):
    catalog = catalog_of(stations)
    jd = first_visible_jd(stations[DMSP], "FYLUK", stations[DMSP].jdsatepoch + 0.3)
    a = radar_track(stations[DMSP], "FYLUK", jd, seed=1, key="a")
    b = radar_track(stations[DMSP], "FYLUK", jd, seed=2, along_track_km=1.5, key="b")
    outcomes = correlate([a, b], catalog)
    assert sorted(o.result for o in outcomes) == [AMBIGUOUS, CORRELATED]
    assert {norad(catalog, o.index) for o in outcomes} == {DMSP}  # the loser names what it was near


def test_the_same_object_seen_by_two_sensors_at_once_is_the_same_object_for_both(stations):
    catalog = catalog_of(stations)
    jd = first_visible_jd(stations[DMSP], "FYLUK", stations[DMSP].jdsatepoch + 0.3, min_elevation_deg=10)
    a = radar_track(stations[DMSP], "FYLUK", jd, key="fyl")
    b = dataclasses.replace(radar_track(stations[DMSP], "FYLUK", jd, seed=5, key="twin"), sensor="TWIN")
    assert [o.result for o in correlate([a, b], catalog)] == [CORRELATED, CORRELATED]


def test_an_old_set_widens_the_gate_a_fresh_one_does_not(stations):
    catalog = catalog_of(stations)
    fresh = first_visible_jd(stations[DMSP], "FYLUK", stations[DMSP].jdsatepoch + 0.05)
    old = first_visible_jd(stations[DMSP], "FYLUK", stations[DMSP].jdsatepoch + 10)
    off_by_25_km = [
        radar_track(stations[DMSP], "FYLUK", jd, along_track_km=25.0, key=k)
        for k, jd in ((0, fresh), (1, old))
    ]
    fresh_outcome, old_outcome = correlate(off_by_25_km, catalog)
    assert fresh_outcome.result == UCT
    assert (old_outcome.result, norad(catalog, old_outcome.index)) == (CORRELATED, DMSP)


def test_a_track_far_along_its_objects_orbit_is_a_candidate_manoeuvre(stations):
    catalog = catalog_of(stations)
    jd = first_visible_jd(stations[DMSP], "FYLUK", stations[DMSP].jdsatepoch + 0.3)
    [outcome] = correlate([radar_track(stations[DMSP], "FYLUK", jd, along_track_km=80.0)], catalog)
    assert outcome.result == UCT
    assert norad(catalog, outcome.maneuver_index) == DMSP


def test_the_fixed_gate_takes_an_object_the_chi_square_gate_rejects(stations):
    # 80 km along track is well under 2 degrees from a radar: the amateur gate calls it DMSP.
    catalog = catalog_of(stations)
    jd = first_visible_jd(stations[DMSP], "FYLUK", stations[DMSP].jdsatepoch + 0.3)
    track = radar_track(stations[DMSP], "FYLUK", jd, along_track_km=80.0)
    assert [norad(catalog, i) for i in fixed_gate([track], catalog)] == [DMSP]
    assert correlate([track], catalog)[0].result == UCT
