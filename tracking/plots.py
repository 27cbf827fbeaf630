"""Small SVG plots drawn on the server: no plotting library, nothing fetched by the browser."""

import itertools

import numpy as np

WIDTH, HEIGHT, PAD = 720, 360, 40


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


def ground_track_svg(lat_deg: np.ndarray, lon_deg: np.ndarray) -> str:
    """An equirectangular map with a 30-degree graticule and the track."""
    x = PAD + (lon_deg + 180.0) / 360.0 * (WIDTH - 2 * PAD)
    y = PAD + (90.0 - lat_deg) / 180.0 * (HEIGHT - 2 * PAD)
    grid = [
        f'<line x1="{PAD + (lo + 180) / 360 * (WIDTH - 2 * PAD):.1f}" y1="{PAD}" '
        f'x2="{PAD + (lo + 180) / 360 * (WIDTH - 2 * PAD):.1f}" y2="{HEIGHT - PAD}" class="grid"/>'
        for lo in range(-180, 181, 30)
    ] + [
        f'<line x1="{PAD}" y1="{PAD + (90 - la) / 180 * (HEIGHT - 2 * PAD):.1f}" x2="{WIDTH - PAD}" '
        f'y2="{PAD + (90 - la) / 180 * (HEIGHT - 2 * PAD):.1f}" class="grid"/>'
        for la in range(-90, 91, 30)
    ]
    track = [
        f'<polyline points="{p}" class="track"/>' for p in _polylines(x, y, break_at=(WIDTH - 2 * PAD) / 2)
    ]
    start = f'<circle cx="{x[0]:.1f}" cy="{y[0]:.1f}" r="4" class="now"/>' if x.size else ""
    labels = (
        f'<text x="{PAD}" y="{HEIGHT - 12}">180°W</text>'
        f'<text x="{WIDTH - PAD - 30}" y="{HEIGHT - 12}">180°E</text>'
        f'<text x="4" y="{PAD + 4}">90°N</text><text x="4" y="{HEIGHT - PAD}">90°S</text>'
    )
    return _svg("Ground track of the next orbits", [*grid, *track, start, labels])


def range_svg(offsets_s: np.ndarray, range_km: np.ndarray, miss_km: float) -> str:
    """Range versus time around TCA (t = 0), with the miss distance marked."""
    top = float(np.nanmax(range_km)) if range_km.size else 1.0
    x = PAD + (offsets_s - offsets_s[0]) / (offsets_s[-1] - offsets_s[0]) * (WIDTH - 2 * PAD)
    y = HEIGHT - PAD - range_km / top * (HEIGHT - 2 * PAD)
    tca_x = PAD + (0 - offsets_s[0]) / (offsets_s[-1] - offsets_s[0]) * (WIDTH - 2 * PAD)
    parts = [
        f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" class="axis"/>',
        f'<line x1="{PAD}" y1="{PAD}" x2="{PAD}" y2="{HEIGHT - PAD}" class="axis"/>',
        f'<line x1="{tca_x:.1f}" y1="{PAD}" x2="{tca_x:.1f}" y2="{HEIGHT - PAD}" class="grid"/>',
        *(f'<polyline points="{p}" class="track"/>' for p in _polylines(x, y)),
        f'<text x="{tca_x + 4:.1f}" y="{PAD + 12}">TCA, miss {miss_km:.3f} km</text>',
        f'<text x="{PAD}" y="{HEIGHT - 12}">{offsets_s[0] / 60:+.0f} min</text>',
        f'<text x="{WIDTH - PAD - 40}" y="{HEIGHT - 12}">{offsets_s[-1] / 60:+.0f} min</text>',
        f'<text x="4" y="{PAD - 8}">{top:,.0f} km</text>',
    ]
    return _svg("Range between the two objects around TCA", parts)


def _svg(title: str, parts: list[str]) -> str:
    body = "".join(parts)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" class="plot">'
        f"<title>{title}</title>{body}</svg>"
    )
