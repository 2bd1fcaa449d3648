"""The plausibility checks, each on a text that trips it, and on the warehouse: a fact that
fails one is kept with the check's name, shown by `fact_checks`, and kept out of the trends."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from flopwatch.extractors.checks import PaperContext, failed_checks, submitted_month
from flopwatch.extractors.data import plausibility_checks
from flopwatch.extractors.paper import extract_text
from flopwatch.warehouse import load
from flopwatch.warehouse.db import writer
from tests.test_extract_rules import paper_from
from tests.test_warehouse_views import add_paper, hw, model, top1


def held(record: dict, field: str) -> list[tuple]:
    return [(h.get("value", h.get("hours", h.get("count"))), tuple(h["checks"]))
            for h in record["held_back"] if h["field"] == field]


def test_every_check_is_documented_and_applied():
    checks = plausibility_checks()["checks"]
    assert len({c["name"] for c in checks}) == len(checks)
    for c in checks:
        assert c["field"] in {"hardware", "training_time", "device_time", "compute",
                              "parameters", "results"}
        assert len(c["description"]) > 40, c["name"]


def test_score_beyond_the_state_of_the_art_is_held_back():
    record = extract_text("2101.00001", paper_from(
        "Our model reaches 99.5% top-1 accuracy on ImageNet.",
        "The small variant reaches 78.3% top-1 accuracy on ImageNet."))
    assert held(record, "results") == [(99.5, ("score_outside_range",))]
    # the next best value that passes is the paper's result
    assert [r["value"] for r in record["results"]] == [78.3]


def test_an_error_read_as_accuracy_is_named_so():
    ctx = PaperContext()
    fact = {"benchmark": "ImageNet", "metric": "top-1 error", "value": 79.4}
    assert failed_checks("results", fact, ctx) == ["error_read_as_accuracy"]
    assert failed_checks("results", {**fact, "value": 20.6}, ctx) == []


def test_top1_above_the_papers_top5_is_held_back():
    record = extract_text("t", paper_from(
        "On ImageNet our network obtains 91.5% top-1 accuracy and 90.2% top-5 accuracy."))
    assert held(record, "results") == [(91.5, ("top1_beyond_top5",))]
    assert [(r["metric"], r["value"]) for r in record["results"]] == [("top-5 accuracy", 90.2)]


def test_a_fraction_among_percentages_is_held_back():
    results = [{"benchmark": "COCO", "metric": "AP", "value": 42.1},
               {"benchmark": "COCO", "metric": "AP", "value": 0.42}]
    ctx = PaperContext.of(None, results, [])
    assert failed_checks("results", results[1], ctx) == ["fraction_among_percentages"]
    # a paper that prints every score as a fraction is read as it prints them
    alone = PaperContext.of(None, results[1:], [])
    assert failed_checks("results", results[1], alone) == []


@pytest.mark.parametrize("paper, month", [("1512.03385", "2015-12"), ("2104.02057v3", "2021-04"),
                                          ("alexnet_nips2012", None), ("hep-th/9901001", None)])
def test_submission_month_from_the_arxiv_id(paper: str, month: str | None):
    assert submitted_month(paper) == month


def test_an_accelerator_released_after_the_paper_is_held_back():
    text = paper_from("We train our models on 8 NVIDIA A100 GPUs.")
    early = extract_text("1512.03385", text)
    assert held(early, "hardware") == [(8, ("accelerator_after_paper",))]
    assert early["hardware"] == []
    assert extract_text("2012.00001", text)["hardware"][0]["accelerator"] == "NVIDIA A100"


def test_a_training_time_longer_than_any_run_is_held_back():
    record = extract_text("t", paper_from("Training our model takes 400 days on 8 GPUs.",
                                          "The small model trains in 3 days."))
    assert held(record, "training_time") == [(9600.0, ("training_time_outside_range",))]
    assert [t["hours"] for t in record["training_time"]] == [72.0]


@pytest.mark.parametrize("field, fact, check", [
    ("hardware", {"accelerator": "NVIDIA V100", "count": 80000}, "count_outside_range"),
    ("device_time", {"device_hours": 5e8}, "device_time_outside_range"),
    ("parameters", {"model": "m", "value": 2.55e13}, "parameters_outside_range"),
    ("compute", {"kind": "per_forward", "unit": "FLOPs", "value": 2.06e13, "subject": "7 x 7"},
     "operations_outside_range"),
    ("compute", {"kind": "training_total", "unit": "PF-days", "value": 3e7, "subject": None},
     "operations_outside_range"),
])
def test_ranges(field: str, fact: dict, check: str):
    assert failed_checks(field, fact, PaperContext()) == [check]


def test_parameters_beyond_the_operations_beside_them():
    compute = [{"kind": "per_forward", "unit": "FLOPs", "value": 4.1e9, "subject": "ResNet-50"},
               {"kind": "per_forward", "unit": "MACs", "value": 8.6e6, "subject": "MoE-4096-h"}]
    ctx = PaperContext.of(None, [], compute)
    # "ResNet-50 4.1 / 25.6 76.1": the accuracy column read as billions of parameters
    assert failed_checks("parameters", {"model": "ResNet-50", "value": 76.1e9}, ctx) == [
        "parameters_above_operations"]
    assert failed_checks("parameters", {"model": "ResNet-50", "value": 25.6e6}, ctx) == []
    # a mixture of experts uses few of its weights per example
    assert failed_checks("parameters", {"model": "MoE-4096-h", "value": 4.3e9}, ctx) == []


def test_held_back_facts_are_stored_with_their_reasons_but_not_trended(tmp_path: Path):
    db = tmp_path / "w.duckdb"
    with writer(db) as con:
        for i in range(3):
            good = top1(30.0 - 4 * i)
            add_paper(con, f"2001.0000{i}", datetime(2017 + i, 2, 1, tzinfo=UTC),
                      hardware=[hw("NVIDIA V100", 8 * (i + 1))],
                      training_time=[{"hours": 24.0 * (i + 1), "hours_low": None,
                                      "subject": None}],
                      results=[good], models=[model("m", results=(good,))])
        # the rules also read a 3% top-1 error (a top-5 column) in the last paper
        bad = {**top1(3.0), "checks": ["score_outside_range"], "field": "results",
               "quote": "row", "page": 2}
        load.upsert_paper(con, {"arxiv_id": "2001.00009", "version": 1, "title": "t",
                                "published": datetime(2020, 2, 1, tzinfo=UTC), "status": "ok"})
        load.replace_facts(con, "2001.00009", 1, {
            "extractor_version": "test", "mentions": [],
            "hardware": [{**hw("NVIDIA V100", 64), "quote": "q", "page": 1}],
            "training_time": [{"hours": 100.0, "hours_low": None, "subject": None,
                               "quote": "q", "page": 1}],
            "results": [{**top1(17.0), "quote": "q", "page": 1}], "held_back": [bad],
            "models": [model("big", results=(top1(17.0),)),
                       {**model("big-5"), "results": [{**top1(3.0), "quote": "row", "page": 2,
                                                       "rule": "table_row",
                                                       "checks": ["score_outside_range"]}]}]})
    with duckdb.connect(str(db), read_only=True) as con:
        stored = con.execute("select value, checks from paper_results "
                             "where arxiv_id = '2001.00009' order by value").fetchall()
        assert stored == [(3.0, ["score_outside_range"]), (17.0, [])]
        why = con.execute("select arxiv_id, field, check_name, description, page "
                          "from fact_checks").fetchall()
        assert [w[:3] for w in why] == [("2001.00009", "results", "score_outside_range")]
        assert "ever had" in why[0][3] and why[0][4] == 2
        errors = con.execute("select error from trend_points where arxiv_id = '2001.00009' "
                             "and compute_measure = 'hardware_burden'").fetchall()
        assert errors == [(0.17,)]
        assert con.execute("select count(*) from results_normalised where value = 3.0"
                           ).fetchone() == (0,)


def test_facts_extracted_before_the_checks_still_reach_the_trends(tmp_path: Path):
    db = tmp_path / "w.duckdb"
    with writer(db) as con:
        add_paper(con, "2001.00001", datetime(2019, 2, 1, tzinfo=UTC), results=[top1(21.0)])
        # as an older extractor left it: no checks were run on the fact
        con.execute("update paper_results set checks = null")
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select value from checked_results").fetchall() == [(21.0,)]
        assert con.execute("select count(*) from fact_checks").fetchone() == (0,)
