"""Synthetic papers with results tables of known truth, typeset with pdflatex and booktabs.

Each paper is two pages: a title naming the authors' model, an abstract that proposes it,
prose without numbers, and one or two results tables in one of the layouts real papers use
(LAYOUTS below, each a feature scored on its own). Rows of the paper's own models stand
beside cited baselines, some of which beat them. The truth is what GOLD.md asks of a reader:
the authors' best result per benchmark and metric, their models' parameter counts and
operation counts.

    python benchmarks/tables/generate.py OUT_DIR [--papers 150] [--seed 7] [--no-pdf]

writes OUT_DIR/tex/*.tex, OUT_DIR/pdf/*.pdf (pdflatex: Debian's texlive-latex-recommended
has booktabs) and OUT_DIR/gold.jsonl in the shape of ../shared/corpus/gold.jsonl, with a
`layout` key naming each paper's feature. The same seed writes the same papers.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_SYLLABLES = ("Ze", "ta", "Lu", "mo", "Ori", "on", "Ve", "ga", "Ka", "ri", "No", "va", "Si",
              "ra", "Pe", "lo", "Tu", "xi")
_SUFFIXES = ("Net", "Former", "Mixer", "Conv")
_BASELINES = {
    "vision": ["ResNet-50", "ResNet-101", "DenseNet-BC", "WRN-28-10", "EfficientNet-B0",
               "ViT-B/16", "DeiT-S", "RegNetY-4GF", "ConvNeXt-T", "MobileNetV2"],
    "language": ["BERT-Base", "BERT-Large", "RoBERTa", "XLNet", "ELMo", "GPT-2", "ALBERT",
                 "BiDAF", "T5-Base", "ELECTRA"],
    "translation": ["GNMT", "ConvS2S", "Transformer (base)", "Transformer (big)", "ByteNet",
                    "MoE", "Deep-Att", "RNMT+"],
    "detection": ["Faster R-CNN", "Mask R-CNN", "RetinaNet", "FCOS", "DETR", "YOLOv3"],
    "ner": ["LSTM-CRF", "CNN-BiLSTM-CRF", "ELMo-CRF", "Flair", "BERT-NER"],
}
_FILLER = ("The method is simple to implement and trains stably across settings. "
           "We describe the architecture and the training procedure in turn, and compare "
           "it with strong baselines from the literature under the same protocol. ")


@dataclass
class Paper:
    """One synthetic paper: its LaTeX body parts and its truth."""

    name: str                               # the authors' model family ("ZetaNet")
    domain: str
    tables: list[str] = field(default_factory=list)
    prose: list[str] = field(default_factory=list)
    results: list[dict[str, Any]] = field(default_factory=list)
    parameters: list[dict[str, Any]] = field(default_factory=list)
    compute: list[dict[str, Any]] = field(default_factory=list)
    two_column: bool = False


def _model_name(rng: random.Random) -> str:
    return "".join(rng.sample(_SYLLABLES, 2)).capitalize() + rng.choice(_SUFFIXES)


def _cite(rng: random.Random) -> str:
    return rng.choice([f" [{rng.randint(1, 40)}]", f"~[{rng.randint(1, 40)}]",
                       f" ({rng.choice(['Smith', 'Chen', 'Kumar', 'Liu'])} et al., "
                       f"{rng.randint(2015, 2021)})"])


def _fmt(value: float, digits: int = 1) -> str:
    return f"{value:.{digits}f}"


def _own_variants(paper: Paper, rng: random.Random, n: int = 2) -> list[str]:
    return [f"{paper.name}-{size}" for size in rng.sample(["T", "S", "B", "L"], n)]


def _table(caption: str, columns: str, header: list[str], rows: list[list[str]],
           rng: random.Random, star: bool = False, below: bool | None = None,
           float_env: bool = True) -> str:
    """A booktabs table: caption above or below, header lines, body rows (a row that is a
    string alone is a \\midrule); without its float where it goes inside another."""
    below = rng.random() < 0.3 if below is None else below
    env = "table*" if star else "table"
    body = []
    for row in rows:
        body.append("\\midrule" if row == ["\\midrule"] else " & ".join(row) + " \\\\")
    cap = f"\\caption{{{caption}}}"
    inner = ["\\centering", "" if below else cap, f"\\begin{{tabular}}{{{columns}}}",
             "\\toprule", *header, "\\midrule", *body, "\\bottomrule", "\\end{tabular}",
             cap if below else ""]
    if not float_env:
        return "\n".join(inner)
    return "\n".join([f"\\begin{{{env}}}[t]", *inner, f"\\end{{{env}}}"])


def _result(paper: Paper, benchmark: str, metric: str, value: float, model: str) -> None:
    """The truth keeps the best own value per benchmark and metric (GOLD.md)."""
    lower = metric in {"error", "top-1 error", "top-5 error"}
    for r in paper.results:
        if r["benchmark"] == benchmark and r["metric"] == metric:
            if (value < r["value"]) if lower else (value > r["value"]):
                r.update(value=value, model=model)
            return
    paper.results.append({"benchmark": benchmark, "metric": metric, "split": None,
                          "value": value, "model": model, "in_table": True})


def _params(paper: Paper, model: str, millions: float) -> None:
    paper.parameters.append({"model": model, "value": round(millions * 1e6)})


def _flops(paper: Paper, model: str, value: float, kind: str = "per_forward") -> None:
    paper.compute.append({"kind": kind, "value": value, "unit": "FLOPs", "subject": model})


# How papers head the same quantity: (header, how its cells print a value in millions or
# billions, the unit of an operation count).
_PARAMS_HEADERS = (("Params (M)", "{:.1f}"), ("\\#Params (M)", "{:.1f}"),
                   ("\\#P (M)", "{:.1f}"), ("Params", "{:.1f}M"), ("Model Size (M)", "{:.1f}"),
                   ("\\# of Weights", "{:.1f}M"), ("Size (M)", "{:.1f}"))
_FLOPS_HEADERS = (("FLOPs (G)", "{:.1f}", 1e9, "FLOPs"), ("GFLOPs", "{:.1f}", 1e9, "FLOPs"),
                  ("MACs (G)", "{:.1f}", 1e9, "MACs"), ("FLOPs", "{:.1f}G", 1e9, "FLOPs"),
                  ("Mult-Adds (M)", "{:.0f}", 1e6, "MACs"))
_TOP1_HEADERS = ("Top-1 (\\%)", "Top-1 Acc. (\\%)", "Acc@1", "Top-1 acc.", "ImageNet Top-1")
_AP_HEADERS = (("AP", "AP$_{50}$"), ("AP$^{box}$", "AP$^{box}$ 50"), ("mAP", "AP@0.5"),
               ("AP", "AP$_{0.5}$"))


def _baselines(rng: random.Random, domain: str, cells: Callable[[], list[str]],
               n: int = 3) -> list[list[str]]:
    """Rows of cited baselines of the domain, each with the cells `cells` draws, and the
    rule under them."""
    return [*([base + _cite(rng), *cells()] for base in rng.sample(_BASELINES[domain], n)),
            ["\\midrule"]]


def _bold(text: str, rng: random.Random, p: float = 0.3) -> str:
    return f"\\textbf{{{text}}}" if rng.random() < p else text


# Layouts: each writes one table (and its truth) into the paper.


def cifar_c10_c100(paper: Paper, rng: random.Random) -> None:
    """CIFAR with `C10` / `C100` columns holding errors (or accuracies), "Params" as 3.2M."""
    errors = rng.random() < 0.6
    rows, kind = [], "error" if errors else "accuracy"
    for base in rng.sample(_BASELINES["vision"], 3):
        e10, e100 = rng.uniform(3, 6), rng.uniform(17, 25)
        rows.append([base + _cite(rng), f"{rng.uniform(5, 40):.1f}M",
                     _fmt(e10 if errors else 100 - e10, 2),
                     _fmt(e100 if errors else 100 - e100, 2)])
    rows.append(["\\midrule"])
    for own in _own_variants(paper, rng):
        e10, e100, size = rng.uniform(2.5, 4.5), rng.uniform(15, 20), rng.uniform(2, 30)
        v10, v100 = (e10, e100) if errors else (100 - e10, 100 - e100)
        v10, v100 = round(v10, 2), round(v100, 2)
        rows.append([own, f"{size:.1f}M", _bold(_fmt(v10, 2), rng), _fmt(v100, 2)])
        _result(paper, "CIFAR-10", kind, v10, own)
        _result(paper, "CIFAR-100", kind, v100, own)
        _params(paper, own, round(size, 1))
    word = "Error rates (\\%)" if errors else "Accuracy (\\%)"
    paper.tables.append(_table(f"{word} on CIFAR-10 (C10) and CIFAR-100 (C100).", "lccc",
                               ["Method & Params & C10 & C100 \\\\"], rows, rng))


def imagenet_top_err(paper: Paper, rng: random.Random) -> None:
    """ImageNet with `Top-1 err. (%)` / `Top-5 err. (%)`, an operation count and a size, each
    headed as one of the ways papers head them."""
    params_head, params_cell = rng.choice(_PARAMS_HEADERS)
    flops_head, flops_cell, flops_scale, flops_unit = rng.choice(_FLOPS_HEADERS)
    rows = _baselines(rng, "vision", lambda: [
        _fmt(rng.uniform(20, 30)), _fmt(rng.uniform(5, 10)), _fmt(rng.uniform(1, 8)),
        _fmt(rng.uniform(10, 60))])
    for own in _own_variants(paper, rng):
        t1, t5 = round(rng.uniform(18, 24), 1), round(rng.uniform(4, 7), 1)
        gflops, size = round(rng.uniform(0.5, 9), 1), round(rng.uniform(5, 80), 1)
        ops = float(flops_cell.format(gflops * 1e9 / flops_scale).rstrip("G"))
        rows.append([own, _fmt(t1), _fmt(t5), flops_cell.format(ops), params_cell.format(size)])
        _result(paper, "ImageNet", "top-1 error", t1, own)
        _result(paper, "ImageNet", "top-5 error", t5, own)
        paper.compute.append({"kind": "per_forward", "value": ops * flops_scale,
                              "unit": flops_unit, "subject": own})
        _params(paper, own, size)
    paper.tables.append(_table(
        "Single-crop error rates on the ImageNet validation set.", "lcccc",
        [f"Model & Top-1 err. (\\%) & Top-5 err. (\\%) & {flops_head} & {params_head} \\\\"],
        rows, rng))


def _squad_scores(paper: Paper, rng: random.Random, own: str) -> tuple[float, ...]:
    """An own row's EM and F1 on SQuAD 1.1 and 2.0, entered in the truth."""
    em1, f11 = round(rng.uniform(80, 88), 1), round(rng.uniform(88, 94), 1)
    em2, f12 = round(rng.uniform(75, 85), 1), round(rng.uniform(78, 88), 1)
    for bench, metric, v in (("SQuAD 1.1", "EM", em1), ("SQuAD 1.1", "F1", f11),
                             ("SQuAD 2.0", "EM", em2), ("SQuAD 2.0", "F1", f12)):
        _result(paper, bench, metric, v, own)
    return em1, f11, em2, f12


