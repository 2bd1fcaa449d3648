"""The rules on the 72 real papers of ../shared/corpus, scored like score.py (skipped where
the shared corpus is absent). The floors are the figures measured when the rules last
changed, less a small margin: a rule change that loses quality fails here."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from flows.cli import main

FLOORS = {"hardware": 0.79, "training_time": 0.88, "device_time": 0.83, "compute": 0.71,
          "parameters": 0.78, "results": 0.71}


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
