"""A table's cells: which words of a PDF line are separate cells, and what a value cell says.

The cell grammar: "76.3 ± 0.2", "25.22(1.80)", "4.8*", "54.1†", "3.2M", "22,855,952",
"2.3 · 10^19" and "36.1 × 30" are values (with a deviation, marks, a suffix); "-", "–" and
"n/a" are missing values; "85.1/91.8" under a paired header is two values; a PDF line of
values ("78.3 (+ 0.6) 94.2 (+ 0.3)") is one cell per value. Nothing here knows what a
column means.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from itertools import pairwise
from typing import NamedTuple

from flopwatch.extractors import registry
from flopwatch.extractors.numbers import HOURS
from flopwatch.extractors.pdf_text import Cell, Row

# A whole cell that is one number: "74.7", "6.9M", "22,855,952", "56.8%", "3.41±0.09",
# "25.22(1.80)", "4.3 G", "86.2*".
_NUM = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_SUFFIX = r"(?:[KkMBGT](?![a-z])|ms|%)"
_NUMERIC = re.compile(rf"^[~≈∼]?(?P<num>{_NUM})\s*(?P<suf>{_SUFFIX})?\s*"
                      r"(?P<dev>(?:±|\(|/|\+-).*?)?(?P<marks>[*†‡⋆\s]*)$")


# A power of ten written out: "2.3 · 10^19" (the exponent set as a superscript reads
# "1019"), or in e-notation: "1.2e20", "3.1E+21".
_POW10 = re.compile(r"^(\d+(?:\.\d+)?)\s*(?:[·×x*]\s*10|[eE]\+?)(\d{1,2})$")


class CellValue(NamedTuple):
    value: float
    suffix: str          # K, M, B, G, T, %, ms; "e" for a power of ten written out
    deviation: str = ""  # what follows the value: "± 0.2", "(1.80)", "/ 91.8"
    marks: str = ""      # "*", "†": footnote marks


@lru_cache(maxsize=8192)
def cell_number(text: str) -> CellValue | None:
    """The value when the whole cell is one number; None for labels and prose.
    Cached: each cell is asked several times (header test, segments, label, value)."""
    t = text.strip()
    if m := _POW10.match(t):
        return CellValue(float(m.group(1)) * 10 ** int(m.group(2)), "e")
    m = _NUMERIC.match(t)
    if not m:
        return None
    return CellValue(float(m.group("num").replace(",", "")),
                     (m.group("suf") or "").replace("k", "K"),
                     (m.group("dev") or "").strip(), m.group("marks").strip())


SUFFIX_SCALE = {"K": 1e3, "M": 1e6, "B": 1e9, "G": 1e9, "T": 1e12}


def value_scale(suffix: str, stated: float) -> float:
    """What a cell's number is multiplied by: its own suffix ("4.1G"), none for a power of
    ten written out ("85.4×10^9"), else the scale its header or caption states."""
    return 1.0 if suffix == "e" else SUFFIX_SCALE.get(suffix, stated)


def scale_of(header: str) -> float:
    """The multiplier a header or caption states for its numbers: "(M)", "GFLOPs",
    "in millions"; 0 where it states none."""
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


# A unit stated for one quantity: "Params are in millions and FLOPs in billions",
# "parameters (M)", "FLOPs in G".
_STATED = re.compile(r"\b(?P<q>param\w*|g?flops?|macs?|mult-?adds?|madds?)\b"
                     r"(?:\s+(?:are|is|counts?|reported|shown|given|measured)){0,2}\s*"
                     r"(?:in\s+|\()(?P<u>millions?|billions?|thousands?|[MGBK]\b)", re.I)


def stated_scales(text: str) -> dict[str, float]:
    """The scale a caption states for each quantity it names a unit for: {"params": 1e6,
    "ops": 1e9}; a kind it states none for is absent."""
    out: dict[str, float] = {}
    for m in _STATED.finditer(text):
        kind = "params" if m.group("q").lower().startswith("param") else "ops"
        unit = m.group("u")
        scale = scale_of(f"({unit})" if len(unit) == 1 else unit)
        if scale:
            out.setdefault(kind, scale)
    return out


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


# A dash in a value's place: the value is missing ("29.4 | - | 28.4").
_MISSING = re.compile(r"^\s*[-–—]\s*$")


# "36.1 × 30", "152 × 115", "108 × N/A": a product of two numbers (e.g. GFLOPs × views)
_PRODUCT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[×x]\s*(?:\d+(?:\.\d+)?|N/A|-)\s*$")


def product_first(text: str) -> str | None:
    """The first factor of a product cell, else None."""
    m = _PRODUCT.match(text)
    return m.group(1) if m else None


def value_like(text: str) -> bool:
    """A value, a missing value or a product: what stands in a value's place."""
    return cell_number(text) is not None or _MISSING.match(text) is not None or \
        _PRODUCT.match(text) is not None


def pair_values(cell: Cell) -> tuple[Cell, Cell] | None:
    """The two values of a paired cell ("76.9 / 84.0"; "-" where one is missing)."""
    if "/" not in cell.text:
        return None
    first, second = cell.text.split("/", 1)
    return Cell(first, cell.x0, cell.x1), Cell(second, cell.x0, cell.x1)


_BRACKETED = re.compile(r"^\(\s*(\d+(?:\.\d+)?)\s*\)$")


