"""Small SVG plots drawn on the server: no plotting library, nothing fetched by the browser.

Every plot has labelled axes with units and tick labels (UTC, degrees, km). The ground track is drawn
over Natural Earth's 110 m coastlines, shipped with the app (tracking/data/README.md).
"""

import functools
import itertools
import json
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

WIDTH, HEIGHT = 720, 380
COASTLINE_FILE = Path(__file__).parent / "data" / "ne_110m_coastline.json"
# Time ticks: the first of these steps (seconds) giving at most about seven ticks.
TIME_STEPS_S = (30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600)
TRACK_TIME_LABEL_S = 1800


@dataclass(frozen=True)
class Frame:
    """The plotting area inside the margins that hold the tick labels and axis titles."""

    left: float = 64
    right: float = WIDTH - 28
    top: float = 28
    bottom: float = HEIGHT - 48

    def x(self, value, lo: float, hi: float):
        return self.left + (value - lo) / (hi - lo) * (self.right - self.left)

    def y(self, value, lo: float, hi: float):
        return self.bottom - (value - lo) / (hi - lo) * (self.bottom - self.top)


def _polylines(xs: np.ndarray, ys: np.ndarray, break_at: float | None = None) -> list[str]:
    """Point lists, split where x jumps by more than `break_at` (a track crossing the date line)."""
    if xs.size == 0:
        return []
    cuts = [0, *((np.flatnonzero(np.abs(np.diff(xs)) > break_at) + 1).tolist() if break_at else []), xs.size]
    return [
        " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs[a:b], ys[a:b], strict=True))
        for a, b in itertools.pairwise(cuts)
        if b - a > 1
    ]


def nice_ticks(lo: float, hi: float, most: int = 6) -> list[float]:
    """Round ticks (steps of 1, 2 or 5 times a power of ten) from at or below `lo` to at or above `hi`,
    at most `most` steps apart: the axis ends on a tick, so the data never runs off the top."""
    span = hi - lo if hi > lo else abs(hi) or 1.0
    hi = max(hi, lo + span)
    power = 10 ** math.floor(math.log10(span / most))
    for multiple in (1, 2, 5, 10):
        step = multiple * power
        first, last = math.floor(lo / step + 1e-9) * step, math.ceil(hi / step - 1e-9) * step
        if (last - first) / step <= most + 1e-9:
            break
    return [round(first + i * step, 10) for i in range(round((last - first) / step) + 1)]


