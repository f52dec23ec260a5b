"""Charts for the report as inline SVG, drawn here so the page needs no JavaScript. Pure functions."""
from __future__ import annotations

import math
from html import escape

from markupsafe import Markup

INK, GRID, FILL, BEFORE = "#1f2937", "#cbd5e1", "#2563eb", "#64748b"


def _points(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def radar(labels: list[str], values: list[float], before: list[float] | None = None, title: str = "",
          size: int = 220) -> Markup:
    """One axis per label, values in percent (0–100); rings mark levels 1, 2 and 3 (a third of the way each).
    `before`, if given, is drawn dashed: where the previous snapshot stood."""
    centre, radius = size / 2, size / 2 - 30

    def at(index: int, percent: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / len(labels)
        distance = radius * max(0.0, min(percent, 100.0)) / 100
        return centre + distance * math.cos(angle), centre + distance * math.sin(angle)

    parts = [f'<svg class="radar" role="img" aria-label="{escape(title)}" viewBox="0 0 {size} {size}" '
             f'width="{size}" height="{size}" xmlns="http://www.w3.org/2000/svg">']
    for ring in (100 / 3, 200 / 3, 100):
        ring_points = _points([at(i, ring) for i in range(len(labels))])
        parts.append(f'<polygon points="{ring_points}" fill="none" stroke="{GRID}" stroke-width="1"/>')
    for index, label in enumerate(labels):
        x, y = at(index, 100)
        lx, ly = at(index, 122)
        parts.append(f'<line x1="{centre}" y1="{centre}" x2="{x:.1f}" y2="{y:.1f}" stroke="{GRID}"/>')
        parts.append(f'<text x="{lx:.1f}" y="{ly + 4:.1f}" text-anchor="middle" font-size="11" '
                     f'fill="{INK}">{escape(label)}</text>')
    if before is not None:
        parts.append(f'<polygon class="before" points="{_points([at(i, v) for i, v in enumerate(before)])}" '
                     f'fill="none" stroke="{BEFORE}" stroke-width="1.5" stroke-dasharray="4 3"/>')
    parts.append(f'<polygon class="now" points="{_points([at(i, v) for i, v in enumerate(values)])}" '
                 f'fill="{FILL}" fill-opacity="0.25" stroke="{FILL}" stroke-width="2"/>')
    parts.append("</svg>")
    return Markup("".join(parts))


def trend(labels: list[str], values: list[float], value_labels: list[str], title: str = "",
          width: int = 520, height: int = 150) -> Markup:
    """Overall progress (percent) over time as a polyline; one point per snapshot, evenly spaced."""
    left, right, top, bottom = 40, 12, 18, 30
    inset = 36  # keeps the first and last points clear of the axis labels and the edge

    def at(index: int, percent: float) -> tuple[float, float]:
        span = width - left - right - 2 * inset
        x = left + inset + (span * index / (len(values) - 1) if len(values) > 1 else span / 2)
        return x, top + (height - top - bottom) * (1 - max(0.0, min(percent, 100.0)) / 100)

    parts = [f'<svg class="trend" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">']
    for percent in (0, 50, 100):
        y = at(0, percent)[1]
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{GRID}"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="10" '
                     f'fill="{BEFORE}">{percent} %</text>')
    points = [at(i, v) for i, v in enumerate(values)]
    if len(points) > 1:
        parts.append(f'<polyline points="{_points(points)}" fill="none" stroke="{FILL}" stroke-width="2"/>')
    for (x, y), label, value_label in zip(points, labels, value_labels):
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{FILL}"/>')
        parts.append(f'<text x="{x:.1f}" y="{y - 8:.1f}" text-anchor="middle" font-size="11" '
                     f'fill="{INK}">{escape(value_label)}</text>')
        parts.append(f'<text x="{x:.1f}" y="{height - 10}" text-anchor="middle" font-size="10" '
                     f'fill="{BEFORE}">{escape(label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
