"""The extraction rules on short texts: what a careful reader would take from a sentence."""

from __future__ import annotations

import re

import pytest

from flopwatch.extractors.paper import extract_text
from flopwatch.extractors.pdf_text import Block, Page, PdfText
from flopwatch.extractors.tables.ownership import holds_name as _holds_name


def paper_from(*paragraphs: str, pages: list[list[str]] | None = None) -> PdfText:
    out = []
    for number, paras in enumerate(pages or [list(paragraphs)], start=1):
        blocks, offset = [], 0
        for i, text in enumerate(paras):
            blocks.append(Block(offset, 100.0 + 20 * i, 110.0 + 20 * i, text))
            offset += len(text) + 2
        out.append(Page(number, "\n\n".join(paras), (), tuple(blocks), 612.0))
    return PdfText(out)


def facts(*paragraphs: str, field: str) -> list[dict]:
    record = extract_text("t", paper_from(*paragraphs))
    return [{k: v for k, v in it.items() if k not in {"quote", "page"}} for it in record[field]]


@pytest.mark.parametrize("sentence, expected", [
    ("We trained our models on one machine with 8 NVIDIA P100 GPUs.",
     ("NVIDIA P100", 8, "devices", "training")),
    ("Inference latency is measured on a single Tesla V100 with batch size 1.",
     ("NVIDIA V100", 1, "devices", "inference")),
    ("Our detector has a lower time cost (on a V100 GPU) than the ResNet baseline.",
     ("NVIDIA V100", 1, "devices", "inference")),
    # the generation before the name, as papers also write it
    ("Fine-tuning the largest model takes 64 v3 TPU chips for two days.",
     ("Google TPU v3", 64, "chips", "training")),
    ("The model was trained on 4 machines with 8 GPUs each for a week.",
     ("NVIDIA GPU (unspecified)", 32, "devices", "training")),
    ("Fine-tuning takes 30 minutes on a single Cloud TPU v3-8.",
     ("Google TPU v3", 8, "cores", "training")),
    ("We pre-train on 512 TPU v3 chips for 500K steps.",
     ("Google TPU v3", 512, "chips", "training")),
    ("Our network takes between five and six days to train on two GTX 580 3GB GPUs.",
     ("NVIDIA GTX 580", 2, "devices", "training")),
    ("We train with a batch of 256 on eight Tesla V100-SXM2-32GB GPUs.",
     ("NVIDIA V100", 8, "devices", "training")),
    ("Each model is trained on a GeForce GTX 1080Ti GPU.",
     ("NVIDIA GTX 1080 Ti", 1, "devices", "training")),
    ("Training used four NVIDIA Titan Black GPUs.", ("NVIDIA Titan Black", 4, "devices",
                                                     "training")),
    # the hosts are counted in the sentence before
    ("The model is trained in a distributed setting with a parameter server and 12 workers. "
     "Additionally, each worker uses 8 GPUs and a minibatch of 128.",
     ("NVIDIA GPU (unspecified)", 96, "devices", "training")),
    ("Latency is measured on a single large core of the Google Pixel 1 phone.",
     ("CPU", 1, "cores", "inference")),
    ("CPU timings are measured on one host with 48 hyperthreaded cores (Intel Xeon E5-2680).",
     ("CPU", 48, "cores", "inference")),
    ("We use 32 machines where each machine runs 16 cores, for a total of 512 CPU cores "
     "training a single large network.", ("CPU", 512, "cores", "training")),
    # a DGX-2 node holds 16 V100s (the catalog's "systems")
    ("We use 6 DGX-2 machines to train the models.", ("NVIDIA V100", 96, "devices", "training")),
    ("The implementation is GPU-based.", ("NVIDIA GPU (unspecified)", None, "devices",
                                          "training")),
    ("We further benchmark CPU inference time for each of the 12 models.",
     ("CPU", None, "devices", "inference")),
    # accelerators of the catalog's later entries; a model number is no count
    ("Our networks were trained with 4 Quadro RTX 6000 cards.",
     ("NVIDIA Quadro RTX 6000", 4, "devices", "training")),
    ("Pre-training ran on 256 NVIDIA H800 GPUs.", ("NVIDIA H800", 256, "devices", "training")),
    ("The 7B model was trained on 1024 A800 GPUs.", ("NVIDIA A800", 1024, "devices", "training")),
    ("We fine-tune on 64 TPUv5e chips.",
     ("Google TPU v5e", 64, "chips", "training")),
    ("Fine-tuning runs on two NVIDIA L40S GPUs.", ("NVIDIA L40S", 2, "devices", "training")),
    # an alias written as one word
    ("Every model is trained on a CloudTPUv3 with 8 cores.",
     ("Google TPU v3", 8, "cores", "training")),
    # the count in parentheses after the name, or as an adjective before it
    ("Our largest run used a TPU v4 Pod (4,096 TPU chips) for a month.",
     ("Google TPU v4", 4096, "chips", "training")),
    ("Each ablation is trained on a 16-core TPUv3 slice.",
     ("Google TPU v3", 16, "cores", "training")),
    # a device time names the accelerator, not how many
    ("Our largest sweep consumed about 3500 H100 days.",
     ("NVIDIA H100", None, "devices", "training")),
])
def test_hardware(sentence: str, expected: tuple):
    found = facts(sentence, field="hardware")
    assert [(f["accelerator"], f["count"], f["count_unit"], f["role"]) for f in found] == [
        expected]


@pytest.mark.parametrize("sentence", [
    "AlexNet was trained on two GTX 580 GPUs for six days [12].",
    "As reported by Smith et al., 64 V100 GPUs were used.",
    "Peak throughput is 125 TFLOPS.",
    "We compare to results reported in Wu et al. (2016) who use Nvidia K80 GPUs.",
    "A single GTX 580 GPU has only 3GB of memory, which limits the size of the networks.",
    # points of comparison and capacities, not setups
    "Gradient computation is synchronous across the GPUs, so the result is exactly the same "
    "as when training on a single GPU.",
    "Our training examples are enough to train networks which are too big to fit on one GPU.",
    # a short model number that labels a part of the paper, or names a loss
    "The ablation in Table A10 trains 8 variants on our GPUs.",
    "We add the L4 penalty of Appendix B to the training loss.",
    "A TPU v4 core has 16 GB of high-bandwidth memory.",    # what one is
    # an estimate, not a run
    "We estimate that a tenfold larger model would need 9000 A100 days.",
])
def test_hardware_of_others_or_no_hardware_is_not_listed(sentence: str):
    assert facts(sentence, field="hardware") == []


@pytest.mark.parametrize("sentence", [
    "The same 16 V100 GPUs serve for training and inference.",
    "Both pre-training and deployment use 4 A10 GPUs.",
])
def test_hardware_used_for_both_roles_is_listed_for_each(sentence: str):
    found = facts(sentence, field="hardware")
    assert sorted(f["role"] for f in found) == ["inference", "training"]
    assert len({(f["accelerator"], f["count"]) for f in found}) == 1


def test_a_timing_beside_training_is_inference_alone():
    found = facts("Inference latency and training throughput are timed on one T4 GPU.",
                  field="hardware")
    assert [(f["accelerator"], f["role"]) for f in found] == [("NVIDIA T4", "inference")]


@pytest.mark.parametrize("sentence, hours, low", [
    ("The big models were trained for 300,000 steps (3.5 days).", 84.0, None),
    ("Training took between five and six days on two GPUs.", 144.0, 120.0),
    ("We trained the base model for 12 hours.", 12.0, None),
    ("Training a single net took 2–3 weeks depending on the architecture.", 504.0, 336.0),
    ("We trained each model for approximately 5 days.", 120.0, None),
    ("Training the 101-layer network took two weeks.", 336.0, None),
    # an upper bound, or the time at which the run ends, is the run's time
    ("All our variants are trained on 8 GPUs and complete within 1.5 days.", 36.0, None),
    ("Fine-tuning converges within 3 hours.", 3.0, None),
    ("Pre-training finishes after 34 hours.", 34.0, None),
])
def test_training_time(sentence: str, hours: float, low: float | None):
    found = facts(sentence, field="training_time")
    assert [(f["hours"], f["hours_low"]) for f in found] == [(hours, low)]


@pytest.mark.parametrize("sentence", [
    "Each epoch takes 2 hours on our machine.",     # no training verb for the run
    "Training takes 40 minutes per epoch.",
    "In recent years, training large models has become common.",
    "We evaluate the checkpoint after 2 hours of training.",     # a point in the run
    "Our estimate shows that a larger network could be trained in under a week.",
])
def test_not_training_time(sentence: str):
    assert facts(sentence, field="training_time") == []


@pytest.mark.parametrize("sentence, hours", [
    ("In total the experiments used about 12,000 GPU hours.", 12000.0),
    ("Training all models would have required 22 TPU v3 core-years.", 22 * 8760.0),
    ("The search took 2,000 GPU-days.", 48000.0),
    ("Pre-training needs roughly 110k TPU-v4 core hours.", 110000.0),
    ("For the 300-epoch ViT-H, this amounts to ∼625 TPU·days.", 15000.0),
])
def test_device_time(sentence: str, hours: float):
    found = facts(sentence, field="device_time")
    assert [f["device_hours"] for f in found] == [pytest.approx(hours)]


@pytest.mark.parametrize("sentence, kind, value, unit", [
    ("Our model needs 3.8 billion FLOPs per image.", "per_forward", 3.8e9, "FLOPs"),
    ("It has 569M Mult-Adds.", "per_forward", 5.69e8, "MACs"),
    ("SE-ResNet-50 requires 3.87 GFLOPs.", "per_forward", 3.87e9, "FLOPs"),
    ("We estimate the training cost at 2.3e19 FLOPs.", "training_total", 2.3e19, "FLOPs"),
    ("Training the model used 3640 petaflop/s-days.", "training_total", 3640.0, "PF-days"),
])
def test_compute(sentence: str, kind: str, value: float, unit: str):
    found = facts(sentence, field="compute")
    assert [(f["kind"], f["unit"]) for f in found] == [(kind, unit)]
    assert found[0]["value"] == pytest.approx(value)


@pytest.mark.parametrize("sentence, value", [
    ("Our 50-layer model has 25.6M parameters.", 25_600_000),
    ("We built a larger version with 1.5 billion parameters.", 1_500_000_000),
    ("The large model has 340M parameters.", 340_000_000),
    # weights are parameters, and the sentence filter reads them as such
    ("Flan-T5-small has 77 million weights.", 77_000_000),
    # a size that names the authors' own model, without the word "parameters"
    ("Our largest 12B model was trained for two weeks.", 12_000_000_000),
    ("We release a 2.8B Transformer language model.", 2_800_000_000),
    # a citation after the value, but the "our" is nearer to it
    ("We train our 30B parameter model with the recipe of Smith et al. (2020).",
     30_000_000_000),
])
def test_parameters(sentence: str, value: int):
    assert [f["value"] for f in facts(sentence, field="parameters")] == [value]