def squad_two_level(paper: Paper, rng: random.Random) -> None:
    """A two-level header: `SQuAD 1.1` and `SQuAD 2.0` over `EM F1 EM F1`, drawn with
    \\multicolumn and \\cmidrule."""
    rows = _baselines(rng, "language", lambda: [*(_fmt(rng.uniform(60, 92)) for _ in range(4))])
    for own in _own_variants(paper, rng):
        em1, f11, em2, f12 = _squad_scores(paper, rng, own)
        rows.append([own, _fmt(em1), _fmt(f11), _fmt(em2), _fmt(f12)])
    header = ["& \\multicolumn{2}{c}{SQuAD 1.1} & \\multicolumn{2}{c}{SQuAD 2.0} \\\\",
              "\\cmidrule(lr){2-3} \\cmidrule(lr){4-5}", "Model & EM & F1 & EM & F1 \\\\"]
    paper.tables.append(_table("Results on the SQuAD development sets.", "lcccc", header,
                               rows, rng))


def squad_slash_pairs(paper: Paper, rng: random.Random) -> None:
    """Slash pairs: `85.1/91.8` under a header `EM/F1`, one column per SQuAD version."""
    rows = _baselines(rng, "language", lambda: [
        f"{rng.uniform(60, 86):.1f}/{rng.uniform(70, 92):.1f}",
        f"{rng.uniform(60, 80):.1f}/{rng.uniform(65, 84):.1f}"])
    for own in _own_variants(paper, rng):
        em1, f11, em2, f12 = _squad_scores(paper, rng, own)
        rows.append([own, f"{em1:.1f}/{f11:.1f}", f"{em2:.1f}/{f12:.1f}"])
    paper.tables.append(_table("Question answering results (EM/F1).", "lcc",
                               ["Model & SQuAD 1.1 EM/F1 & SQuAD 2.0 EM/F1 \\\\"], rows, rng))


