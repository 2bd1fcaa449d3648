"""The rules on the 72 real papers of ../shared/corpus, scored like score.py (skipped where
the shared corpus is absent). The floors are the figures measured when the rules last
changed, less a small margin: a rule change that loses quality fails here."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from flopwatch.cli import main

FLOORS = {"hardware": 0.88, "training_time": 0.92, "device_time": 0.92, "compute": 0.79,
          "parameters": 0.81, "results": 0.86}


@pytest.fixture(scope="module")
def predictions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import SHARED

    if not (SHARED / "corpus" / "pdf").is_dir():
        pytest.skip(f"shared corpus not found at {SHARED}")
    out = tmp_path_factory.mktemp("pred") / "pred.jsonl"
    assert main(["extract", str(SHARED / "corpus" / "pdf"), "-o", str(out)]) == 0
    return out


def test_every_paper_gets_a_record(predictions: Path, shared_dir: Path):
    papers = [json.loads(line)["paper"] for line in predictions.read_text().splitlines()]
    assert sorted(papers) == sorted(p.stem for p in (shared_dir / "corpus" / "pdf").glob("*.pdf"))


def test_quality_floors_and_same_figures_as_score_py(predictions: Path, shared_dir: Path,
                                                     capsys: pytest.CaptureFixture):
    gold = shared_dir / "corpus" / "gold.jsonl"
    reference = subprocess.run(
        [sys.executable, str(shared_dir / "corpus" / "score.py"), str(gold), str(predictions),
         "--json"], capture_output=True, text=True, check=True)
    fields = json.loads(reference.stdout)["fields"]
    capsys.readouterr()
    assert main(["evaluate", "--gold", str(gold), "--pred", str(predictions)]) == 0
    ours = capsys.readouterr().out.split("\n\n")[0].splitlines()[1:]
    assert len(ours) == len(fields)
    for line in ours:
        name, p, r, f1, _counts = line.split()
        assert (float(p), float(r), float(f1)) == (
            fields[name]["precision"], fields[name]["recall"], fields[name]["f1"])
    for name, floor in FLOORS.items():
        assert fields[name]["f1"] >= floor, f"{name}: F1 {fields[name]['f1']} < {floor}"


# Measured on the 18 shared papers that are in the study's dataset (issue 15's targets are
# 70% of each); a rule change that loses agreement fails here.
AGREEMENT_FLOORS = {"flops_and_score": (7, 9), "hardware_burden": (5, 7)}


def test_agreement_with_the_studys_own_values(predictions: Path, shared_dir: Path,
                                              tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture):
    from datetime import UTC, datetime

    from flopwatch.warehouse import load
    from flopwatch.warehouse.db import writer

    db = tmp_path / "w.duckdb"
    monkeypatch.setenv("FLOPWATCH_DB", str(db))
    with writer(db) as con:
        for line in predictions.read_text().splitlines():
            record = json.loads(line)
            paper = record["paper"]
            if not paper[:4].isdigit():
                continue
            load.upsert_paper(con, {"arxiv_id": paper, "version": 1, "title": paper,
                                    "published": datetime(2000 + int(paper[:2]),
                                                          int(paper[2:4]), 1, tzinfo=UTC),
                                    "status": "ok"})
            load.replace_facts(con, paper, 1, record)
    assert main(["import-reference", "thompson2022",
                 str(shared_dir / "reference" / "thompson2022")]) == 0
    capsys.readouterr()
    assert main(["compare-reference", "thompson2022", "--summary", "--format", "json"]) == 0
    summary = {r["field"]: r for r in json.loads(capsys.readouterr().out)}
    for field, (agree, papers) in AGREEMENT_FLOORS.items():
        assert summary[field]["papers"] == papers
        assert summary[field]["agree"] >= agree
    assert summary["hardware_burden"]["tolerance"] == "within 2x"
    # the disagreements, each with flopwatch's quote beside the reference's value
    assert main(["compare-reference", "thompson2022", "--field", "training_time"]) == 0
    out = capsys.readouterr().out
    assert "disagreements on training_time" in out and "within 10%" in out
    assert "The ImageNet experiments took approximately 3 days" in out   # Xception's quote
    # one row per model, each value with the row it was read from
    assert main(["sql", "select model, ops_forward_pass, ops_quote from paper_models "
                 "where arxiv_id = '1801.04381' and model = 'MobileNetV2 (1.4)'",
                 "--format", "json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["ops_forward_pass"] == 1.17e9 and "585M" in row["ops_quote"]
