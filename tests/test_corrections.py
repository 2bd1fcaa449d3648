"""Corrections that last, on a warehouse of the project's sample papers (written as PDFs,
read by the rules, their PDFs in the cache where a quote is checked): review, decide,
apply; the curated views and the trend follow; bad files change nothing."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from flopwatch.cli import main
from flopwatch.demo.sample import render_pdf, sample_papers
from flopwatch.extractors.paper import extract_pdf
from flopwatch.flows.pdf_cache import cache_path
from flopwatch.warehouse import load
from flopwatch.warehouse.corrections import COLUMNS
from flopwatch.warehouse.db import writer

PAPERS = ("1506.90001", "1905.90008", "2311.90006", "2003.90004")


@pytest.fixture
def warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    db, cache = tmp_path / "w.duckdb", tmp_path / "cache"
    monkeypatch.setenv("FLOPWATCH_DB", str(db))
    monkeypatch.setenv("FLOPWATCH_CACHE_DIR", str(cache))
    monkeypatch.delenv("FLOPWATCH_CORRECTIONS", raising=False)
    with writer(db) as con:
        for paper in sample_papers():
            if paper["arxiv_id"] not in PAPERS:
                continue
            pdf = cache_path(cache, paper["arxiv_id"], paper["version"])
            pdf.parent.mkdir(parents=True, exist_ok=True)
            pdf.write_bytes(render_pdf(paper))
            load.upsert_paper(con, {"arxiv_id": paper["arxiv_id"],
                                    "version": paper["version"], "title": paper["title"],
                                    "published": datetime.fromisoformat(paper["published"]),
                                    "status": "ok"})
            load.replace_facts(con, paper["arxiv_id"], paper["version"], extract_pdf(pdf))
    return db


def review(capsys: pytest.CaptureFixture, *argv: str) -> list[dict[str, str]]:
    capsys.readouterr()
    assert main(["review", *argv]) == 0
    return list(csv.DictReader(io.StringIO(capsys.readouterr().out)))


def write(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(COLUMNS), extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    return path


def query(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_review_reject_replace_add_and_the_trend_follows(warehouse: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture):
    rows = review(capsys, "--field", "results")
    assert rows and set(COLUMNS) <= set(rows[0])
    top1 = {(r["arxiv_id"], r["target"]): r for r in rows}
    rejected = top1[("1506.90001", "benchmark=ImageNet; metric=top-1 error; value=21.9")]
    replaced = top1[("2311.90006", "benchmark=ImageNet; metric=top-1 accuracy; value=79.1")]
    assert rejected["rule"] and rejected["quote"] and rejected["page"] == "1"
    before = query(warehouse, "select slope from trend_fits where source = 'extracted' and "
                              "compute_measure = 'ops_forward_pass'")
    decided = [
        {**rejected, "action": "reject", "who": "ada", "why": "an ensemble, not one model"},
        {**replaced, "action": "replace", "new_values": "value=80.1", "who": "ada",
         "why": "the table's figure"},
        {"arxiv_id": "1905.90008", "field": "hardware", "action": "add",
         "new_values": "accelerator=Google TPU v3; count=32; count_unit=cores; role=training",
         "quote": "We train our ImageNet models on 32 TPU v3 cores for 350 epochs",
         "page": "1", "who": "ada", "why": "missed"},
    ]
    corrections = write(tmp_path / "corrections.csv", decided)
    assert main(["corrections", "apply"]) == 0        # the default: beside the warehouse
    assert "applied 3 corrections" in capsys.readouterr().out
    assert query(warehouse, "select count(*) from curated_results where arxiv_id = '1506.90001'"
                            " and value = 21.9") == [(0,)]
    assert query(warehouse, "select value, curation from curated_results where "
                            "arxiv_id = '2311.90006' and metric = 'top-1 accuracy'"
                 ) == [(80.1, "replaced")]
    assert query(warehouse, "select accelerator, count, curation from curated_hardware "
                            "where arxiv_id = '1905.90008' and curation = 'added'"
                 ) == [("Google TPU v3", 32, "added")]
    # the trend reads the corrected values: no point at 21.9% error, 19.9% for the other
    errors = {r[0]: r[1] for r in query(
        warehouse, "select arxiv_id, error from trend_points where source = 'extracted' "
                   "and benchmark = 'ImageNet' and compute_measure = 'ops_forward_pass'")}
    assert errors.get("1506.90001") != pytest.approx(0.219)
    assert errors["2311.90006"] == pytest.approx(0.199)
    after = query(warehouse, "select slope from trend_fits where source = 'extracted' and "
                             "compute_measure = 'ops_forward_pass'")
    assert after != before
    # the facts themselves stay what the rules found
    assert query(warehouse, "select count(*) from paper_results where arxiv_id = '1506.90001'"
                            " and value = 21.9") == [(1,)]
    # an export marks each value and counts them
    assert main(["export", str(tmp_path / "out"), "--format", "csv"]) == 0
    package = json.loads((tmp_path / "out" / "datapackage.json").read_text())
    assert {k: package["curation"][k] for k in ("replaced", "added", "rejected")} == {
        "replaced": 1, "added": 1, "rejected": 1}
    exported = list(csv.DictReader((tmp_path / "out" / "curated_results.csv").open()))
    assert {r["curation"] for r in exported} == {"extracted", "replaced"}
    # show: the paper's record with its correction
    capsys.readouterr()
    assert main(["show", "2311.90006", "--wide"]) == 0
    shown = capsys.readouterr().out
    assert "== corrections" in shown and "the table's figure" in shown and "replaced" in shown
    assert corrections.exists()


@pytest.mark.parametrize("row, message", [
    ({"action": "delete"}, "unknown action 'delete'"),
    ({"arxiv_id": "9999.99999"}, "unknown paper '9999.99999'"),
    ({"field": "flops"}, "unknown field 'flops'"),
    ({"action": "replace", "new_values": "value=22.0", "quote": "a sentence no page has",
      "page": "1"}, "the quote is not on page 1 of 1506.90001"),
    ({"action": "replace", "new_values": "value=22.0"}, "replace needs the evidence"),
    ({"action": "replace", "new_values": "colour=red", "quote": "x", "page": "1"},
     "'colour=red' is not one of"),
    ({"target": "benchmark=ImageNet"}, "target must give benchmark, metric, value"),
    ({"page": "one", "action": "reject"}, "page 'one' is not a number"),
])
def test_a_bad_row_is_named_by_its_line_and_nothing_is_applied(
        warehouse: Path, tmp_path: Path, capsys: pytest.CaptureFixture, row: dict,
        message: str):
    good = {"arxiv_id": "1506.90001", "field": "results", "action": "reject",
            "target": "benchmark=ImageNet; metric=top-1 error; value=21.9"}
    write(tmp_path / "corrections.csv", [good])
    assert main(["corrections", "apply"]) == 0
    write(tmp_path / "corrections.csv", [{**good, "target": "benchmark=ImageNet; "
                                          "metric=top-5 error; value=6.1"}, {**good, **row}])
    capsys.readouterr()
    assert main(["corrections", "apply"]) == 1
    err = capsys.readouterr().err
    assert f"corrections.csv:3: {message}" in err and "Traceback" not in err
    # the corrections loaded before stay, whole
    assert query(warehouse, "select line, target->>'metric' from corrections") == [
        (2, "top-1 error")]


def test_file_level_errors(warehouse: Path, tmp_path: Path, capsys: pytest.CaptureFixture):
    (tmp_path / "corrections.csv").write_text("arxiv_id,field,action\n1506.90001,results,"
                                              "reject\n")
    assert main(["corrections", "apply"]) == 1
    assert "corrections.csv:1: missing columns target, new_values" in capsys.readouterr().err
    rule = {"arxiv_id": "1506.90001", "field": "results", "action": "reject",
            "target": "benchmark=ImageNet; metric=top-1 error; value=21.9"}
    write(tmp_path / "corrections.csv", [rule, rule])
    assert main(["corrections", "apply"]) == 1
    assert "corrections.csv:3: the same fact as line 2" in capsys.readouterr().err
    assert main(["corrections", "apply", str(tmp_path / "none.csv")]) == 1
    assert "no corrections file at" in capsys.readouterr().err


def test_a_correction_whose_fact_is_gone_is_reported_stale(warehouse: Path, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture):
    write(tmp_path / "corrections.csv", [
        {"arxiv_id": "1506.90001", "field": "results", "action": "reject",
         "target": "benchmark=ImageNet; metric=top-1 error; value=21.9"},
        {"arxiv_id": "1506.90001", "field": "results", "action": "reject",
         "target": "benchmark=ImageNet; metric=top-1 error; value=99.9", "why": "old rule"}])
    assert main(["corrections", "apply"]) == 0
    assert "1 match no fact now" in capsys.readouterr().out
    assert main(["corrections", "check", "--wide"]) == 1
    out = capsys.readouterr().out
    assert "1 of 2 corrections match no fact" in out and "old rule" in out and "99.9" in out


@pytest.mark.usefixtures("prefect_harness")
def test_corrections_survive_reextraction(warehouse: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture):
    write(tmp_path / "corrections.csv", [
        {"arxiv_id": "1506.90001", "field": "results", "action": "reject",
         "target": "benchmark=ImageNet; metric=top-1 error; value=21.9"}])
    assert main(["corrections", "apply"]) == 0
    # the file changes while no command runs: the next reextract loads it first
    replace = {"arxiv_id": "2311.90006", "field": "results", "action": "replace",
               "target": "benchmark=ImageNet; metric=top-1 accuracy; value=79.1",
               "new_values": "value=80.1", "quote": "reaches 79.1% ImageNet top-1 accuracy",
               "page": "1"}
    write(tmp_path / "corrections.csv", [
        {"arxiv_id": "1506.90001", "field": "results", "action": "reject",
         "target": "benchmark=ImageNet; metric=top-1 error; value=21.9"},
        {"arxiv_id": "1506.90001", "field": "results", "action": "reject",
         "target": "benchmark=ImageNet; metric=top-5 error; value=6.1"}, replace])
    assert main(["reextract", "--all"]) == 0
    assert "reextracted 4" in capsys.readouterr().out
    assert query(warehouse, "select count(*) from paper_results where arxiv_id = '1506.90001'"
                            " and value in (21.9, 6.1)") == [(2,)]
    assert query(warehouse, "select count(*) from curated_results where arxiv_id = "
                            "'1506.90001' and value in (21.9, 6.1)") == [(0,)]
    assert query(warehouse, "select count(*) from corrections") == [(3,)]
    assert query(warehouse, "select value, curation from curated_results where arxiv_id = "
                            "'2311.90006' and metric = 'top-1 accuracy'") == [(80.1, "replaced")]


def test_corrections_hold_for_a_new_version_of_the_paper(warehouse: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture):
    write(tmp_path / "corrections.csv", [
        {"arxiv_id": "2311.90006", "field": "results", "action": "replace",
         "target": "benchmark=ImageNet; metric=top-1 accuracy; value=79.1",
         "new_values": "value=80.1", "quote": "reaches 79.1% ImageNet top-1 accuracy",
         "page": "1"}])
    assert main(["corrections", "apply"]) == 0
    # v2 of the paper arrives (as an ingest loads it): the same text, a new version
    paper = next(p for p in sample_papers() if p["arxiv_id"] == "2311.90006")
    pdf = cache_path(tmp_path / "cache", "2311.90006", 2)
    pdf.parent.mkdir(parents=True, exist_ok=True)
    pdf.write_bytes(render_pdf(paper))
    with writer(warehouse) as con:
        load.upsert_paper(con, {"arxiv_id": "2311.90006", "version": 2, "title": "v2",
                                "published": datetime.fromisoformat(paper["published"]),
                                "status": "ok"})
        load.replace_facts(con, "2311.90006", 2, extract_pdf(pdf))
    assert main(["corrections", "apply"]) == 0      # the quote is checked on v2's PDF
    assert query(warehouse, "select value, curation from curated_results where arxiv_id = "
                            "'2311.90006' and metric = 'top-1 accuracy'") == [(80.1, "replaced")]


def test_show_names_the_row_and_header_path_of_each_table_cell(warehouse: Path,
                                                                capsys: pytest.CaptureFixture):
    capsys.readouterr()
    assert main(["show", "1506.90001", "--wide"]) == 0
    shown = capsys.readouterr().out
    section = shown.split("== table cells read (row label, header path)")[1].split("==")[0]
    line = next(ln for ln in section.splitlines() if "top-1 err." in ln)
    assert "RPN-50 (ours)" in line and "results" in line