_GLUE_TASKS = ("MNLI", "QQP", "QNLI", "SST-2", "CoLA", "STS-B", "MRPC", "RTE")


def glue_tasks_avg(paper: Paper, rng: random.Random) -> None:
    """GLUE: eight task columns and an `Avg` column."""
    rows = _baselines(rng, "language", lambda: [
        *(_fmt(rng.uniform(60, 92)) for _ in _GLUE_TASKS), _fmt(rng.uniform(75, 82))])
    for own in _own_variants(paper, rng):
        avg = round(rng.uniform(82, 89), 1)
        rows.append([own, *(_fmt(rng.uniform(65, 96)) for _ in _GLUE_TASKS), _fmt(avg)])
        _result(paper, "GLUE", "score", avg, own)
    header = ["Model & " + " & ".join(_GLUE_TASKS) + " & Avg \\\\"]
    paper.tables.append(_table("Results on the GLUE test set.", "l" + "c" * 9, header, rows,
                               rng, star=True))
    paper.two_column = True


def _sci(value: float) -> tuple[str, float]:
    """A training cost as papers print it, "2.3 · 10^{19}", and its value."""
    mantissa, exponent = f"{value:.1e}".split("e")     # "2.3e+19": 9.96e18 is 1.0e19
    mantissa, exponent = float(mantissa), int(exponent)
    return f"${mantissa} \\cdot 10^{{{exponent}}}$", mantissa * 10.0 ** exponent


