"""Reading a table: each value cell under a column becomes a fact about the row's model.

Rows citing other work ("[12]", "et al.") are baselines and skipped, unless marked as the
authors' own ("ours"); so are settings, layers and differences between rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from flopwatch.extractors import registry
from flopwatch.extractors.pdf_text import Cell, Page, Row
from flopwatch.extractors.tables.columns import (
    OTHER_DATASET,
    Column,
    cell_hours,
    column_of,
    header_columns,
    is_section_heading,
    names_only_a_benchmark,
    qualified_by,
    with_header_benchmarks,
)
from flopwatch.extractors.tables.layout import (
    SUFFIX_SCALE,
    cell_number,
    label_and_values,
    merge_header,
    nearest_caption,
    overlap,
    product_first,
    segments,
    split_row,
    stated_unit,
    subscript_row,
    value_scale,
)

_CITED = re.compile(r"\[\d+(?:[,–-]\s*\d+)*\]|\bet al\b|[(,]\s*(?:19|20)\d\d[a-z]?\)|\[[A-Z][a-z]+")


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


# Rows that state a difference between two others ("Δ (vs. BN)", "improvement").
_DELTA_ROW = re.compile(r"^\s*([ΔΔ△∆]|diff|gain|improvement|relative)", re.I)




@dataclass(frozen=True)
class TableFact:
    kind: str            # parameters | compute | result | training_time | ... | hardware
    value: float
    label: str
    row: Row
    column: Column
    benchmark: str = ""
    own: bool = False


def _owner(cols: list[Column], cell: Cell, heads: tuple[Cell, ...] = ()) -> Column | None:
    """The column a value cell stands under: the one whose header it overlaps most, else
    the nearest within 25 pt, unless a header cell of a column we do not read ("APL",
    "FPS") stands right above it."""
    best, most = None, 0.0
    for col in cols:
        ov = overlap(col.header, cell)
        if ov > most:
            best, most = col, ov
    if best is None and any(overlap(h, cell) > 0 and not any(
            overlap(h, c.header) > 0 for c in cols) for h in heads):
        return None
    if best is None and cols:
        near = min(cols, key=lambda c: abs(c.header.xc - cell.xc))
        if abs(near.header.xc - cell.xc) <= 25:
            return near
    return best


def _resolve_metric(col: Column, benchmark: str, caption_says_error: bool,
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
    def at(cls, page: Page, y: float, paper_benchmarks: list[str],
           span: tuple[float, float] = (0.0, 0.0)) -> _TableContext:
        """The context of the table whose header is at `y`. Its benchmarks are those its
        caption names; else the paper's, unless the caption names a dataset that is none of
        ours (a "Top-1" on Stanford Dogs or MNIST is not ImageNet's)."""
        caption = nearest_caption(page, y, *span)
        # in the order the caption names them: "on COCO ... pre-trained on ImageNet-22K"
        found = {f.name: m.start() for f in registry.families()
                 if (m := f.in_caption.search(caption))}
        named = sorted(found, key=found.__getitem__)
        benchmarks = named or ([] if OTHER_DATASET.search(caption) else paper_benchmarks)
        return cls(page, caption, bool(re.search(r"\berror", caption, re.I)),
                   stated_unit(page, y), benchmarks, bool(named))


def _per_view(col: Column, cell: Cell) -> Cell:
    """Under "GFLOPs×views" a cell "36.1 × 30" is 36.1 GFLOPs a view, times 30 views."""
    if col.kind == "ops" and (first := product_first(cell.text)) and \
            re.search(r"[×x]\s*(views?|clips?|crops?)\b", col.header.text, re.I):
        return Cell(first, cell.x0, cell.x1)
    return cell


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
            (suffix in SUFFIX_SCALE and col.kind == "metric"):
        return None         # a latency, a share, or a size ("89M"): not what the column holds
    if col.kind == "devices":
        if suffix or value != int(value) or not 0 < value <= 100_000:
            return None
        return TableFact("hardware", value, label, segment, col, own=own)
    if col.kind in {"params", "ops"}:
        scale = value_scale(suffix, col.scale or table.caption_scale)
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
        if not registry.allowed(name, metric):
            continue
        # ImageNet errors below half a percent are not ImageNet results, and a result row
        # needs a name, not just numbers.
        bench_entry = registry.benchmark(name)
        plausible = not ("error" in metric and bench_entry is not None
                         and value < bench_entry.error_floor)
        if 0 < value <= 100 and plausible and re.search(r"[A-Za-z]{2}", label):
            return TableFact("result", value, label, segment,
                             replace(col, metric=metric, pair=""), benchmark=name, own=own)
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


def _with_spanned_names(row: Row, above: Row | None) -> Row:
    """A name set once for a block of rows ("MoCo | R50 | 24" over "RX50 | 46"): a row that
    starts right of the row above's first cell, under one of its cells, takes the names
    the row above has left of it."""
    if above is None or not row.cells or not above.cells or \
            not re.search(r"[A-Za-z]", row.cells[0].text):
        return row      # (a row that starts with its values: "- / - | 82.3 / 91.2")
    first = row.cells[0]
    if first.x0 <= above.cells[0].x1 or not any(overlap(c, first) > 0 for c in above.cells):
        return row
    names = [c for c in above.cells if c.x1 <= first.x0 + 1]
    if not names or any(cell_number(c.text) or _LAYER.match(c.text) for c in names):
        return row      # (nor a kind of layer a block of rows shares: "Pooling")
    return Row(row.page, row.y, (*names, *row.cells))


def _group_headings(upper: Row, lower: Row) -> tuple[Row, Row | None]:
    """'#Param | Mask R-CNN 1x | Mask R-CNN 3x + MS' over 'APb APb APm ... APb APb APm': a
    cell that names no column itself, over two or more cells that do, heads their group;
    it is not part of their names ("BLEU" over "EN-DE EN-FR" is). The line without them,
    and the group headings (None where there are none)."""
    below = [c for c in split_row(lower, header=True).cells if column_of(c) is not None]
    bare = [c for c in below if names_only_a_benchmark(c.text)]
    # (one that names a quantity heads a group of columns that name only benchmarks:
    # "Training Cost (FLOPs)" over "EN-DE EN-FR")
    heads = [c for c in upper.cells if sum(overlap(c, b) > 0 for b in below) >= 2 and (
        column_of(c) is None or (column_of(c).kind != "metric"  # type: ignore[union-attr]
                                 and sum(overlap(c, b) > 0 for b in bare) >= 2))]
    if not heads:
        return upper, None
    rest = tuple(c for c in upper.cells if c not in heads)
    return Row(upper.page, upper.y, rest), Row(upper.page, upper.y, tuple(heads))


# The most two lines of one header are apart, baseline to baseline (pt): a line and a half
# of 10 pt type, and the rule booktabs draws between a group heading and its columns
# (\cmidrule) with the space around it.
HEADER_LINE_GAP = 20


def _column_line_below(rows: list[Row], i: int) -> bool:
    """The next line, close below and without numbers, names columns of its own."""
    return i + 1 < len(rows) and rows[i + 1].y - rows[i].y < HEADER_LINE_GAP and not any(
        cell_number(c.text) for c in rows[i + 1].cells) and bool(header_columns(rows[i + 1]))


@dataclass(frozen=True)
class _Header:
    """A table's header as read: its line (merged over up to four), the columns it opens,
    the group headings above it, and the groups headed by the paper's own name."""

    row: Row
    cols: list[Column]
    heads: tuple[Cell, ...]        # every header cell, read or not
    own_groups: frozenset[str]     # groups of columns headed "ours" or by an own name
    last: int                      # the index of the header's last line


def _header_at(rows: list[Row], i: int, cols: list[Column],
               own_names: tuple[str, ...]) -> _Header:
    """The header that starts at rows[i], whose first line opens `cols`."""
    header = rows[i]
    # A line just above without numbers heads the header's columns ("BoolQ | CB | ...").
    above = rows[i - 1] if i > 0 and header.y - rows[i - 1].y < HEADER_LINE_GAP and not any(
        cell_number(c.text) for c in rows[i - 1].cells) else None
    if above is None and all(c.kind == "metric" and c.bench and not c.metric
                             for c in cols) and _column_line_below(rows, i):
        # "ImageNet | ADE20K" over "Top-1 Params FLOPs mIoU Params FLOPs": datasets
        # that head groups of the columns on the next line
        above, i = header, i + 1
        header, cols = rows[i], header_columns(rows[i]) or cols
    if above is not None:   # "ImNet | Real | V2" over "top-1 | top-1 | top-1"
        cols = qualified_by(above, cols)
    # A header may run over up to four lines ("FLOPs" / "(B)"), none with numbers.
    for _ in range(3):
        if not (i + 1 < len(rows) and rows[i + 1].y - rows[i].y < HEADER_LINE_GAP and (not any(
                cell_number(c.text) for c in rows[i + 1].cells)
                or subscript_row(rows[i + 1]))) or is_section_heading(rows[i + 1], header):
            break
        header, groups = _group_headings(header, rows[i + 1])
        header = merge_header(header, rows[i + 1]) if header.cells else rows[i + 1]
        cols = header_columns(header) or cols
        if groups is not None:
            cols, above = qualified_by(groups, cols), groups
        i += 1
    cols = with_header_benchmarks(header, cols, above)
    own_groups = frozenset(c.group for c in cols if c.group and len(
        {k.group for k in cols}) > 1 and (_OURS.search(c.group) or any(
            n == c.group.lower().removesuffix("s") for n in own_names)))
    return _Header(header, cols, split_row(header, header=True).cells, own_groups, i)


def facts(page: Page, paper_benchmarks: list[str],
          own_names: tuple[str, ...] = ()) -> list[TableFact]:
    """Facts of the page's tables. `own_names` are the paper's model names (lower case):
    where some rows of a table carry them, the other rows are taken for baselines."""
    out: list[TableFact] = []
    rows = list(page.rows)
    i = 0
    while i < len(rows):
        cols = header_columns(rows[i])
        if not cols:
            i += 1
            continue
        header = _header_at(rows, i, cols, own_names)
        # the caption over the columns read (a header line may hold a neighbour's words)
        heads_read = [c.header for c in header.cols] or list(header.row.cells)
        table = _TableContext.at(page, header.row.y, paper_benchmarks,
                                 (min(c.x0 for c in heads_read),
                                  max(c.x1 for c in heads_read)))
        found, j = _body_facts(rows, header, table, own_names)
        found = _without_extended_baselines(found)
        if any(f.own for f in found):
            # the other rows are baselines, but for those that state a change to the model
            # above them: an ablation ("Channel MLP → None", "w/o SE", "+ 128k Vocab")
            found = [f for f in found if f.own or _ABLATION.search(f.label)]
        out += found
        i = max(j, header.last + 1)
    return out


def _body_facts(rows: list[Row], header: _Header, table: _TableContext,
                own_names: tuple[str, ...]) -> tuple[list[TableFact], int]:
    """The facts of the rows under a header, and the index of the first row past them."""
    out: list[TableFact] = []
    j = header.last + 1
    last_y = header.row.y
    previous: Row | None = None
    while j < len(rows) and rows[j].y - last_y < 60:
        row = rows[j]
        if header_columns(row) and not any(cell_number(c.text) for c in row.cells) and \
                not is_section_heading(row, header.row):
            break
        last_y = row.y
        j += 1
        row = previous = _with_spanned_names(split_row(row, header=False), previous)
        for segment in segments(row):
            out += _segment_facts(segment, header, table, own_names)
    return out, j


def _segment_facts(segment: Row, header: _Header, table: _TableContext,
                   own_names: tuple[str, ...]) -> list[TableFact]:
    """The facts of one model's cells in a row (a row may hold two tables side by side)."""
    label, values = label_and_values(segment)
    if not values or not label or len(label) > 70:
        return []
    own = bool(_OURS.search(label)) or any(n in label.lower() for n in own_names)
    # "(2 nets, multi-crop & dense eval.)" qualifies a model; "crop 224" is a setting
    if _LAYER.match(label) or _SETTING.search(_base_label(label)) or _DELTA_ROW.match(label):
        return []
    # a cited row is another paper's model, but under a group of columns headed by the
    # paper's own name ("original | SENet") it is the authors' variant
    cited = bool(_CITED.search(label)) and not own
    if cited and not header.own_groups:
        return []
    out: list[TableFact] = []
    seen_kinds: set[tuple[str, str]] = set()
    last_group = ""
    base = re.sub(r"(\s+[-–—])+$", "", _CITED.sub("", label).strip())
    for cell in values:
        col = _owner(header.cols, cell, header.heads)
        if col is not None:
            cell = _per_view(col, cell)
        if col is None or cell_number(cell.text) is None or \
                (cited and col.group not in header.own_groups):
            continue
        if col.kind == "metric" or col.group != last_group:
            # a new group of columns: "Params FLOPs AP | Params", or one under a heading of
            # its own ("UperNet 160K | Cascade Mask R-CNN 3x")
            seen_kinds.clear()
        last_group = col.group
        if col.kind in {"params", "ops"}:
            # One model size and one operation count per group of columns (and benchmark):
            # a header spread over lines can name several columns alike; the leftmost is
            # the real one.
            if (col.kind, col.bench) in seen_kinds:
                continue
            seen_kinds.add((col.kind, col.bench))
        cell_label, cell_own = label, own
        if col.group in header.own_groups and re.search(r"[A-Za-z]{2}", base):
            cell_label, cell_own = f"{col.group} ({base})", True
        for part, part_col in _pair_parts(col, cell):
            if fact := _cell_fact(table, part_col, part, cell_label, segment, cell_own):
                out.append(fact)
    return out


_ABLATION = re.compile(r"→|->|^\s*[+−-]\s*[A-Za-z]|\bw/o\b|\bwithout\b|\breplac", re.I)


def _in_own_columns(page: Page, row: Row, values: list[Cell],
                    own_names: tuple[str, ...] = ()) -> tuple[list[Cell], bool]:
    """The values under the paper's own columns, where the columns' header row (above, no
    numbers) marks some as "Ours" or names them with the paper's model names ("ResNet-50 |
    BoTNet-50"), and True: these are the authors'; all of them otherwise, and False."""
    def ours(text: str) -> bool:
        return bool(_OURS.search(text)) or any(n in text.lower() for n in own_names)
    above, last_y = [], row.y       # the table's lines above: no wide gap between them
    for r in reversed([r for r in page.rows if r.y < row.y]):
        if last_y - r.y > 30:
            break
        above.append(r)
        last_y = r.y
    header = next((r for r in above if any(ours(c.text) for c in r.cells)
                   and not any(cell_number(c.text) for c in r.cells[1:])), None)
    if header is None:
        return values, False
    def under_ours(cell: Cell) -> bool:
        return ours(min(header.cells, key=lambda h: abs(h.xc - cell.xc)).text)
    return [c for c in values if under_ours(c)], True


# The metric a transposed row's label names after its benchmark: "SQuADv2 (F1)", "SQuADv2
# acc (em) dev", "WMT14 En-De BLEU".
# An evaluation setting: "few-shot", "0-shot" (a row starting with one continues a task).
_SHOTS = re.compile(r"\b(zero|one|few|\d+)[- ]?shot\b", re.I)
_LABEL_METRIC = re.compile(r"\b(F1|EM|BLEU)\b|\((F1|EM)\)", re.I)


def _transposed_results(page: Page, row: Row, label: str, col: Column,
                        values: list[Cell], own_names: tuple[str, ...]) -> list[TableFact]:
    """A row named by a benchmark and a metric ("SQuADv2 (F1) | 71.1a | 80.8 | 83.3 (5)"):
    each plain number is a model's score (a cited one carries its reference mark and is no
    number here)."""
    caption = nearest_caption(page, row.y)
    name = _bench_name(col.bench, caption, page.text)
    m = _LABEL_METRIC.search(label)
    if m is not None:
        metric = {"f1": "F1", "em": "EM", "bleu": "BLEU"}[(m.group(1) or m.group(2)).lower()]
    elif re.fullmatch(r"[\w-]+", label.strip()) and any(
            f.in_caption.match(label.strip()) for f in registry.families()):
        # "ImageNet | 88.55 ± 0.04 | 87.76 ± 0.03": the benchmark alone, on its usual metric
        # (the caption says whether these are errors)
        metric = ""
    else:
        return []
    out = []
    cells, own = _in_own_columns(page, row, values, own_names)
    for cell in cells:
        parsed = cell_number(cell.text)
        if parsed and not parsed[1] and 0 < parsed[0] <= 100:
            resolved = metric or _resolve_metric(
                Column("metric", col.header), name,
                bool(re.search(r"\berror", caption, re.I)), parsed[0])
            if registry.allowed(name, resolved):
                out.append(TableFact("result", parsed[0], label, row,
                                     Column("metric", col.header, metric=resolved),
                                     benchmark=name, own=own))
    return out


def transposed_facts(page: Page, own_names: tuple[str, ...] = ()) -> list[TableFact]:
    """Tables laid out the other way round: the row's label names the quantity
    ("train time (h) 1.2 2.0 9.5", "Number of parameters 133 133 134", "TPUv3-core-days 2.5k",
    "Training FLOP Count (Zettaflops) 37.4 295.7")."""
    out: list[TableFact] = []
    named: tuple[float, str] | None = None      # the last benchmark row: its y and label
    for row in page.rows:
        label, values = label_and_values(row)
        if not values or not label or len(label) > 60:
            continue
        named_by = label
        if named and row.y - named[0] < 16 and _SHOTS.match(label):
            # "few-shot" under "SQuADv2 f1 zero-shot": the same benchmark, another setting
            named_by, label = named[1], f"{named[1]} {label}"
        col = column_of(Cell(named_by, row.cells[0].x0, row.cells[0].x1))
        if col is not None and col.kind == "metric" and col.bench:
            named = (row.y, _SHOTS.sub("", named_by).strip())
            out += _transposed_results(page, row, label, col, values, own_names)
            continue
        if col is None or col.kind not in {"time", "device_time", "params", "ops"}:
            continue
        caption_scale = stated_unit(page, row.y)
        for cell in _in_own_columns(page, row, values, own_names)[0]:
            if col.kind in {"ops", "params"}:
                # "Training FLOP Count (Zettaflops) 37.4 295.7": a count in the label's unit
                # (a size may also be in the caption's: "in millions")
                parsed = cell_number(cell.text)
                stated = col.scale if col.kind == "ops" else col.scale or caption_scale
                scale = value_scale(parsed[1], stated) if parsed else 0
                if parsed and scale and parsed[1] not in {"%", "ms"}:
                    out.append(TableFact("compute" if col.kind == "ops" else "parameters",
                                         parsed[0] * scale, label, row, col))
                continue
            hours = cell_hours(cell.text, col.scale)
            if hours and 0 < hours < 1e8:
                kind = "training_time" if col.kind == "time" else "device_time"
                out.append(TableFact(kind, hours, label, row, col))
    return out


def _bench_name(bench: str, caption: str, page_text: str) -> str:
    """The benchmark a family's name means where its table is: as the caption (else the
    page) picks its version or language pair."""
    return registry.resolve(bench, caption or page_text)
