"""Writes into the warehouse: paper rows by upsert, and the ingest-run ledger."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

import duckdb

from flopwatch.extractors.record import PaperRecord, facts_of
from flopwatch.warehouse.db import transaction

PAPER_COLUMNS = (
    "arxiv_id", "version", "title", "authors", "abstract", "categories", "primary_category",
    "published", "updated", "pdf_url", "pdf_sha256", "pages", "text_chars", "status", "error",
    "run_id",
)


RUN_COUNTS = ("found", "new", "updated", "retried", "unchanged", "failed", "unreadable")


def record_failure(con: duckdb.DuckDBPyConnection, run_id: str, arxiv_id: str, version: int,
                   step: str, error: str) -> None:
    con.execute(
        "insert into ingest_failures (arxiv_id, version, step, error, run_id, first_failed_at, "
        "last_failed_at) values (?, ?, ?, ?, ?, now(), now()) on conflict do update set "
        "error = excluded.error, run_id = excluded.run_id, attempts = attempts + 1, "
        "last_failed_at = excluded.last_failed_at",
        [arxiv_id, version, step, error, run_id],
    )


def known_versions(con: duckdb.DuckDBPyConnection,
                   ids: Iterable[str]) -> dict[str, tuple[int, str]]:
    """(version, status) of each id already in `papers`."""
    ids = list(ids)
    if not ids:
        return {}
    rows = con.execute(
        "select arxiv_id, version, status from papers where arxiv_id in (select unnest(?))",
        [ids],
    ).fetchall()
    return {r[0]: (r[1], r[2]) for r in rows}


def upsert_paper(con: duckdb.DuckDBPyConnection, row: Mapping[str, Any]) -> None:
    """Insert or replace one paper's row; the caller owns the transaction."""
    unknown = set(row) - set(PAPER_COLUMNS)
    if unknown:
        raise ValueError(f"not columns of papers: {sorted(unknown)}")
    cols = [c for c in PAPER_COLUMNS if c in row]
    updates = ", ".join(f"{c} = excluded.{c}" for c in cols if c != "arxiv_id")
    con.execute(
        f"insert into papers ({', '.join(cols)}, loaded_at) "
        f"values ({', '.join('?' for _ in cols)}, now()) "
        f"on conflict (arxiv_id) do update set {updates}, loaded_at = excluded.loaded_at",
        [row[c] for c in cols],
    )


def start_run(con: duckdb.DuckDBPyConnection, run_id: str, flow_run_id: str | None,
              window_from: datetime, window_to: datetime, categories: list[str],
              kind: str = "nightly") -> None:
    """Record a run over a window; the same window again takes over that window's row."""
    cats = sorted(categories)
    with transaction(con):
        updated = con.execute(
            "update ingest_runs set run_id = ?, flow_run_id = ?, attempts = attempts + 1, "
            "started_at = now(), ended_at = null, status = 'running', error = null "
            "where window_from = ? and window_to = ? and categories = ? and kind = ? "
            "returning run_id",
            [run_id, flow_run_id, window_from, window_to, cats, kind],
        ).fetchall()
        if not updated:
            con.execute(
                "insert into ingest_runs (run_id, flow_run_id, window_from, window_to, "
                "categories, first_started_at, started_at, status, kind) "
                "values (?, ?, ?, ?, ?, now(), now(), 'running', ?)",
                [run_id, flow_run_id, window_from, window_to, cats, kind],
            )


def completed_windows(con: duckdb.DuckDBPyConnection, kind: str,
                      categories: list[str]) -> set[tuple[datetime, datetime]]:
    """Windows of this kind that a run finished, for a resumed backfill to skip."""
    rows = con.execute(
        "select window_from, window_to from ingest_runs where status = 'completed' "
        "and kind = ? and categories = ?", [kind, sorted(categories)]).fetchall()
    return {(a, b) for a, b in rows}


def close_interrupted_runs(con: duckdb.DuckDBPyConnection) -> int:
    """Runs still 'running' when a new one holds the ingest lock died mid-way."""
    rows = con.execute(
        "update ingest_runs set status = 'interrupted', ended_at = coalesce(ended_at, now()) "
        "where status = 'running' returning run_id").fetchall()
    return len(rows)


def finish_run(con: duckdb.DuckDBPyConnection, run_id: str, status: str,
               counts: Mapping[str, int], error: str | None = None) -> None:
    con.execute(
        "update ingest_runs set ended_at = now(), status = ?, found = ?, new = ?, updated = ?, "
        "retried = ?, unchanged = ?, failed = ?, unreadable = ?, error = ? where run_id = ?",
        [status, *(counts.get(k, 0) for k in RUN_COUNTS), error, run_id],
    )


