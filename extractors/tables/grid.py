"""A table as a grid: its header (over up to four lines, with the group headings above its
columns), its body rows, each split into one model's label and the value cells under the
columns, and its caption (`captions`).

Lines come from `pdf_text` (words that share a baseline, split into cells where the gaps
are wide); a header is a line that opens columns (`columns`), the body the lines below it
until a gap or the next header.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise

from flopwatch.extractors import registry
from flopwatch.extractors.pdf_text import Block, Cell, Page, Row
from flopwatch.extractors.tables.captions import Caption, table_captions
from flopwatch.extractors.tables.cells import (
    cell_number,
    overlap,
    split_row,
    value_like,
)
from flopwatch.extractors.tables.columns import (
    Column,
    column_of,
    header_columns,
    qualified_by,
    with_header_benchmarks,
)
from flopwatch.extractors.tables.ownership import is_layer, names_own, own_groups


def subscript_row(row: Row) -> bool:
    """A line of IoU thresholds or object sizes set under "AP" headers ("50 | 75 | S")."""
    return all(c.text.strip() in {"50", "75", "S", "M", "L", ".5", ".75"} for c in row.cells)


def merge_header(upper: Row, lower: Row) -> Row:
    """A header on two lines ("FLOPs | IN-1K" over "(image/s) | top-1 acc."): each lower
    cell joins the upper cell it overlaps, or stands on its own."""
    top = list(split_row(upper, header=True).cells)
    for cell in split_row(lower, header=True).cells:
        best = max(range(len(top)), key=lambda k: overlap(top[k], cell))
        if overlap(top[best], cell) > 0:
            t = top[best]
            words = t.words + cell.words if t.words and cell.words else ()
            top[best] = Cell(f"{t.text} {cell.text}", min(t.x0, cell.x0), max(t.x1, cell.x1),
                             words)
        else:
            top.append(cell)
    return Row(upper.page, upper.y, tuple(sorted(top, key=lambda c: c.x0)))


def is_section_heading(row: Row, header: Row) -> bool:
    """A line without numbers whose text runs over three or more of the header's cells
    ("ImageNet-22K trained models (fine-tuned to ImageNet-1K)"), or a benchmark's name
    alone in the name column: it heads a section of the table's rows, it names no column.
    A line that names a metric, size or cost is the header of the next table."""
    if any(cell_number(c.text) for c in row.cells) or any(
            c.kind != "metric" or c.metric for c in header_columns(row) or []):
        return False
    heads = split_row(header, header=True).cells
    if len(row.cells) == 1 and registry.only_a_benchmark(row.cells[0].text):
        # "CIFAR-100" in the name column, over the rows on it: not over a column it heads
        return sum(1 for h in heads if overlap(h, row.cells[0]) > 0) <= 1 and \
            row.cells[0].x0 <= heads[0].x1
    return any(sum(1 for h in heads if overlap(h, c) > 0) >= 3 for c in row.cells)


def _group_headings(upper: Row, lower: Row) -> tuple[Row, Row | None]:
    """'#Param | Mask R-CNN 1x | Mask R-CNN 3x + MS' over 'APb APb APm ... APb APb APm': a
    cell that names no column itself, over two or more cells that do, heads their group;
    it is not part of their names ("BLEU" over "EN-DE EN-FR" is). The line without them,
    and the group headings (None where there are none)."""
    below = [c for c in split_row(lower, header=True).cells if not value_like(c.text)]
    bare = [c for c in below if registry.only_a_benchmark(c.text)]
    # (one that names a quantity heads a group of columns that name only benchmarks:
    # "Training Cost (FLOPs)" over "EN-DE EN-FR"; the columns need not be ones we read)
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
class Header:
    """A table's header as read: its line (merged over up to four), the columns it opens,
    the group headings above it, and the groups headed by the paper's own name."""

    row: Row
    cols: list[Column]
    heads: tuple[Cell, ...]        # every header cell, read or not
    own_groups: frozenset[str]     # groups of columns headed "ours" or by an own name
    last: int                      # the index of the header's last line

    def column_over(self, cell: Cell) -> Column | None:
        """The column a value cell stands under: the one whose header it overlaps most, else
        the nearest within 25 pt, unless a header cell of a column we do not read ("APL",
        "FPS") stands right above it."""
        best, most = None, 0.0
        for col in self.cols:
            ov = overlap(col.header, cell)
            if ov > most:
                best, most = col, ov
        if best is None and any(overlap(h, cell) > 0 and not any(
                overlap(h, c.header) > 0 for c in self.cols) for h in self.heads):
            return None
        if best is None and self.cols:
            near = min(self.cols, key=lambda c: abs(c.header.xc - cell.xc))
            if abs(near.header.xc - cell.xc) <= 25:
                return near
        return best


