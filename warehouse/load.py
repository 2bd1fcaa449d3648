"""Writes into the warehouse: paper rows by upsert, and the ingest-run ledger."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

import duckdb

PAPER_COLUMNS = (
    "arxiv_id", "version", "title", "authors", "abstract", "categories", "primary_category",
    "published", "updated", "pdf_url", "pdf_sha256", "pages", "text_chars", "status", "error",
    "run_id",
)


RUN_COUNTS = ("found", "new", "updated", "retried", "unchanged", "failed")


def record_failure(con: duckdb.DuckDBPyConnection, run_id: str, arxiv_id: str, version: int,
                   step: str, error: str) -> None:
    con.execute(
        "insert into ingest_failures (run_id, arxiv_id, version, step, error) "
        "values (?, ?, ?, ?, ?)",
        [run_id, arxiv_id, version, step, error],
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
              window_from: datetime, window_to: datetime, categories: list[str]) -> None:
    con.execute(
        "insert into ingest_runs (run_id, flow_run_id, window_from, window_to, categories, "
        "started_at, status) values (?, ?, ?, ?, ?, now(), 'running')",
        [run_id, flow_run_id, window_from, window_to, categories],
    )


def finish_run(con: duckdb.DuckDBPyConnection, run_id: str, status: str,
               counts: Mapping[str, int], error: str | None = None) -> None:
    con.execute(
        "update ingest_runs set ended_at = now(), status = ?, found = ?, new = ?, updated = ?, "
        "retried = ?, unchanged = ?, failed = ?, error = ? where run_id = ?",
        [status, *(counts.get(k, 0) for k in RUN_COUNTS), error, run_id],
    )


def covered_until(con: duckdb.DuckDBPyConnection, categories: list[str]) -> datetime | None:
    """End of the newest window a completed run covered for these categories."""
    row = con.execute(
        "select max(window_to) from ingest_runs where status = 'completed' "
        "and list_sort(categories) = list_sort(?::varchar[])",
        [categories],
    ).fetchone()
    return row[0] if row else None
