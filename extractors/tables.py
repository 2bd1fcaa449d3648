"""Facts in table rows: a header row names the columns, data rows below fill them.

Rows come from `pdf_text` (cells that share a baseline). A numeric cell belongs to the
header cell above it that it overlaps most. Rows citing other work ("[12]", "et al.")
are baselines and skipped, unless marked as the authors' own ("ours").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from flopwatch.extractors.data import other_datasets
from flopwatch.extractors.numbers import HOURS
from flopwatch.extractors.pdf_text import Block, Cell, Page, Row

# A whole cell that is one number: "74.7", "6.9M", "22,855,952", "56.8%", "3.41±0.09",
# "25.22(1.80)", "4.3 G", "86.2*".
_NUMERIC = re.compile(r"^[~≈∼]?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
                      r"(?P<suf>[KkMBGT](?![a-z])|ms|%)?\s*(?:(?:±|\(|/|\+-).*)?[*†‡⋆\s]*$")
_POW10 = re.compile(r"^(\d+(?:\.\d+)?)\s*[·×x*]\s*10(\d{1,2})$")
_CITED = re.compile(r"\[\d+(?:[,–-]\s*\d+)*\]|\bet al\b|[(,]\s*(?:19|20)\d\d[a-z]?\)|\[[A-Z][a-z]+")
# "Table 3: ...", "TABLE 6", "Table III." (not prose: "Table IX, we report ...")
_CAPTION = re.compile(r"^\s*(Table|TABLE)\s+(\d+|[IVX]+\s*[.:])")
_OURS = re.compile(r"\bours\b|\(our", re.I)
# Rows of a hyper-parameter table: their numbers are settings, not results.
# A hyper-parameter's name leads the label ("Batch size", "Number of epochs", "Max Steps");
# "DeiT-B / 1000 epochs" is a model.
_SETTING = re.compile(r"^\W*(\w+\s+){0,2}(epochs?|batch|learning rate|lr|warm-?up|weight decay|"
                      r"momentum|dropout|optimi[sz]er|steps|schedule|resolution|crop)\b", re.I)
# Rows that are layers of an architecture table, not models.
# "conv1", "Conv 3x3", "Conv dw / s1" are layers; "ConvS2S", "Conv MobileNet" are models,
# and so is "PoolFormer" ("Avg pool", "Max Pooling" are layers).
_LAYER = re.compile(r"^\s*(conv(olution)?(?=\s*(\d|[_/(]|dw\b|$))|(depthwise|"
                    r"(max|avg|average)\s*pool(ing)?|pool(ing)?|linear|fc|softmax|dropout|"
                    r"inception\s*\(|relu|batch\s*norm|dw)\b)", re.I)
# Datasets outside the benchmark list: a score next to them is not a score on ours.
# A version or size may follow the name: "Places365", "VOC2007", "Kinetics-400".
OTHER_DATASET = re.compile(r"\b(" + "|".join(other_datasets()) + r")(?:-?\d+)?\b")
# Rows that state a difference between two others ("Δ (vs. BN)", "improvement").
_DELTA_ROW = re.compile(r"^\s*([ΔΔ△∆]|diff|gain|improvement|relative)", re.I)
_BENCH_IN_TEXT = [
    ("ImageNet", re.compile(r"\b(ImageNet|ILSVRC)", re.I)),
    ("COCO", re.compile(r"\b(MS[- ]?)?COCO\b", re.I)),
    ("SQuAD", re.compile(r"\bSQuAD", re.I)),
    ("CoNLL-2003", re.compile(r"\bCoNLL", re.I)),
    ("WMT2014", re.compile(r"\b(WMT|newstest)", re.I)),
    ("CIFAR-100", re.compile(r"\bCIFAR-?100\b", re.I)),
    ("CIFAR-10", re.compile(r"\bCIFAR-?10\b", re.I)),
    ("GLUE", re.compile(r"\bGLUE\b")),
]


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


@dataclass(frozen=True)
class TableFact:
    kind: str            # parameters | compute | result | training_time | ... | hardware
    value: float
    label: str
    row: Row
    column: Column
    benchmark: str = ""
    own: bool = False


@lru_cache(maxsize=8192)
def cell_number(text: str) -> tuple[float, str] | None:
    """(value, suffix) when the whole cell is one number; None for labels and prose.
    Cached: each cell is asked several times (header test, segments, label, value)."""
    t = text.strip()
    if m := _POW10.match(t):
        return float(m.group(1)) * 10 ** int(m.group(2)), "e"
    m = _NUMERIC.match(t)
    if not m:
        return None
    return float(m.group("num").replace(",", "")), (m.group("suf") or "").replace("k", "K")


def _scale_of(header: str) -> float:
    h = header.lower()
    if re.search(r"zetta-?flop|\bzflop", h):
        return 1e21
    if re.search(r"\bexa-?flop|\beflop", h):
        return 1e18
    if re.search(r"\(b\)|billion|\(g\)|gflop|gmac|\bg\b|×\s*10\^?9|\bbn\b", h):
        return 1e9
    if re.search(r"\(m\)|million|mflop|\bm\b|×\s*10\^?6|10\s*6", h):
        return 1e6
    if re.search(r"\(k\)|thousand", h):
        return 1e3
    return 0.0


_METRICS = [
    ("top-1 error", re.compile(r"top[- ]?1.*err|err.*top[- ]?1", re.I)),
    ("top-5 error", re.compile(r"top[- ]?5.*err|err.*top[- ]?5", re.I)),
    ("top-1 accuracy", re.compile(r"top[- ]?1", re.I)),
    ("top-5 accuracy", re.compile(r"top[- ]?5", re.I)),
    ("BLEU", re.compile(r"\bbleu\b|\ben-?de\b|\ben-?fr\b|english", re.I)),
    ("AP50", re.compile(r"^(m?AP|AP\s*(b|b?box)|box AP)\s*(@\s*)?(50|0?\.5)$|^AP50$|^AP_?50",
                        re.I)),
    # "mAPCOCO", "APbbox", "APb": a subscript run into the name ("APm" is the mask's AP)
    ("AP", re.compile(r"^(m?AP\s*(coco|box|bbox)?|APb|box AP|mAP\s*\(%\)|AP\s*\(%\))$",
                      re.I)),
    ("EM", re.compile(r"^EM$|exact match", re.I)),
    ("F1", re.compile(r"^F1\b|\bF1$|^F1-?score", re.I)),
    ("error", re.compile(r"\berr(or|\.)?\b", re.I)),
    ("accuracy", re.compile(r"\bacc(uracy|\.)?\b", re.I)),
    ("score", re.compile(r"^(avg|average|score|glue)\b", re.I)),
]


# Two metrics in one column, each cell holding both values ("EM / F1" over "76.9 / 84.0").
_PAIRED = re.compile(r"\b(EM|F1|Acc)\s*/\s*(EM|F1|Acc)\b", re.I)
_PAIR_NAMES = {"em": "EM", "f1": "F1", "acc": "accuracy"}


_SUFFIX_SCALE = {"K": 1e3, "M": 1e6, "B": 1e9, "G": 1e9, "T": 1e12}


_DEVICE_TIME_HEADER = re.compile(r"(gpu|tpu\w*|core|chip)s?[- ]?(hours?|days?|years?)", re.I)
_TRAIN_TIME_HEADER = re.compile(r"(train\w*|wall[- ]?clock)?\s*time\s*\((h|hours?|days?)\)|"
                                r"train\w*\s+time|^(hours|days)$|time\s*\((h|hours?|days?)\)",
                                re.I)


# A column counting the accelerators of each run: "#GPUs", "Number of TPU v3 cores", "Cores".
_DEVICE_COUNT_HEADER = re.compile(
    r"^(#\s*|num(ber)?\.?\s+(of\s+)?)?(?P<kind>gpu|tpu)?\s*(v\d\s*)?(?P<what>gpus|tpus|cores|chips)$",
    re.I)


def _header_hours(text: str) -> float:
    m = re.search(r"\b(hours?|h|days?|years?|weeks?)\b", text, re.I)
    return HOURS.get(m.group(1).lower(), 0.0) if m else 0.0


def cell_hours(text: str, default_unit: float) -> float | None:
    """'15h 7m' -> 15.117, '3 days/64 k40s' -> 72, '9.5' with a header in hours -> 9.5."""
    t = text.strip().lower()
    parts = re.findall(r"(\d+(?:\.\d+)?)\s*(hours?|hrs?|h|days?|d|weeks?|minutes?|mins?|m)\b", t)
    if parts and re.match(r"^\d", t):
        return sum(float(n) * HOURS.get(u, HOURS.get(u.rstrip("s"), 0.0))
                   for n, u in parts[:2])
    parsed = cell_number(text)
    if parsed and default_unit and parsed[1] in {"", "K"}:
        return parsed[0] * (1e3 if parsed[1] == "K" else 1.0) * default_unit
    return None


def _overlap(a: Cell, b: Cell) -> float:
    """How far two cells overlap across the page (negative: the gap between them)."""
    return min(a.x1, b.x1) - max(a.x0, b.x0)


@lru_cache(maxsize=8192)
def header_benchmark(text: str) -> str:
    """The benchmark a header cell names ("EN-DE", "CIFAR-10 error", "SQuAD v2.0 (F1/EM)")."""
    low = text.lower()
    if re.search(r"\ben-?de\b|english-german|en→de", low):
        return "WMT2014 En-De"
    if re.search(r"\ben-?fr\b|english-french|en→fr", low):
        return "WMT2014 En-Fr"
    if re.search(r"cifar-?100", low):
        return "CIFAR-100"
    if re.search(r"cifar-?10\b", low):
        return "CIFAR-10"
    if "imagenet" in low:
        return "ImageNet"
    if "squad" in low:
        return squad_version(text)
    if "conll" in low:
        return "CoNLL-2003"
    return ""


# Test sets other than the benchmark's own (ImageNet-ReaL, -V2, -A, -R, -Sketch, 1% labels)
_OTHER_TEST_SET = re.compile(r"\breal\b|\bv2\b(?!\.\d)|-v2|sketch|\b-?[ar]\b|adversarial|\b1%|"
                             r"\b10%|linear|few-?shot|k-?nn", re.I)


_DEV = re.compile(r"(dev|development|val|validation)\b", re.I)


def _qualified_by(above: Row, cols: list[Column]) -> list[Column]:
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
        over = max(above.cells, key=lambda c: _overlap(c, col.header))
        if _overlap(over, col.header) <= 0:
            over = min(above.cells, key=lambda c: abs(c.xc - col.header.xc))
            if abs(over.xc - col.header.xc) > 60:
                out.append(col)
                continue
        col = replace(col, group=over.text)
        if col.kind == "metric" and (_OTHER_TEST_SET.search(over.text) or (
                OTHER_DATASET.search(over.text) and not header_benchmark(over.text))
                or (both and _DEV.match(over.text))):
            continue
        elif col.kind in {"params", "ops"}:
            # "Million" over "Parameters"; "Training" over "FLOPs"
            out.append(replace(col, scale=col.scale or _scale_of(over.text),
                               total=col.total or bool(re.search(r"train|total", over.text,
                                                                 re.I))))
        else:
            bench = header_benchmark(over.text) if col.kind == "metric" else ""
            out.append(replace(col, bench=col.bench or bench))
    return out


def _with_header_benchmarks(header: Row, cols: list[Column], above: Row | None = None
                        ) -> list[Column]:
    """Metric columns read against the benchmarks their header (and the line `above` it)
    names: one benchmark ("WMT'14 English-French | BLEU") is every column's; one other
    dataset ("WMT'16 English-Romanian | BLEU") leaves them none of ours to report on."""
    cells = [*header.cells, *(above.cells if above else ())]
    named = {b for b in (header_benchmark(c.text) for c in cells) if b}
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


def _column(cell: Cell) -> Column | None:
    """The column a header cell opens; None for a cell that names none."""
    found = _column_named(cell.text)
    return None if found is None else Column(found[0], cell, **found[1])


# Cached: a table's header cells are asked again for every row below them.
@lru_cache(maxsize=8192)
def _column_named(h: str) -> tuple[str, dict[str, Any]] | None:
    """(kind, the rest of the Column) for a header text."""
    if not re.search(r"[A-Za-z#]", h):
        return None         # a number or a mark names no column; most cells are numbers
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
    if re.search(r"param", low):
        return "params", {"scale": _scale_of(h)}
    if re.search(r"flop|mult-?add|madd|\bmacs?\b|multiply|\bops\b|compute|cost", low) and \
            not re.search(r"/s\b|per second|throughput|latency|speed", low):
        # A bare "ops" count ("ops/timestep") counts multiply-adds, as papers using it do.
        unit = "MACs" if re.search(r"mult|madd|mac|multiply", low) or (
            re.search(r"\bops\b", low) and "flop" not in low) else "FLOPs"
        return "ops", {"scale": _scale_of(h), "unit": unit,
                       "total": bool(re.search(r"train|cost|total", low))}
    if re.search(r"latency|speed|time|fps|throughput|memory|#|size|depth|width|epoch", low):
        return None
    # Other test sets of the same benchmark (ImageNet-ReaL, -V2, -A, -R, -Sketch, 1%-labels)
    if _OTHER_TEST_SET.search(low):
        return None
    bench = header_benchmark(h)
    if not bench and OTHER_DATASET.search(h):
        return None         # "RACE Acc", "MNLI-m/mm": a score on another dataset
    if m := _PAIRED.search(h):
        return "metric", {"metric": _PAIR_NAMES[m.group(1).lower()], "bench": bench,
                          "pair": _PAIR_NAMES[m.group(2).lower()]}
    for metric, pattern in _METRICS:
        if pattern.search(h.strip()):
            return "metric", {"metric": metric, "bench": bench}
    if bench:
        return "metric", {"metric": "", "bench": bench}
    return None


# Words that open a new column in a header line; others ("acc.", "(%)") qualify the last.
_COLUMN_START = re.compile(r"^(#?param|flop|g?flops|madds?|mult-?adds?|macs?|top-?[15]|bleu|"
                           r"m?ap(50|75|@.*|b?box|mask|coco)?$|latency|throughput|fps|"
                           r"en-?de|en-?fr|imagenet|cifar|coco|squad|glue|params)", re.I)


# Words that qualify the column name after them ("Million Mult-Adds", "# Params").
_QUALIFIER = re.compile(r"million|billion|thousand|#|number|of|total|the|train(ing)?", re.I)


def _split(cell: Cell, header: bool) -> list[Cell]:
    """One PDF line may hold several cells ("Params Mult-Adds Top-1", "198M 101.0G"): split
    it, placing each part in proportion to its characters."""
    if " " not in cell.text.strip():
        return [cell]       # one word: most cells
    parts = list(re.finditer(r"\S+", cell.text))
    if len(parts) < 2:
        return [cell]
    if header:
        groups: list[list[re.Match[str]]] = []
        for m in parts:
            qualifier = groups and _QUALIFIER.fullmatch(groups[-1][-1].group(0))
            if not groups or (_COLUMN_START.match(m.group(0)) and not qualifier):
                groups.append([m])
            else:
                groups[-1].append(m)
        if len(groups) < 2:
            return [cell]
        spans = [(g[0].start(), g[-1].end()) for g in groups]
    elif all(cell_number(m.group(0)) for m in parts):
        spans = [(m.start(), m.end()) for m in parts]
    else:
        return [cell]
    width = (cell.x1 - cell.x0) / max(len(cell.text), 1)
    return [Cell(cell.text[a:b], cell.x0 + a * width, cell.x0 + b * width) for a, b in spans]


def _split_row(row: Row, header: bool) -> Row:
    return Row(row.page, row.y, tuple(c for cell in row.cells for c in _split(cell, header)))


def _is_header(row: Row) -> list[Column] | None:
    numeric = sum(1 for c in row.cells if cell_number(c.text))
    if numeric > len(row.cells) / 3 or len(row.cells) < 2:
        return None
    cols = [c for c in (_column(cell) for cell in _split_row(row, header=True).cells) if c]
    return cols or None


def _subscripts(row: Row) -> bool:
    """A line of IoU thresholds or object sizes set under "AP" headers ("50 | 75 | S")."""
    return all(c.text.strip() in {"50", "75", "S", "M", "L", ".5", ".75"} for c in row.cells)


def _merge_header(upper: Row, lower: Row) -> Row:
    """A header on two lines ("FLOPs | IN-1K" over "(image/s) | top-1 acc."): each lower
    cell joins the upper cell it overlaps, or stands on its own."""
    top = list(_split_row(upper, header=True).cells)
    for cell in _split_row(lower, header=True).cells:
        best = max(range(len(top)), key=lambda k: _overlap(top[k], cell))
        if _overlap(top[best], cell) > 0:
            t = top[best]
            top[best] = Cell(f"{t.text} {cell.text}", min(t.x0, cell.x0), max(t.x1, cell.x1))
        else:
            top.append(cell)
    return Row(upper.page, upper.y, tuple(sorted(top, key=lambda c: c.x0)))


def _section_heading(row: Row, header: Row) -> bool:
    """A line without numbers whose text runs over three or more of the header's cells
    ("ImageNet-22K trained models (fine-tuned to ImageNet-1K)"): it heads a section of
    the table's rows, it names no column. A line that names a metric, size or cost is the
    header of the next table."""
    if any(cell_number(c.text) for c in row.cells) or any(
            c.kind != "metric" or c.metric for c in _is_header(row) or []):
        return False
    heads = _split_row(header, header=True).cells
    return any(sum(1 for h in heads if _overlap(h, c) > 0) >= 3 for c in row.cells)


def _captions(page: Page) -> list[Block]:
    """The page's table captions ("Table 3: ...")."""
    return [b for b in page.blocks if _CAPTION.match(b.text)]


