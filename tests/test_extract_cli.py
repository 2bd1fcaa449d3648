"""`flopwatch extract` and `evaluate`: a broken PDF is an entry with an error, not a crash."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flows.cli import main
from flows.sample import render_pdf, sample_papers


def test_extract_folder_with_a_broken_pdf(tmp_path: Path, capsys: pytest.CaptureFixture):
    (tmp_path / "2003.90004.pdf").write_bytes(
        render_pdf(next(p for p in sample_papers() if p["arxiv_id"] == "2003.90004")))
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 this is not a pdf")
    out = tmp_path / "pred.jsonl"
    assert main(["extract", str(tmp_path), "-o", str(out)]) == 0
    records = {r["paper"]: r for r in map(json.loads, out.read_text().splitlines())}
    assert "cannot open" in records["broken"]["error"] and records["broken"]["hardware"] == []
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
    lines = {ln.split()[0]: ln.split()[1:] for ln in capsys.readouterr().out.splitlines()[1:]}
    assert lines["hardware"] == ["0.500", "1.000", "0.667", "1/2/1"]   # punctuation ignored
    assert lines["results"] == ["1.000", "1.000", "1.000", "1/1/1"]


def test_evaluate_bad_input_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n")
    assert main(["evaluate", "--gold", str(bad), "--pred", str(bad)]) == 1
    assert "bad.jsonl:1: not a paper record" in capsys.readouterr().err
    assert main(["evaluate", "--gold", str(tmp_path / "none"), "--pred", str(bad)]) == 1
