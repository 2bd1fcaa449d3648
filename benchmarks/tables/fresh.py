"""A third set of synthetic papers, written after extractor 0.32.0 and measured before any
rule was written from it: layouts neither generate.py nor heldout.py has, taken from how
real papers set their tables (percent signs in cells, models as columns, a benchmark per
section of rows, appendix captions, translation directions as rows, "C10+" columns, sizes
in billions, columns the reader must skip).

    python benchmarks/tables/fresh.py OUT_DIR [--papers 90] [--seed 5] [--no-pdf]

Same output as generate.py (tex/, pdf/, gold.jsonl with a `layout` key).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import _BASELINES, Layout, Paper, _cite, _fmt, _params, _result, _table, main
from heldout import _cited


def _own(paper: Paper, rng: random.Random, n: int = 2) -> list[str]:
    return [f"{paper.name}-{s}" for s in rng.sample(["S", "M", "L", "H"], n)]


def percent_cells(paper: Paper, rng: random.Random) -> None:
    """ImageNet top-1 accuracy and top-5 error side by side, each cell with its "%"."""
    rows = [[b, f"{rng.uniform(70, 79):.1f}\\%", f"{rng.uniform(6, 10):.1f}\\%"]
            for b in _cited(rng, "vision", 3)]
    rows.append(["\\midrule"])
    for own in _own(paper, rng):
        top1, top5err = round(rng.uniform(80, 86), 1), round(rng.uniform(2.5, 5.5), 1)
        rows.append([own, f"{top1:.1f}\\%", f"{top5err:.1f}\\%"])
        _result(paper, "ImageNet", "top-1 accuracy", top1, own)
        _result(paper, "ImageNet", "top-5 error", top5err, own)
    paper.tables.append(_table("Single-crop results on the ImageNet validation set.", "lcc",
                               ["Method & Top-1 Acc. & Top-5 Err. \\\\"], rows, rng))


def models_as_columns(paper: Paper, rng: random.Random) -> None:
    """Training budgets as rows, a baseline's and our model's scores as columns; the caption
    names the benchmark and the score."""
    base = rng.choice(["ResNet-50", "DeiT-S", "ViT-B/16"])
    rows = []
    for epochs in (100, 300):
        ours = round(rng.uniform(79, 84), 1)
        rows.append([f"{epochs} epochs", _fmt(rng.uniform(72, 78)), _fmt(ours)])
        _result(paper, "ImageNet", "top-1 accuracy", ours, f"{paper.name} ({epochs} epochs)")
    paper.tables.append(_table("Top-1 accuracy (\\%) on ImageNet-1K for two training "
                               "budgets.", "lcc",
                               [f"Schedule & {base} & {paper.name} (ours) \\\\"], rows, rng))


def dataset_section_rows(paper: Paper, rng: random.Random) -> None:
    """One table for CIFAR-10 and CIFAR-100: a section row names each dataset over its own
    rows of test errors."""
    rows: list[list[str]] = []
    for bench, low, high in (("CIFAR-10", 2.5, 5.0), ("CIFAR-100", 15.0, 25.0)):
        rows.append([f"\\multicolumn{{3}}{{l}}{{\\textit{{{bench}}}}}"])
        for b in _cited(rng, "vision", 2):
            rows.append([b, _fmt(rng.uniform(10, 40)), _fmt(rng.uniform(high, high + 3), 2)])
        for own in _own(paper, rng, 1):
            err = round(rng.uniform(low, high - 0.5), 2)
            size = round(rng.uniform(10, 40), 1)
            rows.append([own, _fmt(size), _fmt(err, 2)])
            _result(paper, bench, "error", err, own)
            _params(paper, own, size)
    paper.tables.append(_table("Test error (\\%) on the CIFAR datasets.", "lcc",
                               ["Model & Params (M) & Error \\\\"], rows, rng))


def appendix_caption(paper: Paper, rng: random.Random) -> None:
    """A COCO table in the appendix: "Table A.1", its caption below."""
    rows = [[b, _fmt(rng.uniform(35, 42)), _fmt(rng.uniform(55, 61))]
            for b in _cited(rng, "detection", 3)]
    rows.append(["\\midrule"])
    for own in _own(paper, rng):
        ap, ap50 = round(rng.uniform(43, 50), 1), round(rng.uniform(62, 69), 1)
        rows.append([own, _fmt(ap), _fmt(ap50)])
        _result(paper, "COCO", "AP", ap, own)
        _result(paper, "COCO", "AP50", ap50, own)
    table = _table("Object detection on COCO val2017 with a longer schedule.", "lcc",
                   ["Detector & AP & AP$_{50}$ \\\\"], rows, rng, below=True)
    paper.tables.append("\\renewcommand{\\thetable}{A.\\arabic{table}}\n" + table)


def translation_directions_as_rows(paper: Paper, rng: random.Random) -> None:
    """Directions as rows ("En$\\to$De"), systems as columns, BLEU in the caption."""
    systems = rng.sample(_BASELINES["translation"], 2)
    rows = []
    for bench, pair, low in (("WMT2014 En-De", "En$\\to$De", 27.0),
                             ("WMT2014 En-Fr", "En$\\to$Fr", 39.0)):
        ours = round(rng.uniform(low + 1, low + 4), 1)
        rows.append([pair, _fmt(rng.uniform(low - 3, low)), _fmt(rng.uniform(low - 2, low)),
                     _fmt(ours)])
        _result(paper, bench, "BLEU", ours, paper.name)
    header = [f"Direction & {systems[0]}{_cite(rng)} & {systems[1]}{_cite(rng)} & "
              f"{paper.name} \\\\"]
    paper.tables.append(_table("BLEU on newstest2014.", "lccc", header, rows, rng))


def squad_f1_first(paper: Paper, rng: random.Random) -> None:
    """SQuAD 1.1 and 2.0 dev results with F1 before EM."""
    rows = [[b, *(_fmt(rng.uniform(70, 85)) for _ in range(4))]
            for b in _cited(rng, "language", 3)]
    rows.append(["\\midrule"])
    for own in _own(paper, rng):
        f1_1, em_1 = round(rng.uniform(91, 95), 1), round(rng.uniform(85, 89), 1)
        f1_2, em_2 = round(rng.uniform(86, 90), 1), round(rng.uniform(82, 85), 1)
        rows.append([own, _fmt(f1_1), _fmt(em_1), _fmt(f1_2), _fmt(em_2)])
        _result(paper, "SQuAD 1.1", "F1", f1_1, own)
        _result(paper, "SQuAD 1.1", "EM", em_1, own)
        _result(paper, "SQuAD 2.0", "F1", f1_2, own)
        _result(paper, "SQuAD 2.0", "EM", em_2, own)
    header = ["& \\multicolumn{2}{c}{SQuAD v1.1 dev} & \\multicolumn{2}{c}{SQuAD v2.0 dev} \\\\",
              "\\cmidrule(lr){2-3} \\cmidrule(lr){4-5}",
              "System & F1 & EM & F1 & EM \\\\"]
    paper.tables.append(_table("Question answering.", "lcccc", header, rows, rng))


def sizes_in_billions(paper: Paper, rng: random.Random) -> None:
    """Language models with sizes in billions ("6.7B") and a GLUE score."""
    rows = [[b, f"{rng.choice([0.11, 0.34, 1.5])}B", _fmt(rng.uniform(75, 82))]
            for b in _cited(rng, "language", 3)]
    rows.append(["\\midrule"])
    for own, size in zip(_own(paper, rng), (1.3, 6.7), strict=True):
        score = round(rng.uniform(84, 90), 1)
        rows.append([own, f"{size}B", _fmt(score)])
        _result(paper, "GLUE", "score", score, own)
        _params(paper, own, size * 1000)
    paper.tables.append(_table("Results on the GLUE test set.", "lcc",
                               ["Model & \\#Params & GLUE \\\\"], rows, rng))


def cifar_plus_columns(paper: Paper, rng: random.Random) -> None:
    """DenseNet's layout: "C10+" and "C100+" (with augmentation) error columns, a depth
    column and "Params" as "7.0M"."""
    rows = [[b, str(rng.choice([110, 164, 28, 40])), f"{rng.uniform(1, 40):.1f}M",
             _fmt(rng.uniform(4, 7), 2), _fmt(rng.uniform(20, 28), 2)]
            for b in _cited(rng, "vision", 3)]
    rows.append(["\\midrule"])
    for own in _own(paper, rng):
        size = round(rng.uniform(1, 30), 1)
        c10, c100 = round(rng.uniform(3, 4), 2), round(rng.uniform(16, 19.5), 2)
        rows.append([own, str(rng.choice([100, 190, 250])), f"{size:.1f}M", _fmt(c10, 2),
                     _fmt(c100, 2)])
        _result(paper, "CIFAR-10", "error", c10, own)
        _result(paper, "CIFAR-100", "error", c100, own)
        _params(paper, own, size)
    paper.tables.append(_table("Error rates (\\%) on CIFAR with standard augmentation (+).",
                               "lcccc", ["Method & Depth & Params & C10+ & C100+ \\\\"],
                               rows, rng))


def distractor_columns(paper: Paper, rng: random.Random) -> None:
    """Columns the reader must skip among those it reads: resolution, epochs, memory and
    images per second beside "Top-1"."""
    rows = [[b, "224", "300", _fmt(rng.uniform(4, 12)), str(rng.randint(400, 3000)),
             _fmt(rng.uniform(72, 80))] for b in _cited(rng, "vision", 3)]
    rows.append(["\\midrule"])
    for own in _own(paper, rng):
        top1 = round(rng.uniform(80, 86), 1)
        rows.append([own, "224", "300", _fmt(rng.uniform(4, 12)), str(rng.randint(400, 3000)),
                     _fmt(top1)])
        _result(paper, "ImageNet", "top-1 accuracy", top1, own)
    paper.tables.append(_table("Comparison on ImageNet-1K.", "lccccc",
                               ["Model & Res. & Epochs & Mem. (GB) & Images/s & Top-1 \\\\"],
                               rows, rng))


FRESH: dict[str, Layout] = {
    "percent_cells": ("vision", percent_cells),
    "models_as_columns": ("vision", models_as_columns),
    "dataset_section_rows": ("vision", dataset_section_rows),
    "appendix_caption": ("detection", appendix_caption),
    "translation_directions_as_rows": ("translation", translation_directions_as_rows),
    "squad_f1_first": ("language", squad_f1_first),
    "sizes_in_billions": ("language", sizes_in_billions),
    "cifar_plus_columns": ("vision", cifar_plus_columns),
    "distractor_columns": ("vision", distractor_columns),
}


if __name__ == "__main__":
    sys.exit(main(layouts=FRESH, first_id=70000))
