"""A table's layout: which words of a PDF line are cells, which cells are numbers, where
a row's name ends, and which caption a table has.

Rows come from `pdf_text` (cells that share a baseline); nothing here knows what a column
means.
"""

from __future__ import annotations

import re
from functools import lru_cache

from flopwatch.extractors import registry
from flopwatch.extractors.pdf_text import Block, Cell, Page, Row

# A whole cell that is one number: "74.7", "6.9M", "22,855,952", "56.8%", "3.41±0.09",
# "25.22(1.80)", "4.3 G", "86.2*".
_NUMERIC = re.compile(r"^[~≈∼]?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
                      r"(?P<suf>[KkMBGT](?![a-z])|ms|%)?\s*(?:(?:±|\(|/|\+-).*)?[*†‡⋆\s]*$")


_POW10 = re.compile(r"^(\d+(?:\.\d+)?)\s*[·×x*]\s*10(\d{1,2})$")


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


# "Table 3: ...", "TABLE 6", "Table III." (not prose: "Table IX, we report ...")
_CAPTION = re.compile(r"^\s*(Table|TABLE)\s+(\d+|[IVX]+\s*[.:])")


SUFFIX_SCALE = {"K": 1e3, "M": 1e6, "B": 1e9, "G": 1e9, "T": 1e12}


def value_scale(suffix: str, stated: float) -> float:
    """What a cell's number is multiplied by: its own suffix ("4.1G"), none for a power of
    ten written out ("85.4×10^9"), else the scale its header or caption states."""
    return 1.0 if suffix == "e" else SUFFIX_SCALE.get(suffix, stated)


def scale_of(header: str) -> float:
    h = re.sub(r"\bm\.\s?adds?", "madds", header.lower())   # the M of "M.Adds" is "multiply"
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


def overlap(a: Cell, b: Cell) -> float:
    """How far two cells overlap across the page (negative: the gap between them)."""
    return min(a.x1, b.x1) - max(a.x0, b.x0)


# Words that open a new column in a header line; others ("acc.", "(%)") qualify the last.
# A benchmark's name opens one too ("EN-DE EN-FR", "ImageNet CIFAR").
_HEADS = "|".join(registry.column_heads())
_COLUMN_START = re.compile(r"^(#?param|flop|g?flops|madds?|mult-?adds?|macs?|top-?[15]|bleu|"
                           rf"m?ap(50|75|@.*|b?box|mask|{_HEADS})?$|latency|throughput|fps|"
                           rf"params|{_HEADS})", re.I)


# Words that qualify the column name after them ("Million Mult-Adds", "# Params").
_QUALIFIER = re.compile(r"million|billion|thousand|#|number|of|total|the|train(ing)?", re.I)


# A change over a baseline set after a value: "↑0.8", "↓0.6"
_CHANGE = re.compile(r"^[↑↓]\d+(\.\d+)?$")


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
    elif all(cell_number(m.group(0)) or _CHANGE.match(m.group(0)) for m in parts) and \
            not _CHANGE.match(parts[0].group(0)):
        # "98.9 ↑0.8 99.1 ↑1.2": two values, each with its change over a baseline
        spans = [(m.start(), m.end()) for m in parts if not _CHANGE.match(m.group(0))]
    else:
        return [cell]
    width = (cell.x1 - cell.x0) / max(len(cell.text), 1)
    return [Cell(cell.text[a:b], cell.x0 + a * width, cell.x0 + b * width) for a, b in spans]


def split_row(row: Row, header: bool) -> Row:
    return Row(row.page, row.y, tuple(c for cell in row.cells for c in _split(cell, header)))


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
            top[best] = Cell(f"{t.text} {cell.text}", min(t.x0, cell.x0), max(t.x1, cell.x1))
        else:
            top.append(cell)
    return Row(upper.page, upper.y, tuple(sorted(top, key=lambda c: c.x0)))


# A dash in a value's place: the value is missing ("29.4 | - | 28.4").
_MISSING = re.compile(r"^\s*[-–—]\s*$")


# "36.1 × 30", "152 × 115", "108 × N/A": a product of two numbers (e.g. GFLOPs × views)
_PRODUCT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[×x]\s*(?:\d+(?:\.\d+)?|N/A|-)\s*$")


def product_first(text: str) -> str | None:
    """The first factor of a product cell, else None."""
    m = _PRODUCT.match(text)
    return m.group(1) if m else None


def _value_like(text: str) -> bool:
    return cell_number(text) is not None or _MISSING.match(text) is not None or \
        _PRODUCT.match(text) is not None


def segments(row: Row) -> list[Row]:
    """Tables set side by side share baselines: a name after numbers (or missing values)
    starts another row ("Linear scaling 75.87 92.70 | ResNet-50-B 25 M 4.1 G")."""
    parts: list[list[Cell]] = [[]]
    for cell in row.cells:
        if not _value_like(cell.text) and parts[-1] and _value_like(parts[-1][-1].text):
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


def table_captions(page: Page) -> list[Block]:
    """The page's table captions ("Table 3: ...")."""
    return [b for b in page.blocks if _CAPTION.match(b.text)]


def stated_unit(page: Page, y: float) -> float:
    """A unit the captions near `y` state for the numbers ("in millions")."""
    return scale_of(" ".join(b.text for b in table_captions(page) if abs(b.y0 - y) < 250))


def nearest_caption(page: Page, y: float, x0: float = 0.0, x1: float = 0.0) -> str:
    """The table's own caption: the 'Table N' block nearest to its header, among those
    over the same stretch of the page (x0..x1, where known) when any is: a table beside
    another has its own caption above or below it, not the neighbour's."""
    captions = table_captions(page)
    if x1 > x0:
        beside = [b for b in captions if b.x1 > b.x0 and min(b.x1, x1) - max(b.x0, x0) > 0]
        captions = beside or captions
    captions = sorted(captions, key=lambda b: min(abs(b.y0 - y), abs(b.y1 - y)))
    return captions[0].text if captions else ""
