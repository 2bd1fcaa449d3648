"""Exports load back with the same rows and are byte-identical when nothing changed; every
table, view and column is described, and the committed schema docs match the schema."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from flopwatch.cli import main
from flopwatch.warehouse.db import writer
from tests.test_warehouse_views import fill_small_warehouse

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    db = tmp_path / "w.duckdb"
    monkeypatch.setenv("FLOPWATCH_DB", str(db))
    with writer(db) as con:
        fill_small_warehouse(con)
    return db


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_export_loads_back_with_the_same_rows(warehouse: Path, tmp_path: Path, fmt: str):
    import pandas

    out = tmp_path / "out"
    assert main(["export", str(out), "--format", fmt]) == 0
    package = json.loads((out / "datapackage.json").read_text())
    names = {r["path"].rsplit(".", 1)[0] for r in package["resources"]}
    assert {"papers", "paper_hardware", "mentions", "trend_fits", "frontier",
            "compute_growth", "reference_vs_extracted", "accelerators"} <= names
    fresh = duckdb.connect()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for res in package["resources"]:
            name = res["path"].rsplit(".", 1)[0]
            expected = con.execute(f'select count(*) from "{name}"').fetchone()[0]
            path = str(out / res["path"])
            reader = "read_parquet" if fmt == "parquet" else "read_csv_auto"
            assert fresh.execute(f"select count(*) from {reader}('{path}')").fetchone()[0] \
                == expected == res["rows"], name
            frame = pandas.read_parquet(path) if fmt == "parquet" else pandas.read_csv(path)
            assert len(frame) == expected, name
    fits = pandas.read_parquet(out / "trend_fits.parquet") if fmt == "parquet" else \
        pandas.read_csv(out / "trend_fits.csv")
    assert len(fits) >= 2 and set(fits["source"]) == {"extracted"}


def test_reexport_of_an_unchanged_warehouse_is_identical(warehouse: Path, tmp_path: Path):
    for folder in ("a", "b"):
        assert main(["export", str(tmp_path / folder)]) == 0
    files = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert files == sorted(p.name for p in (tmp_path / "b").iterdir())
    for name in files:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_datapackage_describes_every_field(warehouse: Path, tmp_path: Path):
    assert main(["export", str(tmp_path / "out")]) == 0
    package = json.loads((tmp_path / "out" / "datapackage.json").read_text())
    assert package["extractor_version"] == "test" and package["created"].startswith("20")
    for res in package["resources"]:
        assert res["description"], res["name"]
        assert res["hash"].startswith("sha256:") and res["bytes"] > 0
        for field in res["schema"]["fields"]:
            assert field["description"], f"{res['name']}.{field['name']}"


def test_export_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                       capsys: pytest.CaptureFixture):
    monkeypatch.setenv("FLOPWATCH_DB", str(tmp_path / "none.duckdb"))
    assert main(["export", str(tmp_path / "out")]) == 1
    assert "no warehouse at" in capsys.readouterr().err


def test_committed_schema_docs_match_the_schema(tmp_path: Path):
    out = tmp_path / "schema.md"
    assert main(["docs", "-o", str(out)]) == 0
    assert (ROOT / "docs" / "schema.md").read_text() == out.read_text(), \
        "docs/schema.md is stale: run 'flopwatch docs -o docs/schema.md'"


def test_datapackage_names_its_sources_and_licences(warehouse: Path, tmp_path: Path,
                                                    shared_dir: Path):
    assert main(["export", str(tmp_path / "a")]) == 0
    package = json.loads((tmp_path / "a" / "datapackage.json").read_text())
    assert [s["path"] for s in package["sources"]] == ["https://arxiv.org"]
    assert "GPL-3.0" not in [lic["name"] for lic in package["licenses"]]
    # the study's dataset is GPL-3.0: an export that carries its rows says so
    assert main(["import-reference", "thompson2022",
                 str(shared_dir / "reference" / "thompson2022")]) == 0
    assert main(["export", str(tmp_path / "b")]) == 0
    package = json.loads((tmp_path / "b" / "datapackage.json").read_text())
    assert "https://arxiv.org/abs/2007.05558" in [s["path"] for s in package["sources"]]
    assert "GPL-3.0" in [lic["name"] for lic in package["licenses"]]


def test_sql_as_csv_is_the_export_csv(warehouse: Path, tmp_path: Path,
                                      capsys: pytest.CaptureFixture):
    # doubles in full, times in ISO 8601 UTC, lists and structs as JSON: a query's CSV
    # reads back as the export's does (tables, not fits: the export sums on one thread)
    assert main(["export", str(tmp_path / "out"), "--format", "csv"]) == 0
    for name in ("papers", "paper_compute", "paper_models", "accelerators", "extractions"):
        capsys.readouterr()
        assert main(["sql", f"select * from {name} order by all", "--format", "csv"]) == 0
        printed = capsys.readouterr().out
        assert printed == (tmp_path / "out" / f"{name}.csv").read_text(), name
