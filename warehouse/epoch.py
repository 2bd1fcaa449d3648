"""Epoch AI's "Notable AI Models" (CC BY 4.0) as a reference: one row per model, with the
training cost Epoch records or estimates for it.

The CSV is Epoch's download as it is: one header row, fields with newlines inside quotes,
model names that can end in a newline, several links in one cell. A row that cannot be
read is skipped with its reason and counted; it never stops the import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import duckdb

from flopwatch.extractors import registry
from flopwatch.extractors.data import words
from flopwatch.warehouse.db import WarehouseError, insert_rows, read_csv_rows, transaction
from flopwatch.warehouse.reference import CREDITS, arxiv_id

SOURCE = "epoch"
FILE = "notable_ai_models.csv"
# The columns read; a file without one of them is not Epoch's record.
COLUMNS = ("Model", "Organization", "Publication date", "Domain", "Parameters",
           "Parameters notes", "Training compute (FLOP)", "Training compute notes",
           "Confidence", "Link", "Training time (hours)", "Training time notes",
           "Training hardware", "Hardware quantity")
_NUMBERS = {"Parameters": "parameters", "Training compute (FLOP)": "training compute",
            "Training time (hours)": "training time", "Hardware quantity": "hardware quantity"}
_NOTES = ("Parameters notes", "Training compute notes", "Training time notes")


@dataclass
class Imported:
    """What one import did: rows loaded, rows skipped with their reasons, and the hardware
    names that no catalog accelerator matches (with how often each was seen)."""

    loaded: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)
    unmapped: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        lines = [f"imported {SOURCE}: {self.loaded} models, {len(self.skipped)} rows skipped "
                 f"({CREDITS[SOURCE]})"]
        lines += [f"  skipped row {n}: {reason}" for n, reason in self.skipped]
        if self.unmapped:
            names = sorted(self.unmapped.items(), key=lambda kv: (-kv[1], kv[0]))
            lines.append(f"  hardware names no catalog accelerator matches ({len(names)}; "
                         "their rows keep the name, without an accelerator): "
                         + ", ".join(f"{n} ({k})" if k > 1 else n for n, k in names))
        return "\n".join(lines)


@cache
def _aliases() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Each named accelerator's spellings, longest first, as whole-word expressions."""
    pairs = sorted(((s.lower(), a.canonical) for a in registry.accelerators() if not a.generic
                    for s in a.spellings), key=lambda p: -len(p[0]))
    return tuple((re.compile(rf"(?<![a-z0-9]){re.escape(s)}(?![a-z0-9])"), c) for s, c in pairs)


def accelerators(hardware: str) -> tuple[list[str], list[str]]:
    """(catalog names, names not in the catalog) of Epoch's hardware cell, which lists one
    or more accelerators separated by commas ("NVIDIA Tesla V100 DGXS 32 GB",
    "Google TPU v4,Google TPU v5e")."""
    mapped, unmapped = [], []
    for part in (p.strip() for p in hardware.split(",")):
        if not part:
            continue
        low = part.lower()
        hit = next((c for pattern, c in _aliases() if pattern.search(low)), None)
        if hit is None:
            unmapped.append(part)
        elif hit not in mapped:
            mapped.append(hit)
    return mapped, unmapped


def compute_method(note: str) -> str | None:
    """How Epoch found a model's training compute, from the note beside it: the first
    method of `words.json`'s epoch_compute_methods whose expression the note matches."""
    if not note.strip():
        return None
    for expression, method in words("epoch_compute_methods"):
        if re.search(expression, note, re.I):
            return str(method)
    return "other"


def _number(text: str) -> float | None:
    """A number cell: empty is None; a cell that is not a number raises ValueError."""
    t = text.strip().replace(",", "")
    return float(t) if t else None


def _row(number: int, cell: dict[str, str], out: Imported) -> list[Any] | None:
    name = " ".join(cell["Model"].split())
    if not name:
        out.skipped.append((number, "no model name"))
        return None
    try:
        published = date.fromisoformat(cell["Publication date"].strip()) \
            if cell["Publication date"].strip() else None
    except ValueError:
        out.skipped.append((number, f"{name}: publication date "
                                    f"{cell['Publication date'].strip()!r} is not YYYY-MM-DD"))
        return None
    values: dict[str, float | None] = {}
    for column, what in _NUMBERS.items():
        try:
            values[column] = _number(cell[column])
        except ValueError:
            out.skipped.append((number, f"{name}: {what} {cell[column].strip()!r} is not a "
                                        "number"))
            return None
    mapped, unmapped = accelerators(cell["Training hardware"])
    for n in unmapped:
        out.unmapped[n] = out.unmapped.get(n, 0) + 1
    domains = [d.strip() for d in cell["Domain"].split(",") if d.strip()]
    link = cell["Link"].strip()
    notes = [cell[c].strip() or None for c in _NOTES]
    return [SOURCE, number, name, cell["Organization"].strip() or None, published, domains,
            arxiv_id(link, *(n or "" for n in notes)), link or None,
            values["Parameters"], values["Training compute (FLOP)"],
            values["Training time (hours)"], cell["Training hardware"].strip() or None, mapped,
            values["Hardware quantity"], cell["Confidence"].strip() or None,
            compute_method(cell["Training compute notes"])
            if values["Training compute (FLOP)"] is not None else None, *notes]


def read_epoch_csv(path: Path) -> tuple[list[list[Any]], Imported]:
    """The rows to load and what was skipped; a file that is not Epoch's record raises
    WarehouseError naming it."""
    rows = read_csv_rows(path, WarehouseError)
    if not rows:
        raise WarehouseError(f"{path} is empty")
    header = [c.strip() for c in rows[0]]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise WarehouseError(f"{path}: not Epoch AI's Notable AI Models: missing columns "
                             f"{', '.join(missing)}")
    out = Imported()
    loaded = []
    for number, raw in enumerate(rows[1:], start=1):
        if not any(c.strip() for c in raw):
            continue            # a blank line is no record
        if len(raw) != len(header):
            out.skipped.append((number, f"{len(raw)} fields where the header has "
                                        f"{len(header)}"))
            continue
        if (row := _row(number, dict(zip(header, raw, strict=True)), out)) is not None:
            loaded.append(row)
    out.loaded = len(loaded)
    return loaded, out


def import_epoch(con: duckdb.DuckDBPyConnection, folder: Path) -> Imported:
    """Replace the Epoch rows with the CSV in `folder`, all or nothing."""
    rows, out = read_epoch_csv(folder / FILE)
    with transaction(con):
        con.execute("delete from reference_notable_models where source = ?", [SOURCE])
        con.execute("delete from reference_skipped_rows where source = ?", [SOURCE])
        insert_rows(con, "insert into reference_notable_models values", rows,
                    row_sql=f"({', '.join('?' * len(rows[0]))}, now())" if rows else None)
        insert_rows(con, "insert into reference_skipped_rows values",
                    [[SOURCE, n, reason] for n, reason in out.skipped])
    return out
