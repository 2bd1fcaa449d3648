"""`flopwatch report DIR`: one file per chart (PNG for slides, SVG or PDF for papers) and a
self-contained HTML page that embeds them with their captions and the tables they come from.

Every number comes from the warehouse views, so the report and `flopwatch sql` agree. Text
from papers (model names, titles) is escaped wherever it is written.
"""

from __future__ import annotations

import base64
import io
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from functools import partial
from html import escape
from pathlib import Path
from typing import Any, cast

import duckdb
from matplotlib import rc_context

from flopwatch.warehouse import queries
from flopwatch.warehouse.output import written_whole
from flopwatch.warehouse.report.figures import (
    MEASURE_NAME,
    Chart,
    Skipped,
    credit,
    efficiency_figure,
    frontier_figure,
    growth_figure,
    growth_models,
    level_name,
    min_points,
    projection_figure,
    rows,
    target_label,
    trend_figure,
    trend_groups,
)

FORMATS = ("png", "svg", "pdf")
# Text stays text in SVG and PDF (searchable, restylable); no timestamps or random ids, so
# the same warehouse gives the same files.
_RC: dict[str, Any] = {"svg.fonttype": "none", "pdf.fonttype": 42, "svg.hashsalt": "flopwatch"}
_METADATA = {"svg": {"Date": None}, "pdf": {"CreationDate": None}, "png": {}}


def render(chart: Chart, fmt: str) -> bytes:
    buf = io.BytesIO()
    with rc_context(cast(Any, _RC)):
        chart.figure.savefig(buf, format=fmt, dpi=200 if fmt == "png" else 100,
                             metadata=_METADATA[fmt])
    return buf.getvalue()


class Charts:
    """The charts of one section, and the ones left out for want of points."""

    def __init__(self, con: duckdb.DuckDBPyConnection, section: str) -> None:
        self.needed = min_points(con)
        self.section = section
        self.drawn: list[Chart] = []
        self.skipped: list[Skipped] = []

    def add(self, name: str, items: list[dict[str, Any]], draw: Callable[[], Chart],
            counts: str | None = None) -> None:
        """Draw the chart when one of its series (a source) has enough points."""
        per_source = Counter(r["source"] for r in items)
        if max(per_source.values(), default=0) >= self.needed:
            chart = draw()
            credit(chart, per_source)
            self.drawn.append(chart)
        else:
            self.skipped.append(Skipped(self.section, name, counts or ", ".join(
                f"{source} n = {n}" for source, n in sorted(per_source.items()))))


def trend_section(con: duckdb.DuckDBPyConnection) -> Charts:
    charts = Charts(con, "Error against compute")
    for bench, measure, points in trend_groups(con):
        charts.add(f"{bench}: {MEASURE_NAME[measure]}", points,
                   partial(trend_figure, con, bench, measure, points))
    return charts


def growth_section(con: duckdb.DuckDBPyConnection) -> Charts:
    charts = Charts(con, "Training compute over time")
    for measure in ("network_operations", "hardware_burden"):
        models = growth_models(con, measure)
        charts.add(MEASURE_NAME[measure], models,
                   partial(growth_figure, con, measure, models))
    return charts


def efficiency_section(con: duckdb.DuckDBPyConnection) -> Charts:
    charts = Charts(con, "Algorithmic efficiency")
    found = rows(con, "select * from efficiency")
    keys = sorted({(r["benchmark"], r["compute_measure"], -r["target_error"]) for r in found})
    for bench, measure, neg_target in keys:
        group = [r for r in found if (r["benchmark"], r["compute_measure"],
                                      -r["target_error"]) == (bench, measure, neg_target)]
        # a level is one series: every model that reached it, whichever its source
        charts.add(f"{bench}: {level_name(group[0]['target'])}, "
                   f"{MEASURE_NAME[measure]}",
                   [{**r, "source": "all"} for r in group],
                   partial(efficiency_figure, con, group), f"n = {len(group)}")
    return charts


def frontier_section(con: duckdb.DuckDBPyConnection) -> Charts:
    charts = Charts(con, "Best result over time")
    results = rows(con, "select * from results_normalised where published is not null "
                        "order by published")
    for bench, metric in sorted({(r["benchmark"], r["trend_metric"]) for r in results}):
        group = [r for r in results if (r["benchmark"], r["trend_metric"]) == (bench, metric)]
        charts.add(f"{bench}: {metric}", group,
                   partial(frontier_figure, con, bench, metric, group))
    return charts


def _cell(v: Any) -> str:
    if isinstance(v, bool) or v is None:
        return f"<td>{'' if v is None else ('yes' if v else 'no')}</td>"
    if isinstance(v, float):
        text = f"{v:.3g}" if 1e-3 <= abs(v) < 1e5 or v == 0 else f"{v:.2e}"
        return f"<td class='num'>{text}</td>"
    if isinstance(v, int):
        return f"<td class='num'>{v}</td>"
    return f"<td>{escape(str(v))}</td>"


