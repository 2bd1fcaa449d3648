"""`flopwatch report DIR`: a self-contained HTML report and one SVG per chart.

Every number comes from the warehouse views (trend_points, trend_fits, compute_estimates,
compute_growth, frontier, coverage, facts_by_extractor), so the report and `flopwatch sql`
agree. Text from papers (model names, titles) is escaped wherever it is written.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import Any

import duckdb

from flopwatch.warehouse.db import scalar
from flopwatch.warehouse.report.svg import Series, chart, color_for

MEASURE_LABEL = {"ops_forward_pass": "operations per forward pass (FLOPs)",
                 "network_operations": "network operations in training (FLOPs)",
                 "hardware_burden": "hardware burden (FLOPs)"}


@dataclass
class Chart:
    slug: str
    title: str
    svg: str


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    cur = con.execute(sql)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _sources(rows: list[dict[str, Any]]) -> list[str]:
    return sorted({r["source"] for r in rows}, key=lambda s: (s != "extracted", s))


def trend_charts(con: duckdb.DuckDBPyConnection) -> list[Chart]:
    """Error against compute, log-log, per benchmark and measure, with each source's fit."""
    points = _rows(con, "select * from trend_points")
    # the fit is of log10(error) on a benchmark plotted so, of log10(1 / error) elsewhere
    error_scale = {b for (b,) in con.execute(
        "select name from benchmarks where y_scale = 'log10(error)'").fetchall()}
    fits = {(f["source"], f["benchmark"], f["compute_measure"]): f
            for f in _rows(con, "select * from trend_fits")}
    charts = []
    for bench, measure in sorted({(p["benchmark"], p["compute_measure"]) for p in points}):
        group = [p for p in points if p["benchmark"] == bench
                 and p["compute_measure"] == measure]
        metric = group[0]["metric"]
        series = []
        for i, source in enumerate(_sources(group)):
            mine = [p for p in group if p["source"] == source]
            fit = fits.get((source, bench, measure))
            line: list[tuple[float, float]] = []
            legend = f"{source} (n {len(mine)}, too few for a fit)"
            if fit:
                sign = 1 if bench in error_scale else -1
                lo, hi = min(p["compute"] for p in mine), max(p["compute"] for p in mine)
                line = [(c, 10 ** (sign * (fit["slope"] * math.log10(c) + fit["intercept"])))
                        for c in (lo, hi)]
                legend = (f"{source}: slope {fit['slope']:.4f}, r² {fit['r2']:.3f}, "
                          f"n {fit['n']}")
            series.append(Series(
                source, [(p["compute"], p["error"],
                          f"{p['model'] or p['paper_key']} ({p['year']}): "
                          f"{p['compute']:.3g} FLOPs, error {p['error']:.3f}") for p in mine],
                color_for(source, i), "circle" if source == "extracted" else "square",
                line, legend))
        title = f"{bench}: {metric} error against {measure.replace('_', ' ')}"
        charts.append(Chart(f"trend-{_slug(bench)}-{_slug(measure)}", title, chart(
            title, MEASURE_LABEL[measure], f"{metric.replace(' error', '')} error (fraction)",
            series, xlog=True, ylog=True)))
    return charts


def growth_chart(con: duckdb.DuckDBPyConnection) -> Chart:
    """Training compute of the extracted papers over publication date, with the doubling."""
    rows = _rows(con, "select * from compute_estimates where source = 'extracted'")
    growth = {g["compute_measure"]: g for g in _rows(
        con, "select * from compute_growth where source = 'extracted'")}
    series = []
    for i, measure in enumerate(("hardware_burden", "network_operations")):
        pts = [(r["year"] + (r["published"].timetuple().tm_yday - 1) / 365.25, r[measure],
                f"{r['paper_key']} ({r['year']}): {r[measure]:.3g} FLOPs")
               for r in rows if r[measure] and r["published"]]
        g = growth.get(measure)
        line: list[tuple[float, float]] = []
        legend = f"{measure.replace('_', ' ')} (n {len(pts)})"
        if g and pts:
            ts = [t for t, _, _ in pts]
            line = [(t, 2 ** (g["doublings_per_year"] * t + g["intercept"]))
                    for t in (min(ts), max(ts))]
            doubling = (f"doubling every {g['doubling_months']:.1f} months"
                        if g["doubling_months"] else "not growing")
            legend = f"{measure.replace('_', ' ')}: {doubling}, n {g['n']}"
        series.append(Series(measure, pts, color_for("", i + 2), "circle", line, legend))
    title = "Training compute of extracted papers over time"
    return Chart("compute-growth", title, chart(title, "publication date (year)",
                                                 "training compute (FLOPs)", series,
                                                 xlog=False, ylog=True))