@pytest.mark.parametrize("sentence", [
    # the citation is nearer to the value than the "we": the compared model is others'
    "First, we compare to the Zephyr 540B parameter model (Chowdhery et al., 2022).",
    "In contrast to earlier work on a 11B model [23], we study transfer.",
    # a size naming a model, with nobody's "we": anyone's model
    "A 285M Transformer is competitive with the 358M recurrent baseline.",
    # a question reports nothing
    "Would a 90B model trained on fewer tokens do better?",
])
def test_others_and_hypothetical_model_sizes_are_not_ours(sentence: str):
    assert facts(sentence, field="parameters") == []


def test_parameter_differences_are_not_model_sizes():
    assert facts("Our block uses 1.5M fewer parameters than the baseline.",
                 field="parameters") == []
    # weights without a magnitude are a count of something else ("8-bit weights")
    assert facts("We store 8 weights per channel in 16-bit format.", field="parameters") == []


@pytest.mark.parametrize("sentence, benchmark, metric, value", [
    ("Our model reaches 76.3% top-1 accuracy on ImageNet.", "ImageNet", "top-1 accuracy",
     76.3),
    ("On the WMT 2014 English-to-German task our model achieves 28.4 BLEU.",
     "WMT2014 En-De", "BLEU", 28.4),
    ("Our single model obtains 85.1 EM on the SQuAD v1.1 development set.", "SQuAD 1.1",
     "EM", 85.1),
    ("We obtain a test error of 3.65% on CIFAR-10.", "CIFAR-10", "error", 3.65),
    ("Our detector reaches 58.3 AP50 on COCO test-dev.", "COCO", "AP50", 58.3),
    ("Our detector reaches 58.3 mAP@0.5 on COCO test-dev.", "COCO", "AP50", 58.3),
    ("On COCO our PASCAL-style mAP is 35.9%.", "COCO", "AP50", 35.9),
    ("We applied Fast R-CNN to the MS COCO dataset. The PASCAL-style mAP is 35.9%.", "COCO",
     "AP50", 35.9),
    ("On CIFAR-100, dropout reduces the error from 43.48% to 37.20% in our runs.",
     "CIFAR-100", "error", 37.20),
    ("Our ensemble reaches 4.9% top-5 validation error on ImageNet (and 4.8% test error).",
     "ImageNet", "top-5 error", 4.8),
])
def test_results(sentence: str, benchmark: str, metric: str, value: float):
    found = facts(sentence, field="results")
    assert [(f["benchmark"], f["metric"], f["value"]) for f in found] == [
        (benchmark, metric, value)]


@pytest.mark.parametrize("sentence", [
    "Our attention module improves AP by 1.4 on COCO.",
    "On PASCAL VOC 2007 our mAP is 76.4%.",
    "ResNet-152 reaches 78.6% top-1 accuracy on ImageNet [14].",
    "Snoek et al. (2012) used Bayesian optimisation to obtain an error of 14.98% on CIFAR-10.",
    "As detailed in [29], this network achieved an accuracy of 15.0% on ImageNet.",
    # top-1 or top-5? The sentence does not say, and ImageNet reports both.
    "Fine-tuning it on ILSVRC-2012 gives an error rate of 16.6%.",
])
def test_deltas_and_cited_scores_are_not_results(sentence: str):
    assert facts(sentence, field="results") == []


def test_reference_list_is_not_read():
    record = extract_text("t", paper_from(
        "We trained on 8 NVIDIA V100 GPUs for 3 days.",
        "References",
        "[1] A. Author. Training on 64 TPU v3 chips for 2 weeks. In ICML, 2019.",
    ))
    assert [h["count"] for h in record["hardware"]] == [8]
    assert [t["hours"] for t in record["training_time"]] == [72.0]


def test_every_value_keeps_its_evidence():
    text = paper_from("Intro text without numbers.",
                      "We trained our models on one machine with 8 NVIDIA P100 GPUs.")
    record = extract_text("t", text)
    hw = record["hardware"][0]
    assert hw["page"] == 1 and "8 NVIDIA P100 GPUs" in hw["quote"]
    mention = next(m for m in record["mentions"] if m["field"] == "hardware")
    page_text = text.pages[0].text
    assert page_text[mention["start"]:mention["end"]] == "P100"
    assert mention["rule"] == "accelerator_count" and record["extractor_version"]


def test_tpu_cores_after_the_name_beat_the_article():
    found = facts("It could be trained using a standard cloud TPUv3 with 8 cores in 30 days.",
                  field="hardware")
    assert [(f["accelerator"], f["count"], f["count_unit"]) for f in found] == [
        ("Google TPU v3", 8, "cores")]


def _table_page(*rows: tuple[str, ...], caption: str = "Table 1: Models on ImageNet.") -> Page:
    """A page with a captioned table: cells 60 pt apart, rows 12 pt apart."""
    from flopwatch.extractors.pdf_text import Cell, Row

    built = tuple(Row(1, 100.0 + 12 * i, tuple(Cell(text, 50.0 + 60 * j, 90.0 + 60 * j)
                                               for j, text in enumerate(cells)))
                  for i, cells in enumerate(rows))
    return Page(1, caption, built, (Block(0, 80.0, 90.0, caption),), 612.0)


def test_operations_times_views_give_the_operations_of_one_view():
    """Video papers (SlowFast's Table 2) count inference as "GFLOPs×views": "65.7 × 30" is
    65.7 GFLOPs a view, tested on 30 views; a product under any other header is not read."""
    from flopwatch.extractors import tables

    page = _table_page(("model", "top-1", "top-5", "GFLOPs×views"),
                       ("SlowFast 8×8, R50", "77.0", "92.6", "65.7 × 30"),
                       ("SlowFast 16×8, R101", "78.9", "93.5", "213 × 30"),
                       caption="Table 2: Comparison on Kinetics-400.")
    assert [(f.label, f.value) for f in tables.facts(page, ["ImageNet"])
            if f.kind == "compute"] == [("SlowFast 8×8, R50", pytest.approx(65.7e9)),
                                        ("SlowFast 16×8, R101", pytest.approx(213e9))]
    resolution = _table_page(("model", "GFLOPs", "input"),
                             ("Net-A", "4.1", "224 × 224"))
    assert [f.value for f in tables.facts(resolution, ["ImageNet"])
            if f.kind == "compute"] == [pytest.approx(4.1e9)]


def test_datasets_over_the_header_line_head_groups_of_its_columns():
    """RepLKNet's Table 5: "ImageNet | ADE20K" over "Top-1 Params FLOPs mIoU Params FLOPs":
    the model and its segmentation model each have a size and an operation count."""
    from flopwatch.extractors import tables
    from flopwatch.extractors.pdf_text import Cell, Row

    page = _table_page(("Kernel size", "Top-1", "Params", "FLOPs", "mIoU", "Params", "FLOPs"),
                       ("RepLKNet-31", "83.07", "79.3M", "15.3G", "49.17", "111.7M", "1170G"))
    # each dataset centred over its three columns, 10 pt over their names
    datasets = Row(1, 90.0, (Cell("ImageNet", 150.0, 210.0), Cell("ADE20K", 330.0, 390.0)))
    page = Page(1, page.text, (datasets, *page.rows), page.blocks, 612.0)
    found = sorted((f.kind, f.value) for f in tables.facts(page, ["ImageNet"])
                   if f.kind != "result")
    assert found == [("compute", pytest.approx(15.3e9)), ("compute", pytest.approx(1170e9)),
                     ("parameters", pytest.approx(79.3e6)),
                     ("parameters", pytest.approx(111.7e6))]


def test_a_name_set_once_for_a_block_of_rows_names_each_row():
    """MoCo's Table 1: "MoCo | R50 | 24 | 60.6" then "RX50 | 46 | 63.9": the method is
    written once, on the block's first row; the rows under it are the same method's. A
    row starting with its values, or under a kind of layer ("Pooling"), takes nothing."""
    from flopwatch.extractors import tables
    from flopwatch.extractors.pdf_text import Cell, Row

    def row(y: float, *cells: tuple[float, str]) -> Row:
        return Row(1, y, tuple(Cell(text, x, x + 40) for x, text in cells))

    header = row(100, (50, "method"), (110, "architecture"), (170, "#params (M)"),
                 (230, "accuracy (%)"))
    page = Page(1, "Table 1: ImageNet linear classification.", (
        header,
        row(112, (50, "CPC v2 [1]"), (110, "R170wider"), (170, "303"), (230, "71.5")),
        row(124, (50, "MoCo"), (110, "R50"), (170, "24"), (230, "60.6")),
        row(136, (110, "RX50"), (170, "46"), (230, "63.9")),
        row(148, (110, "R50w4×"), (170, "375"), (230, "68.6")),
    ), (Block(0, 80.0, 90.0, "Table 1: ImageNet linear classification."),), 612.0)
    found = [(f.label, f.value) for f in tables.facts(page, ["ImageNet"], ("moco",))
             if f.kind == "parameters"]
    assert found == [("MoCo R50", 24e6), ("MoCo RX50", 46e6), ("MoCo R50w4×", 375e6)]

    pooling = Page(1, page.text, (
        header,
        row(112, (50, "Pooling"), (110, "PoolFormer-S36"), (170, "31"), (230, "81.4")),
        row(124, (110, "PoolFormer-M48"), (170, "73"), (230, "82.5")),
    ), page.blocks, 612.0)
    assert [f.label for f in tables.facts(pooling, ["ImageNet"], ("poolformer",))
            if f.kind == "parameters"] == ["PoolFormer-M48"]


@pytest.mark.parametrize("header, metric", [
    ("APbb", "AP"), ("APbb 50", "AP50"), ("APb", "AP"), ("APbox 50", "AP50"),
    ("AP@IoU=0.5", "AP50"), ("APmk", None), ("APm", None)])
def test_how_detection_tables_spell_box_ap(header: str, metric: str | None):
    """Box AP with its subscript run into the name ("APbb" and "APbb" over "50" in BoTNet
    and Mask R-CNN tables); the mask's AP ("APmk", "APm") is not COCO box AP."""
    from flopwatch.extractors.pdf_text import Cell
    from flopwatch.extractors.tables.columns import column_of

    col = column_of(Cell(header, 0.0, 40.0))
    assert (col.metric if col else None) == metric


