"""`flopwatch report`: charts from the views, text from papers escaped, and the page as a
browser draws it (headless Chromium, where installed)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from flopwatch.cli import main
from flopwatch.warehouse.db import writer
from tests.test_warehouse_views import fill_small_warehouse

HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture
def report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    db = tmp_path / "w.duckdb"
    monkeypatch.setenv("FLOPWATCH_DB", str(db))
    with writer(db) as con:
        fill_small_warehouse(con, first_model=HOSTILE)
        slope = con.execute("select slope from trend_fits where compute_measure = "
                            "'ops_forward_pass'").fetchone()[0]
    out = tmp_path / "out"
    assert main(["report", str(out)]) == 0
    (tmp_path / "slope.txt").write_text(f"{slope:.4f}")
    return out


def test_report_files_and_numbers_from_the_views(report: Path):
    html = (report / "index.html").read_text()
    svgs = sorted(p.name for p in (report / "charts").glob("*.svg"))
    assert any("trend-imagenet-ops-forward-pass" in s for s in svgs)
    assert any("compute-growth" in s for s in svgs)
    assert any("frontier-imagenet" in s for s in svgs)
    slope = (report.parent / "slope.txt").read_text()
    assert f"slope {slope}" in html                           # legend = trend_fits
    assert "doubling every 6.0 months" in html                # 4x a year = 2 doublings
    assert "<table>" in html and "Coverage" in html
    assert not re.search(r"<script|https?://", html.replace("http://www.w3.org", ""))


def test_text_from_papers_is_escaped(report: Path):
    html = (report / "index.html").read_text()
    assert HOSTILE not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_report_without_warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture):
    monkeypatch.setenv("FLOPWATCH_DB", str(tmp_path / "none.duckdb"))
    assert main(["report", str(tmp_path / "out")]) == 1
    assert "no warehouse at" in capsys.readouterr().err


def test_chromium_draws_the_charts_without_console_errors(report: Path, tmp_path: Path):
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("Chromium is not installed (Debian package 'chromium'); "
                    "the report's browser check needs it")
    proc = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
         "--enable-logging=stderr", "--v=0", "--dump-dom",
         (report / "index.html").as_uri()],
        capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = proc.stdout
    assert dom.count('class="point"') >= 12                   # 4 papers x 3 trend charts
    assert dom.count('class="fit"') >= 2
    assert "no data yet" not in dom.split("Training compute over time")[0]
    console = [ln for ln in proc.stderr.splitlines() if "CONSOLE" in ln]
    assert console == [], console