def frontier_charts(con: duckdb.DuckDBPyConnection) -> list[Chart]:
    """The best result per benchmark over time, as the error each record reached."""
    rows = _rows(con, "select * from frontier order by published")
    charts = []
    for bench, metric in sorted({(r["benchmark"], r["trend_metric"]) for r in rows}):
        group = [r for r in rows if r["benchmark"] == bench and r["trend_metric"] == metric]
        series = []
        for i, source in enumerate(_sources(group)):
            mine = [r for r in group if r["source"] == source]
            pts = [(r["year"] + (r["published"].timetuple().tm_yday - 1) / 365.25, r["error"],
                    f"{r['model'] or r['paper_key']} ({r['year']}): {r['metric']} "
                    f"{r['value']:g}") for r in mine]
            series.append(Series(source, pts, color_for(source, i),
                                 "circle" if source == "extracted" else "square",
                                 [(x, y) for x, y, _ in pts], f"{source}: {len(pts)} records"))
        title = f"{bench}: best {metric} over time"
        charts.append(Chart(f"frontier-{_slug(bench)}-{_slug(metric)}", title, chart(
            title, "publication date (year)", "error of the record (fraction)", series,
            xlog=False, ylog=True)))
    return charts


def _table(rows: list[dict[str, Any]], caption: str) -> str:
    if not rows:
        return f"<p>{escape(caption)}: no data yet.</p>"
    cols = list(rows[0])
    head = "".join(f"<th>{escape(c.replace('_', ' '))}</th>" for c in cols)

    def cell(v: Any) -> str:
        if isinstance(v, float):
            return f"{v:.3g}" if abs(v) < 1e4 else f"{v:.3e}"
        return escape("" if v is None else str(v))

    body = "".join("<tr>" + "".join(f"<td>{cell(r[c])}</td>" for c in cols) + "</tr>"
                   for r in rows)
    return (f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table>")


_CSS = """
body {font-family: sans-serif; max-width: 1400px; margin: 2em auto; color: #222;}
h1 {font-size: 1.6em;} h2 {margin-top: 2em; border-bottom: 1px solid #ddd;}
.charts {display: flex; flex-wrap: wrap; gap: 16px;}
figure {margin: 0;} table {border-collapse: collapse; margin: 1em 0;}
th, td {border: 1px solid #ddd; padding: 3px 8px; text-align: right;}
caption {text-align: left; font-weight: bold; padding: 4px 0;}
"""


def build(con: duckdb.DuckDBPyConnection, folder: Path) -> dict[str, Any]:
    """Write folder/index.html and folder/charts/*.svg; returns what was written."""
    trends = trend_charts(con)
    growth = growth_chart(con)
    frontiers = frontier_charts(con)
    fits = _rows(con, "select source, benchmark, metric, compute_measure, n, slope, intercept, "
                      "r2, halving_multiplier, compute_for_target from trend_fits "
                      "order by benchmark, compute_measure, source")
    coverage = _rows(con, "select * from coverage order by year")
    versions = _rows(con, "select * from facts_by_extractor order by extractor_version")
    stamp = scalar(con, "select max(ended_at) from ingest_runs")
    charts_dir = folder / "charts"
    charts_dir.mkdir(parents=True, exist_ok=True)
    every = [*trends, growth, *frontiers]
    for n, c in enumerate(every, start=1):
        (charts_dir / f"{n:02d}-{c.slug}.svg").write_text(c.svg, encoding="utf-8")

    def section(title: str, items: list[Chart], note: str) -> str:
        figs = "".join(f"<figure>{c.svg}</figure>" for c in items)
        return (f"<h2>{escape(title)}</h2><p>{escape(note)}</p>"
                f"<div class='charts'>{figs or '<p>No data yet.</p>'}</div>")

    html = "".join([
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<title>flopwatch report</title>", f"<style>{_CSS}</style></head><body>",
        "<h1>flopwatch: compute and performance of deep learning</h1>",
        f"<p>From the warehouse as of {escape(str(stamp or 'its last change'))}; generated "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC. Hover a point for its paper.</p>",
        section("Error against compute", trends, "Log-log, as in 'The Computational Limits of "
                "Deep Learning': filled circles are papers flopwatch extracted, hollow "
                "squares a reference dataset; lines are each source's least-squares fit."),
        _table(fits, "Trend fits (view trend_fits)"),
        section("Training compute over time", [growth], "Training compute of the extracted "
                "papers by publication date, with the fitted doubling time (compute_growth)."),
        section("Best result per benchmark over time", frontiers,
                "Each point beat every earlier result (view frontier)."),
        "<h2>Coverage</h2>",
        _table(coverage, "Papers per publication year, and those with each kind of fact "
                         "(view coverage)"),
        _table(versions, "Facts by extractor version (view facts_by_extractor)"),
        "</body></html>",
    ])
    (folder / "index.html").write_text(html, encoding="utf-8")
    return {"charts": len(every), "html": folder / "index.html"}