def _caption_scale(page: Page, y: float) -> float:
    """A unit the captions near `y` state for the numbers ("in millions")."""
    return _scale_of(" ".join(b.text for b in _captions(page) if abs(b.y0 - y) < 250))


def _nearest_caption(page: Page, y: float) -> str:
    """The table's own caption: the 'Table N' block nearest to its header."""
    captions = sorted(_captions(page), key=lambda b: min(abs(b.y0 - y), abs(b.y1 - y)))
    return captions[0].text if captions else ""


def _owner(cols: list[Column], cell: Cell, heads: tuple[Cell, ...] = ()) -> Column | None:
    """The column a value cell stands under: the one whose header it overlaps most, else
    the nearest within 25 pt, unless a header cell of a column we do not read ("APL",
    "FPS") stands right above it."""
    best, overlap = None, 0.0
    for col in cols:
        ov = _overlap(col.header, cell)
        if ov > overlap:
            best, overlap = col, ov
    if best is None and any(_overlap(h, cell) > 0 and not any(
            _overlap(h, c.header) > 0 for c in cols) for h in heads):
        return None
    if best is None and cols:
        near = min(cols, key=lambda c: abs(c.header.xc - cell.xc))
        if abs(near.header.xc - cell.xc) <= 25:
            return near
    return best