def wmt_bleu_cost(paper: Paper, rng: random.Random) -> None:
    """WMT: `EN-DE` / `EN-FR` under a `BLEU` group beside a `Training Cost (FLOPs)` group
    with `2.3 · 10^19` cells."""
    rows = _baselines(rng, "translation", lambda: [
        _fmt(rng.uniform(23, 28), 2), _fmt(rng.uniform(36, 41), 2),
        _sci(rng.uniform(1e18, 1e20))[0], _sci(rng.uniform(1e18, 1e20))[0]])
    for own in _own_variants(paper, rng):
        de, fr = round(rng.uniform(27, 30), 2), round(rng.uniform(40, 43), 2)
        (de_cost, de_v), (fr_cost, fr_v) = _sci(rng.uniform(1e18, 5e19)), \
            _sci(rng.uniform(1e19, 2e20))
        rows.append([own, _fmt(de, 2), _fmt(fr, 2), de_cost, fr_cost])
        _result(paper, "WMT2014 En-De", "BLEU", de, own)
        _result(paper, "WMT2014 En-Fr", "BLEU", fr, own)
        _flops(paper, f"{own} EN-DE", de_v, "training_total")
        _flops(paper, f"{own} EN-FR", fr_v, "training_total")
    header = ["& \\multicolumn{2}{c}{BLEU} & \\multicolumn{2}{c}{Training Cost (FLOPs)} \\\\",
              "\\cmidrule(lr){2-3} \\cmidrule(lr){4-5}",
              "Model & EN-DE & EN-FR & EN-DE & EN-FR \\\\"]
    paper.tables.append(_table("BLEU scores on the newstest2014 tests and training cost.",
                               "lcccc", header, rows, rng))


