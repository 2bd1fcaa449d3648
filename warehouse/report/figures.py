"""The report's figures, drawn with matplotlib from the views.

Each figure is a `matplotlib.figure.Figure` made without pyplot, so drawing needs no display
and a notebook can restyle what `flopwatch.plot_trend` returns. A chart is drawn only where
one of its series has at least the assumption `min_fit_points` points; `Skipped` says why
the others were not.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb
import numpy as np
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.figure import Figure
from matplotlib.ticker import (
    FixedLocator,
    FuncFormatter,
    LogLocator,
    MaxNLocator,
    NullFormatter,
    NullLocator,
)

from flopwatch.warehouse.db import scalar

MEASURE_NAME = {"ops_forward_pass": "operations per forward pass",
                "network_operations": "training operations",
                "hardware_burden": "hardware burden"}
MEASURE_LABEL = {k: f"{v} (FLOPs)" for k, v in MEASURE_NAME.items()}   # the axis label
STYLE = {"extracted": {"marker": "o", "color": "#1f77b4", "filled": True, "zorder": 3,
                       "alpha": 0.6, "size": 16},
         "reference": {"marker": "s", "color": "#d95f02", "filled": False, "zorder": 3,
                       "alpha": 0.6, "size": 16},
         # a record of hundreds of notable models: the background the papers are read against
         "epoch": {"marker": "o", "color": "#a0a0a0", "filled": True, "zorder": 2,
                   "alpha": 0.45, "size": 9}}
# How each estimation method of an extracted paper's compute is drawn (growth figure).
METHOD_MARKER = {"stated total": "o", "operation counting": "^", "parameters x tokens": "D",
                 "hardware x time": "s"}
SIZE = (7.0, 4.6)


@dataclass
class Chart:
    slug: str
    title: str
    caption: str
    figure: Figure


@dataclass
class Skipped:
    section: str
    chart: str
    points: str                      # e.g. "extracted n = 3, thompson2022 n = 2"


def rows(con: duckdb.DuckDBPyConnection, sql: str,
         params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    cur = con.execute(sql, list(params))
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def min_points(con: duckdb.DuckDBPyConnection) -> int:
    """The one threshold: fewest points a fit quotes, and a chart draws."""
    return int(scalar(con, "select value from assumptions where name = 'min_fit_points'"))


def error_label(metric: str) -> str:
    """What the y axis holds: the error itself, or one minus the score, as a fraction."""
    if "error" in metric:
        return metric
    return f"1 \u2212 {metric}/100" if metric == "BLEU" else f"1 \u2212 {metric}"


def target_label(metric: str, target_error: float) -> str:
    """A target as the paper would quote it: top-1 error 0.05, AP 70, BLEU 50."""
    if "error" in metric:
        return f"{metric} {target_error:g}"
    return f"{metric} {round((1 - target_error) * 100, 1):g}"


def level_name(target: str) -> str:
    """An efficiency level without its note: "AlexNet level (top-1 ...)" -> "AlexNet level"."""
    return target.split(" (")[0]


def decimal_year(day: date) -> float:
    """The x the growth and efficiency fits use: year + (day of year - 1) / 365.25."""
    return day.year + (day.timetuple().tm_yday - 1) / 365.25


def _style(source: str) -> dict[str, Any]:
    return STYLE.get(source, STYLE["reference"])


def _scatter(ax: Axes, xs: Sequence[float], ys: Sequence[float], source: str, label: str,
             alpha: float = 0.85, size: float = 22, marker: str | None = None) -> None:
    st = _style(source)
    ax.scatter(xs, ys, s=size, marker=marker or st["marker"], label=label, alpha=alpha,
               zorder=st["zorder"], facecolors=st["color"] if st["filled"] else "none",
               edgecolors=st["color"], linewidths=1.0)


def credit(chart: Chart, sources: Iterable[str]) -> None:
    """The credit of each reference dataset whose rows the chart shows, in its caption and
    at the foot of the figure (a chart file travels without the page)."""
    from flopwatch.warehouse.reference import CREDITS

    lines = [CREDITS[s] for s in sorted(set(sources)) if s in CREDITS]
    if lines:
        chart.caption += " " + ". ".join(lines) + "."
        ax = chart.figure.axes[0]
        # under the x label, at the axes' right edge: the layout makes room for it
        ax.annotate("; ".join(lines), xy=(1, 0), xycoords=("axes fraction", ax.xaxis.label),
                    xytext=(0, -3), textcoords="offset points", ha="right", va="top",
                    fontsize=7, color="#555555", annotation_clip=False)


def _sci(v: float) -> str:
    exp = math.floor(math.log10(v) + 1e-9)
    mant = v / 10 ** exp
    if abs(mant - 1) < 1e-6:
        return f"$10^{{{exp}}}$"
    return f"${mant:.2g}\\times10^{{{exp}}}$"


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _plain(v: float) -> str:
    return f"{v:.3g}"


def _limits(values: Iterable[float], log: bool) -> tuple[float, float]:
    vals = [v for v in values if v is not None and (v > 0 or not log)]
    lo, hi = min(vals), max(vals)
    if log:
        a, b = math.log10(lo), math.log10(hi)
        pad = max((b - a) * 0.08, 0.04)
        return 10 ** (a - pad), 10 ** (b + pad)
    pad = max((hi - lo) * 0.05, 0.5)
    return lo - pad, hi + pad


def log_axis(axis: Axis, lo: float, hi: float, plain: bool) -> None:
    """Log ticks that label at least three values, however narrow the range: decades on
    a wide axis, 1, 2 and 5 of each where decades are too few, evenly spaced round values
    within one decade. `plain` writes 0.25 rather than 2.5x10^-1 (errors, not FLOPs)."""
    span = math.log10(hi / lo)
    fmt = FuncFormatter(lambda v, _pos: _plain(v) if plain else _sci(v))
    ticks: list[float] = []
    if span >= 1:
        # decades, else 1-2-5 of each: the first that puts three labels on the axis
        for subs in ((1.0,), (1.0, 2.0, 5.0)):
            ticks = [t for t in LogLocator(base=10, subs=subs).tick_values(lo, hi)
                     if lo <= t <= hi]
            if len(ticks) >= 3:
                break
        while len(ticks) > 9:                    # every second (fourth, ...) tick
            ticks = ticks[::2]
    if len(ticks) < 3:
        # round values; the axis grows to the nearest one beyond the data at either end
        near = [t for t in MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]).tick_values(lo, hi)
                if t > 0]
        lo = max((t for t in near if t <= lo), default=lo)
        hi = min((t for t in near if t >= hi), default=hi)
        ticks = [t for t in near if lo <= t <= hi]
        axis.set_view_interval(lo, hi, ignore=True)
    axis.set_major_locator(FixedLocator(ticks))
    axis.set_major_formatter(fmt)
    axis.set_minor_formatter(NullFormatter())
    if span < 1:
        axis.set_minor_locator(NullLocator())


def log_scale(ax: Axes, which: str, values: Iterable[float], plain: bool) -> None:
    """A log axis over the values, padded, with ticks that read (log_axis)."""
    lo, hi = _limits(values, log=True)
    if which == "x":
        ax.set_xscale("log")
        ax.set_xlim(lo, hi)
    else:
        ax.set_yscale("log")
        ax.set_ylim(lo, hi)
    log_axis(ax.xaxis if which == "x" else ax.yaxis, lo, hi, plain)


def year_axis(axis: Axis) -> None:
    axis.set_major_locator(MaxNLocator(integer=True, nbins=8))
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:.0f}"))


def _new(title: str, xlabel: str, ylabel: str) -> tuple[Figure, Axes]:
    fig = Figure(figsize=SIZE, layout="constrained")
    ax = fig.add_subplot()
    ax.set_title(title, fontsize=11)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(True, which="major", color="#e5e5e5", linewidth=0.8, zorder=0)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig, ax


def _sources(items: Iterable[dict[str, Any]]) -> list[str]:
    return sorted({r["source"] for r in items}, key=lambda s: (s != "extracted", s))


def _t975(con: duckdb.DuckDBPyConnection, df: int) -> float:
    return float(scalar(con, "select t_quantile_975(?::integer)", [df]))


# --- error against compute --------------------------------------------------------------
def trend_groups(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, list[dict[str, Any]]]]:
    points = rows(con, "select * from trend_points order by benchmark, compute_measure, x")
    keys = sorted({(p["benchmark"], p["compute_measure"]) for p in points})
    return [(b, m, [p for p in points if p["benchmark"] == b and p["compute_measure"] == m])
            for b, m in keys]


def trend_figure(con: duckdb.DuckDBPyConnection, benchmark: str, measure: str,
                 points: list[dict[str, Any]] | None = None) -> Chart:
    """Error against compute, log-log, with each source's least-squares fit, its 95%
    confidence band and slope +/- s.e. (trend_points, trend_fits)."""
    if points is None:
        points = rows(con, "select * from trend_points where benchmark = ? and "
                           "compute_measure = ? order by x", [benchmark, measure])
    if not points:
        raise ValueError(f"no trend points for {benchmark!r} and {measure!r}")
    needed = min_points(con)
    sign = scalar(con, "select error_sign(y_scale) from benchmarks where name = ?",
                  [benchmark])
    fits = {f["source"]: f for f in rows(
        con, "select * from trend_fits where benchmark = ? and compute_measure = ?",
        [benchmark, measure])}
    metric = points[0]["metric"]
    ylabel = error_label(metric)
    title = f"{benchmark}: {ylabel} against {MEASURE_NAME[measure]}"
    fig, ax = _new(title, MEASURE_LABEL[measure], f"{ylabel} (log scale)")
    ys: list[float] = [p["error"] for p in points]
    for source in _sources(points):
        mine = [p for p in points if p["source"] == source]
        fit = fits.get(source)
        label = f"{source}: n {len(mine)}, fewer than {needed} for a fit"
        if fit and fit["enough_points"]:
            label = (f"{source}: slope {fit['slope']:+.3f} \u00b1 {fit['slope_se']:.3f} "
                     f"per 10\u00d7, r\u00b2 {fit['r2']:.2f}, n {fit['n']}")
            x = np.linspace(min(p["x"] for p in mine), max(p["x"] for p in mine), 60)
            yhat = fit["intercept"] + fit["slope"] * x
            half = _t975(con, fit["n"] - 2) * fit["residual_se"] * np.sqrt(
                1 / fit["n"] + (x - fit["x_mean"]) ** 2 / fit["sxx"])
            band = [10 ** (sign * (yhat - half)), 10 ** (sign * (yhat + half))]
            color = _style(source)["color"]
            ax.plot(10 ** x, 10 ** (sign * yhat), color=color, linewidth=1.6, zorder=4)
            ax.fill_between(10 ** x, np.minimum(*band), np.maximum(*band), color=color,
                            alpha=0.15, linewidth=0, zorder=2)
            ys += [float(v) for v in band[0]] + [float(v) for v in band[1]]
        _scatter(ax, [p["compute"] for p in mine], [p["error"] for p in mine], source, label)
    log_scale(ax, "x", (p["compute"] for p in points), plain=False)
    log_scale(ax, "y", ys, plain=True)
    ax.legend(loc="best", fontsize=8, frameon=False)
    scale = "log10(error)" if sign == 1 else "log10(1 / error)"
    caption = (f"Each point is one model: its {ylabel} on {benchmark} against its "
               f"{MEASURE_LABEL[measure]}. Lines are each source's least-squares fit of "
               f"{scale} on log10(compute) as the study fitted it, shaded where the fitted "
               f"line's 95% confidence band lies; the slope is the change in {scale} per "
               f"tenfold compute. Views trend_points and trend_fits.")
    return Chart(f"trend-{slug(benchmark)}-{slug(measure)}", title, caption, fig)


def slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


# --- training compute over time ---------------------------------------------------------
def growth_figure(con: duckdb.DuckDBPyConnection, measure: str,
                  models: list[dict[str, Any]]) -> Chart:
    """Training compute by publication date per source, each source's doubling time with its
    95% interval (compute_growth), and the "AI and Compute" rate for comparison."""
    growth = {g["source"]: g for g in rows(
        con, "select * from compute_growth where compute_measure = ? and domain = 'all'",
        [measure])}
    label = MEASURE_NAME[measure]
    title = f"Growth of training compute: {label}"
    fig, ax = _new(title, "publication date (year)", f"{MEASURE_LABEL[measure]}, log scale")
    needed = min_points(con)
    for source in _sources(models):
        mine = [m for m in models if m["source"] == source]
        ts = [decimal_year(m["published"]) for m in mine]
        g = growth.get(source)
        text = f"{source}: n {len(mine)}, fewer than {needed} for a fit"
        if g and g["n"] >= needed:
            if g["doubling_months"]:
                upper = (f"{g['doubling_months_high']:.1f}" if g["doubling_months_high"]
                         else "\u221e")
                text = (f"{source}: doubling every {g['doubling_months']:.1f} months "
                        f"(95% {g['doubling_months_low']:.1f}\u2013{upper}), n {g['n']}"
                        + ("" if g["doubling_months_high"] else "; growth not significant"))
            else:
                text = f"{source}: not growing, n {g['n']}"
            t = np.linspace(min(ts), max(ts), 20)
            ax.plot(t, 2 ** (g["doublings_per_year"] * t + g["intercept"]),
                    color=_style(source)["color"], linewidth=1.6, zorder=4)
        if source == "extracted":
            for method in sorted({m["method"] or "" for m in mine}):
                these = [m for m in mine if (m["method"] or "") == method]
                _scatter(ax, [decimal_year(m["published"]) for m in these],
                         [m["compute"] for m in these], source,
                         f"{source}, {method or 'method unknown'}: n {len(these)}",
                         alpha=0.8, size=22, marker=METHOD_MARKER.get(method, "o"))
            ax.plot([], [], color=_style(source)["color"], label=text)
        else:
            _scatter(ax, ts, [m["compute"] for m in mine], source, text,
                     alpha=_style(source)["alpha"], size=_style(source)["size"])
    for ref in rows(con, "select * from published_trends where measures = 'training compute' "
                         "and direction = 'doubling'"):
        inside = [m for m in models if ref["first_year"] <= m["published"].year
                  <= ref["last_year"]]
        if not inside:
            continue
        t0 = sum(decimal_year(m["published"]) for m in inside) / len(inside)
        c0 = sum(math.log2(m["compute"]) for m in inside) / len(inside)
        t = np.array([ref["first_year"], ref["last_year"] + 1.0])
        ax.plot(t, 2 ** (c0 + 12 / ref["months"] * (t - t0)), color="#555555",
                linestyle="--", linewidth=1.2, zorder=4,
                label=f"{ref['name']}: doubling every {ref['months']:g} months "
                      f"({ref['first_year']}\u2013{ref['last_year']})")
    log_scale(ax, "y", (m["compute"] for m in models), plain=False)
    year_axis(ax.xaxis)
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    caption = (f"The {MEASURE_LABEL[measure]} of each paper or reference model by publication "
               "date from the year the assumption growth_first_year names (thompson2022 "
               "models: 1 July of their year), with each source's log2-linear fit and the "
               "doubling time's 95% interval (view compute_growth); a paper's marker says how "
               "its compute is known (column estimation_method). The dashed "
               "line has the slope OpenAI's \"AI and Compute\" measured, drawn through the "
               "mean of the points in its period (table published_trends). Views "
               "compute_estimates and compute_growth.")
    return Chart(f"growth-{slug(measure)}", title, caption, fig)


def growth_models(con: duckdb.DuckDBPyConnection, measure: str) -> list[dict[str, Any]]:
    return rows(con, f"""
        select distinct source, paper_key, published, {measure} as compute,
               estimation_method as method
        from compute_estimates
        where {measure} > 0 and published is not null
          and year >= (select value from assumptions where name = 'growth_first_year')
        order by published""")


# --- best result over time --------------------------------------------------------------
def frontier_figure(con: duckdb.DuckDBPyConnection, benchmark: str, metric: str,
                    results: list[dict[str, Any]]) -> Chart:
    """Every result by date, faint, and each source's records as a staircase (frontier)."""
    records = rows(con, "select * from frontier where benchmark = ? and trend_metric = ? "
                        "order by published, error", [benchmark, metric])
    ylabel = error_label(metric)
    title = f"{benchmark}: best {ylabel} over time"
    fig, ax = _new(title, "publication date (year)", f"{ylabel} (log scale)")
    for source in _sources(results):
        mine = [r for r in results if r["source"] == source]
        _scatter(ax, [decimal_year(r["published"]) for r in mine], [r["error"] for r in mine],
                 source, f"{source}: {plural(len(mine), 'result')}", alpha=0.35, size=14)
        best = [r for r in records if r["source"] == source]
        if best:
            ts = [decimal_year(r["published"]) for r in best]
            ax.step([*ts, max(decimal_year(r["published"]) for r in mine)],
                    [*(r["error"] for r in best), best[-1]["error"]], where="post",
                    color=_style(source)["color"], linewidth=1.6, zorder=4,
                    label=f"{source}: {plural(len(best), 'record')}")
    log_scale(ax, "y", (r["error"] for r in results), plain=True)
    year_axis(ax.xaxis)
    ax.legend(loc="best", fontsize=8, frameon=False)
    caption = (f"Every {metric} result on {benchmark} by publication date (faint) and, as a "
               f"staircase, the best {ylabel} each source had reached by then. Views "
               "results_normalised and frontier.")
    return Chart(f"frontier-{slug(benchmark)}-{slug(metric)}", title, caption, fig)