def test_a_heading_over_a_group_of_columns_is_not_part_of_their_names():
    """PVT's Table 3: "Mask R-CNN 1x | Mask R-CNN 3x + MS" over "AP AP50 | AP AP50": each
    schedule's AP50 column is an AP50 column (the heading merged into the first column's
    name once hid the second group). "BLEU" over "EN-DE EN-FR" still names its columns."""
    from flopwatch.extractors import tables
    from flopwatch.extractors.pdf_text import Cell, Row

    caption = "Table 3: Object detection and instance segmentation on COCO val2017."
    page = Page(1, caption, (
        Row(1, 100.0, (Cell("#Param", 60, 90), Cell("Mask R-CNN 1x", 110, 230),
                       Cell("Mask R-CNN 3x + MS", 250, 370))),
        Row(1, 110.0, (Cell("(M)", 65, 85), Cell("AP", 110, 140), Cell("AP50", 170, 200),
                       Cell("AP", 250, 280), Cell("AP50", 310, 340))),
        Row(1, 122.0, (Cell("PVT-Large (ours)", 5, 55), Cell("81.0", 65, 85),
                       Cell("42.9", 120, 140), Cell("65.0", 175, 195), Cell("44.5", 255, 275),
                       Cell("66.0", 315, 335))),
    ), (Block(0, 80.0, 90.0, caption),), 612.0)
    found = [(f.kind, f.column.metric, f.value) for f in tables.facts(page, ["COCO"])]
    assert found == [("parameters", "", 81e6), ("result", "AP", 42.9),
                     ("result", "AP50", 65.0), ("result", "AP", 44.5), ("result", "AP50", 66.0)]


def test_a_row_the_next_row_builds_on_is_a_baseline():
    from flopwatch.extractors import tables

    page = _table_page(("Model", "Params", "ops/timestep", "Top-1"),
                       ("MnasNet-1.0", "3.9M", "315M", "75.2"),
                       ("AA-MnasNet-1.0", "4.1M", "350M", "75.7"),
                       ("LSTM-CRF", "5.0M", "20M", "74.0"),
                       ("LSTM-CRF (no char)", "4.0M", "18M", "73.1"))
    found = [(f.label, f.kind, f.value, f.column.unit)
             for f in tables.facts(page, ["ImageNet"]) if f.kind == "compute"]
    # "ops" alone counts multiply-adds; a parenthetical qualifies a row, it is no new model
    assert found == [("AA-MnasNet-1.0", "compute", 350e6, "MACs"),
                     ("LSTM-CRF", "compute", 20e6, "MACs"),
                     ("LSTM-CRF (no char)", "compute", 18e6, "MACs")]


def test_unit_before_the_number_in_parentheses():
    found = facts("This brings the network to 80.5% with increased FLOPs (5.3G).",
                  field="compute")
    assert [(f["value"], f["unit"]) for f in found] == [(pytest.approx(5.3e9), "FLOPs")]


def test_sentences_end_at_stops_but_not_after_initials_or_abbreviations():
    from flopwatch.extractors.sentences import SENTENCE_END as _SENTENCE_END

    text = ("We follow Smith et al. The model (see Fig. 3) works, e.g. Transformer. "
            "It has 8 GPUs! Is it J. Smith? Yes. In the U.S. Army it is. A. Lee wrote "
            "the solver called FOO-B. The next model is NetA. Then we stop.")
    ends = [text[:m.end()].rsplit(" ", 1)[-1] for m in _SENTENCE_END.finditer(text)]
    assert ends == ["Transformer.", "GPUs!", "Smith?", "Yes.", "is.", "FOO-B.", "NetA."]


def test_a_name_ending_in_a_capital_ends_its_sentence():
    """The sentence before ("human") must not decide whether the time after it is one."""
    found = facts("It is compared with an expert human player and a planner called SOL-I. "
                  "The 300 iterations of our method took about 20 hours on a 16-core machine.",
                  field="training_time")
    assert [f["hours"] for f in found] == [20.0]


@pytest.mark.parametrize("sentence", [
    "Following [7], the encoder of this network uses the Inception [2] block and has 120M "
    "parameters.",
    "Following Ng et al. (2019), the decoder, with a ViT [5] stem, has 120M parameters.",
])
def test_a_recipe_followed_is_the_authors_own(sentence):
    assert [f["value"] for f in facts(sentence, field="parameters")] == [120e6]


def test_a_cited_model_is_not_ours():
    assert facts("The decoder, with a ViT [5] stem, has 120M parameters.",
                 field="parameters") == []


def _page_of(rows: list[tuple[float, list[tuple[int, str]]]]) -> Page:
    """A captioned table from (y, [(column index, text), ...]) rows, columns 60 pt apart."""
    from flopwatch.extractors.pdf_text import Cell, Row

    built = tuple(Row(1, y, tuple(Cell(t, 50.0 + 60 * j, 90.0 + 60 * j) for j, t in cells))
                  for y, cells in rows)
    caption = "Table 2: Training cost."
    return Page(1, caption, built, (Block(0, 80.0, 90.0, caption),), 612.0)


def test_a_header_over_three_lines_names_the_device_time_column():
    from flopwatch.extractors import tables

    page = _page_of([(100.0, [(2, "Steps"), (3, "TPU core"), (4, "BLEU")]),
                     (106.0, [(0, "Id"), (1, "Model")]),
                     (111.0, [(2, "per sec."), (3, "years"), (4, "avg.")]),
                     (125.0, [(0, "(2)"), (1, "MoE(2048E, 12L)"), (2, "2.15"), (3, "7.5"),
                              (4, "41.3")])])
    found = [(f.kind, f.value) for f in tables.facts(page, ["WMT2014"])
             if f.kind == "device_time"]
    assert found == [("device_time", pytest.approx(7.5 * 365 * 24))]


def test_a_transposed_row_keeps_the_columns_marked_ours():
    from flopwatch.extractors import tables

    page = _page_of([(100.0, [(1, "Ours-JFT"), (2, "Ours-I21k"), (3, "BiT-L"),
                              (4, "Noisy Student")]),
                     (120.0, [(0, "TPUv3-core-days"), (1, "2.5k"), (2, "0.23k"), (3, "9.9k"),
                              (4, "12.3k")])])
    found = [f.value for f in tables.transposed_facts(page) if f.kind == "device_time"]
    assert found == [pytest.approx(2500 * 24), pytest.approx(230 * 24)]


def test_a_transposed_row_keeps_the_columns_the_paper_names_as_its_own():
    """BoTNet's Table 1, models across: "ResNet-50 | BoTNet-50" over "# params. | 25.5×106 |
    20.8×106" and "M.Adds | 85.4×109 | 102.98×109" (10^6 and 10^9 lost their superscript):
    the column headed by the paper's model name is its own; "M.Adds" counts multiply-adds
    and its M is no "million"."""
    from flopwatch.extractors import tables

    page = _page_of([(100.0, [(0, "stage"), (1, "ResNet-50"), (2, "BoTNet-50")]),
                     (112.0, [(0, "# params."), (1, "25.5×106"), (2, "20.8×106")]),
                     (124.0, [(0, "M.Adds"), (1, "85.4×109"), (2, "102.98×109")])])
    found = [(f.kind, f.column.unit, f.value)
             for f in tables.transposed_facts(page, ("botnet",))]
    assert found == [("parameters", "", pytest.approx(20.8e6)),
                     ("compute", "MACs", pytest.approx(102.98e9))]
    # naming no column as its own, a paper's table gives every column
    assert len(tables.transposed_facts(page)) == 4


def test_a_title_that_is_a_name_marks_the_papers_columns():
    """"Fast R-CNN": a short title of capitalised words is the model's name; in its Table 4
    (models across) the training times under "Fast R-CNN" are the paper's, those under
    "R-CNN" another paper's."""
    from flopwatch.extractors import tables
    from flopwatch.extractors.model_names import model_names

    names = model_names(paper_from("Fast R-CNN", "Ross Girshick, Microsoft Research"))
    assert "fast r-cnn" in names
    assert "mixtral of experts" not in model_names(paper_from("Mixtral of Experts", "."))
    page = _page_of([(100.0, [(2, "Fast R-CNN"), (5, "R-CNN")]),
                     (112.0, [(1, "S"), (2, "M"), (3, "L"), (4, "S"), (5, "M"), (6, "L")]),
                     (124.0, [(0, "train time (h)"), (1, "1.2"), (2, "2.0"), (3, "9.5"),
                              (4, "22"), (5, "28"), (6, "84")])])
    assert [f.value for f in tables.transposed_facts(page, names)] == [1.2, 2.0, 9.5]


def test_a_bare_top1_accuracy_is_on_imagenet_only_in_a_paper_about_imagenet():
    """SlowFast: "producing 72.6% top-1 accuracy" in a paper that names Kinetics more than
    ImageNet is a Kinetics score; the same sentence in an ImageNet paper is ImageNet's."""
    sentence = "The Slow pathway alone is lightweight, producing 72.6% top-1 accuracy."
    video = facts("We report on Kinetics-400, Kinetics-600 and Kinetics-700, pre-trained "
                  "without ImageNet.", "Kinetics-400 has 240k videos.", sentence,
                  field="results")
    assert video == []
    image = facts("We report on ImageNet; ImageNet has 1.28M images.", sentence,
                  field="results")
    assert [(r["benchmark"], r["metric"], r["value"]) for r in image] == [
        ("ImageNet", "top-1 accuracy", 72.6)]


def test_a_gpu_count_belongs_to_the_gpu_its_sentence_names():
    found = facts("Models are trained on a cluster of 32 Tesla K40 GPUs, except for the last "
                  "two, which are trained on clusters of 64 and 128 GPUs.", field="hardware")
    assert sorted((f["accelerator"], f["count"]) for f in found) == [
        ("NVIDIA K40", 32), ("NVIDIA K40", 64), ("NVIDIA K40", 128)]


def test_a_device_count_beside_how_long_a_run_took_is_the_authors_setup():
    """MoCo v3: "We train our models in TPUs (v3) ... It takes 24 hours for ViT-B in 128
    GPUs (vs. 2.1 hours in 256 TPUs)": no training word, but a duration says it is a run;
    the TPU generation in parentheses names the TPUs the bare count uses."""
    found = facts("Training time. We train our models in TPUs (v3) that are publicly "
                  "available in Google Cloud Platform (GCP).",
                  "We also verify our models in GPUs using PyTorch. It takes 24 hours for "
                  "ViT-B in 128 GPUs (vs. 2.1 hours in 256 TPUs).", field="hardware")
    assert sorted((f["accelerator"], f["count"]) for f in found) == [
        ("Google TPU v3", 256), ("NVIDIA GPU (unspecified)", 128)]
    # without a duration (or training, or "we"), a count is not a setup
    assert facts("Large clusters have 128 GPUs and more.", field="hardware") == []


def test_a_device_a_figure_is_given_per_is_a_unit_not_a_setup():
    """GLaM: "Using 326W measured system power per TPU-v4 chip, this leads to ...": the
    chip is what the power is counted in; the chips trained on are said elsewhere."""
    assert facts("Using 326W measured system power per TPU-v4 chip, this leads to a total "
                 "energy consumption of 213 MWh.", field="hardware") == []
    assert [f["accelerator"] for f in facts(
        "The power measured on one TPU-v4 chip is 326W.", field="hardware")] == \
        ["Google TPU v4"]


