"""A table's facts: each value cell of a model's row, under a column that names a quantity,
becomes a fact about that model (a size, an operation count, a time, a device count or a
score on a benchmark); the authors' own rows are marked so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from flopwatch.extractors import registry
from flopwatch.extractors.pdf_text import Cell, Page, Row
from flopwatch.extractors.tables.captions import (
    Caption,
    in_figure,
    nearest_caption,
    stated_unit,
)
from flopwatch.extractors.tables.cells import (
    SUFFIX_SCALE,
    alternative_value,
    cell_hours,
    cell_number,
    pair_values,
    product_first,
    value_scale,
)
from flopwatch.extractors.tables.columns import Column, column_of, metric_on
from flopwatch.extractors.tables.grid import Header, label_and_values, sided_rows, tables
from flopwatch.extractors.tables.ownership import (
    in_own_columns,
    is_cited,
    model_name,
    names_own,
    no_model,
    own_rows,
)


@dataclass(frozen=True)
class TableFact:
    kind: str            # parameters | compute | result | training_time | ... | hardware
    value: float
    label: str
    row: Row
    column: Column
    benchmark: str = ""
    own: bool = False


def _per_view(col: Column, cell: Cell) -> Cell:
    """Under "GFLOPs×views" a cell "36.1 × 30" is 36.1 GFLOPs a view, times 30 views."""
    if col.kind == "ops" and (first := product_first(cell.text)) and \
            re.search(r"[×x]\s*(views?|clips?|crops?)\b", col.header.text, re.I):
        return Cell(first, cell.x0, cell.x1)
    return cell


def _bench_name(bench: str, caption: str, page_text: str) -> str:
    """The benchmark a family's name means where its table is: as the caption (else the
    page) picks its version or language pair."""
    return registry.resolve(bench, caption or page_text)


def _result(caption: Caption, col: Column, value: float, label: str, segment: Row,
            own: bool) -> TableFact | None:
    """A score under a metric column. Its benchmark is the one the column names, else the
    first one named near the table (else in the paper). A "Top-1" column goes on to the
    first that reports it: in a detection paper's backbone table it is still ImageNet. So
    does a metric only one benchmark reports ("AP": COCO), in a captioned table. Other
    metrics (accuracy, "Avg.", F1: CoNLL's, SQuAD's, any tagger's) say too little."""
    benches = [col.bench] if col.bench else caption.benchmarks
    top_k = re.search(r"top-?\s?[15]", col.header.text, re.I) is not None
    named = bool(col.bench) or caption.names_benchmark
    if not (top_k or named) and col.metric in {"accuracy", "error", "score", ""}:
        return None         # "Accuracy" under a caption naming no benchmark: on what?
    only_one = not named and bool(caption.text) and len(registry.reporting(col.metric)) == 1
    if not (top_k or only_one):
        benches = benches[:1]
    for bench in benches:
        name = _bench_name(bench, caption.text, caption.page.text)
        metric = metric_on(col, name, caption.says_error, value)
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


def _cell_fact(caption: Caption, col: Column, cell: Cell, label: str, segment: Row,
               own: bool) -> TableFact | None:
    """The fact one value cell states under its column, if any."""
    parsed = cell_number(cell.text)
    if parsed is None:
        return None
    value, suffix = parsed.value, parsed.suffix
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
        scale = value_scale(suffix, col.scale or caption.scales[col.kind])
        if not scale:
            return None
        kind = "parameters" if col.kind == "params" else "compute"
        return TableFact(kind, value * scale, label, segment, col, own=own)
    if col.kind != "metric":
        return None
    return _result(caption, col, value, label, segment, own)


def _pair_parts(col: Column, cell: Cell) -> list[tuple[Cell, Column]]:
    """A cell under a paired column holds one value per metric ("76.9 / 84.0"); a score may
    have a variant's beside it ("88.83 (90.10)"); any other cell is one value."""
    pair = pair_values(cell) if col.pair else None
    if pair is None:
        other = alternative_value(cell) if col.kind == "metric" else None
        return [(cell, col)] if other is None else [(cell, col), (other, col)]
    return [(pair[0], replace(col, pair="")), (pair[1], replace(col, metric=col.pair, pair=""))]


def _segment_facts(segment: Row, header: Header, caption: Caption,
                   own_names: Sequence[str], section: str = "") -> list[TableFact]:
    """The facts of one model's cells in a row (in a section of rows on the benchmark
    `section`, where one is)."""
    label, values = label_and_values(segment)
    if not values or not label or len(label) > 70:
        return []
    own = names_own(label, own_names)
    # a cited row is another paper's model, but under a group of columns headed by the
    # paper's own name ("original | SENet") it is the authors' variant; a row named by a
    # setting ("300 epochs") or by a benchmark ("En→De") is a model only there, and the
    # benchmark is its scores'
    on_bench = registry.only_a_benchmark(label)
    not_ours = (is_cited(label) and not own) or no_model(label) or bool(on_bench)
    if not_ours and not header.own_groups:
        return []
    out: list[TableFact] = []
    seen_kinds: set[tuple[str, str, bool]] = set()
    last_group = ""
    base = model_name(label)
    for cell in values:
        col = header.column_over(cell)
        if col is not None:
            cell = _per_view(col, cell)
            if (on_bench or section) and col.kind == "metric" and not col.bench:
                col = replace(col, bench=on_bench or section)
        if col is None or cell_number(cell.text) is None or \
                (not_ours and col.group not in header.own_groups):
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
            if (col.kind, col.bench, col.total) in seen_kinds:
                continue
            seen_kinds.add((col.kind, col.bench, col.total))
        cell_label, cell_own = label, own
        if col.group in header.own_groups and re.search(r"[A-Za-z]{2}", base):
            cell_label, cell_own = f"{col.group} ({base})", True
        for part, part_col in _pair_parts(col, cell):
            if fact := _cell_fact(caption, part_col, part, cell_label, segment, cell_own):
                out.append(fact)
    return out


def facts(page: Page, paper_benchmarks: list[str],
          own_names: Sequence[str] = ()) -> list[TableFact]:
    """Facts of the page's tables. `own_names` are the paper's model names (lower case):
    where some rows of a table carry them, the other rows are taken for baselines."""
    out: list[TableFact] = []
    for table in tables(page, paper_benchmarks, own_names):
        found = [f for segment in table.body
                 for f in _segment_facts(segment, table.header, table.caption, own_names,
                                         table.section_of(segment))]
        out += own_rows(found)
    return out


# The metric a transposed row's label names after its benchmark: "SQuADv2 (F1)", "SQuADv2
# acc (em) dev", "WMT14 En-De BLEU".
# An evaluation setting: "few-shot", "0-shot" (a row starting with one continues a task).
_SHOTS = re.compile(r"\b(zero|one|few|\d+)[- ]?shot\b", re.I)
_LABEL_METRIC = re.compile(r"\b(F1|EM|BLEU)\b|\((F1|EM)\)", re.I)


def _names_metric(label: str) -> bool:
    """Whether the label names a metric beside its benchmark ("ImageNet Top-1 (%)"), not
    only a benchmark whose usual metric is implied ("En-Fr")."""
    rest = registry.without_benchmark(label).strip()
    named = column_of(Cell(rest, 0, 0)) if rest else None
    return named is not None and named.kind == "metric" and bool(named.metric)


def _transposed_results(page: Page, row: Row, label: str, col: Column,
                        values: list[Cell], own_names: Sequence[str]) -> list[TableFact]:
    """A row named by a benchmark and a metric ("SQuADv2 (F1) | 71.1a | 80.8 | 83.3 (5)",
    "ImageNet Top-1 (%) | 76.2 | 78.0 | 82.4"):
    each plain number is a model's score (a cited one carries its reference mark and is no
    number here)."""
    caption = nearest_caption(page, row.y)
    name = _bench_name(col.bench, caption, page.text)
    m = _LABEL_METRIC.search(label)
    if m is not None:
        metric = {"f1": "F1", "em": "EM", "bleu": "BLEU"}[(m.group(1) or m.group(2)).lower()]
    elif col.metric and _names_metric(label):
        metric = col.metric                 # "ImageNet Top-1 (%)": the label names both
    elif re.fullmatch(r"[\w-]+", label.strip()) and any(
            f.in_caption.match(label.strip()) for f in registry.families()):
        # "ImageNet | 88.55 ± 0.04 | 87.76 ± 0.03": the benchmark alone, on its usual metric
        # (the caption says whether these are errors)
        metric = ""
    else:
        return []
    out = []
    cells, own = in_own_columns(page, row, values, own_names)
    for cell in cells:
        parsed = cell_number(cell.text)
        if parsed and not parsed[1] and 0 < parsed[0] <= 100:
            resolved = metric or metric_on(
                Column("metric", col.header), name,
                bool(re.search(r"\berror", caption, re.I)), parsed[0])
            if registry.allowed(name, resolved):
                out.append(TableFact("result", parsed[0], label, row,
                                     Column("metric", col.header, metric=resolved),
                                     benchmark=name, own=own))
    return out


def transposed_facts(page: Page, own_names: Sequence[str] = ()) -> list[TableFact]:
    """Tables laid out the other way round: the row's label names the quantity
    ("train time (h) 1.2 2.0 9.5", "Number of parameters 133 133 134", "TPUv3-core-days 2.5k",
    "Training FLOP Count (Zettaflops) 37.4 295.7")."""
    out: list[TableFact] = []
    named: tuple[float, str] | None = None      # the last benchmark row: its y and label
    for row in sided_rows(page):
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
        if col is None or col.kind not in {"time", "device_time", "params", "ops"} or \
                in_figure(page, row):
            continue
        caption_scale = stated_unit(page, row.y, col.kind)
        for cell in in_own_columns(page, row, values, own_names)[0]:
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
