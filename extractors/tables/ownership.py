"""Whose row is it: the authors' own model, a cited baseline, or no model at all.

One mechanism for every field a table gives (results, parameters, compute): a citation in
the label ("[12]", "et al.", "(2019)") makes a row another paper's; "ours" or one of the
paper's own model names makes it the authors'; where some rows of a table are the
authors', the others are baselines, but for ablations of the authors' model. Rows of
settings, layers and differences between rows are no models.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol, TypeVar

from flopwatch.extractors.pdf_text import Cell, Page, Row
from flopwatch.extractors.tables.cells import cell_number
from flopwatch.extractors.tables.columns import Column

CITED = re.compile(r"\[\d+(?:[,–-]\s*\d+)*\]|\bet al\b|[(,]\s*(?:19|20)\d\d[a-z]?\)|\[[A-Z][a-z]+")


OURS = re.compile(r"\bours\b|\(our", re.I)


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
# A row named only by the value of a setting: "α = 0.75", "ρ = 0.714", "r = 16".
_ASSIGNMENT = re.compile(r"^\W*[^\W\d_]{1,3}\s*=\s*[-+]?[\d.]+\s*$")

_DELTA_ROW = re.compile(r"^\s*([ΔΔ△∆]|diff|gain|improvement|relative)", re.I)


# A row that states a change to the model above it: "Channel MLP → None", "w/o SE",
# "+ 128k Vocab".
_ABLATION = re.compile(r"→|->|^\s*[+−-]\s*[A-Za-z]|\bw/o\b|\bwithout\b|\breplac", re.I)


def is_layer(text: str) -> bool:
    return bool(_LAYER.match(text))


def base_label(label: str) -> str:
    """The model's name in a row label: no citation, marks or parenthetical qualifier."""
    return " ".join(re.sub(r"\[[^\]]*\]|\([^)]*\)|[*†‡§•◦]", " ", label).lower().split())


def no_model(label: str) -> bool:
    """A row of a layer, a setting or a difference between rows: no model's."""
    # "(2 nets, multi-crop & dense eval.)" qualifies a model; "crop 224" is a setting
    return bool(_LAYER.match(label) or _SETTING.search(base_label(label))
                or _DELTA_ROW.match(label) or _ASSIGNMENT.match(label))


def names_own(text: str, own_names: Sequence[str]) -> bool:
    """The text says "ours" or names one of the paper's own models (lower case)."""
    return bool(OURS.search(text)) or any(n in text.lower() for n in own_names)


def is_cited(label: str) -> bool:
    return bool(CITED.search(label))


def model_name(label: str) -> str:
    """The label without its citation and trailing dashes: "ResNet-50 [12] --" -> "ResNet-50"."""
    return re.sub(r"(\s+[-–—])+$", "", CITED.sub("", label).strip())


def own_groups(cols: list[Column], own_names: Sequence[str]) -> frozenset[str]:
    """Groups of columns headed "ours" or by an own name ("original | SENet"): under them a
    cited row is the authors' variant of it."""
    return frozenset(c.group for c in cols if c.group and len(
        {k.group for k in cols}) > 1 and (OURS.search(c.group) or any(
            n == c.group.lower().removesuffix("s") for n in own_names)))


# What a row adds to a model's name that is how it was run, not a new model: "ConvS2S GPU
# (K40) b = 5" is ConvS2S timed on a GPU with beam 5.
_RUN_SETTING = re.compile(r"\b([cgt]pus?|cores?|b\s*=|beam|batch|bs\s*=|fp16|int8)\b")


def holds_name(text: str, name: str) -> bool:
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


class RowFact(Protocol):
    @property
    def label(self) -> str: ...
    @property
    def own(self) -> bool: ...


F = TypeVar("F", bound=RowFact)


def _without_extended_baselines(table: list[F]) -> list[F]:
    """A row named like another row plus something ("MnasNet-1.0" beside "AA-MnasNet-1.0",
    "ResNet-50" beside "ResNet-50 + tricks") is the baseline the paper built on; a
    parenthetical ("LSTM-CRF (no char)") qualifies a row, it does not name a new model."""
    labels = {base_label(f.label) for f in table}
    def extended(label: str) -> bool:
        return len(label) >= 3 and any(
            other != label and holds_name(other, label)
            and not _RUN_SETTING.search(other.replace(label, " "))
            for other in labels)
    return [f for f in table if f.own or not extended(base_label(f.label))]


def own_rows(table: list[F]) -> list[F]:
    """A table's facts without its baselines: those a longer-named row extends, and where
    some rows are the authors' own, every other row but an ablation of theirs."""
    found = _without_extended_baselines(table)
    if any(f.own for f in found):
        found = [f for f in found if f.own or _ABLATION.search(f.label)]
    return found


def in_own_columns(page: Page, row: Row, values: list[Cell],
                   own_names: Sequence[str] = ()) -> tuple[list[Cell], bool]:
    """The values under the paper's own columns, where the columns' header row (above, no
    numbers) marks some as "Ours" or names them with the paper's model names ("ResNet-50 |
    BoTNet-50"), and True: these are the authors'; all of them otherwise, and False."""
    above, last_y = [], row.y       # the table's lines above: no wide gap between them
    for r in reversed([r for r in page.rows if r.y < row.y]):
        if last_y - r.y > 30:
            break
        above.append(r)
        last_y = r.y
    header = next((r for r in above if any(names_own(c.text, own_names) for c in r.cells)
                   and not any(cell_number(c.text) for c in r.cells[1:])), None)
    if header is None:
        return values, False
    def under_ours(cell: Cell) -> bool:
        return names_own(min(header.cells, key=lambda h: abs(h.xc - cell.xc)).text, own_names)
    return [c for c in values if under_ours(c)], True