def _segments(row: Row) -> list[Row]:
    """Tables set side by side share baselines: a name after numbers starts another row
    ("Linear scaling 75.87 92.70 | ResNet-50-B 25 M 4.1 G")."""
    parts: list[list[Cell]] = [[]]
    for cell in row.cells:
        is_number = cell_number(cell.text) is not None
        if not is_number and parts[-1] and cell_number(parts[-1][-1].text) is not None:
            parts.append([])
        parts[-1].append(cell)
    return [Row(row.page, row.y, tuple(p)) for p in parts if p]


def _label(row: Row) -> tuple[str, list[Cell]]:
    """The row's name and its value cells. Leading numbers that a name follows belong to
    the name ("1.0 | MobileNet-224" is a width multiplier and a model)."""
    cells = list(row.cells)
    last_name = max((i for i, c in enumerate(cells) if not cell_number(c.text)), default=-1)
    first_value = next((i for i, c in enumerate(cells) if cell_number(c.text)), len(cells))
    cut = first_value
    if first_value == 0 and last_name > 0 and all(
            not cell_number(c.text) for c in cells[1:last_name + 1][:1]):
        cut = last_name + 1 if last_name == 1 else 2
    return " ".join(c.text for c in cells[:cut]), cells[cut:]


def _resolve_metric(col: Column, benchmark: str, caption_says_error: bool,
                    value: float) -> str:
    metric = col.metric
    explicit = re.search(r"acc|err", col.header.text, re.I)
    if benchmark == "ImageNet" and metric.startswith("top-") and not explicit:
        # "top-1" alone: ImageNet top-1 accuracies are above 50%, errors below; top-5 alike.
        kind = "accuracy" if value <= 1 or value >= 50 else "error"
        return f"{metric[:5]} {kind}"
    if benchmark == "ImageNet":
        if metric in {"accuracy", ""}:
            return "top-1 error" if caption_says_error else "top-1 accuracy"
        if metric == "error":
            return "top-1 error"
        if metric.startswith("top-") and caption_says_error and "accuracy" in metric and \
                not re.search(r"acc", col.header.text, re.I):
            return metric.replace("accuracy", "error")
    if benchmark.startswith("CIFAR") and metric in {"", "top-1 error", "top-1 accuracy"}:
        return "error" if caption_says_error or "error" in metric else "accuracy"
    if benchmark.startswith("WMT") and metric in {"", "BLEU"}:
        return "BLEU"
    return metric