# --- algorithmic efficiency -------------------------------------------------------------
def efficiency_figure(con: duckdb.DuckDBPyConnection, group: list[dict[str, Any]]) -> Chart:
    """Compute of every model that reached a level, the least so far as a staircase, the
    halving time fitted to the records, and the published "AI and Efficiency" rate."""
    first = group[0]
    bench, measure, target = first["benchmark"], first["compute_measure"], first["target"]
    label = MEASURE_NAME[measure]
    title = f"{bench}: {label} to reach {level_name(target)}"
    fig, ax = _new(title, "publication date (year)", f"{MEASURE_LABEL[measure]}, log scale")
    for source in _sources(group):
        mine = [r for r in group if r["source"] == source]
        _scatter(ax, [decimal_year(r["published"]) for r in mine], [r["compute"] for r in mine],
                 source, f"{source}: {plural(len(mine), 'model')} at the level", alpha=0.45,
                 size=16)
    records = [r for r in group if r["record"]]
    ts = [decimal_year(r["published"]) for r in records]
    end = max(decimal_year(r["published"]) for r in group)
    ax.step([*ts, end], [*(r["compute"] for r in records), records[-1]["compute"]],
            where="post", color="#222222", linewidth=1.6, zorder=4,
            label=f"least compute so far: {plural(len(records), 'record')}"
                  + (f", {first['reduction']:.3g}\u00d7 less than the first"
                     if len(records) > 1 else ", no model since has needed less"))
    if first["halving_months"]:
        upper = (f"{first['halving_months_high']:.1f}" if first["halving_months_high"]
                 else "\u221e")
        t = np.array([min(ts), max(ts)])
        # the log2-linear fit through the records' mean, at their fitted halving rate
        mt, mc = float(np.mean(ts)), float(np.mean([math.log2(r["compute"]) for r in records]))
        ax.plot(t, 2 ** (mc - 12 / first["halving_months"] * (t - mt)), color="#2ca02c",
                linewidth=1.4, label=f"records' fit: halving every "
                f"{first['halving_months']:.1f} months (95% "
                f"{first['halving_months_low']:.1f}\u2013{upper})")
    shown = [r["compute"] for r in group]
    for ref in rows(con, "select * from published_trends where benchmark = ? and "
                         "direction = 'halving' and target_error = ?",
                    [bench, first["target_error"]]):
        t = np.array([ref["first_year"], ref["last_year"] + 1.0])
        start = records[0]
        c = 2 ** (math.log2(start["compute"])
                  - 12 / ref["months"] * (t - decimal_year(start["published"])))
        shown += [float(v) for v in c]
        ax.plot(t, c, color="#555555", linestyle="--", linewidth=1.2,
                label=f"{ref['name']}: halving every {ref['months']:g} months "
                      f"({ref['first_year']}\u2013{ref['last_year']}), from the first record")
    log_scale(ax, "y", shown, plain=False)
    year_axis(ax.xaxis)
    ax.legend(loc="best", fontsize=8, frameon=False)
    caption = (f"Models that reached the {target} on {bench} ({first['metric']}), extracted "
               f"and reference alike, by publication date and {MEASURE_LABEL[measure]}; the "
               "staircase is the least compute any model had reached the level with by then, "
               "the solid line a log2-linear fit over its records, as OpenAI's \"AI and "
               "Efficiency\" measured algorithmic progress. View efficiency.")
    return Chart(f"efficiency-{slug(bench)}-{slug(measure)}-{first['target_error']:g}",
                 title, caption, fig)


