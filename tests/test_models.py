"""Models as rows and the training schedule, on a paper written with PyMuPDF and read back
the way every paper is; then through the warehouse to the study's per-model trend points."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from flopwatch.demo.sample import render_pdf
from flopwatch.extractors.models import model_name
from flopwatch.extractors.paper import extract_pdf
from flopwatch.warehouse import load
from flopwatch.warehouse.db import writer
from tests.test_extract_rules import facts
from tests.test_warehouse_views import add_paper

PAPER = {
    "arxiv_id": "2203.90001", "version": 1, "title": "TinyNet: Small Networks for Images",
    "authors": ["Ada Sample"], "categories": ["cs.CV"], "published": "2022-03-01T00:00:00Z",
    "updated": "2022-03-01T00:00:00Z",
    "abstract": "We present TinyNet, a family of small convolutional networks.",
    "sections": [
        {"heading": "1 Training",
         "paragraphs": [
             "We train every TinyNet for 350 epochs with a batch size of 4096 and a learning "
             "rate warm-up for 5 epochs. TinyNet-S was trained on 32 NVIDIA V100 GPUs for "
             "3 days."]},
        {"heading": "2 Results",
         "paragraphs": ["Table 1 compares TinyNet with other networks on ImageNet."],
         "table": {"caption": "Table 1: Classification on the ImageNet validation set.",
                   "header": ["Model", "Params", "FLOPs", "Top-1 Acc. (%)"],
                   "rows": [["ResNet-50 [12]", "25.6M", "4.1B", "76.1"],
                            ["TinyNet-S (ours)", "5.3M", "0.39B", "77.1"],
                            ["TinyNet-L (ours)", "19M", "1.8B", "82.4"]]}},
    ],
}


@pytest.fixture(scope="module")
def record(tmp_path_factory: pytest.TempPathFactory) -> dict:
    path = tmp_path_factory.mktemp("models") / "2203.90001.pdf"
    path.write_bytes(render_pdf(PAPER))
    return extract_pdf(path)


def test_each_table_row_is_a_model_with_its_own_values(record: dict):
    models = {m["model"]: m for m in record["models"]}
    assert {"TinyNet-S", "TinyNet-L"} <= set(models)
    large = models["TinyNet-L"]
    assert large["own"] is True
    assert large["parameters"]["value"] == 19e6
    assert large["ops_forward_pass"]["value"] == 1.8e9
    assert large["ops_forward_pass"]["quote"].startswith("TinyNet-L") and \
        "19M 1.8B 82.4" in large["ops_forward_pass"]["quote"]
    assert [(r["benchmark"], r["metric"], r["value"]) for r in large["results"]] == [
        ("ImageNet", "top-1 accuracy", 82.4)]
    assert all(r["checks"] == [] and r["page"] >= 1 for r in large["results"])
    assert models["TinyNet-S"]["ops_forward_pass"]["value"] == 0.39e9


def test_a_training_time_belongs_to_the_model_its_sentence_names(record: dict):
    assert [(t["hours"], t["subject"]) for t in record["training_time"]] == [(72.0, "TinyNet-S")]


def test_the_schedule_is_the_longest_run_not_the_warm_up(record: dict):
    schedule = {s["kind"]: s["value"] for s in record["training_schedule"]}
    assert schedule == {"epochs": 350, "batch_size": 4096}


@pytest.mark.parametrize("sentence, expected", [
    ("The model is trained for 600k iterations with a mini-batch size of 256.",
     {"iterations": 600e3, "batch_size": 256}),
    ("We pre-train on 300B tokens with a sequence length of 2048 tokens.",
     {"tokens": 300e9}),
    ("We use a 90-epoch schedule, and the learning rate is divided by 10 every 30 epochs.",
     {"epochs": 90}),
    ("Training runs for 1.2M steps.", {"iterations": 1.2e6}),
    ("As in [4], the network is trained for 120 epochs.", {}),
])
def test_schedule_sentences(sentence: str, expected: dict):
    found = {s["kind"]: s["value"] for s in facts(sentence, field="training_schedule")}
    assert found == expected


@pytest.mark.parametrize("label, name", [
    ("• ConvNeXt-XL‡", "ConvNeXt-XL"), ("TinyNet-L (ours)", "TinyNet-L"),
    ("MobileNetV2 (1.4)", "MobileNetV2 (1.4)"), ("✓ ✓", None), ("", None), ("320", None),
])
def test_model_names_from_row_labels(label: str, name: str | None):
    assert model_name(label) == name


def test_trend_points_pair_each_models_own_compute_and_score(record: dict, tmp_path: Path):
    """The study's method: FLOPs and score of the same model, never the paper's largest FLOP
    count beside its best score; the training setup goes to the model it was stated for."""
    db = tmp_path / "w.duckdb"
    with writer(db) as con:
        load.upsert_paper(con, {"arxiv_id": "2203.90001", "version": 1, "title": "TinyNet",
                                "published": datetime(2022, 3, 1, tzinfo=UTC), "status": "ok"})
        load.replace_facts(con, "2203.90001", 1, record)
        points = {r[0]: r[1:] for r in con.execute(
            "select compute_measure, model, compute, error from trend_points "
            "where source = 'extracted'").fetchall()}
        method = con.execute("select estimation_method from compute_estimates "
                             "where arxiv_id = '2203.90001'").fetchone()
        stored = con.execute("select model, variant, ops_forward_pass, ops_quote, "
                             "results[1].value from paper_models where model = 'TinyNet-L'"
                             ).fetchall()
    assert points["ops_forward_pass"] == ("TinyNet-L", 1.8e9, pytest.approx(0.176))
    assert points["network_operations"] == (
        "TinyNet-L", pytest.approx(1.8e9 * 3 * 350 * 1281167), pytest.approx(0.176))
    # 32 V100 x 72 h at the FP32 peak (15.7 TFLOP/s), given to TinyNet-S, whose time it is
    assert points["hardware_burden"] == (
        "TinyNet-S", pytest.approx(32 * 72 * 3600 * 15.7e12), pytest.approx(0.229))
    assert method == ("operation counting",)
    assert stored[0][:3] == ("TinyNet-L", 1, 1.8e9) and "1.8B" in stored[0][3]


def test_a_baseline_row_never_stands_for_the_paper(tmp_path: Path):
    from tests.test_warehouse_views import model, top1

    db = tmp_path / "w.duckdb"
    with writer(db) as con:
        # the paper's own model has no FLOPs; the baseline row beside it does
        add_paper(con, "2001.00001", datetime(2020, 1, 1, tzinfo=UTC),
                  models=[model("Ours", results=(top1(20.0),)),
                          model("ResNet-152", flops=2.3e10, results=(top1(21.7),), own=False)])
        assert con.execute("select count(*) from trend_points where source = 'extracted' "
                           "and compute_measure = 'ops_forward_pass'").fetchone() == (0,)
