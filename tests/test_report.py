"""`flopwatch report` and the notebook API, on a warehouse of the demo papers plus the
thompson2022 reference: charts with ticks on both axes and enough points, titles that name a
metric once, files that decode, projections and efficiency that agree with an independent
computation, and the page as a browser draws it (headless Chromium, where installed)."""

from __future__ import annotations

import base64
import itertools
import math
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

import duckdb
import numpy as np
import pytest
from matplotlib.image import imread

from flopwatch.cli import main
from flopwatch.demo.sample import render_pdf, sample_papers
from flopwatch.extractors.paper import extract_pdf
from flopwatch.warehouse import load
from flopwatch.warehouse.db import WarehouseError, writer
from flopwatch.warehouse.reference import import_reference
from flopwatch.warehouse.report.build import (
    efficiency_section,
    frontier_section,
    growth_section,
    table,
    trend_section,
)
from flopwatch.warehouse.report.figures import log_axis
from tests.conftest import SHARED

SVG = "{http://www.w3.org/2000/svg}"
METRICS = ("top-1 error", "top-5 error", "AP50", "AP", "BLEU", "EM", "F1")


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's sample papers, extracted and loaded as the nightly flow loads them (no
    Prefect), and the published thompson2022 dataset."""
    folder = SHARED / "reference" / "thompson2022"
    if not folder.is_dir():
        pytest.skip(f"thompson2022 reference not found at {folder}")
    tmp = tmp_path_factory.mktemp("demo")
    db = tmp / "w.duckdb"
    with writer(db) as con:
        for paper in sample_papers():
            pdf = tmp / f"{paper['arxiv_id']}.pdf"
            pdf.write_bytes(render_pdf(paper))
            load.upsert_paper(con, {"arxiv_id": paper["arxiv_id"], "version": paper["version"],
                                    "title": paper["title"], "status": "ok",
                                    "published": datetime.fromisoformat(paper["published"])})
            load.replace_facts(con, paper["arxiv_id"], paper["version"], extract_pdf(pdf))
        import_reference(con, "thompson2022", folder)
    return db


@pytest.fixture(scope="session")
def report(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "out"
    mp = pytest.MonkeyPatch()
    mp.setenv("FLOPWATCH_DB", str(demo_db))
    try:
        assert main(["report", str(out), "--format", "png", "--format", "svg",
                     "--format", "pdf"]) == 0
    finally:
        mp.undo()
    return out


@pytest.fixture
def con(demo_db: Path):
    with duckdb.connect(str(demo_db), read_only=True) as c:
        yield c


def _tick_labels(svg: Path, axis: str) -> list[str]:
    root = ET.parse(svg).getroot()
    return ["".join(g.itertext()).strip() for g in root.iter(f"{SVG}g")
            if re.fullmatch(f"{axis}tick_\\d+", g.get("id", ""))]


def test_every_chart_file_has_tick_labels_on_both_axes(report: Path):
    svgs = sorted((report / "charts").glob("*.svg"))
    assert len(svgs) >= 20
    for svg in svgs:
        for axis in "xy":
            labels = [t for t in _tick_labels(svg, axis) if t]
            assert len(labels) >= 3, (svg.name, axis, labels)


def test_each_format_is_written_and_decodes(report: Path):
    charts = report / "charts"
    stems = {p.stem for p in charts.iterdir()}
    for stem in stems:
        png = imread(charts / f"{stem}.png")
        assert png.shape[0] > 500 and png.shape[1] > 800 and float(np.std(png)) > 0.05
        assert (charts / f"{stem}.pdf").read_bytes().startswith(b"%PDF-")
        ET.parse(charts / f"{stem}.svg")                       # well-formed XML


def test_charts_have_enough_points_and_the_rest_are_listed(con: duckdb.DuckDBPyConnection,
                                                           report: Path):
    needed = int(con.execute("select value from assumptions "
                             "where name = 'min_fit_points'").fetchone()[0])
    html = (report / "index.html").read_text()
    for section in (trend_section(con), growth_section(con), efficiency_section(con),
                    frontier_section(con)):
        for chart in section.drawn:
            ax = chart.figure.axes[0]
            sizes = [len(c.get_offsets()) for c in ax.collections if hasattr(c, "get_offsets")]
            if section.section == "Algorithmic efficiency":      # one level, all sources
                assert sum(sizes) >= needed, chart.title
            else:
                assert max(sizes) >= needed, chart.title
        for skip in section.skipped:
            counts = [int(n) for n in re.findall(r"n = (\d+)", skip.points)]
            assert counts and max(counts) < needed
            assert f"<td>{skip.chart}</td>" in html
    # the chart the issue found stretched over two points is listed, not drawn
    assert ("<td>WMT2014 En-De: operations per forward pass</td>"
            "<td>thompson2022 n = 2</td>") in html


def test_titles_name_each_metric_once(con: duckdb.DuckDBPyConnection):
    for section in (trend_section(con), efficiency_section(con), frontier_section(con)):
        for chart in section.drawn:
            title = chart.figure.axes[0].get_title()
            assert title == chart.title and "error error" not in title
            for metric in METRICS:
                assert len(re.findall(rf"(?<![\w-]){re.escape(metric)}(?![\w-])", title)) <= 1


def test_trend_legend_quotes_trend_fits(con: duckdb.DuckDBPyConnection):
    slope, se, r2, n = con.execute(
        "select slope, slope_se, r2, n from trend_fits where source = 'thompson2022' and "
        "benchmark = 'ImageNet' and compute_measure = 'ops_forward_pass'").fetchone()
    chart = next(c for c in trend_section(con).drawn
                 if c.slug == "trend-imagenet-ops-forward-pass")
    legend = [t.get_text() for t in chart.figure.axes[0].get_legend().get_texts()]
    assert (f"thompson2022: slope {slope:+.3f} \u00b1 {se:.3f} per 10\u00d7, r\u00b2 {r2:.2f}, "
            f"n {n}") in legend
    assert chart.figure.axes[0].get_xscale() == "log" == chart.figure.axes[0].get_yscale()


def test_narrow_log_axes_still_get_three_labels():
    from matplotlib.figure import Figure

    # (1.5e19, 6e21): 2.6 decades holding two decade ticks, seen on a growth chart
    for lo, hi in [(0.702, 0.715), (0.65, 0.79), (0.09, 0.37), (2e8, 8e11), (1e8, 1e40),
                   (1.53e19, 6e21)]:
        ax = Figure().add_subplot()
        ax.set_yscale("log")
        ax.set_ylim(lo, hi)
        log_axis(ax.yaxis, lo, hi, plain=hi < 1)
        low, high = sorted(ax.get_ylim())
        shown = [t for t in ax.get_yticks() if low <= t <= high]
        assert 3 <= len(shown) <= 10, (lo, hi, shown)
        ratios = [b / a for a, b in itertools.pairwise(shown)]
        if hi / lo > 10:                                     # a log axis reads as one
            assert min(ratios) >= 1.5, shown
        assert low <= lo and high >= hi                      # the data stay inside


def _ols(x: list[float], y: list[float]):
    import statsmodels.api as sm

    return sm.OLS(y, sm.add_constant(x)).fit()


def test_projection_interval_is_where_the_confidence_band_crosses_the_target(
        con: duckdb.DuckDBPyConnection):
    rows = con.execute("""
        select p.benchmark, p.compute_measure, p.target_error, p.compute_for_target,
               p.compute_low, p.compute_high, p.decades_beyond_data, b.y_scale
        from target_projections p join benchmarks b on b.name = p.benchmark
        where p.source = 'thompson2022'""").fetchall()
    assert {(r[0], r[1]) for r in rows} >= {("ImageNet", "ops_forward_pass"),
                                            ("ImageNet", "network_operations")}
    for bench, measure, target, mid, low, high, beyond, scale in rows:
        pts = con.execute("select x, y from trend_points where source = 'thompson2022' "
                          "and benchmark = ? and compute_measure = ?", [bench, measure]).fetchall()
        ols = _ols([p[0] for p in pts], [p[1] for p in pts])
        y_target = math.log10(target) * (1 if scale == "log10(error)" else -1)
        assert low < mid < high
        for end in (low, high):
            if end is None or end > 1e300:
                continue
            band = ols.get_prediction(np.array([[1.0, math.log10(end)]])).conf_int(alpha=0.05)
            # t_quantile_975 agrees with scipy's to about 1e-5
            assert min(abs(band[0][0] - y_target), abs(band[0][1] - y_target)) < 1e-4
        assert beyond == pytest.approx(math.log10(mid) - max(p[0] for p in pts))


def test_projection_costs_follow_the_cost_basis(con: duckdb.DuckDBPyConnection):
    (compute, hours, usd, co2), = con.execute(
        "select compute_for_target, device_hours, cost_usd, co2_kg from target_projections "
        "where source = 'thompson2022' and benchmark = 'ImageNet' "
        "and compute_measure = 'network_operations'").fetchall()
    # an A100: 312 TFLOP/s tensor peak at 40% utilisation, 400 W, $4.10 an hour
    assert hours == pytest.approx(compute / (312e12 * 0.4) / 3600)
    assert usd == pytest.approx(hours * 4.10)
    assert co2 == pytest.approx(hours * 0.4 * 1.1 * 0.4)


def test_efficiency_records_and_halving_time(con: duckdb.DuckDBPyConnection):
    rows = con.execute("""
        select benchmark, compute_measure, target_error, published, year, compute,
               least_compute, record, error, halving_months
        from efficiency order by benchmark, compute_measure, target_error, published, compute
    """).fetchall()
    groups: dict[tuple, list[tuple]] = {}
    for r in rows:
        groups.setdefault(r[:3], []).append(r)
    assert ("ImageNet", "hardware_burden", 0.239) in groups
    for (_b, _m, target), group in groups.items():
        least = math.inf
        for r in group:
            assert r[8] <= target
            assert r[7] == (r[5] < least)                     # a record lowers the least
            least = min(least, r[5])
            assert r[6] == least
        records = [r for r in group if r[7]]
        if len(records) >= 3 and group[0][9]:
            t = [r[3].year + (r[3].timetuple().tm_yday - 1) / 365.25 for r in records]
            slope = np.polyfit(t, [math.log2(r[5]) for r in records], 1)[0]
            assert group[0][9] == pytest.approx(-12 / slope)


def test_compute_growth_interval_matches_statsmodels(con: duckdb.DuckDBPyConnection):
    (n, months, low, high), = con.execute(
        "select n, doubling_months, doubling_months_low, doubling_months_high "
        "from compute_growth where source = 'thompson2022' "
        "and compute_measure = 'network_operations'").fetchall()
    pts = con.execute("""
        select distinct paper_key, year + (dayofyear(published) - 1) / 365.25,
               log2(network_operations)
        from compute_estimates where source = 'thompson2022' and network_operations > 0
    """).fetchall()
    ols = _ols([p[1] for p in pts], [p[2] for p in pts])
    (fast_low, fast_high), = ols.conf_int(0.05)[1:]
    assert n == len(pts) and months == pytest.approx(12 / ols.params[1])
    assert (low, high) == (pytest.approx(12 / fast_high), pytest.approx(12 / fast_low))


def test_page_embeds_every_chart_with_a_caption_and_dates_people_read(report: Path,
                                                                      demo_db: Path):
    html = (report / "index.html").read_text()
    figures = re.findall(r"<figure style='max-width: \d+px'><img "
                         r"src='data:image/svg\+xml;base64,([^']+)' alt='[^']+'>"
                         r"<figcaption><b>[^<]+</b> ([^<]+)</figcaption></figure>", html)
    assert len(figures) == len(list((report / "charts").glob("*.svg")))
    assert all(b"<svg" in base64.b64decode(svg) and "View" in cap for svg, cap in figures)
    with duckdb.connect(str(demo_db), read_only=True) as c:
        imported = c.execute("select max(imported_at) from reference_models").fetchone()[0]
    # the reference was imported last: "as of" is its time, written for people
    assert f"as of {imported.day} {imported:%B %Y, %H:%M} UTC" in html
    assert not re.search(r"\d{2}:\d{2}:\d{2}\.\d+", html)
    assert not re.search(r"<script|https?://", html.replace("http://www.w3.org", ""))
    assert re.search(r"Warning: \d+ of these \d+ projections lie two or more orders of "
                     r"magnitude beyond the most compute in their data \(.*ImageNet "
                     r"ops_forward_pass \(thompson2022\): 5\.0", html)
    for row in re.findall(r"<tr>(.*?)</tr>", html):
        for cell in re.findall(r"<td( class='num')?>([^<]*)</td>", row):
            numeric = re.fullmatch(r"-?\d+(\.\d+)?(e[+-]\d+)?", cell[1]) is not None
            assert bool(cell[0]) == numeric, cell


def test_table_escapes_text_from_papers():
    hostile = "<img src=x onerror=alert(1)>"
    html = table(["model", "n"], [[hostile, 3]], "caption <b>")
    assert hostile not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<td class='num'>3</td>" in html and "caption &lt;b&gt;" in html


def test_report_format_choice(demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                              capsys: pytest.CaptureFixture):
    monkeypatch.setenv("FLOPWATCH_DB", str(demo_db))
    out = tmp_path / "out"
    assert main(["report", str(out), "--format", "pdf"]) == 0
    assert {p.suffix for p in (out / "charts").iterdir()} == {".pdf"}
    assert "<img src='data:image/svg+xml" in (out / "index.html").read_text()
    assert "also as PDF files" in capsys.readouterr().out
    assert main(["report", str(out)]) == 0                   # default png + svg; no stale pdf
    assert {p.suffix for p in (out / "charts").iterdir()} == {".png", ".svg"}
    with pytest.raises(SystemExit) as exit_:
        main(["report", str(out), "--format", "gif"])
    assert exit_.value.code == 2 and "--format" in capsys.readouterr().err


def test_report_without_warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture):
    monkeypatch.setenv("FLOPWATCH_DB", str(tmp_path / "none.duckdb"))
    assert main(["report", str(tmp_path / "out")]) == 1
    assert "no warehouse at" in capsys.readouterr().err


def test_chromium_draws_the_page_without_console_errors(report: Path, tmp_path: Path):
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("Chromium is not installed (Debian package 'chromium'); "
                    "the report's browser check needs it")
    flags = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
             "--enable-logging=stderr", "--v=0"]
    proc = subprocess.run([*flags, "--dump-dom", (report / "index.html").as_uri()],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.count("<img") == len(list((report / "charts").glob("*.svg")))
    console = [ln for ln in proc.stderr.splitlines() if "CONSOLE" in ln]
    assert console == [], console
    shot = tmp_path / "page.png"
    subprocess.run([*flags, "--window-size=1400,1800", f"--screenshot={shot}",
                    (report / "index.html").as_uri()], capture_output=True, timeout=120)
    page = imread(shot)[:, :, :3]
    # the charts are drawn, not broken images: the reference's orange marks are on screen
    # (0.16% of the pixels of the demo page's first screen; none where the images fail)
    r, g, b = page[..., 0], page[..., 1], page[..., 2]
    assert float(((r > 0.7) & (g > 0.25) & (g < 0.6) & (b < 0.3)).mean()) > 0.0005


# --- the notebook API -------------------------------------------------------------------
def test_notebook_api(demo_db: Path, monkeypatch: pytest.MonkeyPatch):
    import flopwatch

    monkeypatch.setenv("FLOPWATCH_DB", str(demo_db))
    with flopwatch.connect() as con:
        expected = con.execute("select count(*) from trend_fits").fetchone()[0]
        with pytest.raises(duckdb.Error, match="read-only"):
            con.execute("delete from papers")
    fits = flopwatch.trend_fits()
    assert len(fits) == expected and {"slope", "slope_se", "x_mean"} <= set(fits.columns)
    assert set(flopwatch.trend_fits("ImageNet").benchmark) == {"ImageNet"}
    points = flopwatch.trend_points("ImageNet", "ops_forward_pass")
    assert len(points) > 100 and set(points.compute_measure) == {"ops_forward_pass"}
    paper = sample_papers()[0]["arxiv_id"]
    found = flopwatch.facts(paper)
    assert set(found.arxiv_id) == {paper} and "hardware" in set(found.field)
    assert all(isinstance(v, dict) for v in found.value) and found.page.min() >= 1
    with pytest.raises(WarehouseError, match="no paper"):
        flopwatch.facts("9999.99999")
    fig = flopwatch.plot_trend("ImageNet", "hardware_burden")
    assert fig.axes[0].get_xlabel() == "hardware burden (FLOPs)"
    # a benchmark as a person types it is found; one the warehouse lacks, or a measure that
    # is none, is an error that lists what there is
    def fits_of(name: str) -> list[tuple]:
        return sorted(flopwatch.trend_fits(name)[["benchmark", "source", "compute_measure",
                                                  "n"]].itertuples(index=False))
    assert fits_of("imagenet") == fits_of("ImageNet") != []
    with pytest.raises(ValueError, match=r"no benchmark 'Imagenat'.*ImageNet"):
        flopwatch.trend_fits("Imagenat")
    with pytest.raises(ValueError, match=r"no compute measure 'flops'.*ops_forward_pass"):
        flopwatch.plot_trend("ImageNet", "flops")
    with pytest.raises(ValueError, match="no compute measure"):
        flopwatch.trend_points("ImageNet", "flops")


def test_importing_flopwatch_leaves_duckdb_pandas_and_matplotlib_for_later():
    # the parse fork server imports flopwatch: with duckdb loaded there, its children parsed
    # within a 1 MB memory budget (test_parse_budget_stops_slow_and_greedy_parses)
    code = ("import sys, flopwatch; print(sorted(m for m in ('duckdb', 'pandas', "
            "'matplotlib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