def _header_at(rows: list[Row], i: int, cols: list[Column],
               own_names: Sequence[str]) -> Header:
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
        elif above is not None:     # the line above still heads the columns read anew
            cols = qualified_by(above, cols)
        i += 1
    cols = with_header_benchmarks(header, cols, above)
    return Header(header, cols, split_row(header, header=True).cells,
                  own_groups(cols, own_names), i)


def segments(row: Row) -> list[Row]:
    """Tables set side by side share baselines: a name after numbers (or missing values)
    starts another row ("Linear scaling 75.87 92.70 | ResNet-50-B 25 M 4.1 G")."""
    parts: list[list[Cell]] = [[]]
    for cell in row.cells:
        if not value_like(cell.text) and parts[-1] and value_like(parts[-1][-1].text):
            parts.append([])
        parts[-1].append(cell)
    return [Row(row.page, row.y, tuple(p)) for p in parts if p]


def label_and_values(row: Row) -> tuple[str, list[Cell]]:
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
    if not names or any(cell_number(c.text) or is_layer(c.text) for c in names):
        return row      # (nor a kind of layer a block of rows shares: "Pooling")
    return Row(row.page, row.y, (*names, *row.cells))


def _body(rows: list[Row], header: Header) -> tuple[list[Row], list[tuple[float, str]], int]:
    """The body rows under a header, each split into one model's cells (a line may hold
    two tables side by side); the sections that name a benchmark for the rows under them
    ("CIFAR-100"), as (y, benchmark); and the index of the first line past them."""
    out: list[Row] = []
    sections: list[tuple[float, str]] = []
    j = header.last + 1
    last_y = header.row.y
    previous: Row | None = None
    while j < len(rows) and rows[j].y - last_y < 60:
        row = rows[j]
        if not any(cell_number(c.text) for c in row.cells) and (
                (header_columns(row) and not is_section_heading(row, header.row))
                or [c.text for c in row.cells] == [c.text for c in header.row.cells]
                or (len(row.cells) >= 3 and not any(value_like(c.text) for c in row.cells))):
            break           # another table's header (one we may not read), or this one's again
        last_y = row.y
        j += 1
        if len(row.cells) == 1 and (bench := registry.only_a_benchmark(row.cells[0].text)):
            sections.append((row.y, bench))
            continue
        row = previous = _with_spanned_names(split_row(row, header=False), previous)
        out += segments(row)
    return out, sections, j


# A caption that says which score its table holds ("Classification error (%) on CIFAR-10",
# "BLEU on newstest2014").
_STATES_SCORE = re.compile(r"\b((top-?[15] )?(error|accuracy)|BLEU|F1|EM|m?AP)\b", re.I)


def _model_columns(page: Page, rows: list[Row], i: int, paper_benchmarks: list[str],
                   own_names: Sequence[str]) -> Header | None:
    """A header line that names models, not quantities ("original | SENet", "Baseline |
    Ours"), over a line of values, under a caption that names the benchmark and its score:
    each model named over values heads a column of scores. One of them must be the paper's
    own, or the line is any other words set above numbers."""
    row = rows[i]
    if len(row.cells) < 2 or any(value_like(c.text) for c in row.cells) or \
            not any(names_own(c.text, own_names) for c in row.cells):
        return None
    # the first line of values under it (a table beside may set its own lines between)
    values = next((cells for r in rows[i + 1:] if r.y - row.y < HEADER_LINE_GAP
                   if (cells := [c for c in split_row(r, header=False).cells
                                 if cell_number(c.text)])), [])
    heads = [c for c in row.cells if any(overlap(c, v) > 0 for v in values)]
    if len(heads) < 2:
        return None
    caption = Caption.at(page, row.y, paper_benchmarks, (heads[0].x0, heads[-1].x1))
    score = _STATES_SCORE.search(caption.text)
    if not caption.names_benchmark or score is None:
        return None
    # the score the caption names is each column's, as a header naming it would be read
    named = column_of(Cell(score.group(0), 0, 0))
    metric = named.metric if named is not None and named.kind == "metric" else ""
    cols = [Column("metric", c, metric=metric, group=c.text) for c in heads]
    return Header(row, cols, row.cells, own_groups(cols, own_names), i)


@dataclass(frozen=True)
class Table:
    header: Header
    caption: Caption
    body: list[Row]                # one model's cells each
    sections: tuple[tuple[float, str], ...] = ()    # (y, benchmark) of its rows below

    def section_of(self, row: Row) -> str:
        """The benchmark the section a row is in names, if any."""
        return next((b for y, b in reversed(self.sections) if y < row.y), "")