def covered_until(con: duckdb.DuckDBPyConnection, categories: list[str]) -> datetime | None:
    """End of the newest window a completed nightly run covered for these categories."""
    row = con.execute(
        "select max(window_to) from ingest_runs where status = 'completed' "
        "and kind = 'nightly' and categories = ?",
        [sorted(categories)],
    ).fetchone()
    return row[0] if row else None


# Columns of each per-paper fact table, in the order of the gold record's keys.
FACT_TABLES: dict[str, tuple[str, ...]] = {
    "hardware": ("accelerator", "count", "count_unit", "role"),
    "training_time": ("hours", "hours_low", "subject"),
    "device_time": ("device_hours", "device"),
    "compute": ("kind", "value", "unit", "subject"),
    "parameters": ("model", "value"),
    "results": ("benchmark", "metric", "split", "value", "model", "in_table"),
}


def replace_facts(con: duckdb.DuckDBPyConnection, arxiv_id: str, version: int,
                  record: PaperRecord) -> None:
    """Replace a paper's extraction, mentions and facts (with those a plausibility check held
    back, marked by the checks' names); the caller owns the transaction."""
    extractor = record["extractor_version"]
    for table in (*(f"paper_{f}" for f in FACT_TABLES), "paper_models",
                  "paper_training_schedule"):
        con.execute(f"delete from {table} where arxiv_id = ?", [arxiv_id])
    con.execute("delete from mentions where arxiv_id = ?", [arxiv_id])
    con.execute("delete from extractions where arxiv_id = ?", [arxiv_id])
    con.execute(
        "insert into extractions values (?, ?, ?, now(), ?, ?)",
        [arxiv_id, version, extractor, len(record.get("mentions", [])), record.get("error")],
    )
    rows = [
        [arxiv_id, extractor, m["field"], m["page"], m["start"], m["end"], m["quote"],
         m["rule"], bool(m.get("in_table")),
         json.dumps({k: v for k, v in m.items() if k not in _MENTION_KEYS})]
        for m in record.get("mentions", [])
    ]
    if rows:
        con.executemany("insert into mentions values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    held = record.get("held_back") or []
    for field, cols in FACT_TABLES.items():
        items = [*facts_of(record, field), *(h for h in held if h.get("field") == field)]
        if not items:
            continue
        placeholders = ", ".join("?" for _ in range(len(cols) + 5))
        con.executemany(
            f"insert into paper_{field} (arxiv_id, extractor_version, {', '.join(cols)}, "
            f"quote, page, checks) values ({placeholders})",
            [[arxiv_id, extractor, *(it.get(c) for c in cols), it["quote"], it["page"],
              list(it.get("checks") or [])] for it in items],
        )
    _insert_models(con, arxiv_id, extractor, record.get("models") or [])
    schedule = [[arxiv_id, extractor, s["kind"], s["value"], s["quote"], s["page"], s["rule"]]
                for s in record.get("training_schedule") or []]
    if schedule:
        con.executemany("insert into paper_training_schedule values (?, ?, ?, ?, ?, ?, ?)",
                        schedule)


def _insert_models(con: duckdb.DuckDBPyConnection, arxiv_id: str, extractor: str,
                   models: Sequence[Mapping[str, Any]]) -> None:
    """One row per model; rows of one name whose values differ are numbered variants."""
    rows, seen = [], Counter[str]()
    for m in models:
        seen[m["model"]] += 1
        row: list[Any] = [arxiv_id, extractor, m["model"], seen[m["model"]], m["own"]]
        for q in ("parameters", "ops_forward_pass"):
            v = m.get(q) or {}
            row += [v.get("value")]
            if q == "ops_forward_pass":
                row += [v.get("unit")]
            row += [v.get("quote"), v.get("page"), v.get("rule"),
                    list(v["checks"]) if v else None]
        row.append([{k: r.get(k) for k in _MODEL_RESULT_KEYS} for r in m.get("results") or []])
        rows.append(row)
    if rows:
        con.executemany(f"insert into paper_models values ({', '.join('?' * len(rows[0]))})",
                        rows)


_MODEL_RESULT_KEYS = ("benchmark", "metric", "split", "value", "quote", "page", "rule", "checks")
_MENTION_KEYS = {"field", "page", "start", "end", "quote", "rule", "in_table"}