_ALLOWED = {
    "ImageNet": {"top-1 accuracy", "top-1 error", "top-5 accuracy", "top-5 error"},
    "COCO": {"AP", "AP50"}, "SQuAD 1.1": {"EM", "F1"}, "SQuAD 2.0": {"EM", "F1"},
    "CoNLL-2003": {"F1"}, "WMT2014 En-De": {"BLEU"}, "WMT2014 En-Fr": {"BLEU"},
    "CIFAR-10": {"error", "accuracy"}, "CIFAR-100": {"error", "accuracy"}, "GLUE": {"score"},
}


def allowed(benchmark: str, metric: str) -> bool:
    return metric in _ALLOWED.get(benchmark, set())


def _base_label(label: str) -> str:
    """The model's name in a row label: no citation, marks or parenthetical qualifier."""
    return " ".join(re.sub(r"\[[^\]]*\]|\([^)]*\)|[*†‡§•◦]", " ", label).lower().split())


# What a row adds to a model's name that is how it was run, not a new model: "ConvS2S GPU
# (K40) b = 5" is ConvS2S timed on a GPU with beam 5.
_RUN_SETTING = re.compile(r"\b([cgt]pus?|cores?|b\s*=|beam|batch|bs\s*=|fp16|int8)\b")


def _holds_name(text: str, name: str) -> bool:
    """`name` stands in `text` with no word character or dot on either side: the regular
    expression (?<![\\w.])name(?![\\w.]), without compiling one per name."""
    def joins(c: str) -> bool:          # a word character (what \w matches) or a dot
        return c.isalnum() or c in "_."
    at = text.find(name)
    while at >= 0:
        end = at + len(name)
        if not (at and joins(text[at - 1])) and not (end < len(text) and joins(text[end])):
            return True
        at = text.find(name, at + 1)
    return False