def time_ticks(start: datetime, end: datetime, most: int = 7) -> list[datetime]:
    """UTC ticks on round minutes or hours between start and end."""
    span = (end - start).total_seconds()
    step = next((s for s in TIME_STEPS_S if span / s <= most), TIME_STEPS_S[-1])
    midnight = start.replace(hour=0, minute=0, second=0, microsecond=0)
    first = midnight + timedelta(seconds=math.ceil((start - midnight).total_seconds() / step) * step)
    return [
        first + timedelta(seconds=step * i) for i in range(int((end - first).total_seconds() // step) + 1)
    ]


def _x_tick(x: float, frame: Frame, label: str) -> str:
    return (
        f'<line x1="{x:.1f}" y1="{frame.top}" x2="{x:.1f}" y2="{frame.bottom}" class="grid"/>'
        f'<line x1="{x:.1f}" y1="{frame.bottom}" x2="{x:.1f}" y2="{frame.bottom + 5}" class="axis"/>'
        f'<text x="{x:.1f}" y="{frame.bottom + 18}" text-anchor="middle" class="tick">{label}</text>'
    )


def _y_tick(y: float, frame: Frame, label: str) -> str:
    return (
        f'<line x1="{frame.left}" y1="{y:.1f}" x2="{frame.right}" y2="{y:.1f}" class="grid"/>'
        f'<line x1="{frame.left - 5}" y1="{y:.1f}" x2="{frame.left}" y2="{y:.1f}" class="axis"/>'
        f'<text x="{frame.left - 8}" y="{y + 4:.1f}" text-anchor="end" class="tick">{label}</text>'
    )


def _axes(frame: Frame, x_title: str, y_title: str) -> list[str]:
    mid_y = (frame.top + frame.bottom) / 2
    return [
        f'<rect x="{frame.left}" y="{frame.top}" width="{frame.right - frame.left}" '
        f'height="{frame.bottom - frame.top}" class="frame"/>',
        f'<text x="{(frame.left + frame.right) / 2:.1f}" y="{HEIGHT - 8}" text-anchor="middle" '
        f'class="axis-title">{x_title}</text>',
        f'<text x="14" y="{mid_y:.1f}" text-anchor="middle" transform="rotate(-90 14 {mid_y:.1f})" '
        f'class="axis-title">{y_title}</text>',
    ]


def _longitude(value: float) -> str:
    return "0°" if value == 0 else f"{abs(value):.0f}°{'E' if value > 0 else 'W'}"


def _latitude(value: float) -> str:
    return "0°" if value == 0 else f"{abs(value):.0f}°{'N' if value > 0 else 'S'}"


def _zulu(value: datetime) -> str:
    return f"{value:%H%M}Z"


@functools.cache
def _coastline_points(frame: Frame) -> tuple[str, ...]:
    """Coastlines in the map's pixels, each pixel once: the shipped data is finer than the plot."""
    lines = json.loads(COASTLINE_FILE.read_text())["coast"]
    drawn = []
    for flat in lines:
        lon, lat = np.array(flat[0::2]), np.array(flat[1::2])
        xs, ys = np.round(frame.x(lon, -180, 180)), np.round(frame.y(lat, -90, 90))
        keep = np.concatenate([[True], (np.diff(xs) != 0) | (np.diff(ys) != 0)])
        if keep.sum() > 1:
            drawn.append(" ".join(f"{x:.0f},{y:.0f}" for x, y in zip(xs[keep], ys[keep], strict=True)))
    return tuple(drawn)


def _round_times(start: datetime, offsets_s: np.ndarray) -> list[datetime]:
    """The round half hours (UTC) the track passes, to label it with."""
    if offsets_s.size == 0:
        return []
    step = timedelta(seconds=TRACK_TIME_LABEL_S)
    midnight = start.replace(hour=0, minute=0, second=0, microsecond=0)
    first = midnight + step * math.floor((start - midnight) / step + 1)
    end = start + timedelta(seconds=float(offsets_s[-1]))
    return [first + step * k for k in range(int((end - first) / step) + 1)]


def ground_track_svg(lat_deg: np.ndarray, lon_deg: np.ndarray, offsets_s: np.ndarray, start: datetime) -> str:
    """An equirectangular map over the coastlines, with the track from `start` (the dot) and its UTC times."""
    frame = Frame()
    x, y = frame.x(lon_deg, -180, 180), frame.y(lat_deg, -90, 90)
    parts = [
        *_axes(frame, "Longitude (°)", "Latitude (°)"),
        *(_x_tick(frame.x(lo, -180, 180), frame, _longitude(lo)) for lo in range(-180, 181, 60)),
        *(_y_tick(frame.y(la, -90, 90), frame, _latitude(la)) for la in range(-90, 91, 30)),
        *(f'<polyline points="{p}" class="coast"/>' for p in _coastline_points(frame)),
        *(
            f'<polyline points="{p}" class="track"/>'
            for p in _polylines(x, y, (frame.right - frame.left) / 2)
        ),
    ]
    for when in _round_times(start, offsets_s):
        i = int(np.argmin(np.abs(offsets_s - (when - start).total_seconds())))
        parts.append(
            f'<circle cx="{x[i]:.1f}" cy="{y[i]:.1f}" r="2.5" class="mark"/>'
            f'<text x="{x[i] + 4:.1f}" y="{y[i] - 4:.1f}" class="mark-label">{_zulu(when)}</text>'
        )
    if x.size:
        # The label reads away from the nearer edge, so it is never cut off.
        anchor, dx = ("end", -6) if x[0] > (frame.left + frame.right) / 2 else ("start", 6)
        parts.append(
            f'<circle cx="{x[0]:.1f}" cy="{y[0]:.1f}" r="4" class="now"/>'
            f'<text x="{x[0] + dx:.1f}" y="{y[0] + 14:.1f}" text-anchor="{anchor}" class="now-label">'
            f"{start:%Y-%m-%d %H%M}Z</text>"
        )
    parts.append(
        f'<text x="{frame.right}" y="{frame.top - 8}" text-anchor="end" class="credit">'
        "Coastlines: Made with Natural Earth</text>"
    )
    return _svg(f"Ground track from {start:%Y-%m-%d %H%M}Z, labelled every 30 min (UTC)", parts)


def range_svg(offsets_s: np.ndarray, range_km: np.ndarray, miss_km: float, tca: datetime) -> str:
    """Range versus UTC time around TCA, with TCA and the miss distance marked."""
    frame = Frame()
    start, end = tca + timedelta(seconds=float(offsets_s[0])), tca + timedelta(seconds=float(offsets_s[-1]))
    finite = range_km[np.isfinite(range_km)]
    y_ticks = nice_ticks(0.0, float(finite.max()) if finite.size else 1.0)
    top = y_ticks[-1]
    lo_s, hi_s = float(offsets_s[0]), float(offsets_s[-1])
    x, y = frame.x(offsets_s, lo_s, hi_s), frame.y(range_km, 0.0, top)
    tca_x = frame.x(0.0, lo_s, hi_s)
    parts = [
        *_axes(frame, f"Time (UTC) on {tca:%Y-%m-%d}", "Range (km)"),
        *(
            _x_tick(frame.x((t - tca).total_seconds(), lo_s, hi_s), frame, f"{t:%H:%M}")
            for t in time_ticks(start, end)
        ),
        *(_y_tick(frame.y(v, 0.0, top), frame, f"{v:,.6g}") for v in y_ticks),
        f'<line x1="{tca_x:.1f}" y1="{frame.top}" x2="{tca_x:.1f}" y2="{frame.bottom}" class="tca"/>',
        *(f'<polyline points="{p}" class="track"/>' for p in _polylines(x, y)),
        f'<text x="{tca_x + 4:.1f}" y="{frame.top + 14}" class="now-label">'
        f"TCA {tca:%H:%M:%S}Z, miss {miss_km:.3f} km</text>",
    ]
    return _svg(f"Range between the two objects around TCA {tca:%Y-%m-%d %H:%M:%S}Z", parts)


def _svg(title: str, parts: list[str]) -> str:
    body = "".join(parts)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" class="plot">'
        f"<title>{title}</title>{body}</svg>"
    )