def side_by_side_split(page: Page, row: Row) -> float | None:
    """Where two tables set side by side part (x), when the line `row` has a caption beside
    another near it: each of the two captions over its own stretch of the page, at about
    the same height. Their lines share baselines, so each is read on its own side. They
    part at the gap between the captions' inner ends where most lines below go from a
    value to a name: where the right table's rows begin."""
    y = row.y
    near = [b for b in table_captions(page) if b.x1 > b.x0 and
            min(abs(b.y0 - y), abs(b.y1 - y)) < 250]
    # (a caption's block may take in its table's header, and a table may run a little
    # past its half of the page: beside means overlapping by less than a quarter of either)
    pairs = [(a, b) for a in near for b in near if a.x0 < b.x0 and abs(a.y0 - b.y0) < 60
             and a.x1 - b.x0 < 0.25 * min(a.x1 - a.x0, b.x1 - b.x0)]
    if not pairs:
        return None
    def gap(b: Block) -> float:
        return min(abs(b.y0 - y), abs(b.y1 - y))
    a, b = min(pairs, key=lambda p: min(gap(p[0]), gap(p[1])))
    # (a table across the page, with its own caption nearer, is not one of the two)
    if min(gap(a), gap(b)) > min(gap(c) for c in table_captions(page)):
        return None
    lo, hi = sorted((a.x1, b.x0))
    below = [r for r in page.rows if row.y < r.y <= row.y + 150]
    gaps = [(left.x1 + right.x0) / 2 for r in (row, *below)
            for left, right in pairwise(r.cells)
            if lo - 10 <= (left.x1 + right.x0) / 2 <= hi + 10]

    def starts_rows(x: float) -> int:
        """Lines in which a name follows a value across x: the right table's rows."""
        return sum(any(left.x1 <= x <= right.x0 and value_like(left.text) and
                       not value_like(right.text)
                       for left, right in pairwise(r.cells)) for r in below)
    return max(gaps, key=starts_rows) if gaps else (a.x1 + b.x0) / 2


def sided_rows(page: Page) -> Iterator[Row]:
    """The page's lines, each split in two where it runs across two tables set side by
    side."""
    if len(table_captions(page)) < 2:
        yield from page.rows
        return
    for row in page.rows:
        split = side_by_side_split(page, row)
        yield from ([row] if split is None else
                    [*_side([row], split, True), *_side([row], split, False)])


def _side(rows: Sequence[Row], split: float, left: bool) -> list[Row]:
    """The rows' cells on one side of `split`, as rows of their own."""
    out = []
    for row in rows:
        cells = tuple(c for c in row.cells if (c.xc < split) == left)
        if cells:
            out.append(Row(row.page, row.y, cells))
    return out


def _read_beside(page: Page, rows: list[Row], i: int, split: float,
                 paper_benchmarks: list[str], own_names: Sequence[str]
                 ) -> tuple[Table, float] | None:
    """The table whose header starts rows[i] on one side of `split`, if either side's
    part of the line opens columns. Its cells leave the lines it was read from (`rows`
    changes); the other side's stay, to be read next."""
    for left in (True, False):
        side = _side(rows[i:], split, left)
        if side and side[0].y == rows[i].y and (header_columns(side[0]) or _model_columns(
                page, side, 0, paper_benchmarks, own_names)):
            table, end = next(_read(page, side, paper_benchmarks, own_names, False))
            kept = [r if not rows[i].y <= r.y < end else
                    next(iter(_side([r], split, not left)), None) for r in rows[i:]]
            rows[i:] = [r for r in kept if r is not None]
            return table, end
    return None


def _read(page: Page, rows: list[Row], paper_benchmarks: list[str],
          own_names: Sequence[str], split_sides: bool = True) -> Iterator[tuple[Table, float]]:
    """The tables in `rows`, each with the y of the first line past it. A table beside
    another is read from its own side of the page."""
    i = 0
    while i < len(rows):
        cols = header_columns(rows[i])
        models = None if cols else _model_columns(page, rows, i, paper_benchmarks, own_names)
        if not cols and models is None:
            i += 1
            continue
        split = side_by_side_split(page, rows[i]) if split_sides else None
        if split is not None:
            beside = _read_beside(page, rows, i, split, paper_benchmarks, own_names)
            if beside is None:  # (the line opens columns only read across both tables)
                i += 1
            else:
                yield beside
            continue
        header = models or _header_at(rows, i, cols or [], own_names)
        # the caption over the columns read (a header line may hold a neighbour's words)
        heads_read = [c.header for c in header.cols] or list(header.row.cells)
        caption = Caption.at(page, header.row.y, paper_benchmarks,
                             (min(c.x0 for c in heads_read), max(c.x1 for c in heads_read)))
        body, sections, j = _body(rows, header)
        yield (Table(header, caption, body, tuple(sections)),
               rows[j].y if j < len(rows) else float("inf"))
        i = max(j, header.last + 1)


def tables(page: Page, paper_benchmarks: list[str],
           own_names: Sequence[str] = ()) -> Iterator[Table]:
    """The page's tables, top to bottom, read against the paper's benchmarks."""
    for table, _ in _read(page, list(page.rows), paper_benchmarks, own_names):
        yield table
