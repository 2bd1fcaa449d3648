"""What a table's columns mean: each header cell read as a column (a model size, an
operation count, a time, a device count, or a metric on a benchmark), qualified by the line
of group headings above it, and a metric column read on the benchmark it reports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from flopwatch.extractors import registry
from flopwatch.extractors.data import other_datasets
from flopwatch.extractors.numbers import HOURS
from flopwatch.extractors.pdf_text import Cell, Row
from flopwatch.extractors.tables.cells import cell_number, overlap, scale_of, split_row

# Datasets outside the benchmark list: a score next to them is not a score on ours.
# A version or size may follow the name: "Places365", "VOC2007", "Kinetics-400".
OTHER_DATASET = re.compile(r"\b(" + "|".join(other_datasets()) + r")(?:-?\d+)?\b")


@dataclass(frozen=True)
class Column:
    kind: str            # params | ops | metric | time | device_time | devices
    header: Cell
    metric: str = ""     # for metric columns: top-1 accuracy, BLEU, AP, ...
    scale: float = 1.0   # multiplier stated in the header: (M), GFLOPs, Million ...
    unit: str = ""       # for ops: FLOPs or MACs
    total: bool = False  # training cost rather than per forward pass
    bench: str = ""      # a benchmark named in the header itself (EN-DE, CIFAR-10, ...)
    pair: str = ""       # the second metric of a paired header ("EM / F1": "F1")
    group: str = ""      # the heading over the column's group ("original | SENet")

    @property
    def path(self) -> str:
        """The header path over a cell: "SQuAD 2.0 > F1", "Training Cost (FLOPs) > EN-FR"."""
        return " > ".join(p for p in (self.group, self.header.text) if p)


# Two metrics in one column, each cell holding both values ("EM / F1" over "76.9 / 84.0").
_PAIRED = re.compile(r"\b(EM|F1|Acc)\s*/\s*(EM|F1|Acc)\b", re.I)


_PAIR_NAMES = {"em": "EM", "f1": "F1", "acc": "accuracy"}


_DEVICE_TIME_HEADER = re.compile(r"(gpu|tpu\w*|core|chip)s?[- ]?(hours?|days?|years?)", re.I)


_TRAIN_TIME_HEADER = re.compile(r"(train\w*|wall[- ]?clock)?\s*time\s*\((h|hours?|days?)\)|"
                                r"train\w*\s+time|^(hours|days)$|time\s*\((h|hours?|days?)\)",
                                re.I)


# A column counting the accelerators of each run: "#GPUs", "Number of TPU v3 cores", "Cores".
_DEVICE_COUNT_HEADER = re.compile(
    r"^(#\s*|num(ber)?\.?\s+(of\s+)?)?(?P<kind>gpu|tpu)?\s*(v\d\s*)?(?P<what>gpus|tpus|cores|chips)$",
    re.I)


# A model's size headed without "param": "#P (M)", "# of Weights", "Model Size (M)",
# "Size (B)" (a count's scale, not a byte unit: "Model size (MB)" is storage).
_WEIGHTS_HEADER = re.compile(r"^\s*#\s*P\b|#\s*(of\s+)?weights\b|\bweights\s*\((M|B|K)\)|"
                             r"^\s*(model\s+)?size\s*\((M|B|K|million|billion)\)\s*$", re.I)


# Training compute in petaflop/s-days: "Compute (PF-days)", "PetaFLOP/s-days", "pfs-days"
_PF_DAYS = re.compile(r"\bpf-?s?-?days?\b|petaflop/?s?[- ]days?")


def _header_hours(text: str) -> float:
    m = re.search(r"\b(hours?|h|days?|years?|weeks?)\b", text, re.I)
    return HOURS.get(m.group(1).lower(), 0.0) if m else 0.0


# Test sets other than the benchmark's own (ImageNet-ReaL, -V2, -A, -R, -Sketch, 1% labels)
# ("-A" and "-R" end the name: the R of "Mask R-CNN 1x" is no test set)
_OTHER_TEST_SET = re.compile(r"\breal\b|\bv2\b(?!\.\d)|-v2|sketch|(?:^|[-\s])[ar]\s*$|"
                             r"adversarial|\b1%|\b10%|linear|few-?shot|k-?nn", re.I)


_DEV = re.compile(r"(dev|development|val|validation)\b", re.I)


def qualified_by(above: Row, cols: list[Column]) -> list[Column]:
    """Columns under a line of group headings ("ImNet | Real | V2" over three "top-1"):
    a group on another test set or dataset is not the benchmark's; one naming a benchmark
    gives it; a unit ("Million") or "Training" over a size or cost column says its scale or
    that it is a total. Where "Dev" and "Test" head the same metrics, test counts."""
    out = []
    # "Dev | Test" over the same metrics: the test set's scores are the paper's results
    both = {bool(_DEV.match(c.text)) for c in above.cells if _DEV.match(c.text) or
            re.match(r"test", c.text, re.I)} == {True, False}
    for col in cols:
        # the heading over the column; one centred over a group reaches its outer columns
        over = max(above.cells, key=lambda c: overlap(c, col.header))
        if overlap(over, col.header) <= 0:
            over = min(above.cells, key=lambda c: abs(c.xc - col.header.xc))
            if abs(over.xc - col.header.xc) > 60:
                out.append(col)
                continue
        col = replace(col, group=over.text)
        if (parent := _parent_kind(over, col)) is not None:
            out.append(parent)      # "Training Cost (FLOPs)" over "EN-DE": that run's cost
            continue
        if col.kind == "metric" and (_OTHER_TEST_SET.search(over.text) or (
                OTHER_DATASET.search(over.text) and not registry.header_benchmark(over.text))
                or (both and _DEV.match(over.text))):
            continue
        elif col.kind in {"params", "ops"}:
            # "Million" over "Parameters"; "Training" over "FLOPs"
            out.append(replace(col, scale=col.scale or scale_of(over.text),
                               total=col.total or bool(re.search(r"train|total", over.text,
                                                                 re.I))))
        else:
            bench = registry.header_benchmark(over.text) if col.kind == "metric" else ""
            out.append(replace(col, bench=col.bench or bench))
    return out


def _parent_kind(over: Cell, col: Column) -> Column | None:
    """A heading that names a quantity ("Training Cost (FLOPs)", "Params (M)") over a
    column that names only a benchmark: the column is that quantity, for that benchmark
    (the header path "Training Cost (FLOPs) > EN-FR")."""
    if col.kind != "metric" or not registry.only_a_benchmark(col.header.text):
        return None
    parent = column_of(over)
    if parent is None or parent.kind == "metric":
        return None         # ("BLEU" over "EN-DE" is the benchmark's metric: read as it is)
    return replace(parent, header=col.header, bench=col.bench, group=over.text)


def with_header_benchmarks(header: Row, cols: list[Column], above: Row | None = None
                        ) -> list[Column]:
    """Metric columns read against the benchmarks their header (and the line `above` it)
    names: one benchmark ("WMT'14 English-French | BLEU") is every column's; one other
    dataset ("WMT'16 English-Romanian | BLEU") leaves them none of ours to report on."""
    cells = [*header.cells, *(above.cells if above else ())]
    named = {b for b in (registry.header_benchmark(c.text) for c in cells) if b}
    if len(named) == 1:
        bench = named.pop()
        return [replace(c, bench=c.bench or bench) if c.kind == "metric" else c for c in cols]
    if len(named) > 1:
        # Tables side by side ("SQuAD1.1 | EM | F1 | SQuAD2.0 | EM | F1"): a cell naming a
        # benchmark and no metric heads the metric columns to its right, up to the next.
        out, current = [], ""
        for c in sorted(cols, key=lambda c: c.header.x0):
            if c.kind == "metric" and c.bench and not c.metric:
                current = c.bench
            elif c.kind == "metric" and not c.bench and current:
                c = replace(c, bench=current)
            out.append(c)
        cols = out
    others = {m.group(0) for m in OTHER_DATASET.finditer(" ".join(c.text for c in cells))}
    if not named and len(others) == 1:
        return [c for c in cols if c.kind != "metric"]
    if others:
        # A multi-task table (MNLI, QNLI, ..., SQuAD): a column is on the benchmark it names;
        # one naming none is on a task of the others, bar the average ("GLUE score").
        return [c for c in cols if c.kind != "metric" or c.bench or c.metric == "score"]
    return cols


def column_of(cell: Cell) -> Column | None:
    """The column a header cell opens; None for a cell that names none."""
    found = _column_named(cell.text)
    return None if found is None else Column(found[0], cell, **found[1])


def _quantity_named(h: str) -> tuple[str, dict[str, Any]] | None:
    """(kind, the rest of the Column) for a header naming a quantity: a device time, a
    training time, a device count, a model size or an operation count."""
    low = h.lower()
    if m := _DEVICE_TIME_HEADER.search(h):
        return "device_time", {"scale": HOURS.get(m.group(2).lower().rstrip("s") + "s", 0.0)
                               or 24.0}
    if _TRAIN_TIME_HEADER.search(h.strip()):
        return "time", {"scale": _header_hours(h) or 1.0}
    if m := _DEVICE_COUNT_HEADER.match(h.strip()):
        # how many accelerators each run used; "unit" is what one counted item is
        word = m.group("what").lower()
        unit = "cores" if "core" in word else "chips" if "chip" in word else "devices"
        return "devices", {"unit": unit}
    if re.search(r"param", low) or _WEIGHTS_HEADER.search(h):
        return "params", {"scale": scale_of(h)}
    if _PF_DAYS.search(low):
        return "ops", {"scale": 1.0, "unit": "PF-days", "total": True}
    if re.search(r"flop|mult-?add|m\.?add|\bmacs?\b|multiply|\bops\b|compute|cost", low) and \
            not re.search(r"/s\b|per second|throughput|latency|speed", low):
        # A bare "ops" count ("ops/timestep") counts multiply-adds, as papers using it do.
        unit = "MACs" if re.search(r"mult|m\.?add|mac|multiply", low) or (
            re.search(r"\bops\b", low) and "flop" not in low) else "FLOPs"
        return "ops", {"scale": scale_of(h), "unit": unit,
                       "total": bool(re.search(r"train|cost|total", low))}
    return None


# Cached: a table's header cells are asked again for every row below them.
@lru_cache(maxsize=8192)
def _column_named(h: str) -> tuple[str, dict[str, Any]] | None:
    """(kind, the rest of the Column) for a header text."""
    if not re.search(r"[A-Za-z#]", h):
        return None         # a number or a mark names no column; most cells are numbers
    if (quantity := _quantity_named(h)) is not None:
        return quantity
    low = h.lower()
    if re.search(r"latency|speed|time|fps|throughput|memory|#|size|depth|width|epoch", low):
        return None
    # Other test sets of the same benchmark (ImageNet-ReaL, -V2, -A, -R, -Sketch, 1%-labels)
    if _OTHER_TEST_SET.search(low):
        return None
    bench = registry.header_benchmark(h)
    if not bench and OTHER_DATASET.search(h):
        return None         # "RACE Acc", "MNLI-m/mm": a score on another dataset
    if m := _PAIRED.search(h):
        return "metric", {"metric": _PAIR_NAMES[m.group(1).lower()], "bench": bench,
                          "pair": _PAIR_NAMES[m.group(2).lower()]}
    if bench and (named := registry.benchmark(bench)) is not None and named.header_metric:
        return "metric", {"metric": named.header_metric, "bench": bench}   # "EN-DE": BLEU
    # the metric in what the header says besides the benchmark ("SQuAD EM": "EM")
    rest = registry.without_benchmark(h).strip()
    for metric in registry.metrics():
        if metric.header.search(h.strip()) or (rest and metric.header.search(rest)):
            return "metric", {"metric": metric.name, "bench": bench}
    if bench:
        return "metric", {"metric": "", "bench": bench}
    return None


def header_columns(row: Row) -> list[Column] | None:
    if len(row.cells) < 2:
        return None
    numeric = sum(1 for c in row.cells if cell_number(c.text))
    if numeric > len(row.cells) / 3:
        # A header set beside another table's row ("Backbone | Method | APbox | FLOPs |
        # ResNet-152 | 1.1% | 1.8%"): the cells before the first number, when they name
        # two columns or more, one of them a score.
        first = next(i for i, c in enumerate(row.cells) if cell_number(c.text))
        if first < 2:
            return None
        cols = header_columns(Row(row.page, row.y, row.cells[:first]))
        return cols if cols and len(cols) >= 2 and any(
            c.kind == "metric" for c in cols) else None
    cols = [c for c in (column_of(cell) for cell in split_row(row, header=True).cells) if c]
    return cols or None


def metric_on(col: Column, benchmark: str, caption_says_error: bool,
                    value: float) -> str:
    """The metric a column's values are on this benchmark: its generic metric as the
    benchmark reads it ("accuracy" on ImageNet is top-1 accuracy; "top-1 error" on CIFAR is
    its error), an error where the caption says the table holds errors, and for a bare
    "top-1" where the benchmark says so, accuracy or error by the value."""
    bench = registry.benchmark(benchmark)
    if bench is None:
        return col.metric
    explicit = re.search(r"acc|err", col.header.text, re.I)
    metric = col.metric
    if bench.accuracy_above is not None and metric.startswith("top-") and not explicit:
        # "top-1" alone: ImageNet top-1 accuracies are above 50%, errors below; top-5 alike.
        kind = "accuracy" if value <= 1 or value >= bench.accuracy_above else "error"
        return f"{metric[:5]} {kind}"
    top_k = metric.startswith("top-")
    if caption_says_error and (metric in bench.column_metrics or top_k) and not (
            top_k and re.search(r"acc", col.header.text, re.I)):
        # (a "Top-1 Acc." column holds accuracies whatever the caption says)
        resolved = bench.metric_for(metric)
        error = resolved.replace("accuracy", "error")
        if error != resolved and error in bench.metrics:
            return error
    return bench.metric_for(metric)