def _without_extended_baselines(table: list[TableFact]) -> list[TableFact]:
    """A row named like another row plus something ("MnasNet-1.0" beside "AA-MnasNet-1.0",
    "ResNet-50" beside "ResNet-50 + tricks") is the baseline the paper built on; a
    parenthetical ("LSTM-CRF (no char)") qualifies a row, it does not name a new model."""
    labels = {_base_label(f.label) for f in table}
    def extended(label: str) -> bool:
        return len(label) >= 3 and any(
            other != label and _holds_name(other, label)
            and not _RUN_SETTING.search(other.replace(label, " "))
            for other in labels)
    return [f for f in table if f.own or not extended(_base_label(f.label))]


@dataclass(frozen=True)
class _TableContext:
    """What a table's cells are read against: its page, caption and benchmarks."""

    page: Page
    caption: str
    says_error: bool
    caption_scale: float
    benchmarks: list[str]          # named in the caption, else the paper's (most named first)
    caption_names_benchmark: bool  # the caption itself names one of ours

    @classmethod
    def at(cls, page: Page, y: float, paper_benchmarks: list[str]) -> _TableContext:
        """The context of the table whose header is at `y`. Its benchmarks are those its
        caption names; else the paper's, unless the caption names a dataset that is none of
        ours (a "Top-1" on Stanford Dogs or MNIST is not ImageNet's)."""
        caption = _nearest_caption(page, y)
        # in the order the caption names them: "on COCO ... pre-trained on ImageNet-22K"
        found = {name: m.start() for name, rx in _BENCH_IN_TEXT if (m := rx.search(caption))}
        named = sorted(found, key=found.__getitem__)
        benchmarks = named or ([] if OTHER_DATASET.search(caption) else paper_benchmarks)
        return cls(page, caption, bool(re.search(r"\berror", caption, re.I)),
                   _caption_scale(page, y), benchmarks, bool(named))