def test_a_model_cards_hardware_lines_name_what_trained_and_what_serves():
    """Flan-PaLM's model card: "Hardware & Software for Training" heads "Hardware: TPU v3
    or TPU v4 (Jouppi et al., 2020)." (the citation is the chip's paper, not others' use),
    and "... for Deployment" heads the same line again: there it is inference hardware.
    PaLM's card puts the heading on the line itself. The counted 512 chips elsewhere do
    not hide what the card states."""
    found = facts("Flan-PaLM 540B takes approximately 512 v4 TPU chips for 37 hours.",
                  "Hardware & Software for Training",
                  "Hardware: TPU v3 or TPU v4 (Jouppi et al., 2020). Software: T5X.",
                  "Hardware & Software for Deployment",
                  "Hardware: TPU v3 or TPU v4 (Jouppi et al., 2020). Software: T5X.",
                  field="hardware")
    assert sorted((f["accelerator"], f["count"] or 0, f["role"]) for f in found) == [
        ("Google TPU v3", 0, "inference"), ("Google TPU v3", 0, "training"),
        ("Google TPU v4", 0, "inference"), ("Google TPU v4", 0, "training"),
        ("Google TPU v4", 512, "training")]
    palm = facts("Hardware & Software: Deployment Hardware: TPU v4 (Jouppi et al., 2020).",
                 field="hardware")
    assert [(f["accelerator"], f["role"]) for f in palm] == [("Google TPU v4", "inference")]


def test_a_count_before_a_device_word_and_another_noun_counts_that_noun():
    """BLOOM: "During training, on average, 1–2 GPU failures occurred each week": failures,
    not GPUs. MobileNetV2: "We use 16 GPU asynchronous workers": workers are hosts, each
    with a GPU, so 16 GPUs."""
    assert facts("During training, we faced issues with hardware failures: on average, "
                 "1–2 GPU failures occurred each week.", field="hardware") == []
    assert [(f["accelerator"], f["count"]) for f in facts(
        "We train our models using TensorFlow. We use 16 GPU asynchronous workers, and a "
        "batch size of 96.", field="hardware")] == [("NVIDIA GPU (unspecified)", 16)]


def test_a_device_named_as_a_yardstick_is_not_one_used():
    """ConvS2S: "an older K40 card which is inferior to a K80": the K80 is what the K40 is
    measured against; "compared to the ResNet50 on a single Tesla V100" still times on
    the V100 (the comparison is the model's, not the device's)."""
    found = facts("We measure GPU speed on an older K40 card which is inferior to a K80.",
                  field="hardware")
    assert [f["accelerator"] for f in found] == ["NVIDIA K40"]
    kept = facts("We see a small increase in latency times compared to the ResNet50 on a "
                 "single Tesla V100.", field="hardware")
    assert [(f["accelerator"], f["role"]) for f in kept] == [("NVIDIA V100", "inference")]


def test_the_kind_of_device_a_model_is_timed_on_is_inference_hardware():
    """DistilBERT: "the inference time needed to do a full pass ... on CPU (Intel Xeon
    E5-2690 v3 Haswell @2.9GHz) using a batch size of 1": CPUs, uncounted, for inference.
    DeiT says "inference time on GPU" and times on "a V100 GPU": the V100 says it all."""
    cpu = facts("We compare the inference time needed to do a full pass on the STS-B "
                "development set on CPU (Intel Xeon E5-2690 v3 Haswell @2.9GHz) using a batch "
                "size of 1.", field="hardware")
    assert [(f["accelerator"], f["count"], f["role"]) for f in cpu] == [
        ("CPU", None, "inference")]
    gpu = facts("The throughput is measured as the number of images processed per second on "
                "a V100 GPU.",
                "DeiT-B outperforms the state of the art on the trade-off between accuracy "
                "and inference time on GPU.", field="hardware")
    assert [(f["accelerator"], f["count"]) for f in gpu] == [("NVIDIA V100", 1)]


def test_a_gpu_count_belongs_to_the_only_gpu_the_paper_trains_on():
    found = facts("We train our models on NVIDIA H100 GPUs.",
                  "We trained the largest model on 1024 GPUs.", field="hardware")
    assert [(f["accelerator"], f["count"], f["role"]) for f in found] == [
        ("NVIDIA H100", 1024, "training")]
    two = facts("We train on NVIDIA V100 GPUs and on NVIDIA A100 GPUs.",
                "We trained the largest model on 64 GPUs.", field="hardware")
    assert ("NVIDIA GPU (unspecified)", 64, "training") in [
        (f["accelerator"], f["count"], f["role"]) for f in two]


def test_a_top1_column_in_a_detection_paper_is_imagenet():
    from flopwatch.extractors import tables

    page = _page_of([(100.0, [(0, "Backbone"), (1, "Top-1"), (2, "Top-5"), (3, "Bn Ops")]),
                     (112.0, [(0, "Darknet-53"), (1, "77.2"), (2, "93.8"), (3, "18.7")])])
    found = [(f.benchmark, f.column.metric, f.value)
             for f in tables.facts(page, ["COCO", "ImageNet"]) if f.kind == "result"]
    assert found == [("ImageNet", "top-1 accuracy", 77.2), ("ImageNet", "top-5 accuracy", 93.8)]


def test_x_based_names_the_kind_of_hardware_not_a_count():
    found = facts("Although we used a CPU based implementation only, it trains in a week.",
                  field="hardware")
    assert [(f["accelerator"], f["count"]) for f in found] == [("CPU", None)]


def test_only_sentences_a_rule_could_read_go_to_spacy() -> None:
    from flopwatch.extractors.sentences import candidate_sentences as _candidate_sentences

    block = ("The feature map is 7 x 7 after 5 blocks. We reach 41.0 mAP on the COCO set. "
             "Box AP50 is 62.1 there. Training took 3 days. It has 12 layers.")
    assert [text.strip() for _, text in _candidate_sentences(block)] == [
        "We reach 41.0 mAP on the COCO set.", "Box AP50 is 62.1 there.", "Training took 3 days."]


def test_paired_metric_cells_give_both_values():
    from flopwatch.extractors import tables

    page = _table_page(("Single model", "EM / F1", "EM / F1"),
                       ("R-NET (ours)", "76.7 / 83.7", "76.9 / 84.0"),
                       ("BiDAF", "- / -", "68.0 / 77.3"),
                       caption="Table 2: Results on the SQuAD dev and test sets.")
    found = [(f.label, f.benchmark, f.column.metric, f.value)
             for f in tables.facts(page, ["SQuAD"])]
    assert found == [("R-NET (ours)", "SQuAD 1.1", "EM", 76.7),
                     ("R-NET (ours)", "SQuAD 1.1", "F1", 83.7),
                     ("R-NET (ours)", "SQuAD 1.1", "EM", 76.9),
                     ("R-NET (ours)", "SQuAD 1.1", "F1", 84.0)]


def test_scores_in_percent_delta_rows_and_other_datasets():
    from flopwatch.extractors import tables

    page = _table_page(("Model", "Top-1 Accuracy", "Million Parameters"),
                       ("Conv MobileNet", "71.7%", "29.3"),
                       ("Δ (vs. BN)", "1.7", "0.1"))
    found = [(f.kind, f.label, f.value) for f in tables.facts(page, ["ImageNet"])]
    assert found == [("result", "Conv MobileNet", 71.7),
                     ("parameters", "Conv MobileNet", pytest.approx(29.3e6))]
    # A "Top-1" on another dataset is not ImageNet's, though the paper reports ImageNet.
    dogs = _table_page(*[tuple(r) for r in (("Model", "Top-1 Accuracy"),
                                            ("1.0 MobileNet-224", "83.3%"))],
                       caption="Table 10: MobileNet for Stanford Dogs.")
    assert [f for f in tables.facts(dogs, ["ImageNet"]) if f.kind == "result"] == []


def test_a_header_naming_the_language_pair_gives_it_to_its_columns():
    from flopwatch.extractors import tables

    page = _table_page(("WMT’16 English-Romanian", "BLEU"),
                       ("ConvS2S (BPE 40K)", "29.88"),
                       ("WMT’14 English-French", "BLEU"),
                       ("ConvS2S (BPE 40K)", "40.46"),
                       caption="Table 1: Accuracy on WMT tasks.")
    found = [(f.benchmark, f.value) for f in tables.facts(page, ["WMT2014"])]
    assert found == [("WMT2014 En-Fr", 40.46)]


def test_a_column_counting_accelerators_gives_the_hardware_of_each_run():
    page = _table_page(("Id", "Model", "Cores", "BLEU"),
                       ("(1)", "MoE(2048E, 36L)", "2048", "44.3"),
                       ("(3)", "MoE(512E, 36L)", "512", "43.7"),
                       caption="Table 5: Models trained on TPU v3 for WMT.")
    record = extract_text("t", PdfText([page]))
    # the counts go to the one TPU the paper names
    assert sorted((h["accelerator"], h["count"], h["count_unit"]) for h in record["hardware"]) \
        == [("Google TPU v3", 512, "cores"), ("Google TPU v3", 2048, "cores")]
    # which accelerator a bare "Cores" column counts is unclear where the page names none
    unclear = _table_page(("Id", "Model", "Cores"), ("(1)", "MoE(2048E, 36L)", "2048"),
                          caption="Table 5: Models.")
    assert extract_text("t", PdfText([unclear]))["hardware"] == []


def test_one_of_two_named_devices_is_not_a_count():
    found = facts("Times are from either an M40 or Titan X, they are basically the same GPU.",
                  field="hardware")
    assert [(f["accelerator"], f["count"]) for f in found] == [("NVIDIA Titan X", None)]



def test_values_listed_with_their_benchmarks_pair_up_in_order():
    found = facts("Our approach achieved BLEU scores of 40.56 and 26.03 on the WMT’14 En→Fr "
                  "and En→De benchmarks.", field="results")
    assert [(f["benchmark"], f["value"]) for f in found] == [("WMT2014 En-Fr", 40.56),
                                                            ("WMT2014 En-De", 26.03)]


def test_a_table_read_as_text_gives_no_sentence_results():
    assert facts("Recall F1 BRNN 96.56 96.76 92.04 89.13 90.56 87.05 on CoNLL-2003 NER, "
                 "BLSTM 96.88 96.93 92.31 F1.", field="results") == []


