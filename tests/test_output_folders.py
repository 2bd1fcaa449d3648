"""Exports and reports are written whole: a failure leaves the earlier output as it was,
a second run replaces the first, and a folder holding the user's own files is refused.
Also the fit with no residual that made the projections fail halfway through an export."""

from __future__ import annotations

import math
from pathlib import Path

import duckdb
import pytest

from flopwatch.cli import main
from flopwatch.warehouse.db import writer
from tests.test_warehouse_views import power_law_papers


@pytest.fixture
def exact_fit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Eight papers on an exact power law, error = 10^(0.2 - 0.05 log10 FLOPs): a fit
    whose residual is a rounding error."""
    db = tmp_path / "w.duckdb"
    monkeypatch.setenv("FLOPWATCH_DB", str(db))
    with writer(db) as con:
        power_law_papers(con, 0.2, -0.05, step=1 / 3)
    return db


def test_a_fit_without_residual_projects_exports_and_reports(exact_fit: Path, tmp_path: Path):
    with duckdb.connect(str(exact_fit), read_only=True) as con:
        # the sums of the fit are parallel, in varying order: the rounding differs by run
        for _ in range(20):
            con.execute("select * from target_projections").fetchall()
        low, mid, high = con.execute(
            "select compute_low, compute_for_target, compute_high from target_projections "
            "where source = 'extracted' and compute_measure = 'ops_forward_pass'").fetchone()
    # no residual: the interval closes on the point (up to the rounding left in the
    # residual, which an extrapolation over thirty tenfolds magnifies to about 1e-6)
    assert low == pytest.approx(mid, rel=1e-4) and high == pytest.approx(mid, rel=1e-4)
    assert mid == pytest.approx(10 ** ((0.2 - math.log10(0.05)) / 0.05))
    assert main(["export", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "datapackage.json").is_file()
    assert main(["report", str(tmp_path / "report"), "--format", "svg"]) == 0


def test_a_failed_export_leaves_the_earlier_one(exact_fit: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture):
    out = tmp_path / "out"
    assert main(["export", str(out), "--format", "csv"]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    # a view of the user's own that fails when it is read
    with duckdb.connect(str(exact_fit)) as con:
        con.execute("create view zz_mine as select sqrt(-1.0 - range) as x from range(3)")
    capsys.readouterr()
    assert main(["export", str(out), "--format", "csv"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot export view zz_mine" in err
    assert "nothing was written" in err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "w.duckdb"]


def test_a_second_export_replaces_the_first(exact_fit: Path, tmp_path: Path):
    out = tmp_path / "out"
    assert main(["export", str(out), "--format", "parquet"]) == 0
    assert main(["export", str(out), "--format", "csv"]) == 0
    suffixes = {p.suffix for p in out.iterdir()}
    assert suffixes == {".csv", ".json"}


@pytest.mark.parametrize("command", ["export", "report"])
def test_a_folder_with_the_users_files_is_refused(exact_fit: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture,
                                                  command: str):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    assert main([command, str(folder)]) == 1
    assert "holds files this command did not write (notes.txt)" in capsys.readouterr().err
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