def table(columns: Sequence[str], body: Sequence[Sequence[Any]], caption: str) -> str:
    """Numbers right-aligned, text left-aligned, everything escaped."""
    if not body:
        return f"<p>{escape(caption)}: no data yet.</p>"
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    trs = "".join("<tr>" + "".join(_cell(v) for v in r) + "</tr>" for r in body)
    return (f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{trs}</tbody></table>")


def _span(mid: float | None, low: float | None, high: float | None) -> str:
    if mid is None:
        return "beyond 1e300"
    return f"{mid:.2g} ({low:.2g}\u2013{high:.2g})" if low and high else f"{mid:.2g}"


def _figure_html(chart: Chart, svg: bytes) -> str:
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
    width = round(chart.figure.get_figwidth() * 100)           # its size at 100 dpi
    return (f"<figure style='max-width: {width}px'><img src='{uri}' "
            f"alt='{escape(chart.title)}'>"
            f"<figcaption><b>{escape(chart.title)}.</b> {escape(chart.caption)}</figcaption>"
            "</figure>")


_CSS = """
body {font-family: sans-serif; max-width: 1500px; margin: 2em auto; color: #222;
      padding: 0 1em;}
h1 {font-size: 1.6em;} h2 {margin-top: 2em; border-bottom: 1px solid #ddd;}
.charts {display: flex; flex-wrap: wrap; gap: 24px;}
figure {margin: 0;} figure img {width: 100%; height: auto;}
figcaption {font-size: 0.85em; color: #444; margin-top: 4px;}
table {border-collapse: collapse; margin: 1em 0; font-size: 0.9em;}
th, td {border: 1px solid #ddd; padding: 3px 8px; text-align: left;}
td.num {text-align: right; font-variant-numeric: tabular-nums;}
caption {text-align: left; font-weight: bold; padding: 4px 0;}
.warning {color: #a00000;}
"""


def _when(stamp: datetime | None) -> str:
    if stamp is None:
        return "no change yet"
    stamp = stamp.astimezone(UTC)
    return f"{stamp.day} {stamp:%B %Y, %H:%M} UTC"


def _reported(path: Path) -> bool:
    """What a report writes: its page and its charts' folder."""
    return (path.name == "index.html" and path.is_file()) or \
        (path.name == "charts" and path.is_dir())


def build(con: duckdb.DuckDBPyConnection, folder: Path,
          formats: Sequence[str] = ("png", "svg")) -> dict[str, Any]:
    """Write folder/index.html and folder/charts/NN-name.FMT; returns what was written. The
    folder is replaced whole when all is written (an earlier report in it goes)."""
    with written_whole(folder, _reported) as work:
        written = _write(con, work, formats)
    return {**written, "html": folder / "index.html"}


def _write(con: duckdb.DuckDBPyConnection, folder: Path,
           formats: Sequence[str]) -> dict[str, Any]:
    sections = [trend_section(con)]
    projections = rows(con, "select * from target_projections "
                            "order by benchmark, compute_measure, source")
    growth, efficiency, frontiers = (growth_section(con), efficiency_section(con),
                                     frontier_section(con))
    projection = projection_figure(con, projections) if projections else None
    every = [*sections[0].drawn, *([projection] if projection else []), *growth.drawn,
             *efficiency.drawn, *frontiers.drawn]
    charts_dir = folder / "charts"
    charts_dir.mkdir()
    svgs: dict[str, bytes] = {}
    for n, chart in enumerate(every, start=1):
        svgs[chart.slug] = render(chart, "svg")
        for fmt in formats:
            data = svgs[chart.slug] if fmt == "svg" else render(chart, fmt)
            (charts_dir / f"{n:02d}-{chart.slug}.{fmt}").write_bytes(data)

    def figures(items: list[Chart]) -> str:
        figs = "".join(_figure_html(c, svgs[c.slug]) for c in items)
        return f"<div class='charts'>{figs or '<p>No chart has enough data yet.</p>'}</div>"

    warnings = [p for p in projections if p["decades_beyond_data"] >= 2]
    skipped = [s for c in (sections[0], growth, efficiency, frontiers) for s in c.skipped]
    needed = sections[0].needed
    html = "".join([
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<title>flopwatch report</title>", f"<style>{_CSS}</style></head><body>",
        "<h1>flopwatch: compute and performance of deep learning</h1>",
        f"<p>From the warehouse as of {_when(queries.last_change(con))} (its latest ingest, "
        f"extraction, correction or reference import); generated "
        f"{_when(datetime.now(UTC))}. A chart is drawn where one of its series has at least "
        f"{needed} points (assumption min_fit_points); the others are listed at the end.</p>",
        "<h2>Error against compute</h2>",
        "<p>Log-log, as in <i>The Computational Limits of Deep Learning</i>: filled circles "
        "are papers flopwatch extracted, hollow squares a reference dataset.</p>",
        figures(sections[0].drawn),
        _view_table(con, _FITS, "Trend fits (view trend_fits): slope per tenfold compute with "
                                "its standard error and 95% interval"),
        "<h2>What the trends imply</h2>",
        figures([projection] if projection else []),
        table(["source", "benchmark", "target", "measure", "compute (95% interval)",
               "orders of magnitude beyond the data", "device-hours", "cost, USD (95% interval)",
               "CO2, kg (95% interval)"],
              [[p["source"], p["benchmark"],
                target_label(p["metric"], p["target_error"]), p["compute_measure"],
                _span(p["compute_for_target"], p["compute_low"], p["compute_high"]),
                p["decades_beyond_data"], p["device_hours"],
                _span(p["cost_usd"], p["cost_usd_low"], p["cost_usd_high"])
                if p["cost_usd"] else "",
                _span(p["co2_kg"], p["co2_kg_low"], p["co2_kg_high"]) if p["co2_kg"] else ""]
               for p in projections],
              "Projections (view target_projections; costs on the cost_basis hardware and the "
              "assumptions table)"),
        (f"<p class='warning'>Warning: {len(warnings)} of these {len(projections)} projections "
         "lie two or more orders of magnitude beyond the most compute in their data ("
         + escape("; ".join(f"{p['benchmark']} {p['compute_measure']} ({p['source']}): "
                            f"{p['decades_beyond_data']:.1f}" for p in warnings))
         + "). The fits are extrapolated far past what was observed: read them as what the "
         "trends imply, not as forecasts.</p>" if warnings else ""),
        "<h2>Training compute over time</h2>", figures(growth.drawn),
        _view_table(con, _GROWTH, "Doubling time of training compute (view compute_growth), "
                                  "months, with its 95% interval"),
        "<h2>Algorithmic efficiency</h2>", figures(efficiency.drawn),
        _view_table(con, _LEVELS, "Least training compute to reach a level (view efficiency): "
                                  "halving time in months with its 95% interval, and how many "
                                  "times less compute the level takes now than at first"),
        "<h2>Best result over time</h2>", figures(frontiers.drawn),
        "<h2>Not enough data</h2>",
        table(["section", "chart", "points"],
              [[s.section, s.chart, s.points] for s in skipped],
              f"Charts not drawn: no series has {needed} points"),
        "<h2>Coverage</h2>",
        _view_table(con, "select * from coverage order by year",
                    "Papers per publication year, and those with each kind of fact "
                    "(view coverage)"),
        _view_table(con, "select * from facts_by_extractor order by extractor_version",
                    "Facts by extractor version (view facts_by_extractor)"),
        _credits(con),
        "</body></html>",
    ])
    (folder / "index.html").write_text(html, encoding="utf-8")
    return {"charts": len(every), "skipped": len(skipped), "html": folder / "index.html",
            "formats": list(formats)}


# The page's tables: what the views hold, in the columns a reader compares.
_FITS = """
    select source, benchmark, metric, compute_measure as measure, n, slope, slope_se,
           slope_ci_low, slope_ci_high, p_value, r2, halving_multiplier
    from trend_fits order by benchmark, compute_measure, source"""
_GROWTH = """
    select source, domain, compute_measure as measure, n, first_year, last_year,
           doubling_months,
           doubling_months_low, doubling_months_high, r2
    from compute_growth order by 3, 1, 2"""
_LEVELS = """
    select benchmark, compute_measure as measure, any_value(target) as level,
           count(*) as models, any_value(records) as records,
           any_value(halving_months) as halving_months,
           any_value(halving_months_low) as low, any_value(halving_months_high) as high,
           any_value(reduction) as reduction
    from efficiency group by benchmark, compute_measure, target_error
    order by 1, 2, 3"""


def _credits(con: duckdb.DuckDBPyConnection) -> str:
    """The credit of every reference dataset the warehouse holds: its rows are in the
    charts and tables above."""
    from flopwatch.warehouse.reference import CREDITS, held_sources

    lines = [escape(CREDITS[s]) for s in held_sources(con) if s in CREDITS]
    return ("<h2>Reference data</h2><p>" + "<br>".join(lines) + "</p>") if lines else ""


def _view_table(con: duckdb.DuckDBPyConnection, sql: str, caption: str) -> str:
    found = rows(con, sql)
    return table(list(found[0]) if found else [], [list(r.values()) for r in found], caption)