def test_each_table_reads_its_own_caption_and_qualified_rows():
    from flopwatch.extractors import tables
    from flopwatch.extractors.pdf_text import Cell, Row

    def table(y: float, *rows: tuple[str, ...]) -> list[Row]:
        return [Row(1, y + 12 * i, tuple(Cell(t, 50.0 + 60 * j, 90.0 + 60 * j)
                                         for j, t in enumerate(cells)))
                for i, cells in enumerate(rows)]
    captions = ("Table 2: Results on WMT’14 En→Fr newstest2014.",
                "Table 3: Results on WMT’14 En→De newstest2014.")
    rows = (table(100.0, ("Model", "BLEU"), ("MoE (multi-crop & dense eval.)", "40.56"))
            + table(300.0, ("Model", "BLEU"), ("MoE", "26.03"),
                    ("Zeiler & Fergus (Zeiler & Fergus, 2013)", "27.0")))
    page = Page(1, "\n\n".join(captions), tuple(rows),
                (Block(0, 80.0, 90.0, captions[0]), Block(50, 280.0, 290.0, captions[1])),
                612.0)
    found = [(f.label, f.benchmark, f.value) for f in tables.facts(page, ["WMT2014"])]
    # "(multi-crop & dense eval.)" qualifies the model; "(Zeiler & Fergus, 2013)" cites another
    assert found == [("MoE (multi-crop & dense eval.)", "WMT2014 En-Fr", 40.56),
                     ("MoE", "WMT2014 En-De", 26.03)]


def test_a_subscript_run_into_the_metric_name_is_read():
    from flopwatch.extractors import tables

    page = _table_page(("Backbone", "GFlops", "Params", "mAPCOCO", "mAP50"),
                       ("AA-ResNet-101 (ours)", "245", "51.7M", "39.2", "57.8"),
                       caption="Table 4: Object detection on COCO.")
    found = [(f.column.metric, f.value) for f in tables.facts(page, ["COCO"])
             if f.kind == "result"]
    assert found == [("AP", 39.2), ("AP50", 57.8)]


def test_a_header_line_of_benchmarks_gives_each_column_its_benchmark():
    from flopwatch.extractors import tables

    page = _page_of([(100.0, [(1, "MNLI-m/mm"), (2, "SQuAD v1.1"), (3, "SQuAD v2.0"),
                              (4, "RACE"), (5, "NER")]),
                     (110.0, [(1, "Acc"), (2, "F1/EM"), (3, "F1/EM"), (4, "Acc"), (5, "F1")]),
                     (124.0, [(0, "DeBERTa-large"), (1, "91.1/91.1"), (2, "95.5/90.1"),
                              (3, "90.7/88.0"), (4, "86.8"), (5, "93.8")])])
    found = [(f.benchmark, f.column.metric, f.value)
             for f in tables.facts(page, ["SQuAD", "CoNLL-2003"])]
    # MNLI, RACE and an NER column that names no benchmark of ours give nothing
    assert found == [("SQuAD 1.1", "F1", 95.5), ("SQuAD 1.1", "EM", 90.1),
                     ("SQuAD 2.0", "F1", 90.7), ("SQuAD 2.0", "EM", 88.0)]


def test_a_line_of_task_names_above_the_header_keeps_scores_off_our_benchmarks():
    from flopwatch.extractors import tables

    page = _page_of([(100.0, [(1, "BoolQ"), (2, "COPA"), (3, "MultiRC")]),
                     (110.0, [(1, "Acc"), (2, "Acc"), (3, "F1/EM")]),
                     (124.0, [(0, "DeBERTa-1.5B"), (1, "90.4"), (2, "96.8"), (3, "88.2/63.7")])])
    assert tables.facts(page, ["SQuAD"]) == []


def test_tables_side_by_side_each_read_against_their_own_benchmark():
    from flopwatch.extractors import tables

    page = _table_page(("SQuAD1.1", "EM", "F1", "SQuAD2.0", "EM", "F1"),
                       ("XLNet", "89.90", "95.08", "XLNet", "86.35", "89.13"),
                       caption="Table 2: Results on the SQuAD test sets.")
    found = [(f.benchmark, f.column.metric, f.value) for f in tables.facts(page, ["SQuAD"])]
    assert found == [("SQuAD 1.1", "EM", 89.90), ("SQuAD 1.1", "F1", 95.08),
                     ("SQuAD 2.0", "EM", 86.35), ("SQuAD 2.0", "F1", 89.13)]


def test_a_row_naming_how_a_model_was_run_does_not_make_the_model_a_baseline():
    from flopwatch.extractors import tables

    page = _table_page(("Model", "BLEU"),
                       ("ConvS2S", "26.36"),
                       ("ConvS2S GPU (K40) b = 5", "34.10"),
                       caption="Table 2: Results on WMT’14 English-German.")
    assert [(f.label, f.value) for f in tables.facts(page, ["WMT2014"])] == [
        ("ConvS2S", 26.36), ("ConvS2S GPU (K40) b = 5", 34.10)]


def test_iou_thresholds_set_under_ap_headers_name_their_columns():
    from flopwatch.extractors import tables

    page = _page_of([(100.0, [(0, "backbone"), (1, "APbbox"), (2, "APbbox"), (3, "APbbox")]),
                     (106.0, [(2, "50"), (3, "75")]),
                     (118.0, [(0, "R101 GN"), (1, "42.3"), (2, "62.8"), (3, "46.2")])])
    found = [(f.column.metric, f.value) for f in tables.facts(page, ["COCO"])]
    assert found == [("AP", 42.3), ("AP50", 62.8)]


def test_group_headings_above_the_header_qualify_its_columns():
    from flopwatch.extractors import tables

    page = _page_of([(100.0, [(2, "ImNet"), (3, "Real"), (4, "V2")]),
                     (110.0, [(0, "Network"), (1, "#param."), (2, "top-1"), (3, "top-1"),
                              (4, "top-1")]),
                     (124.0, [(0, "DeiT-B / 1000 epochs"), (1, "87M"), (2, "85.2"), (3, "89.0"),
                              (4, "74.8")])])
    found = [(f.label, f.kind, f.value) for f in tables.facts(page, ["ImageNet"])]
    # ImageNet-ReaL and -V2 are other test sets; "/ 1000 epochs" names a model, no setting
    assert found == [("DeiT-B / 1000 epochs", "parameters", 87e6),
                     ("DeiT-B / 1000 epochs", "result", 85.2)]


def test_a_unit_heading_above_size_columns_scales_them():
    from flopwatch.extractors import tables

    page = _page_of([(100.0, [(1, "Million"), (2, "Million")]),
                     (110.0, [(0, "Model"), (1, "Mult-Adds"), (2, "Parameters"), (3, "Top-1")]),
                     (124.0, [(0, "MobileNet-224"), (1, "569"), (2, "4.2"), (3, "70.6")])])
    found = [(f.kind, f.value) for f in tables.facts(page, ["ImageNet"]) if f.kind != "result"]
    assert found == [("compute", pytest.approx(569e6)), ("parameters", pytest.approx(4.2e6))]


def test_where_dev_and_test_head_the_same_metrics_the_test_scores_count():
    from flopwatch.extractors import tables

    page = _page_of([(100.0, [(2, "Dev"), (5, "Test")]),
                     (110.0, [(0, "Model"), (1, "Prec."), (2, "Recall"), (3, "F1"), (4, "Prec."),
                              (5, "Recall"), (6, "F1")]),
                     (124.0, [(0, "BRNN-CNN-CRF"), (1, "94.85"), (2, "94.63"), (3, "94.74"),
                              (4, "91.35"), (5, "91.06"), (6, "91.21")])])
    found = [(f.benchmark, f.column.metric, f.value) for f in tables.facts(page, ["CoNLL-2003"])]
    assert found == [("CoNLL-2003", "F1", 91.21)]


def test_a_bare_accuracy_column_needs_a_benchmark_named_near_it():
    from flopwatch.extractors import tables

    rows = (("Model", "Accuracy", "Million Parameters"), ("1.0 MobileNet-160", "79.4%", "4.9"))
    unnamed = _table_page(*rows, caption="Table 14: MobileNet distilled from FaceNet.")
    named = _table_page(*rows, caption="Table 3: MobileNet on ImageNet.")
    assert [f.kind for f in tables.facts(unnamed, ["ImageNet"])] == ["parameters"]
    assert [f.kind for f in tables.facts(named, ["ImageNet"])] == ["result", "parameters"]


def test_the_dataset_named_just_after_a_score_is_the_one_it_was_reached_on():
    found = facts("Our detector achieves 84.0% mAP (320) and 85.2% mAP (512) on VOC 2007, "
                  "86.8% mAP on the PASCAL VOC 2012 test set and 41.8% AP on the MS COCO "
                  "test-dev set.", field="results")
    assert [(f["benchmark"], f["metric"], f["value"]) for f in found] == [("COCO", "AP", 41.8)]
    found = facts("With a mean-field-theory-based scheme, 10,000-layer networks were trained to "
                  "over 99% accuracy on MNIST and 82% on CIFAR-10.", field="results")
    assert [(f["benchmark"], f["value"]) for f in found] == []


def test_a_count_after_than_is_the_point_of_comparison():
    found = facts("The two-GPU net takes slightly less time to train than the one-GPU net.",
                  field="hardware")
    assert [(f["accelerator"], f["count"]) for f in found] == [("NVIDIA GPU (unspecified)", 2)]


def test_a_setup_timed_for_inference_is_not_also_a_guessed_training_one():
    found = facts("We benchmark the latency of our model on 8 Nvidia K80 GPUs.",
                  "A server of our cluster has 8 Nvidia K80 GPUs.", field="hardware")
    assert [(f["accelerator"], f["count"], f["role"]) for f in found] == [
        ("NVIDIA K80", 8, "inference")]
    # where a sentence says training, both stay
    found = facts("We benchmark the latency of our model on 8 Nvidia K80 GPUs.",
                  "We train the model on 8 Nvidia K80 GPUs.", field="hardware")
    assert sorted(f["role"] for f in found) == ["inference", "training"]
    assert all(set(f) == {"accelerator", "count", "count_unit", "role"} for f in found)


@pytest.mark.parametrize(("text", "name"), [
    ("AA-MnasNet-1.0", "MnasNet-1.0"), ("MnasNet-1.0", "MnasNet-1"), ("ResNet-50 + tricks",
    "ResNet-50"), ("ResNet-501", "ResNet-50"), ("xResNet-50", "ResNet-50"),
    ("ResNet-50_v2", "ResNet-50"), ("BiLSTM (our)", "LSTM"), ("LSTM LSTM-CRF", "LSTM-CRF"),
    ("ÉNet-B0", "Net-B0"), ("Net-B0²", "Net-B0"), ("Net Net.", "Net"), ("BERT", "BERT"),
    ("BERT-large BERT", "BERT"), ("a(b)c", "(b)"), ("", "ViT"),
])
def test_a_name_in_a_label_is_found_as_the_expression_finds_it(text: str, name: str) -> None:
    expected = re.search(rf"(?<![\w.]){re.escape(name)}(?![\w.])", text) is not None
    assert _holds_name(text, name) == expected


def test_a_count_of_pods_is_no_count_of_accelerators():
    # a pod is a machine of no fixed size: the chips it holds are stated elsewhere, or not
    found = facts("PaLM 540B is trained over two TPU v4 Pods connected over data center "
                  "network.", field="hardware")
    assert [(h["accelerator"], h["count"]) for h in found] == [("Google TPU v4", None)]
    assert [(h["accelerator"], h["count"]) for h in facts(
        "We trained PaLM on 6144 TPU v4 chips across two TPU v4 Pods.", field="hardware")] == [
        ("Google TPU v4", 6144)]