def _cell_fact(table: _TableContext, col: Column, cell: Cell, label: str, segment: Row,
               own: bool) -> TableFact | None:
    """The fact one value cell states under its column, if any."""
    parsed = cell_number(cell.text)
    if parsed is None:
        return None
    value, suffix = parsed
    if col.kind in {"time", "device_time"}:
        hours = cell_hours(cell.text, col.scale)
        if not (hours and 0 < hours < 1e8):
            return None
        kind = "training_time" if col.kind == "time" else "device_time"
        return TableFact(kind, hours, label, segment, col, own=own)
    if suffix == "ms" or (suffix == "%" and col.kind != "metric") or \
            (suffix in _SUFFIX_SCALE and col.kind == "metric"):
        return None         # a latency, a share, or a size ("89M"): not what the column holds
    if col.kind == "devices":
        if suffix or value != int(value) or not 0 < value <= 100_000:
            return None
        return TableFact("hardware", value, label, segment, col, own=own)
    if col.kind in {"params", "ops"}:
        scale = 1.0 if suffix == "e" else _SUFFIX_SCALE.get(suffix, col.scale or
                                                             table.caption_scale)
        if not scale:
            return None
        kind = "parameters" if col.kind == "params" else "compute"
        return TableFact(kind, value * scale, label, segment, col, own=own)
    if col.kind != "metric":
        return None
    # The benchmark the column names, else the first one named near the table (else in the
    # paper). A "Top-1" column goes on to the first that reports it: in a detection paper's
    # backbone table it is still ImageNet. Other metrics (AP, accuracy) say too little.
    benches = [col.bench] if col.bench else table.benchmarks
    if not re.search(r"top-?\s?[15]", col.header.text, re.I):
        benches = benches[:1]
        if not col.bench and col.metric in {"accuracy", "error", ""} and \
                not table.caption_names_benchmark:
            return None     # "Accuracy" under a caption naming no benchmark: on what?
    for bench in benches:
        name = _bench_name(bench, table.caption, table.page.text)
        metric = _resolve_metric(col, name, table.says_error, value)
        if not allowed(name, metric):
            continue
        # ImageNet errors below half a percent are not ImageNet results, and a result row
        # needs a name, not just numbers.
        plausible = not (name == "ImageNet" and "error" in metric and value < 0.5)
        if 0 < value <= 100 and plausible and re.search(r"[A-Za-z]{2}", label):
            return TableFact("result", value, label, segment,
                             Column("metric", col.header, metric=metric), benchmark=name,
                             own=own)
        return None
    return None