def coco_ap(paper: Paper, rng: random.Random) -> None:
    """COCO with `AP`, `AP$_{50}$`, `AP$_{75}$` columns."""
    rows = _baselines(rng, "detection", lambda: [
        _fmt(rng.uniform(33, 44)), _fmt(rng.uniform(55, 63)), _fmt(rng.uniform(36, 47))])
    for own in _own_variants(paper, rng):
        ap, ap50 = round(rng.uniform(42, 50), 1), round(rng.uniform(62, 69), 1)
        rows.append([own, _fmt(ap), _fmt(ap50), _fmt(rng.uniform(45, 54))])
        _result(paper, "COCO", "AP", ap, own)
        _result(paper, "COCO", "AP50", ap50, own)
    ap_head, ap50_head = rng.choice(_AP_HEADERS)
    paper.tables.append(_table("Object detection on COCO test-dev.", "lccc",
                               [f"Method & {ap_head} & {ap50_head} & AP$_{{75}}$ \\\\"], rows,
                               rng))


def conll_f1(paper: Paper, rng: random.Random) -> None:
    """CoNLL-2003 test F1, one column."""
    rows = _baselines(rng, "ner", lambda: [_fmt(rng.uniform(89, 92.5), 2)])
    for own in _own_variants(paper, rng):
        f1 = round(rng.uniform(92, 94), 2)
        rows.append([own, _fmt(f1, 2)])
        _result(paper, "CoNLL-2003", "F1", f1, own)
    paper.tables.append(_table("Named entity recognition on the CoNLL-2003 test set.", "lc",
                               ["Model & Test F1 \\\\"], rows, rng))


def deviations_and_marks(paper: Paper, rng: random.Random) -> None:
    """Cells with deviations and marks: `76.3 $\\pm$ 0.2`, `4.8*`, `54.1$^\\dagger$`, bold."""
    top1_head = rng.choice(_TOP1_HEADERS)
    params_head, params_cell = rng.choice(_PARAMS_HEADERS)
    rows = _baselines(rng, "vision", lambda: [
        f"{rng.uniform(70, 79):.1f}$^\\dagger$", f"{rng.uniform(4, 30):.1f}"])
    for own in _own_variants(paper, rng):
        top1, size = round(rng.uniform(78, 84), 1), round(rng.uniform(5, 60), 1)
        mark = rng.choice([f" $\\pm$ {rng.uniform(0.1, 0.4):.1f}", "*", ""])
        rows.append([own, _bold(f"{top1:.1f}{mark}", rng, 0.5), params_cell.format(size)])
        _result(paper, "ImageNet", "top-1 accuracy", top1, own)
        _params(paper, own, size)
    paper.tables.append(_table(
        "Top-1 accuracy (\\%) on ImageNet, mean $\\pm$ std over three runs.", "lcc",
        [f"Model & {top1_head} & {params_head} \\\\"], rows, rng))