def test_a_table_read_as_text_gives_no_hardware():
    # whose hardware is whose, the words of a flattened table cannot say
    assert facts("GPT-3 175B V100 21.3% Gopher 280B 4096 TPU v3 32.5% Megatron-Turing NLG "
                 "530B 2240 A100 30.2% PaLM 540B 6144 TPU v4 46.2%", field="hardware") == []


def test_a_size_under_a_score_column_is_not_a_score():
    from flopwatch.extractors import tables

    page = _table_page(("Model", "Top-1 Acc.", "Params"),
                       ("ConvNeXt-B", "89M", "83.8"),
                       ("RepLKNet-31B", "84.1", "79M"))
    found = [(f.kind, f.label, f.value) for f in tables.facts(page, ["ImageNet"])
             if f.kind == "result"]
    assert found == [("result", "RepLKNet-31B", 84.1)]


@pytest.mark.parametrize("caption", [
    "Table 3: Comparison with the state of the art on Kinetics-400.",
    "Table 5: Results on LVIS v1.0 val.",
    "Table 6: Few-shot results on TyDiQA and SuperGLUE."])
def test_scores_on_datasets_outside_the_benchmark_list_are_not_ours(caption: str):
    from flopwatch.extractors import tables

    page = _table_page(("Model", "Top-1", "AP", "EM"), ("Ours-L", "81.8", "44.1", "58.7"),
                       caption=caption)
    assert [f for f in tables.facts(page, ["ImageNet", "COCO", "SQuAD"])
            if f.kind == "result"] == []


def test_an_exaflops_column_holds_training_totals():
    from flopwatch.extractors import tables

    page = _table_page(("Model", "Epochs", "ImageNet", "exaFLOPs"),
                       ("ViT-L/16", "14", "87.12", "1567"))
    found = [(f.kind, f.value) for f in tables.facts(page, ["ImageNet"]) if f.kind == "compute"]
    assert found == [("compute", pytest.approx(1.567e21))]


def _placed_table(caption: str, *rows: tuple[float, list[tuple[float, float, str]]]) -> Page:
    """A captioned table from (y, [(x0, x1, text), ...]) rows: cells where they stand."""
    from flopwatch.extractors.pdf_text import Cell, Row

    built = tuple(Row(1, y, tuple(Cell(t, x0, x1) for x0, x1, t in cells)) for y, cells in rows)
    return Page(1, caption, built, (Block(0, 80.0, 90.0, caption),), 612.0)


def test_a_section_heading_inside_a_table_keeps_its_columns():
    from flopwatch.extractors import tables

    page = _placed_table(
        "Table 1: Models on ImageNet.",
        (100.0, [(50, 90, "Model"), (110, 150, "Params (M)"), (170, 210, "FLOPs (G)"),
                 (230, 270, "Top-1 Acc.")]),
        # a line over the whole table, just under the header: it heads the rows below
        (112.0, [(50, 270, "ImageNet-22K trained models (fine-tuned at 384x384)")]),
        (124.0, [(50, 90, "HorNet-L"), (110, 150, "202"), (170, 210, "101.8"),
                 (230, 270, "87.7")]),
        (136.0, [(50, 270, "ImageNet-1K trained models")]),
        (148.0, [(50, 90, "HorNet-T"), (110, 150, "22"), (170, 210, "4.0"),
                 (230, 270, "82.8")]))
    found = [(f.label, f.kind, f.value) for f in tables.facts(page, ["ImageNet"])]
    assert found == [("HorNet-L", "parameters", pytest.approx(202e6)),
                     ("HorNet-L", "compute", pytest.approx(101.8e9)),
                     ("HorNet-L", "result", 87.7),
                     ("HorNet-T", "parameters", pytest.approx(22e6)),
                     ("HorNet-T", "compute", pytest.approx(4.0e9)),
                     ("HorNet-T", "result", 82.8)]


def test_a_row_named_by_a_benchmark_holds_the_models_scores():
    from flopwatch.extractors import tables

    # a language model's few-shot table: one row per task, one column per model; cited
    # scores carry a reference mark ("71.1a"), a setting row continues the task above it,
    # and where columns are marked as the authors' own, only those count
    page = _table_page(("Task", "GPT-3", "Ours 8B", "Ours 62B"),
                       ("SQuADv2 (F1)", "71.1a", "80.8", "82.9"),
                       ("SQuADv2 f1 zero-shot", "51.9", "58.6", "64.3"),
                       ("few-shot", "58.8", "62.3", "69.9"),
                       ("CoQA (F1)", "81.5b", "77.6", "79.9"),
                       caption="Table 4: Few-shot results.")
    found = [(f.benchmark, f.column.metric, f.value) for f in tables.transposed_facts(page)]
    assert found == [("SQuAD 2.0", "F1", 80.8), ("SQuAD 2.0", "F1", 82.9),
                     ("SQuAD 2.0", "F1", 58.6), ("SQuAD 2.0", "F1", 64.3),
                     ("SQuAD 2.0", "F1", 62.3), ("SQuAD 2.0", "F1", 69.9)]


def test_a_row_named_by_a_benchmark_alone_holds_scores_on_its_usual_metric():
    """ViT's Table 2: models across, "ImageNet | 88.55 ± 0.04 | ..." down: top-1 accuracy
    (the caption speaks of no error); the columns marked as the authors' are theirs, and
    win over other rows of theirs. A language pair alone ("En-Fr") names no benchmark."""
    from flopwatch.extractors import tables

    page = _table_page(("", "Ours-JFT", "Ours-I21k", "BiT-L"),
                       ("ImageNet", "88.55 ± 0.04", "85.30 ± 0.02", "87.54 ± 0.02"),
                       ("CIFAR-100", "94.55 ± 0.04", "93.25 ± 0.05", "93.51 ± 0.08"),
                       ("En-Fr", "38.2", "38.4", "21.4"),
                       caption="Table 2: Comparison with state of the art on popular image "
                               "classification benchmarks.")
    found = [(f.benchmark, f.column.metric, f.value, f.own)
             for f in tables.transposed_facts(page)]
    assert found == [("ImageNet", "top-1 accuracy", 88.55, True),
                     ("ImageNet", "top-1 accuracy", 85.3, True),
                     ("CIFAR-100", "accuracy", 94.55, True),
                     ("CIFAR-100", "accuracy", 93.25, True)]


def test_values_with_their_change_over_a_baseline_are_split_into_values():
    """MoCo v3's Table 6: "98.9 ↑0.8 99.1 ↑1.2" in one PDF line is two scores (ViT-B,
    ViT-L), each with its gain over the supervised row; the arrows are not values."""
    from flopwatch.extractors.pdf_text import Cell, Row
    from flopwatch.extractors.tables.cells import split_row

    row = Row(1, 100.0, (Cell("MoCo v3", 20.0, 60.0), Cell("98.9 ↑0.8 99.1 ↑1.2", 80.0, 180.0),
                         Cell("99.1", 190.0, 210.0)))
    assert [c.text for c in split_row(row, header=False).cells] == [
        "MoCo v3", "98.9", "99.1", "99.1"]
    # a cell that starts with a change is not split
    lone = Row(1, 100.0, (Cell("↑0.8 99.1", 80.0, 120.0),))
    assert [c.text for c in split_row(lone, header=False).cells] == ["↑0.8 99.1"]


def test_a_dash_is_a_missing_value_not_the_start_of_a_name():
    from flopwatch.extractors.pdf_text import Cell, Row
    from flopwatch.extractors.tables.grid import label_and_values, segments

    def parts(*texts: str) -> list[tuple[str, list[str]]]:
        row = Row(1, 100.0, tuple(Cell(t, 50.0 + 60 * j, 90.0 + 60 * j)
                                  for j, t in enumerate(texts)))
        return [(label, [c.text for c in values])
                for label, values in map(label_and_values, segments(row))]

    # two tables side by side: the left one's row ends in a missing value
    assert parts("I3D [7]", "RGB", "32.9", "-", "+1 NL", "40.8", "63.1") == [
        ("I3D [7] RGB", ["32.9", "-"]), ("+1 NL", ["40.8", "63.1"])]
    # one table: a missing value inside a row does not cut it
    assert parts("MobileNet", "29.4", "-", "28.4", "572") == [
        ("MobileNet", ["29.4", "-", "28.4", "572"])]


def test_a_table_beside_another_takes_the_caption_over_its_own_columns():
    from flopwatch.extractors import tables
    from flopwatch.extractors.pdf_text import Cell, Row

    # CIFAR on the left, COCO on the right, captions at about the same height; the header
    # line holds the left table's group names too ("original | SENet")
    left = Block(0, 80.0, 90.0, "Table 5: Classification error (%) on CIFAR-100.", 50, 280)
    right = Block(60, 76.0, 88.0, "Table 7: Object detection results (%) on COCO minival.",
                  320, 560)
    rows = (Row(1, 100.0, (Cell("original", 220, 250), Cell("SENet", 265, 290),
                           Cell("AP@IoU=0.5", 410, 460), Cell("AP", 500, 512))),
            Row(1, 112.0, (Cell("WRN-16-8", 50, 120), Cell("20.43", 225, 250),
                           Cell("19.14", 265, 290), Cell("SE-ResNet-101", 330, 390),
                           Cell("62.7", 420, 450), Cell("41.9", 500, 515))))
    page = Page(1, f"{left.text}\n\n{right.text}", rows, (left, right), 612.0)
    found = [(f.label, f.benchmark, f.column.metric, f.value)
             for f in tables.facts(page, ["ImageNet", "COCO", "CIFAR-100"])
             if f.kind == "result"]
    assert found == [("SE-ResNet-101", "COCO", "AP50", 62.7),
                     ("SE-ResNet-101", "COCO", "AP", 41.9)]


def test_a_header_beside_another_tables_row_still_heads_its_columns():
    from flopwatch.extractors import tables
    from flopwatch.extractors.tables.columns import header_columns

    # a detection table on the left; on the right, on the same lines, another table's rows
    page = _placed_table(
        "Table 9: Object detection on COCO.",
        (100.0, [(50, 90, "Backbone"), (95, 130, "Method"), (135, 165, "APbox"),
                 (170, 200, "FLOPs (G)"), (320, 370, "ResNet-152"), (380, 400, "1.1%"),
                 (410, 430, "1.8%"), (440, 460, "3.9%")]),
        (112.0, [(50, 90, "RepLKNet-XL"), (95, 130, "Cas Mask"), (135, 165, "55.5"),
                 (170, 200, "1958"), (320, 370, "RepLKNet-31"), (380, 400, "16.3%"),
                 (410, 430, "24.7%"), (440, 460, "43.2%")]))
    found = [(f.label, f.kind, f.value) for f in tables.facts(page, ["ImageNet", "COCO"])]
    assert found == [("RepLKNet-XL Cas Mask", "result", 55.5),
                     ("RepLKNet-XL Cas Mask", "compute", pytest.approx(1958e9))]
    # a row of two names and numbers is no header: its names head no column
    assert header_columns(page.rows[1]) is None


