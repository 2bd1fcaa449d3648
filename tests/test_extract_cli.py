"""`flopwatch extract` and `evaluate`: a broken PDF is an entry with an error, not a crash."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from flopwatch.cli import main
from flopwatch.demo.sample import render_pdf, sample_papers


def test_extract_folder_with_a_broken_pdf(tmp_path: Path, capsys: pytest.CaptureFixture):
    (tmp_path / "2003.90004.pdf").write_bytes(
        render_pdf(next(p for p in sample_papers() if p["arxiv_id"] == "2003.90004")))
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 this is not a pdf")
    out = tmp_path / "pred.jsonl"
    assert main(["extract", str(tmp_path), "-o", str(out)]) == 0
    records = {r["paper"]: r for r in map(json.loads, out.read_text().splitlines())}
    assert "truncated PDF" in records["broken"]["error"] and records["broken"]["hardware"] == []
    good = records["2003.90004"]
    assert {(h["accelerator"], h["count"], h["count_unit"], h["role"]) for h in good["hardware"]} \
        == {("Google TPU v3", 32, "cores", "training"), ("NVIDIA V100", 1, "devices", "inference")}
    assert [(r["benchmark"], r["metric"], r["value"]) for r in good["results"]] == [
        ("COCO", "AP", 52.2), ("COCO", "AP50", 71.4)]
    assert "broken.pdf" in capsys.readouterr().err


def test_evaluate_counts(tmp_path: Path, capsys: pytest.CaptureFixture):
    gold = tmp_path / "gold.jsonl"
    pred = tmp_path / "pred.jsonl"
    gold.write_text(json.dumps({"paper": "a", "hardware": [
        {"accelerator": "NVIDIA V100", "count": 8, "role": "training"}],
        "results": [{"benchmark": "ImageNet", "metric": "top-1 error", "value": 21.9}]}) + "\n")
    pred.write_text(json.dumps({"paper": "a", "hardware": [
        {"accelerator": "nvidia v-100", "count": 8, "role": "training"},
        {"accelerator": "NVIDIA P100", "count": 8, "role": "training"}],
        "results": [{"benchmark": "ImageNet", "metric": "top-1 error", "value": 21.95},
                    {"benchmark": "ImageNet", "metric": "top-1 error", "value": 23.0}]}) + "\n")
    assert main(["evaluate", "--gold", str(gold), "--pred", str(pred)]) == 0
    table = capsys.readouterr().out.split("\n\n")[0]
    lines = {ln.split()[0]: ln.split()[1:] for ln in table.splitlines()[1:]}
    assert lines["hardware"] == ["0.500", "1.000", "0.667", "1/2/1"]   # punctuation ignored
    assert lines["results"] == ["1.000", "1.000", "1.000", "1/1/1"]


def test_evaluate_by_fold_with_what_the_checks_held_back(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture):
    from flopwatch.extractors.evaluate import fold_of

    # two papers, one in each fold; a third gold paper has no prediction
    ids = {fold_of(p): p for p in ("1706.03762", "1512.03385", "1409.0473", "1810.04805")}
    a, b = ids["A"], ids["B"]
    top1 = {"benchmark": "ImageNet", "metric": "top-1 accuracy"}
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(g) + "\n" for g in [
        {"paper": a, "results": [{**top1, "value": 76.1}]},
        {"paper": b, "results": [{**top1, "value": 80.0}]},
        {"paper": "missing", "results": [{**top1, "value": 70.0}]}]))
    pred = tmp_path / "pred.jsonl"
    pred.write_text("".join(json.dumps(p) + "\n" for p in [
        {"paper": a, "results": [{**top1, "value": 76.1}],
         "held_back": [{"field": "results", **top1, "value": 99.1,
                        "checks": ["score_outside_range"]}]},
        {"paper": b, "results": [],
         "held_back": [{"field": "results", **top1, "value": 80.0,
                        "checks": ["top1_beyond_top5"]}]}]))
    assert main(["evaluate", "--gold", str(gold), "--pred", str(pred), "--folds"]) == 0
    out = capsys.readouterr().out
    assert "1 of 3 gold papers have no prediction" in out
    size = {f: 1 + (fold_of("missing") == f) for f in "AB"}
    fold_a = out.split(f"fold A ({size['A']} papers")[1].split("\n\n")[0]
    fold_b = out.split(f"fold B ({size['B']} papers")[1].split("\n\n")[0]
    assert re.search(rf"results\s+1.000\s+{1 / size['A']:.3f}\s", fold_a)
    assert re.search(r"results\s+0.000\s+0.000\s+0.000\s+0/0/", fold_b)
    checks = out.split("held back by the plausibility checks")[1]
    assert re.search(r"score_outside_range\s+1\s+0\n", checks)
    assert re.search(r"top1_beyond_top5\s+1\s+1\n", checks)     # the gold says it was right


def test_evaluate_bad_input_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n")
    assert main(["evaluate", "--gold", str(bad), "--pred", str(bad)]) == 1
    assert "bad.jsonl:1: not a paper record" in capsys.readouterr().err
    assert main(["evaluate", "--gold", str(tmp_path / "none"), "--pred", str(bad)]) == 1


def test_output_cut_short_by_its_reader_is_no_error(tmp_path: Path):
    import subprocess
    import sys

    gold = tmp_path / "gold.jsonl"
    # far more per-paper lines than a pipe holds, so the writer meets the closed pipe
    gold.write_text("".join(json.dumps({"paper": f"p{i}"}) + "\n" for i in range(5000)))
    proc = subprocess.Popen([sys.executable, "-m", "flopwatch.cli", "evaluate", "--gold", str(gold),
                             "--pred", str(gold), "--per-paper"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()          # like "| head -1"
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0
    assert "Traceback" not in err and "BrokenPipe" not in err, err


def test_a_truncated_pdf_is_named_so_as_an_ingest_names_it(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture):
    whole = render_pdf(sample_papers()[0])
    (tmp_path / "cut.pdf").write_bytes(whole[: len(whole) // 2])
    out = tmp_path / "pred.jsonl"
    assert main(["extract", str(tmp_path / "cut.pdf"), "-o", str(out)]) == 1
    (record,) = map(json.loads, out.read_text().splitlines())
    # the words flows/pdf_cache.py uses for a download cut short
    assert "truncated PDF: no %%EOF marker at the end" in record["error"]
    assert "truncated PDF" in capsys.readouterr().err
