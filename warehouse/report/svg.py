"""A small SVG chart writer: scatter points, lines and a legend on linear or log axes.

Charts are plain SVG with a <title> on every point (the browser shows it on hover), so the
report needs no script and no network to be read.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from html import escape

PALETTE = {"extracted": "#1f77b4", "thompson2022": "#ff7f0e"}
FALLBACK = ["#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"]


@dataclass
class Series:
    name: str
    points: list[tuple[float, float, str]]        # x, y, hover label
    color: str
    marker: str = "circle"                         # circle (filled) or square (hollow)
    line: list[tuple[float, float]] = field(default_factory=list)   # fitted or step line
    legend: str = ""


def color_for(source: str, index: int) -> str:
    return PALETTE.get(source, FALLBACK[index % len(FALLBACK)])


def _ticks(lo: float, hi: float, log: bool) -> list[float]:
    if log:
        decades = range(math.floor(lo), math.ceil(hi) + 1)
        if hi - lo > 3:
            return [10.0 ** e for e in decades]
        # Few decades: 1, 2 and 5 of each, so the axis has numbers to read.
        return [m * 10.0 ** e for e in decades for m in (1, 2, 5)]
    step = max(1, round((hi - lo) / 6))
    return [float(v) for v in range(math.floor(lo), math.ceil(hi) + 1, step)]


def _label(v: float, log: bool) -> str:
    if log:
        e = math.floor(math.log10(v) + 1e-9)
        mantissa = round(v / 10.0 ** e)
        return (f"1e{e}" if mantissa == 1 else f"{mantissa}e{e}") if abs(e) >= 3 else f"{v:g}"
    return f"{v:g}"


def chart(title: str, xlabel: str, ylabel: str, series: list[Series], *, xlog: bool,
          ylog: bool, width: int = 640, height: int = 400) -> str:
    """An SVG document; empty series are left out, and a chart with none says so."""
    left, right, top, bottom = 70, 20, 40, 50 + 16 * max(1, len(series))
    pw, ph = width - left - right, height - top - bottom

    def tx(v: float) -> float:
        return math.log10(v) if xlog else v

    def ty(v: float) -> float:
        return math.log10(v) if ylog else v

    xs = [tx(x) for s in series for x, _, _ in s.points if (x > 0 or not xlog)]
    ys = [ty(y) for s in series for _, y, _ in s.points if (y > 0 or not ylog)]
    xs += [tx(x) for s in series for x, _ in s.line if (x > 0 or not xlog)]
    ys += [ty(y) for s in series for _, y in s.line if (y > 0 or not ylog)]
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
           f"<title>{escape(title)}</title>",
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{width / 2}" y="20" text-anchor="middle" font-size="14" '
           f'font-weight="bold">{escape(title)}</text>']
    if not xs or not ys:
        out.append(f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle">'
                   "no data yet</text></svg>")
        return "\n".join(out)
    x0, x1 = min(xs), max(xs)
    y0, y1 = min(ys), max(ys)
    if x1 - x0 < 1e-9:
        x0, x1 = x0 - 0.5, x1 + 0.5
    if y1 - y0 < 1e-9:
        y0, y1 = y0 - 0.5, y1 + 0.5
    padx, pady = (x1 - x0) * 0.05, (y1 - y0) * 0.08
    x0, x1, y0, y1 = x0 - padx, x1 + padx, y0 - pady, y1 + pady

    def px(v: float) -> float:
        return left + (tx(v) - x0) / (x1 - x0) * pw

    def py(v: float) -> float:
        return top + ph - (ty(v) - y0) / (y1 - y0) * ph

    out.append(f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" fill="none" '
               'stroke="#999"/>')
    for t in _ticks(x0, x1, xlog):
        if x0 <= tx(t) <= x1:
            out.append(f'<line x1="{px(t):.1f}" y1="{top}" x2="{px(t):.1f}" y2="{top + ph}" '
                       f'stroke="#eee"/><text x="{px(t):.1f}" y="{top + ph + 14}" '
                       f'text-anchor="middle">{_label(t, xlog)}</text>')
    for t in _ticks(y0, y1, ylog):
        if y0 <= ty(t) <= y1:
            out.append(f'<line x1="{left}" y1="{py(t):.1f}" x2="{left + pw}" y2="{py(t):.1f}" '
                       f'stroke="#eee"/><text x="{left - 6}" y="{py(t) + 4:.1f}" '
                       f'text-anchor="end">{_label(t, ylog)}</text>')
    out.append(f'<text x="{left + pw / 2}" y="{top + ph + 32}" text-anchor="middle">'
               f"{escape(xlabel)}</text>")
    out.append(f'<text transform="translate(16 {top + ph / 2}) rotate(-90)" '
               f'text-anchor="middle">{escape(ylabel)}</text>')
    for s in series:
        if len(s.line) >= 2:
            path = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in s.line
                            if (x > 0 or not xlog) and (y > 0 or not ylog))
            out.append(f'<polyline class="fit" points="{path}" fill="none" stroke="{s.color}" '
                       'stroke-width="1.5"/>')
        for x, y, label in s.points:
            if (xlog and x <= 0) or (ylog and y <= 0):
                continue
            hover = f"<title>{escape(label)}</title>"
            if s.marker == "square":
                out.append(f'<rect class="point" x="{px(x) - 3.5:.1f}" y="{py(y) - 3.5:.1f}" '
                           f'width="7" height="7" fill="none" stroke="{s.color}">{hover}</rect>')
            else:
                out.append(f'<circle class="point" cx="{px(x):.1f}" cy="{py(y):.1f}" r="3.5" '
                           f'fill="{s.color}" fill-opacity="0.8">{hover}</circle>')
    for i, s in enumerate(series):
        ly = top + ph + 46 + 16 * i
        mark = (f'<rect x="{left}" y="{ly - 8}" width="8" height="8" fill="none" '
                f'stroke="{s.color}"/>' if s.marker == "square" else
                f'<circle cx="{left + 4}" cy="{ly - 4}" r="4" fill="{s.color}"/>')
        out.append(f'{mark}<text x="{left + 14}" y="{ly}">{escape(s.legend or s.name)}</text>')
    out.append("</svg>")
    return "\n".join(out)