def cited_row_beats_ours(paper: Paper, rng: random.Random) -> None:
    """A cited baseline that beats every own row on one column: it is never our result."""
    rows = []
    best = rng.uniform(86, 89)
    rows.append([rng.choice(_BASELINES["vision"]) + _cite(rng), _fmt(best), "632.0"])
    for base in rng.sample(_BASELINES["vision"], 2):
        rows.append([base + _cite(rng), _fmt(rng.uniform(75, 80)), _fmt(rng.uniform(20, 80))])
    rows.append(["\\midrule"])
    for own in _own_variants(paper, rng):
        top1, size = round(rng.uniform(80, 85), 1), round(rng.uniform(10, 90), 1)
        rows.append([f"{own} (ours)", _fmt(top1), _fmt(size)])
        _result(paper, "ImageNet", "top-1 accuracy", top1, own)
        _params(paper, own, size)
    paper.tables.append(_table("Comparison with the state of the art on ImageNet.", "lcc",
                               ["Method & Top-1 Acc. & \\#Params (M) \\\\"], rows, rng))


def transposed(paper: Paper, rng: random.Random) -> None:
    """Benchmarks as rows, models as columns; the own model's column named by its name."""
    own = f"{paper.name}-B"
    bases = rng.sample(_BASELINES["vision"], 2)
    c10, c100, inet = (round(rng.uniform(96, 98.5), 1), round(rng.uniform(80, 87), 1),
                       round(rng.uniform(80, 85), 1))
    rows = [["CIFAR-10", _fmt(rng.uniform(94, 96)), _fmt(rng.uniform(93, 96)), _fmt(c10)],
            ["CIFAR-100", _fmt(rng.uniform(76, 80)), _fmt(rng.uniform(75, 79)), _fmt(c100)],
            ["ImageNet", _fmt(rng.uniform(76, 79)), _fmt(rng.uniform(75, 79)), _fmt(inet)]]
    _result(paper, "CIFAR-10", "accuracy", c10, own)
    _result(paper, "CIFAR-100", "accuracy", c100, own)
    _result(paper, "ImageNet", "top-1 accuracy", inet, own)
    header = [f"Dataset & {bases[0]}{_cite(rng)} & {bases[1]}{_cite(rng)} & {own} \\\\"]
    paper.tables.append(_table("Transfer accuracy (\\%) of each model.", "lccc", header,
                               rows, rng))


def section_rows(paper: Paper, rng: random.Random) -> None:
    """Section rows ("Baselines", "Ours") heading groups of rows; FLOPs and params."""
    rows = [["\\textit{Baselines}", "", "", ""]]
    for base in rng.sample(_BASELINES["vision"], 3):
        rows.append([base, rng.choice([_fmt(rng.uniform(1, 10)), "--"]),
                     _fmt(rng.uniform(10, 60)), _fmt(rng.uniform(74, 80))])
    rows.append(["\\midrule"])
    rows.append(["\\textit{Ours}", "", "", ""])
    for own in _own_variants(paper, rng, 3):
        gflops, size, top1 = (round(rng.uniform(0.5, 9), 1), round(rng.uniform(5, 80), 1),
                              round(rng.uniform(78, 84), 1))
        rows.append([own, _fmt(gflops), _fmt(size), _fmt(top1)])
        _flops(paper, own, gflops * 1e9)
        _params(paper, own, size)
        _result(paper, "ImageNet", "top-1 accuracy", top1, own)
    paper.tables.append(_table("ImageNet classification.", "lccc",
                               ["Model & GFLOPs & Params (M) & Top-1 (\\%) \\\\"], rows, rng))