def test_each_group_of_columns_gives_its_own_size_and_cost():
    from flopwatch.extractors import tables

    # segmentation and detection side by side, each with its own Params and FLOPs
    page = _table_page(("Backbone", "mIoU", "Params", "FLOPs", "APbox", "Params", "FLOPs"),
                       ("HorNet-T (ours)", "48.1", "52M", "926G", "51.7", "80M", "730G"),
                       caption="Table 4: Semantic segmentation and object detection on COCO.")
    found = [(f.kind, f.value) for f in tables.facts(page, ["COCO"]) if f.kind != "result"]
    assert found == [("parameters", pytest.approx(52e6)), ("compute", pytest.approx(926e9)),
                     ("parameters", pytest.approx(80e6)), ("compute", pytest.approx(730e9))]


def test_a_header_over_four_lines_gives_the_cost_its_unit():
    from flopwatch.extractors import tables

    page = _page_of([(100.0, [(1, "Top-1"), (2, "Params")]),
                     (106.0, [(0, "Model"), (3, "FLOPs")]),
                     (111.0, [(1, "acc"), (2, "(M)")]),
                     (116.0, [(3, "(B)")]),
                     (130.0, [(0, "RepVGG-B1"), (1, "78.37"), (2, "51.82"), (3, "11.8")])])
    found = [(f.kind, f.value) for f in tables.facts(page, ["ImageNet"]) if f.kind != "result"]
    assert found == [("parameters", pytest.approx(51.82e6)), ("compute", pytest.approx(11.8e9))]


def test_a_model_named_for_pooling_is_no_pooling_layer():
    from flopwatch.extractors import tables

    page = _table_page(("Backbone", "Params (M)", "Top-1"),
                       ("PoolFormer-S12", "11.9", "77.2"),
                       ("Avg pool", "0", "0"),
                       ("Max Pooling 3x3", "0", "0"))
    found = [(f.label, f.kind, f.value) for f in tables.facts(page, ["ImageNet"])]
    assert found == [("PoolFormer-S12", "parameters", pytest.approx(11.9e6)),
                     ("PoolFormer-S12", "result", 77.2)]


def test_a_value_under_a_column_we_do_not_read_is_not_given_to_its_neighbour():
    from flopwatch.extractors import tables

    # APL sits 20 pt from the next AP column: close enough to be taken for it, were it not
    # for its own header above
    page = _placed_table(
        "Table 1: Object detection on COCO val2017.",
        (100.0, [(50, 90, "Backbone"), (100, 110, "AP"), (140, 155, "APL"), (165, 175, "AP")]),
        (112.0, [(50, 90, "PVT-L (ours)"), (100, 115, "42.6"), (140, 155, "58.4"),
                 (165, 180, "43.4")]))
    found = [(f.column.metric, f.value) for f in tables.facts(page, ["COCO"])]
    assert found == [("AP", 42.6), ("AP", 43.4)]


def test_apb_heads_the_box_ap():
    from flopwatch.extractors import tables

    page = _table_page(("Backbone", "APb", "APb 50", "APm"),
                       ("PVT-Large (ours)", "44.5", "66.0", "40.7"),
                       caption="Table 3: Mask R-CNN on COCO val2017.")
    found = [(f.column.metric, f.value) for f in tables.facts(page, ["COCO"])]
    assert found == [("AP", 44.5), ("AP50", 66.0)]


def test_an_upper_case_caption_naming_another_dataset_keeps_its_scores_off_ours():
    from flopwatch.extractors import tables

    page = _table_page(("Model", "top-1 err.", "top-5 err."),
                       ("ResNet-152 (ours)", "41.15", "11.61"),
                       caption="TABLE 6 Single-crop error rates (%) on Places365 validation set.")
    assert [f for f in tables.facts(page, ["ImageNet"]) if f.kind == "result"] == []


def test_a_caption_names_the_tables_benchmark_first():
    from flopwatch.extractors import tables

    page = _table_page(("method", "AP", "AP50"),
                       ("Mask2Former (ours)", "50.5", "74.9"),
                       caption="Table III. Instance segmentation on COCO val2017. Backbones "
                               "pre-trained on ImageNet-22K are marked with †.")
    found = [(f.benchmark, f.column.metric, f.value) for f in tables.facts(page, ["ImageNet"])]
    assert found == [("COCO", "AP", 50.5), ("COCO", "AP50", 74.9)]


@pytest.mark.parametrize("sentence, field", [
    ("We estimate that ViT-g/14 would take 120k TPU-v4 core hours to pre-train.",
     "device_time"),
    ("We estimate that NFNet-F7+ would require 250 TPU-v3 core hours to pre-train.",
     "device_time"),
    ("Training to convergence would take about three weeks on 8 GPUs.", "training_time"),
])
def test_a_run_that_would_have_been_made_is_no_run(sentence: str, field: str):
    assert facts(sentence, field=field) == []


@pytest.mark.parametrize("sentence, hours", [
    ("Fast R-CNN trains VGG16 2.7x faster (in 9.5 vs. 25.5 hours).", [9.5]),
    ("Removing the layers slows training by 1.3x (12.5 vs. 9.5 hours).", [12.5]),
    ("Training time is reduced by 9x, from 84 hours to 9.5.", []),
])
def test_in_a_comparison_the_first_time_is_the_subjects(sentence: str, hours: list[float]):
    assert [t["hours"] for t in facts(sentence, field="training_time")] == hours


def test_an_axis_of_device_hours_is_no_total():
    assert facts("Figure 2: ImageNet top-1 error against compute. 103 104 105 TPU-v4 Core "
                 "Hours", field="device_time") == []


def test_a_range_of_device_hours_gives_both_ends():
    """"We consider pre-training compute budgets between 0.4k and 110k TPU-v4 core compute
    hours": the smallest and the largest run; the lower end takes the upper's unit."""
    assert sorted(t["device_hours"] for t in facts(
        "We consider pre-training compute budgets between 0.4k and 110k TPU-v4 core compute "
        "hours, and train a series of networks.", field="device_time")) == [400.0, 110000.0]
    assert sorted(t["device_hours"] for t in facts(
        "Our runs took from 20 to 50 GPU days.", field="device_time")) == [480.0, 1200.0]


def test_a_sentence_whose_subject_is_a_cited_work_is_others_work_across_a_column_break():
    """ConvNets at Scale: "In a recent work, Alabdulmohsin et al. (2023) optimize the ViT
    architecture and achieve" ends a column; "90.3% Top-1 ... for 230k TPU-v3 hours."
    starts the next: the device time is theirs. The authors' own sentence still counts."""
    assert facts("For example, Zhai et al. (2022) pre-train for long. In a recent work, "
                 "Alabdulmohsin et al. (2023) optimize the ViT architecture and achieve",
                 "90.3% Top-1 with a SoViT-400m/14 after pretraining on JFT-3B for 230k TPU-v3 "
                 "hours.", field="device_time") == []
    assert [t["device_hours"] for t in facts(
        "Our most expensive model requires roughly 110k TPU-v4 core hours to pre-train.",
        field="device_time")] == [110000.0]
    assert facts("Alabdulmohsin et al. (2023) train for 230k TPU-v3 hours.",
                 field="device_time") == []


def test_a_bound_a_value_is_compared_with_is_no_run():
    """ConvNets at Scale: "the optimal epoch budget was greater than 1 for overall compute
    budgets greater than roughly 5k TPU-v4 core hours": a threshold, not what a run took;
    "training took more than 3 days" still tells a run's length (a lower bound)."""
    assert facts("We note that the optimal epoch budget was greater than 1 for overall "
                 "compute budgets greater than roughly 5k TPU-v4 core hours.",
                 field="device_time") == []
    assert [t["hours"] for t in facts("Training the large model took more than 3 days.",
                                      field="training_time")] == [72.0]


def test_a_run_that_was_made_still_counts_beside_a_hypothetical():
    assert [t["device_hours"] for t in facts(
        "Pre-training took 625 TPU core-days.", field="device_time")] == [15000.0]
    assert [t["hours"] for t in facts(
        "We estimate that training the large model took about 3 days on 8 GPUs.",
        field="training_time")] == [72.0]


def test_the_name_a_paper_gives_its_model_marks_its_own_rows():
    from flopwatch.extractors import tables
    from flopwatch.extractors.model_names import model_names

    text = paper_from("Scaling Up Your Kernels to 31x31",
                      "We propose a pure CNN architecture, called RepLKNet, whose kernels are "
                      "large.")
    assert "replknet" in model_names(text)
    page = _table_page(("Model", "Params", "FLOPs", "Top-1"),
                       ("Swin-B", "88M", "15.4G", "83.5"),
                       ("RepLKNet-31B", "79M", "15.3G", "83.5"),
                       ("kernel size → 13", "73M", "13.4G", "83.0"))
    found = [(f.label, f.kind) for f in tables.facts(page, ["ImageNet"], model_names(text))]
    # the baseline's row goes; the ablation of the own model stays
    assert found == [("RepLKNet-31B", "parameters"), ("RepLKNet-31B", "compute"),
                     ("RepLKNet-31B", "result"), ("kernel size → 13", "parameters"),
                     ("kernel size → 13", "compute"), ("kernel size → 13", "result")]


def test_a_short_form_the_authors_define_names_their_model_and_a_fields_term_does_not():
    """Sentences of ViT, PaLM and Group Normalization papers: a capitalised name the
    authors introduce ("our", "we call") with its short form; beside them the field's terms
    and a benchmark, defined the same way, are not the paper's models."""
    from flopwatch.extractors import tables
    from flopwatch.extractors.model_names import model_names

    def names(first_page: str) -> tuple[str, ...]:
        return model_names(paper_from("An Image is Worth 16x16 Words", first_page))

    assert "vit" in names("We find that large scale training trumps inductive bias. Our "
                          "Vision Transformer (ViT) attains excellent results.")
    assert "palm" in names("We trained a 540-billion parameter, densely activated, "
                           "Transformer language model, which we call Pathways Language "
                           "Model (PaLM).")
    assert "gn" in names("In this paper, we present Group Normalization (GN) as a simple "
                         "alternative to BN.")
    for term in ["We propose a new method for learning the structure of convolutional "
                 "neural networks (CNNs).",                     # not a name: lower case
                 "There have been existing methods, such as Layer Normalization (LN).",
                 "We evaluate on the Stanford Question Answering Dataset (SQuAD)."]:
        assert not {"cnn", "ln", "squad"} & set(names(term)), term
    # and the rows that carry the name are the paper's own: the baseline's row goes
    page = _table_page(("Model", "Epochs", "exaFLOPs"),
                       ("ResNet152x2", "7", "563"), ("ViT-L/16", "7", "783"))
    text = paper_from("An Image is Worth 16x16 Words",
                      "Our Vision Transformer (ViT) attains excellent results.")
    assert [f.label for f in tables.facts(page, ["ImageNet"], model_names(text))] == \
        ["ViT-L/16"]