# --- projections ------------------------------------------------------------------------
def projection_figure(con: duckdb.DuckDBPyConnection,
                      projections: list[dict[str, Any]]) -> Chart:
    """The compute each significant fit needs to reach its target, with the interval the
    fit's uncertainty gives and where the data end (target_projections)."""
    title = "Compute to reach the targets, as the fits project it"
    height = 1.4 + 0.55 * len(projections)
    fig = Figure(figsize=(10.0, height), layout="constrained")
    ax = fig.add_subplot()
    ax.set_title(title, fontsize=11)
    ax.set_xlabel("compute (FLOPs, log scale)")
    ax.grid(True, axis="x", color="#e5e5e5", linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    # the axis ends a few tenfolds past the farthest projection; longer intervals are
    # cut there with an arrow and their end written beside it
    far = max(math.log10(p["compute_for_target"] or p["max_compute"]) for p in projections)
    xmax = 10 ** (far + 4)
    xmin = min(p["min_compute"] for p in projections) / 10
    labels, colors = [], []
    for i, p in enumerate(projections):
        y = len(projections) - 1 - i
        color = _style(p["source"])["color"]
        beyond = p["decades_beyond_data"]
        labels.append(f"{p['benchmark']}, {target_label(p['metric'], p['target_error'])}: "
                      f"{MEASURE_NAME[p['compute_measure']]}\n"
                      f"{p['source']}, n {p['n']}: {beyond:.1f} orders of magnitude "
                      "beyond the data")
        colors.append("#b00000" if beyond >= 2 else "#222222")
        ax.plot([p["min_compute"], p["max_compute"]], [y, y], color="#bbbbbb", linewidth=7,
                solid_capstyle="butt", zorder=2)
        low, high = p["compute_low"], p["compute_high"]
        if low:
            shown = min(high or math.inf, xmax)
            cut = shown < (high or math.inf)
            ax.plot([low, shown], [y, y], color=color, linewidth=1.4, zorder=3)
            ax.plot([low], [y], "|", color=color, markersize=10, zorder=3)
            ax.plot([shown], [y], ">" if cut else "|", color=color,
                    markersize=6 if cut else 10, zorder=3)
            if cut:
                ax.annotate(f"to {_sci(high) if high else 'past 1e300'}", (shown, y),
                            xytext=(0, 7), textcoords="offset points", ha="right",
                            fontsize=7.5, color=color)
        if p["compute_for_target"]:
            ax.plot([p["compute_for_target"]], [y], "o", color=color, zorder=4)
    ax.set_yticks(range(len(projections)), labels[::-1], fontsize=8)
    for tick, color in zip(ax.get_yticklabels(), colors[::-1], strict=True):
        tick.set_color(color)
    ax.set_ylim(-0.7, len(projections) - 0.3)
    ax.set_xscale("log")
    ax.set_xlim(xmin, xmax * 10)
    log_axis(ax.xaxis, xmin, xmax * 10, plain=False)
    caption = ("For each fit with enough points whose error falls with compute at p < 0.05, the "
               "compute at which it reaches the target error of fit_targets (dot) and the 95% "
               "interval its uncertainty gives (line; Fieller's interval, where the fit's "
               "confidence band crosses the target; an arrow where it runs past the axis). "
               "The grey bar spans the compute of the fit's points: right of it the fit is "
               "extrapolated, by the orders of magnitude each row names (red from 2). View "
               "target_projections.")
    return Chart("projections", title, caption, fig)