def _pair_parts(col: Column, cell: Cell) -> list[tuple[Cell, Column]]:
    """A cell under a paired column holds one value per metric ("76.9 / 84.0"; "-" where
    one is missing); any other cell is one value."""
    if not col.pair or "/" not in cell.text:
        return [(cell, col)]
    first, second = cell.text.split("/", 1)
    return [(Cell(first, cell.x0, cell.x1), replace(col, pair="")),
            (Cell(second, cell.x0, cell.x1), replace(col, metric=col.pair, pair=""))]


def facts(page: Page, paper_benchmarks: list[str],
          own_names: tuple[str, ...] = ()) -> list[TableFact]:
    """Facts of the page's tables. `own_names` are the paper's model names (lower case):
    where some rows of a table carry them, the other rows are taken for baselines."""
    out: list[TableFact] = []
    rows = list(page.rows)
    i = 0
    while i < len(rows):
        cols = _is_header(rows[i])
        if not cols:
            i += 1
            continue
        header = rows[i]
        # A line just above without numbers heads the header's columns ("BoolQ | CB | ...").
        above = rows[i - 1] if i > 0 and header.y - rows[i - 1].y < 16 and not any(
            cell_number(c.text) for c in rows[i - 1].cells) else None
        if above is not None:   # "ImNet | Real | V2" over "top-1 | top-1 | top-1"
            cols = _qualified_by(above, cols)
        # A header may run over up to four lines ("FLOPs" / "(B)"), none with numbers.
        for _ in range(3):
            if not (i + 1 < len(rows) and rows[i + 1].y - rows[i].y < 16 and (not any(
                    cell_number(c.text) for c in rows[i + 1].cells)
                    or _subscripts(rows[i + 1]))) or _section_heading(rows[i + 1], header):
                break
            header = _merge_header(header, rows[i + 1])
            cols = _is_header(header) or cols
            i += 1
        cols = _with_header_benchmarks(header, cols, above)
        # groups of columns whose heading is the paper's own name or "ours"
        own_groups = {c.group for c in cols if c.group and len(
            {k.group for k in cols}) > 1 and (_OURS.search(c.group) or any(
                n == c.group.lower().removesuffix("s") for n in own_names))}
        start_of_table = len(out)
        heads = _split_row(header, header=True).cells
        table = _TableContext.at(page, header.y, paper_benchmarks)
        j = i + 1
        last_y = header.y
        while j < len(rows) and rows[j].y - last_y < 60:
            row = rows[j]
            if _is_header(row) and not any(cell_number(c.text) for c in row.cells) and \
                    not _section_heading(row, header):
                break
            last_y = row.y
            j += 1
            for segment in _segments(_split_row(row, header=False)):
                label, values = _label(segment)
                if not values or not label or len(label) > 70:
                    continue
                own = bool(_OURS.search(label)) or any(n in label.lower() for n in own_names)
                # "(2 nets, multi-crop & dense eval.)" qualifies a model; "crop 224" is a setting
                if _LAYER.match(label) or _SETTING.search(_base_label(label)) or \
                        _DELTA_ROW.match(label):
                    continue
                # a cited row is another paper's model, but under a group of columns headed
                # by the paper's own name ("original | SENet") it is the authors' variant
                cited = bool(_CITED.search(label)) and not own
                if cited and not own_groups:
                    continue
                seen_kinds: set[str] = set()
                last_group = ""
                for cell in values:
                    col = _owner(cols, cell, heads)
                    if col is None or cell_number(cell.text) is None or \
                            (cited and col.group not in own_groups):
                        continue
                    if col.kind == "metric" or col.group != last_group:
                        # a new group of columns: "Params FLOPs AP | Params", or one under
                        # a heading of its own ("UperNet 160K | Cascade Mask R-CNN 3x")
                        seen_kinds.clear()
                    last_group = col.group
                    if col.kind in {"params", "ops"}:
                        # One model size and one operation count per group of columns: a
                        # header spread over lines can name several columns alike; the
                        # leftmost is the real one.
                        if col.kind in seen_kinds:
                            continue
                        seen_kinds.add(col.kind)
                    cell_label, cell_own = label, own
                    base = re.sub(r"(\s+[-–—])+$", "", _CITED.sub("", label).strip())
                    if col.group in own_groups and re.search(r"[A-Za-z]{2}", base):
                        cell_label, cell_own = f"{col.group} ({base})", True
                    for part, part_col in _pair_parts(col, cell):
                        if fact := _cell_fact(table, part_col, part, cell_label, segment,
                                              cell_own):
                            out.append(fact)
        found = _without_extended_baselines(out[start_of_table:])
        if any(f.own for f in found):
            # the other rows are baselines, but for those that state a change to the model
            # above them: an ablation ("Channel MLP → None", "w/o SE", "+ 128k Vocab")
            found = [f for f in found if f.own or _ABLATION.search(f.label)]
        out[start_of_table:] = found
        i = max(j, i + 1)
    return out