def alternative_value(cell: Cell) -> Cell | None:
    """A second value of the same quantity in brackets after the first ("88.83 (90.10)": a
    variant's, e.g. with extra features): of the value's own size, where a deviation
    ("25.22 (1.80)") is a small fraction of it and a change carries a sign ("(+0.9)")."""
    parsed = cell_number(cell.text)
    if parsed is None or not (m := _BRACKETED.match(parsed.deviation)):
        return None
    other = float(m.group(1))
    if not parsed.value or not 0.5 <= other / parsed.value <= 2:
        return None
    return Cell(m.group(1), cell.x0, cell.x1)


def overlap(a: Cell, b: Cell) -> float:
    """How far two cells overlap across the page (negative: the gap between them)."""
    return min(a.x1, b.x1) - max(a.x0, b.x0)


# Words that open a new column in a header line; others ("acc.", "(%)") qualify the last.
# A benchmark's name opens one too ("EN-DE EN-FR", "ImageNet CIFAR").
_HEADS = "|".join(registry.column_heads())
# ("APb", "APbbox", "APmk", "APmask 50", "APS": COCO's metrics with what they score)
_COLUMN_START = re.compile(r"^(#?param|flop|g?flops|madds?|mult-?adds?|macs?|top-?[15]|bleu|"
                           r"m?ap((bb?|b?box|mk?|mask|seg|[sml])?(50|75)?|@.*|"
                           rf"{_HEADS})$|latency|throughput|fps|params|{_HEADS})", re.I)


# Words that qualify the column name after them ("Million Mult-Adds", "# Params").
_QUALIFIER = re.compile(r"million|billion|thousand|#|number|of|total|the|train(ing)?", re.I)


# A change over a baseline set after a value: "↑0.8", "↓0.6"
_CHANGE = re.compile(r"^[↑↓]\d+(\.\d+)?$")

# One value of a line of values, with what may follow it: a deviation ("12.6 ± 0.1"), a
# change in parentheses ("78.3 (+ 0.6)") or an arrow ("98.9 ↑0.8", dropped), marks.
_VALUE = re.compile(rf"\s*(?P<v>[~≈∼]?{_NUM}(?:\s*{_SUFFIX})?"
                    rf"(?:\s*(?:±|\+-)\s*{_NUM}|\s*\(\s*[+\-−]?\s*{_NUM}\s*%?\s*\))?"
                    rf"[*†‡⋆]*)(?:\s*[↑↓]\s*{_NUM})?(?=\s|$)")


def _value_spans(text: str) -> list[tuple[int, int]]:
    """Where each value of a line made only of values is ("78.3 (+ 0.6) 94.2 (+ 0.3)":
    two); [] when anything else is on the line."""
    spans, pos, end = [], 0, len(text.rstrip())
    while pos < end:
        m = _VALUE.match(text, pos)
        if m is None:
            return []
        spans.append(m.span("v"))
        pos = m.end()
    return spans


def _name_then_values(cell: Cell, parts: list[re.Match[str]]) -> list[tuple[int, int]]:
    """A model's name with two or more of its values after it in one PDF line ("ConvNeXt-XL
    1898G 8.6"): the name's span, then each value's; [] for any other text. The values
    stand apart from the name by more than a space between words ("LLaMA 2 7B" is a name)."""
    text, at = cell.text, cell.words
    char = sum(x1 - x0 for x0, x1 in at) / max(sum(len(m.group(0)) for m in parts), 1)
    for k in range(1, len(parts) - 1):
        values = _value_spans(text[parts[k].start():])
        if len(values) < 2:
            continue
        spaces = [b[0] - a[1] for a, b in pairwise(at[:k])]
        if not re.search(r"[A-Za-z]{2}", text[:parts[k].start()]) or \
                at[k][0] - at[k - 1][1] <= max([0.6 * char, *(1.3 * s for s in spaces)]):
            return []
        start = parts[k].start()
        return [(0, parts[k - 1].end()), *((start + a, start + b) for a, b in values)]
    return []


def _split(cell: Cell, header: bool) -> list[Cell]:
    """One PDF line may hold several cells ("Params Mult-Adds Top-1", "198M 101.0G"): split
    it, each part where its words are (in proportion to its characters where the words'
    places are not known)."""
    if " " not in cell.text.strip():
        return [cell]       # one word: most cells
    parts = list(re.finditer(r"\S+", cell.text))
    if len(parts) < 2:
        return [cell]
    located = len(cell.words) == len(parts)
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
    elif len(values := _value_spans(cell.text)) >= 2:
        spans = values
    elif located and (named := _name_then_values(cell, parts)):
        spans = named
    elif all(cell_number(m.group(0)) or _CHANGE.match(m.group(0)) for m in parts) and \
            not _CHANGE.match(parts[0].group(0)):
        # "98.9 ↑0.8 99.1 ↑1.2": two values, each with its change over a baseline
        spans = [(m.start(), m.end()) for m in parts if not _CHANGE.match(m.group(0))]
    else:
        return [cell]
    if located:
        starts = [m.start() for m in parts]
        def part(a: int, b: int) -> Cell:
            words = cell.words[bisect_right(starts, a) - 1:bisect_left(starts, b)]
            return Cell(cell.text[a:b], min(w[0] for w in words), max(w[1] for w in words),
                        words)
        return [part(a, b) for a, b in spans]
    width = (cell.x1 - cell.x0) / max(len(cell.text), 1)
    return [Cell(cell.text[a:b], cell.x0 + a * width, cell.x0 + b * width) for a, b in spans]


def split_row(row: Row, header: bool) -> Row:
    """The row with each of its PDF cells split into the table cells it holds."""
    return Row(row.page, row.y, tuple(c for cell in row.cells for c in _split(cell, header)))
