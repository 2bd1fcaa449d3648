"""`flopwatch evaluate --misses`: every false negative and false positive with its quote,
page and what became of it, counted by reason so that classes of errors show."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flopwatch.cli import main


def _write(path: Path, *records: dict) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def test_misses_say_which_rule_found_a_value_and_which_had_no_candidate(
        tmp_path: Path, capsys: pytest.CaptureFixture):
    gold = _write(tmp_path / "gold.jsonl", {"paper": "2101.00001", "parameters": [
        {"model": "A", "value": 25_000_000, "quote": "A has 25M parameters.", "page": 2},
        {"model": "B", "value": 60_000_000, "quote": "B has 60M parameters.", "page": 3},
        {"model": "C", "value": 9_000_000, "quote": "C: 9M", "page": 4}],
        "results": [{"benchmark": "ImageNet", "metric": "top-1 accuracy", "value": 80.2,
                     "quote": "80.2% top-1", "page": 5}]})
    pred = _write(tmp_path / "pred.jsonl", {"paper": "2101.00001", "parameters": [
        {"model": "A", "value": 25_000_000, "quote": "A has 25M parameters.", "page": 2},
        {"model": "X", "value": 7_000_000, "quote": "X (7M) [4]", "page": 6}],
        "held_back": [{"field": "parameters", "model": "B", "value": 60_000_000,
                       "checks": ["parameters_above_operations"], "quote": "B", "page": 3}],
        "results": [],
        "mentions": [
            {"field": "parameters", "value": 9_000_000, "quote": "C: 9M", "page": 4,
             "rule": "params_number"},
            {"field": "parameters", "value": 7_000_000, "quote": "X (7M) [4]", "page": 6,
             "rule": "table_parameters_column"}]})
    assert main(["evaluate", "--gold", str(gold), "--pred", str(pred), "--misses"]) == 0
    out = capsys.readouterr().out.split("misses (missed")[1]
    assert "parameters: 2 missed (1 held back by a check, 1 found by a rule, not kept)" in out
    assert "[held back by parameters_above_operations] B has 60M parameters." in out
    assert "[found by params_number, not kept] C: 9M" in out
    assert "parameters: 1 extra (1 table_parameters_column)" in out
    assert "results: 1 missed (1 no candidate)" in out