_ABLATION = re.compile(r"→|->|^\s*[+−-]\s*[A-Za-z]|\bw/o\b|\bwithout\b|\breplac", re.I)


def _in_own_columns(page: Page, row: Row, values: list[Cell]) -> list[Cell]:
    """The values under the paper's own columns, where the columns' header row (above, no
    numbers) marks some as "Ours"; all of them otherwise."""
    above = [r for r in page.rows if row.y - 150 < r.y < row.y]
    header = next((r for r in reversed(above)
                   if any(_OURS.search(c.text) for c in r.cells)
                   and not any(cell_number(c.text) for c in r.cells[1:])), None)
    if header is None:
        return values
    def under_ours(cell: Cell) -> bool:
        nearest = min(header.cells, key=lambda h: abs(h.xc - cell.xc))
        return bool(_OURS.search(nearest.text))
    return [c for c in values if under_ours(c)]


def transposed_facts(page: Page) -> list[TableFact]:
    """Tables laid out the other way round: the row's label names the quantity
    ("train time (h) 1.2 2.0 9.5", "Number of parameters 133 133 134", "TPUv3-core-days 2.5k",
    "Training FLOP Count (Zettaflops) 37.4 295.7")."""
    out: list[TableFact] = []
    for row in page.rows:
        label, values = _label(row)
        if not values or not label or len(label) > 60:
            continue
        col = _column(Cell(label, row.cells[0].x0, row.cells[0].x1))
        if col is None or col.kind not in {"time", "device_time", "params", "ops"}:
            continue
        caption_scale = _caption_scale(page, row.y)
        for cell in _in_own_columns(page, row, values):
            if col.kind == "ops":
                # "Training FLOP Count (Zettaflops) 37.4 295.7": a count in the label's unit
                parsed = cell_number(cell.text)
                scale = _SUFFIX_SCALE.get(parsed[1], col.scale) if parsed else 0
                if parsed and scale and parsed[1] not in {"%", "ms"}:
                    out.append(TableFact("compute", parsed[0] * scale, label, row, col))
                continue
            if col.kind == "params":
                parsed = cell_number(cell.text)
                scale = _SUFFIX_SCALE.get(parsed[1], col.scale or caption_scale) if parsed \
                    else 0
                if parsed and scale and parsed[1] not in {"%", "ms"}:
                    out.append(TableFact("parameters", parsed[0] * scale, label, row, col))
                continue
            hours = cell_hours(cell.text, col.scale)
            if hours and 0 < hours < 1e8:
                kind = "training_time" if col.kind == "time" else "device_time"
                out.append(TableFact(kind, hours, label, row, col))
    return out


def squad_version(text: str) -> str:
    """Which SQuAD a text means: 2.0 when it says so, 1.1 otherwise."""
    return "SQuAD 2.0" if re.search(r"SQuAD\s*(v|version\s*)?2", text) else "SQuAD 1.1"


def _bench_name(bench: str, caption: str, page_text: str) -> str:
    if bench == "SQuAD":
        return squad_version(caption)
    if bench == "WMT2014":
        text = caption or page_text
        if re.search(r"En(glish)?\s*([-–→]|to)?\s*Fr|French", text, re.I) and not re.search(
                r"En(glish)?\s*([-–→]|to)?\s*De|German", text, re.I):
            return "WMT2014 En-Fr"
        return "WMT2014 En-De"
    return bench
