"""Plots people read: labelled axes with units, ticks in UTC, degrees and km, coastlines under the track."""

import re
from datetime import UTC, datetime, timedelta

import numpy as np

from tracking import plots

TCA = datetime(2026, 12, 2, 8, 55, 12, tzinfo=UTC)


def _texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def test_round_ticks_cover_the_range():
    assert plots.nice_ticks(0, 1234) == [0, 500, 1000, 1500]
    assert plots.nice_ticks(0, 0.9) == [0, 0.2, 0.4, 0.6, 0.8, 1.0]
    assert plots.nice_ticks(0, 0)[::5] == [0, 1]  # a flat zero still gets an axis


def test_time_ticks_fall_on_round_utc_minutes():
    ticks = plots.time_ticks(TCA - timedelta(minutes=10), TCA + timedelta(minutes=10))
    assert [f"{t:%H:%M}" for t in ticks] == ["08:50", "08:55", "09:00", "09:05"]


def test_the_range_plot_has_utc_time_and_km_axes():
    offsets = np.arange(-600.0, 605.0, 5.0)
    svg = plots.range_svg(offsets, np.abs(offsets) * 7.5 + 0.4, 0.4, TCA)
    texts = _texts(svg)
    assert "Time (UTC) on 2026-12-02" in texts and "Range (km)" in texts
    assert {"08:50", "08:55", "09:00", "09:05"} <= set(texts)
    assert {"0", "1,000", "2,000", "4,000"} <= set(texts)
    assert "TCA 08:55:12Z, miss 0.400 km" in texts


def test_the_ground_track_is_drawn_over_coastlines_with_degree_and_time_labels():
    offsets = np.arange(0.0, 5460.0, 60.0)
    lon = (offsets / 5400.0 * 360.0 + 180.0) % 360.0 - 180.0
    lat = 51.6 * np.sin(offsets / 5400.0 * 2 * np.pi)
    svg = plots.ground_track_svg(lat, lon, offsets, TCA)
    texts = _texts(svg)
    assert "Longitude (°)" in texts and "Latitude (°)" in texts
    assert {"180°W", "120°W", "0°", "60°E", "180°E", "90°N", "30°S"} <= set(texts)
    assert {"0900Z", "0930Z", "1000Z"} <= set(texts) and "2026-12-02 0855Z" in texts
    assert svg.count('class="coast"') > 100 and "Made with Natural Earth" in svg
    assert svg.count('class="track"') == 2  # split where it crosses the date line