def test_a_group_of_columns_headed_by_the_papers_name_is_its_own_variant():
    """"original | re-implementation | SENet" over the same metrics: a cited row is another
    paper's model, but its values under the paper's own heading are the authors' variant."""
    from flopwatch.extractors import tables

    page = _page_of([
        (100.0, [(1, "original"), (3, "SENet")]),
        (110.0, [(1, "top-1 err."), (2, "GFLOPs"), (3, "top-1 err."), (4, "GFLOPs")]),
        (122.0, [(0, "ResNet-50 [13]"), (1, "24.7"), (2, "3.86"), (3, "23.29(1.51)"),
                 (4, "3.87")]),
        (134.0, [(0, "Inception-ResNet-v2 [21]"), (1, "19.9†"), (2, "11.75"),
                 (3, "19.80(0.57)"), (4, "11.76")])])
    found = [(f.label, f.kind, f.value, f.own) for f in tables.facts(page, ["ImageNet"],
                                                                     ("senet",))]
    assert found == [("SENet (ResNet-50)", "result", 23.29, True),
                     ("SENet (ResNet-50)", "compute", 3.87e9, True),
                     ("SENet (Inception-ResNet-v2)", "result", 19.80, True),
                     ("SENet (Inception-ResNet-v2)", "compute", 11.76e9, True)]
    # without the paper's name over a group, cited rows stay others' models
    assert tables.facts(page, ["ImageNet"]) == []


@pytest.mark.parametrize("text, names", [
    ("It is possible to construct an SE network (SENet) by simply stacking blocks.",
     {"senet"}),
    ("We compare with squeeze-and-excitation (SE-ResNet) [17] and our proposed "
     "architecture (AA-ResNet).", {"aa-resnet"}),
    ("Features computed by deep convolutional networks (ConvNets) have improved.", set()),
    ("The vision transformer (ViT) was introduced recently.", set()),
    ("Convolutional neural networks (CNNs) dominate vision.", set()),
])
def test_a_name_the_authors_introduce_as_an_acronym(text: str, names: set[str]):
    from flopwatch.extractors.model_names import _introduced_acronyms

    assert _introduced_acronyms(text) == names


def test_a_transposed_row_of_training_flop_counts():
    from flopwatch.extractors import tables

    page = _page_of([(100.0, [(0, "Model"), (1, "8B"), (2, "62B"), (3, "540B")]),
                     (112.0, [(0, "Training FLOP Count (Zettaflops)"), (1, "37.4"),
                              (2, "295.7"), (3, "2527.2")])])
    found = [(f.kind, f.value) for f in tables.transposed_facts(page)]
    assert found == [("compute", pytest.approx(3.74e22)), ("compute", pytest.approx(2.957e23)),
                     ("compute", pytest.approx(2.5272e24))]


def test_each_group_of_columns_under_its_own_heading_has_its_own_size_and_cost():
    """"UperNet 160K | Cascade Mask R-CNN 3x" over "Params FLOPs | Params FLOPs": the
    second group's model is another model, with its own size and cost."""
    from flopwatch.extractors import tables
    from flopwatch.extractors.pdf_text import Cell, Row

    page = _page_of([
        (110.0, [(1, "mIoU"), (2, "Params"), (3, "FLOPs"), (4, "Params"), (5, "FLOPs")]),
        (122.0, [(0, "HorNet-T (ours)"), (1, "48.1"), (2, "52M"), (3, "926G"), (4, "80M"),
                 (5, "730G")])])
    # the headings are centred over their groups, as typeset: columns 1-3, and 4-5
    headings = Row(1, 100.0, (Cell("Semantic Segmentation with UperNet", 115.0, 265.0),
                              Cell("Detection with Mask R-CNN", 300.0, 380.0)))
    page = Page(1, page.text, (headings, *page.rows), page.blocks, 612.0)
    found = [(f.kind, f.value) for f in tables.facts(page, ["COCO"])
             if f.kind in {"parameters", "compute"}]
    assert found == [("parameters", 52e6), ("compute", 926e9), ("parameters", 80e6),
                     ("compute", 730e9)]


def test_every_catalog_alias_is_read_in_a_plain_sentence():
    """The sentence filter is derived from the catalog: an alias added there is read
    everywhere, not only where another word of the filter happens to stand."""
    from flopwatch.extractors.data import accelerator_catalog

    unread = []
    for acc in accelerator_catalog()["accelerators"]:
        for alias in acc["aliases"]:
            found = facts(f"We train on 8 {alias} accelerators.", field="hardware")
            if not any(h["accelerator"] == acc["canonical"] and h["count"] and
                       h["count"] >= 8 for h in found):
                unread.append(alias)
    assert unread == []


@pytest.mark.parametrize("sentence, expected", [
    ("We train on 8 AMD MI250 accelerators.", [("AMD MI250", 8)]),
    ("Inference runs on a T4 GPU.", [("NVIDIA T4", 1)]),
    # a two-character name is an accelerator only where the sentence speaks of one
    ("BoTNets T3 and T4 do not outperform SENets, while T5 does perform on par with S4.", []),
    ("924 tasks correspond to t1: auto debugging, t4: conceptual combinations.", []),
])
def test_accelerators_named_alone(sentence: str, expected: list[tuple[str, int]]):
    assert [(h["accelerator"], h["count"]) for h in facts(sentence, field="hardware")] == \
        expected


@pytest.mark.parametrize("sentence, hours", [
    # "a day" after a duration makes it a rate, not a second training time
    ("Users speaking for three minutes a day would double the training compute.", []),
    ("We train the model for 10 hours a day over 3 days.", [72.0]),
    ("Training takes a day on 8 GPUs.", [24.0]),
])
def test_a_duration_per_day_is_a_rate(sentence: str, hours: list[float]):
    assert [t["hours"] for t in facts(sentence, field="training_time")] == hours


def _header_page(lines: list[tuple[float, tuple[tuple[str, float, float], ...]]],
                 caption: str) -> Page:
    """A page with rows at the given baselines, each cell (text, x0, x1)."""
    from flopwatch.extractors.pdf_text import Cell, Row

    rows = tuple(Row(1, y, tuple(Cell(t, x0, x1) for t, x0, x1 in cells)) for y, cells in lines)
    return Page(1, caption, rows, (Block(0, 60.0, 70.0, caption),), 612.0)


def test_a_group_heading_set_off_by_a_rule_heads_its_columns():
    """Two header lines 17 pt apart (a \\cmidrule between them): "QA-One 1.1 | 2.0" style
    group headings over "EM F1 EM F1" give each pair its benchmark."""
    from flopwatch.extractors import tables

    page = _header_page([
        (90.0, (("SQuAD 1.1", 200.0, 260.0), ("SQuAD 2.0", 280.0, 340.0))),
        (107.0, (("Model", 60.0, 100.0), ("EM", 200.0, 220.0), ("F1", 240.0, 260.0),
                 ("EM", 280.0, 300.0), ("F1", 320.0, 340.0))),
        (121.0, (("Ours-L", 60.0, 100.0), ("84.0", 200.0, 220.0), ("90.5", 240.0, 260.0),
                 ("79.9", 280.0, 300.0), ("82.6", 320.0, 340.0))),
    ], "Table 2: Question answering.")
    assert {(f.benchmark, f.column.metric, f.value) for f in tables.facts(page, ["SQuAD"])} == {
        ("SQuAD 1.1", "EM", 84.0), ("SQuAD 1.1", "F1", 90.5), ("SQuAD 2.0", "EM", 79.9),
        ("SQuAD 2.0", "F1", 82.6)}


def test_a_quantity_over_columns_that_name_only_benchmarks_is_that_quantity_for_each():
    """"Training Cost (FLOPs)" over "EN-DE | EN-FR": the header path says each column is a
    training cost for one language pair, while "BLEU" over the same names is a score."""
    from flopwatch.extractors import tables

    page = _header_page([
        (90.0, (("BLEU", 200.0, 260.0), ("Training Cost (FLOPs)", 280.0, 380.0))),
        (107.0, (("Model", 60.0, 100.0), ("EN-DE", 200.0, 225.0), ("EN-FR", 235.0, 260.0),
                 ("EN-DE", 285.0, 315.0), ("EN-FR", 345.0, 375.0))),
        (121.0, (("Ours", 60.0, 100.0), ("28.1", 200.0, 225.0), ("41.2", 235.0, 260.0),
                 ("3.3 · 1018", 285.0, 315.0), ("2.1 · 1019", 345.0, 375.0))),
    ], "Table 1: Translation quality and cost.")
    found = {(f.kind, f.benchmark or f.column.bench, float(f"{f.value:.3g}"))
             for f in tables.facts(page, ["WMT2014"])}
    assert found == {("result", "WMT2014 En-De", 28.1), ("result", "WMT2014 En-Fr", 41.2),
                     ("compute", "WMT2014 En-De", 3.3e18), ("compute", "WMT2014 En-Fr", 2.1e19)}
    assert all(f.column.total for f in tables.facts(page, ["WMT2014"]) if f.kind == "compute")


def test_c10_and_c100_columns_are_cifar_by_the_registry_header_forms():
    from flopwatch.extractors import tables

    page = _header_page([
        (90.0, (("Method", 60.0, 100.0), ("Params", 150.0, 190.0), ("C10", 200.0, 220.0),
                ("C100", 240.0, 265.0))),
        (104.0, (("Ours-B", 60.0, 100.0), ("3.2M", 150.0, 190.0), ("3.61", 200.0, 220.0),
                 ("17.9", 240.0, 265.0))),
    ], "Table 4: Error rates (%) on CIFAR.")
    found = {(f.kind, f.benchmark, f.column.metric, float(f"{f.value:.3g}"))
             for f in tables.facts(page, ["CIFAR-10"])}
    assert found == {("parameters", "", "", 3.2e6), ("result", "CIFAR-10", "error", 3.61),
                     ("result", "CIFAR-100", "error", 17.9)}


@pytest.mark.parametrize("header, kind", [
    ("#P (M)", "params"), ("# of Weights", "params"), ("Model Size (M)", "params"),
    ("Size (B)", "params"), ("#Params", "params"),
    ("Model size (MB)", None), ("Batch size", None), ("Image Size", None), ("#GPUs", "devices"),
])
def test_a_models_size_is_read_under_the_headers_papers_give_it(header: str, kind: str | None):
    from flopwatch.extractors.pdf_text import Cell
    from flopwatch.extractors.tables.columns import column_of

    found = column_of(Cell(header, 100.0, 140.0))
    assert (found.kind if found else None) == kind
