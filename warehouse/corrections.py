"""Corrections that last: a CSV of decisions (reject, replace or add a fact), kept by the
user beside their analysis, loaded into the `corrections` table; the curated_* views apply
it to whatever the rules find, so a fix survives every re-extraction.

A correction names its fact by the fact's key values, written `key=value; key=value`
(results: benchmark, metric, value; hardware: accelerator, count, role; ...). `flopwatch
review` writes the same columns, so reviewed rows can be appended to the file as they are.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import duckdb

from flopwatch.warehouse.db import WarehouseError, insert_rows, read_csv_rows, transaction

COLUMNS = ("arxiv_id", "field", "target", "action", "new_values", "quote", "page", "who",
           "why")
# Shown by `review` for the reviewer; ignored when the file is read back.
INFO_COLUMNS = ("rule", "checks")
ACTIONS = ("reject", "replace", "add")
# The values that name a fact of each field, and those a correction may set.
KEYS: dict[str, tuple[str, ...]] = {
    "hardware": ("accelerator", "count", "role"),
    "training_time": ("hours",),
    "device_time": ("device_hours",),
    "compute": ("kind", "value", "unit"),
    "parameters": ("value",),
    "results": ("benchmark", "metric", "value"),
}
VALUES: dict[str, tuple[str, ...]] = {
    "hardware": ("accelerator", "count", "count_unit", "role"),
    "training_time": ("hours", "hours_low", "subject"),
    "device_time": ("device_hours", "device"),
    "compute": ("kind", "value", "unit", "subject"),
    "parameters": ("model", "value"),
    "results": ("benchmark", "metric", "split", "value", "model"),
}
NUMERIC = {"count", "hours", "hours_low", "device_hours", "value"}


class CorrectionError(WarehouseError):
    """A corrections file that cannot be applied; nothing of it was."""


def format_values(values: dict[str, Any]) -> str:
    """`key=value; key=value`, numbers as short as they are exact."""
    def show(v: Any) -> str:
        if isinstance(v, float):
            return repr(int(v)) if v.is_integer() else repr(v)
        return "" if v is None else str(v)
    return "; ".join(f"{k}={show(v)}" for k, v in values.items())


def parse_values(text: str, allowed: Iterable[str], where: str) -> dict[str, Any]:
    """The inverse of format_values; a key outside `allowed` or a bad number raises."""
    allowed = tuple(allowed)
    out: dict[str, Any] = {}
    for part in (p.strip() for p in (text or "").split(";")):
        if not part:
            continue
        key, eq, raw = part.partition("=")
        key, raw = key.strip(), raw.strip()
        if not eq or key not in allowed:
            raise CorrectionError(f"{where}: {part!r} is not one of {', '.join(allowed)} "
                                  "written key=value")
        if key in NUMERIC and raw:
            try:
                out[key] = float(raw.replace(",", ""))
            except ValueError:
                raise CorrectionError(f"{where}: {key}={raw!r} is not a number") from None
        else:
            out[key] = raw or None
    return out


def read_corrections(path: Path, known_papers: set[str],
                     page_text: Callable[[str, int], str | None]) -> list[list[Any]]:
    """The file's rows, checked: each bad row raises CorrectionError naming its line.
    `page_text(arxiv_id, page)` gives a page of the paper's cached PDF (None: not cached)."""
    rows = read_csv_rows(path, CorrectionError)
    if not rows:
        raise CorrectionError(f"{path} is empty: its first line names the columns "
                              f"({', '.join(COLUMNS)})")
    header = [c.strip() for c in rows[0]]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise CorrectionError(f"{path}:1: missing columns {', '.join(missing)}")
    index = {c: i for i, c in enumerate(header)}
    out: list[Any] = []
    seen: dict[Any, int] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        get = {c: (row[index[c]].strip() if index[c] < len(row) else "") for c in header}
        if not get["action"]:
            continue                    # a reviewed row without a decision
        where = f"{path}:{line}"
        out.append(_checked_row(get, where, known_papers, page_text, line))
        key = (get["arxiv_id"], get["field"], json.dumps(out[-1][4], sort_keys=True))
        if get["action"] != "add":
            if key in seen:
                raise CorrectionError(f"{where}: the same fact as line {seen[key]} "
                                      "(one decision per fact)")
            seen[key] = line
    return out


def _checked_row(get: dict[str, str], where: str, known_papers: set[str],
                 page_text: Callable[[str, int], str | None], line: int) -> list[Any]:
    paper, field, action = get["arxiv_id"], get["field"], get["action"]
    if paper not in known_papers:
        raise CorrectionError(f"{where}: unknown paper {paper!r} (not in the warehouse)")
    if field not in KEYS:
        raise CorrectionError(f"{where}: unknown field {field!r}; one of {', '.join(KEYS)}")
    if action not in ACTIONS:
        raise CorrectionError(f"{where}: unknown action {action!r}; one of "
                              f"{', '.join(ACTIONS)}")
    target = parse_values(get["target"], KEYS[field], where) if action != "add" else {}
    if action != "add" and set(target) != set(KEYS[field]):
        raise CorrectionError(f"{where}: target must give {', '.join(KEYS[field])}")
    new = parse_values(get["new_values"], VALUES[field], where)
    if action == "reject" and new:
        raise CorrectionError(f"{where}: a rejection sets no new_values")
    if action == "replace" and not new:
        raise CorrectionError(f"{where}: replace needs new_values")
    if action == "add":
        lacking = [k for k in KEYS[field] if new.get(k) is None]
        if lacking:
            raise CorrectionError(f"{where}: add needs new_values with {', '.join(lacking)}")
    page: int | None = None
    if get["page"]:
        try:
            page = int(get["page"])
        except ValueError:
            raise CorrectionError(f"{where}: page {get['page']!r} is not a number") from None
    if action in {"replace", "add"}:
        if not get["quote"] or page is None:
            raise CorrectionError(f"{where}: {action} needs the evidence: quote and page")
        text = page_text(paper, page)
        if text is None:
            raise CorrectionError(f"{where}: cannot check the quote: {paper} page {page} "
                                  "is not in the PDF cache")
        if _squash(get["quote"]) not in _squash(text):
            raise CorrectionError(f"{where}: the quote is not on page {page} of {paper}")
    return [line, paper, field, action, target, new, get["quote"] or None, page,
            get["who"] or None, get["why"] or None]


def _squash(text: str) -> str:
    """Text compared as a reader sees it: case, spaces and hyphenation aside."""
    return re.sub(r"[\s\-‐]+", "", text).lower()


def apply_corrections(con: duckdb.DuckDBPyConnection, path: Path,
                      page_text: Callable[[str, int], str | None]) -> int:
    """Replace the `corrections` table with the file's rows, all or nothing."""
    known = {r[0] for r in con.execute("select arxiv_id from papers").fetchall()}
    rows = read_corrections(path, known, page_text)
    with transaction(con):
        con.execute("delete from corrections")
        insert_rows(con, "insert into corrections (line, arxiv_id, field, action, target, "
                    "new_values, quote, page, who, why, file, loaded_at) values",
                    [[r[0], r[1], r[2], r[3], json.dumps(r[4]), json.dumps(r[5]), *r[6:],
                      str(path)] for r in rows],
                    row_sql=f"({', '.join('?' * 11)}, now())")
    return len(rows)
