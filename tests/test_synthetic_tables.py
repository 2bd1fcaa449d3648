"""The synthetic table benchmark (benchmarks/tables/) on a fixed sample: two papers of each
layout of the three sets (generate.py's, heldout.py's and fresh.py's, the last two written
apart from the reader),
typeset with pdflatex, extracted and scored with the shared scorer's rules. The
floors are what the extractor reaches today, less a margin; every layout is held too."""

from __future__ import annotations

import json
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from flopwatch.extractors.batch import extract_many
from flopwatch.extractors.evaluate import score

ROOT = Path(__file__).resolve().parents[1]
GENERATORS = {"main": (ROOT / "benchmarks" / "tables" / "generate.py", "LAYOUTS"),
              "heldout": (ROOT / "benchmarks" / "tables" / "heldout.py", "HELDOUT"),
              "fresh": (ROOT / "benchmarks" / "tables" / "fresh.py", "FRESH")}
FLOORS = {"results": 0.95, "parameters": 0.95, "compute": 0.95}
LAYOUT_FLOOR = 0.9

pytestmark = pytest.mark.skipif(
    shutil.which("pdflatex") is None,
    reason="pdflatex is not installed (Debian package 'texlive-latex-recommended'; .ci/run "
           "installs it)")


@pytest.fixture(scope="module", params=sorted(GENERATORS))
def sample(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
           ) -> tuple[dict, dict, int]:
    """(gold, predictions, the generator's number of layouts) for two papers per layout."""
    generator, name = GENERATORS[request.param]
    layouts = len(runpy.run_path(str(generator))[name])
    folder = tmp_path_factory.mktemp(request.param)
    subprocess.run([sys.executable, str(generator), str(folder), "--papers", str(2 * layouts),
                    "--seed", "11"], check=True, capture_output=True)
    gold = {g["paper"]: g for g in map(json.loads, (folder / "gold.jsonl").open())}
    pdfs = sorted((folder / "pdf").glob("*.pdf"))
    pred = {r["paper"]: r for r in extract_many(pdfs, workers=1)}
    return gold, pred, layouts


def test_the_sample_reaches_the_floors(sample: tuple[dict, dict, int]):
    gold, pred, _ = sample
    summary, _ = score(gold, pred)
    for field, floor in FLOORS.items():
        assert summary[field]["f1"] >= floor, (field, summary[field])


def test_every_layout_reaches_its_floor(sample: tuple[dict, dict, int]):
    gold, pred, count = sample
    layouts = {g["layout"] for g in gold.values()}
    assert len(layouts) == count
    for layout in sorted(layouts):
        papers = {k: g for k, g in gold.items() if g["layout"] == layout}
        summary, _ = score(papers, {k: pred[k] for k in papers})
        for field in FLOORS:
            if summary[field]["gold"]:
                assert summary[field]["f1"] >= LAYOUT_FLOOR, (layout, field, summary[field])
