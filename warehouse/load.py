"""Writes into the warehouse: paper rows by upsert, and the ingest-run ledger."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

import duckdb

from flopwatch.extractors.record import PaperRecord, facts_of
from flopwatch.warehouse.db import insert_rows, transaction

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
    upsert_papers(con, [row])


def upsert_papers(con: duckdb.DuckDBPyConnection, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert or replace papers' rows (distinct ids), those with the same columns in one
    statement; the caller owns the transaction."""
    by_columns: dict[tuple[str, ...], list[Mapping[str, Any]]] = {}
    for row in rows:
        unknown = set(row) - set(PAPER_COLUMNS)
        if unknown:
            raise ValueError(f"not columns of papers: {sorted(unknown)}")
        by_columns.setdefault(tuple(c for c in PAPER_COLUMNS if c in row), []).append(row)
    for cols, same in by_columns.items():
        updates = ", ".join(f"{c} = excluded.{c}" for c in cols if c != "arxiv_id")
        insert_rows(con, f"insert into papers ({', '.join(cols)}, loaded_at) values",
                    [[row[c] for c in cols] for row in same],
                    row_sql=f"({', '.join('?' for _ in cols)}, now())",
                    suffix=f"on conflict (arxiv_id) do update set {updates}, "
                           "loaded_at = excluded.loaded_at")
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


def record_failed_run(con: duckdb.DuckDBPyConnection, run_id: str, window_from: datetime,
                      window_to: datetime, categories: list[str], error: str) -> None:
    """A run that failed before its flow started, recorded as any failed run."""
    start_run(con, run_id, None, window_from, window_to, categories)
    finish_run(con, run_id, "failed", {}, error)


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
    """Replace a paper's extraction, mentions and facts; the caller owns the transaction."""
    replace_facts_many(con, [(arxiv_id, version, record)])


_PER_PAPER_TABLES = (*(f"paper_{f}" for f in FACT_TABLES), "paper_models",
                     "paper_training_schedule", "mentions", "extractions")


def replace_facts_many(con: duckdb.DuckDBPyConnection,
                       papers: Sequence[tuple[str, int, PaperRecord]]) -> None:
    """Replace the extraction, mentions and facts of several papers (distinct ids; with the
    facts a plausibility check held back, marked by the checks' names), each table in a few
    statements; the caller owns the transaction."""
    if not papers:
        return
    # Only a paper read before has rows to replace (all of them go in with its extractions
    # row); a delete scans its table, so the new papers of a backfill skip them.
    stored = [row[0] for row in con.execute(
        "select arxiv_id from extractions where arxiv_id in (select unnest(?))",
        [[arxiv_id for arxiv_id, _, _ in papers]]).fetchall()]
    if stored:
        for table in _PER_PAPER_TABLES:
            con.execute(f"delete from {table} where arxiv_id in (select unnest(?))", [stored])
    insert_rows(con, "insert into extractions values",
                [[arxiv_id, version, record["extractor_version"],
                  len(record.get("mentions", [])), record.get("error")]
                 for arxiv_id, version, record in papers],
                row_sql="(?, ?, ?, now(), ?, ?)")
    insert_rows(con, "insert into mentions values", [
        [arxiv_id, record["extractor_version"], m["field"], m["page"], m["start"], m["end"],
         m["quote"], m["rule"], bool(m.get("in_table")),
         json.dumps({k: v for k, v in m.items() if k not in _MENTION_KEYS})]
        for arxiv_id, _, record in papers for m in record.get("mentions", [])])
    for field, cols in FACT_TABLES.items():
        insert_rows(con, f"insert into paper_{field} (arxiv_id, extractor_version, "
                         f"{', '.join(cols)}, quote, page, checks) values", [
            [arxiv_id, record["extractor_version"], *(it.get(c) for c in cols), it["quote"],
             it["page"], list(it.get("checks") or [])]
            for arxiv_id, _, record in papers
            for it in [*facts_of(record, field), *(h for h in record.get("held_back") or []
                                                    if h.get("field") == field)]])
    insert_rows(con, "insert into paper_models values", [
        row for arxiv_id, _, record in papers
        for row in _model_rows(arxiv_id, record["extractor_version"],
                               record.get("models") or [])])
    insert_rows(con, "insert into paper_training_schedule values", [
        [arxiv_id, record["extractor_version"], s["kind"], s["value"], s["quote"], s["page"],
         s["rule"]]
        for arxiv_id, _, record in papers for s in record.get("training_schedule") or []])


def _model_rows(arxiv_id: str, extractor: str,
                models: Sequence[Mapping[str, Any]]) -> list[list[Any]]:
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
    return rows


_MODEL_RESULT_KEYS = ("benchmark", "metric", "split", "value", "quote", "page", "rule", "checks")
_MENTION_KEYS = {"field", "page", "start", "end", "quote", "rule", "in_table"}