def tight_columns_with_gains(paper: Paper, rng: random.Random) -> None:
    """Columns set with almost no gap (`\\tabcolsep` 1pt), each own score followed by its
    gain over the baseline row: "79.1 (+ 1.4) 94.4 (+ 0.5)" reads as one PDF line."""
    base = rng.choice(_BASELINES["vision"])
    top1, top5 = round(rng.uniform(74, 78), 1), round(rng.uniform(91, 93), 1)
    rows = [[base, _fmt(top1), _fmt(top5)], ["\\midrule"]]      # the baseline, uncited
    for own in _own_variants(paper, rng):
        t1, t5 = round(top1 + rng.uniform(0.2, 3), 1), round(top5 + rng.uniform(0.1, 1.5), 1)
        rows.append([own, f"{t1:.1f} (+ {t1 - top1:.1f})", f"{t5:.1f} (+ {t5 - top5:.1f})"])
        _result(paper, "ImageNet", "top-1 accuracy", t1, own)
        _result(paper, "ImageNet", "top-5 accuracy", t5, own)
    table = _table("ImageNet validation accuracy (\\%); gains over the baseline in "
                   "parentheses.", "lcc", ["Backbone & top-1 acc. & top-5 acc. \\\\"],
                   rows, rng)
    tight = "\\centering\n\\setlength{\\tabcolsep}{1pt}"
    paper.tables.append(table.replace("\\centering", tight))


def _fit_half(table: str) -> str:
    return table.replace("\\begin{tabular}", "\\resizebox{\\linewidth}{!}{\\begin{tabular}"
                         ).replace("\\end{tabular}", "\\end{tabular}}")


def side_by_side(paper: Paper, rng: random.Random) -> None:
    """Two tables beside each other across a two-column page, each with its own caption
    (ImageNet on the left, COCO on the right): their rows share baselines, so each PDF line
    holds a row of both."""
    paper.two_column = True
    left = _baselines(rng, "vision", lambda: [
        _fmt(rng.uniform(10, 60)), _fmt(rng.uniform(1, 9)), _fmt(rng.uniform(74, 80))])
    right = _baselines(rng, "detection", lambda: [
        _fmt(rng.uniform(33, 44)), _fmt(rng.uniform(55, 63))])
    for own in _own_variants(paper, rng):
        size, gflops, top1 = (round(rng.uniform(5, 80), 1), round(rng.uniform(0.5, 9), 1),
                              round(rng.uniform(78, 84), 1))
        ap, ap50 = round(rng.uniform(42, 50), 1), round(rng.uniform(62, 69), 1)
        left.append([own, _fmt(size), _fmt(gflops), _fmt(top1)])
        right.append([own, _fmt(ap), _fmt(ap50)])
        _params(paper, own, size)
        _flops(paper, own, gflops * 1e9)
        _result(paper, "ImageNet", "top-1 accuracy", top1, own)
        _result(paper, "COCO", "AP", ap, own)
        _result(paper, "COCO", "AP50", ap50, own)
    below = rng.random() < 0.5
    # (each scaled to its half, as papers do with resizebox, so that neither runs into
    # the other)
    halves = [_fit_half(half) for half in [
        _table("Classification on ImageNet.", "lccc",
               ["Model & Params (M) & FLOPs (G) & Top-1 (\\%) \\\\"], left, rng, below=below,
               float_env=False),
        _table("Detection on COCO val2017.", "lcc", ["Backbone & AP & AP$_{50}$ \\\\"],
               right, rng, below=below, float_env=False)]]
    minipages = [f"\\begin{{minipage}}{{0.48\\textwidth}}\n{h}\n\\end{{minipage}}\\hfill"
                 for h in halves]
    paper.tables.append("\n".join(["\\begin{table*}[t]", *minipages, "\\end{table*}"]))


Layout = tuple[str, Callable[[Paper, random.Random], None]]   # (domain, writer)


LAYOUTS: dict[str, Layout] = {
    "cifar_c10_c100": ("vision", cifar_c10_c100),
    "imagenet_top_err": ("vision", imagenet_top_err),
    "squad_two_level": ("language", squad_two_level),
    "squad_slash_pairs": ("language", squad_slash_pairs),
    "glue_tasks_avg_table_star": ("language", glue_tasks_avg),
    "wmt_bleu_cost_groups": ("translation", wmt_bleu_cost),
    "coco_ap": ("detection", coco_ap),
    "conll_f1": ("ner", conll_f1),
    "deviations_and_marks": ("vision", deviations_and_marks),
    "cited_row_beats_ours": ("vision", cited_row_beats_ours),
    "transposed": ("vision", transposed),
    "section_rows": ("vision", section_rows),
    "tight_columns_with_gains": ("vision", tight_columns_with_gains),
    "side_by_side_shared_lines": ("vision", side_by_side),
}


def latex(paper: Paper) -> str:
    body = "\n\n".join([
        "\\section{Introduction}", _FILLER * 6,
        f"\\section{{Experiments}}\nWe compare {paper.name} with prior work. " + _FILLER * 2,
        *paper.tables, _FILLER * 8, "\\section{Conclusion}",
        f"We presented {paper.name}. " + _FILLER * 3])
    options = "twocolumn" if paper.two_column else ""
    return "\n".join([
        f"\\documentclass[{options}]{{article}}", "\\usepackage{booktabs}",
        "\\usepackage{amsmath}", "\\usepackage{graphicx}", "\\usepackage[margin=1in]{geometry}",
        f"\\title{{{paper.name}: Better Models with Less Compute}}",
        "\\author{Anonymous}", "\\date{}", "\\begin{document}", "\\maketitle",
        f"\\begin{{abstract}}We propose {paper.name}, a family of models. {_FILLER}"
        "\\end{abstract}", body, "\\end{document}", ""])


def gold(paper_id: str, layout: str, paper: Paper) -> dict[str, Any]:
    return {"paper": paper_id, "layout": layout, "title": paper.name, "hardware": [],
            "training_time": [], "device_time": [], "compute": paper.compute,
            "parameters": paper.parameters, "results": paper.results}


def render(tex: Path, pdf_dir: Path) -> None:
    with tempfile.TemporaryDirectory() as work:
        run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error",
                              "-output-directory", work, str(tex)], capture_output=True,
                             text=True)
        if run.returncode != 0:
            raise SystemExit(f"pdflatex failed on {tex}:\n{run.stdout[-1500:]}")
        shutil.move(Path(work) / (tex.stem + ".pdf"), pdf_dir / (tex.stem + ".pdf"))


def write_set(out: Path, papers: int, seed: int, layouts: dict[str, Layout],
              first_id: int = 90000, pdf: bool = True) -> None:
    """`papers` papers drawn round the layouts in turn, their .tex, .pdf and gold.jsonl."""
    rng = random.Random(seed)
    tex_dir, pdf_dir = out / "tex", out / "pdf"
    tex_dir.mkdir(parents=True, exist_ok=True)
    pdf_dir.mkdir(parents=True, exist_ok=True)
    names = list(layouts)
    lines = []
    for i in range(papers):
        layout = names[i % len(names)]
        paper_id = f"2301.{first_id + i:05d}"   # a month the checks accept, ids no one has
        domain, write = layouts[layout]
        paper = Paper(_model_name(rng), domain)
        write(paper, rng)
        tex = tex_dir / f"{paper_id}.tex"
        tex.write_text(latex(paper), encoding="utf-8")
        if pdf:
            render(tex, pdf_dir)
        lines.append(json.dumps(gold(paper_id, layout, paper)))
    (out / "gold.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{papers} papers, {len(names)} layouts, in {out}")


def main(argv: list[str] | None = None, layouts: dict[str, Layout] | None = None,
         first_id: int = 90000) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--papers", type=int, default=156)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-pdf", action="store_true", help="write the .tex and gold only")
    args = parser.parse_args(argv)
    if not args.no_pdf and shutil.which("pdflatex") is None:
        print("pdflatex is not installed (Debian: apt-get install texlive-latex-recommended)",
              file=sys.stderr)
        return 1
    write_set(args.out, args.papers, args.seed, LAYOUTS if layouts is None else layouts,
              first_id, not args.no_pdf)
    return 0


if __name__ == "__main__":
    sys.exit(main())
