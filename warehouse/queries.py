"""The questions the command line asks of the warehouse (status, show, review, the trend
summaries), as SQL over the views."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import duckdb

from flopwatch.warehouse.db import WarehouseError, scalar

AGREEMENT_FIELDS = ("hardware", "count", "training_time", "hardware_burden", "ops_forward_pass",
                    "parameters", "best_score", "flops_and_score")
NOTABLE_FIELDS = ("hardware", "quantity", "training_time", "parameters", "training_compute",
                  "publication_date")
# The trend metric of each benchmark: best_score and flops_and_score are counted on it (the
# reference also has top-5 accuracy, AP50 and F1 beside EM), and the rest are listed.
_TREND_METRIC = ("(metric is null or trend_metric_of(a.benchmark, metric) in "
                 "(select trend_metric from benchmarks where name = a.benchmark))")


class _Comparison:
    """Where a reference source's rows are, the view that compares them, and its fields."""

    def __init__(self, source: str) -> None:
        notable = source == "epoch"
        self.table = "reference_notable_models" if notable else "reference_models"
        self.view = "notable_model_agreement" if notable else "reference_agreement"
        self.fields = NOTABLE_FIELDS if notable else AGREEMENT_FIELDS
        # thompson2022 has several metrics per benchmark: only the trend metric counts
        self.where = "true" if notable else _TREND_METRIC
        # what a disagreement shows besides the values: the metric (thompson2022), or the
        # page and the record's note on how it found its value (a record of notable models)
        self.metric = "" if notable else "metric,"
        self.notes = ", page, reference_note" if notable else ""


def _require_reference(con: duckdb.DuckDBPyConnection, source: str) -> _Comparison:
    cmp = _Comparison(source)
    views = {r[0] for r in con.execute(
        "select view_name from duckdb_views() where not internal").fetchall()}
    if cmp.view not in views:
        raise WarehouseError(f"this warehouse predates {cmp.view}: run "
                             f"'flopwatch import-reference {source} DIR' to upgrade it")
    models = con.execute(f"select count(*) from {cmp.table} where source = ?",
                         [source]).fetchone()
    if not models or not models[0]:
        raise WarehouseError(f"no {source} rows in the warehouse: run "
                             f"'flopwatch import-reference {source} DIR' first")
    return cmp


def agreement_summary(con: duckdb.DuckDBPyConnection,
                      source: str) -> tuple[list[str], list[tuple]]:
    """Per field: how many papers were compared (the reference has a value for them), in
    how many flopwatch agrees (with one of the paper's reference rows), the rate, and what
    agreeing means."""
    cmp = _require_reference(con, source)
    cur = con.execute(f"""
        with papers as (
            select field, arxiv_id, bool_or(agrees) as agrees, any_value(tolerance) as tolerance
            from {cmp.view} a where source = ? and {cmp.where}
            group by all
        )
        select field, count(*) as papers, count(*) filter (where agrees) as agree,
               round(count(*) filter (where agrees) / count(*), 2) as rate,
               any_value(tolerance) as tolerance
        from papers
        group by field
        order by list_position({list(cmp.fields)}, field)
    """, [source])
    return [d[0] for d in cur.description], cur.fetchall()


def disagreements(con: duckdb.DuckDBPyConnection, source: str,
                  field: str | None = None) -> tuple[list[str], list[tuple]]:
    """The reference values flopwatch does not agree with, and the quote it read its own
    value from (and, for a record of notable models, the note on how it found its own)."""
    cmp = _require_reference(con, source)
    cur = con.execute(f"""
        select arxiv_id, reference_model, field, {cmp.metric} reference_value,
               extracted_value as flopwatch_value, quote{cmp.notes}
        from {cmp.view} a
        where source = ? and not agrees and {cmp.where}
          and (? is null or field = ?)
        order by list_position({list(cmp.fields)}, field), arxiv_id, reference_row
    """, [source, field, field])
    return [d[0] for d in cur.description], cur.fetchall()


def review_rows(con: duckdb.DuckDBPyConnection, paper: str | None = None,
                field: str | None = None,
                failed_checks: bool = False) -> tuple[list[str], list[list[Any]]]:
    """Every fact the rules found (held back ones too), in the columns of a corrections
    file: fill `action` (and `new_values`) to make a row a correction."""
    from flopwatch.warehouse.corrections import COLUMNS, INFO_COLUMNS, KEYS, format_values

    out: list[list[Any]] = []
    for name, keys in KEYS.items():
        if field and name != field:
            continue
        rows = con.execute(f"""
            select f.arxiv_id, {', '.join(f'f.{k}' for k in keys)}, f.quote, f.page,
                   (select any_value(m.rule) from mentions m where m.arxiv_id = f.arxiv_id
                      and m.field = ? and m.page = f.page and m.quote = f.quote) as rule,
                   coalesce(f.checks, []) as checks
            from paper_{name} f
            where (? is null or f.arxiv_id = ?) and (not ? or len(f.checks) > 0)
            order by f.arxiv_id, f.page, f.quote
        """, [name, paper, paper, failed_checks]).fetchall()
        for r in rows:
            target = format_values(dict(zip(keys, r[1:1 + len(keys)], strict=True)))
            quote, page, rule, checks = r[1 + len(keys):]
            out.append([r[0], name, target, "", "", quote, page, "", "", rule,
                        ", ".join(checks)])
    return [*COLUMNS, *INFO_COLUMNS], out


def paper_record(con: duckdb.DuckDBPyConnection,
                 arxiv_id: str) -> list[tuple[str, list[str], list[tuple]]]:
    """A paper's whole record with evidence, as titled tables: what was found, where, by
    which rule, what a check held back and what the user corrected."""
    paper = con.execute("select arxiv_id, version, title, published::date, status, error, "
                        "pages from papers where arxiv_id = ?", [arxiv_id]).fetchall()
    if not paper:
        raise WarehouseError(f"no paper {arxiv_id!r} in the warehouse")
    sections = [("paper", ["arxiv_id", "version", "title", "published", "status", "error",
                           "pages"], paper)]

    def table(title: str, sql: str) -> None:
        cur = con.execute(sql, [arxiv_id])
        sections.append((title, [d[0] for d in cur.description], cur.fetchall()))

    for name in ("hardware", "training_time", "device_time", "compute", "parameters",
                 "results"):
        table(f"{name} (as used by the trends, with corrections)",
              f"select * exclude (arxiv_id, extractor_version) from curated_{name} "
              "where arxiv_id = ?")
    table("table cells read (row label, header path)",
          "select field, value->>'row' as row_label, value->>'column' as header_path, "
          "coalesce(value->>'value', value->>'hours', value->>'device_hours', "
          "value->>'count') as value, page, rule from mentions "
          "where arxiv_id = ? and in_table order by page, start_char, field")
    table("facts held back by a plausibility check",
          "select field, check_name, quote, page from fact_checks where arxiv_id = ?")
    table("models", "select model, variant, own, parameters, ops_forward_pass, "
          "[r.metric || ' ' || r.value for r in results] as results, "
          "coalesce(ops_quote, parameters_quote, results[1].quote) as quote "
          "from paper_models where arxiv_id = ? order by model, variant")
    table("training schedule",
          "select kind, value, rule, quote, page from paper_training_schedule "
          "where arxiv_id = ?")
    table("corrections", "select line, field, action, target, new_values, who, why "
          "from corrections where arxiv_id = ? order by line")
    return sections


def paper_versions(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """The version of each paper in the warehouse."""
    return dict(con.execute("select arxiv_id, version from papers").fetchall())


def papers_by_status(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int]]:
    return con.execute(
        "select status, count(*) from papers group by status order by status").fetchall()


RUN_COLUMNS = ("run_id", "status", "window_from", "window_to", "found", "new", "updated",
               "retried", "unchanged", "failed", "started_at", "ended_at", "error")


def latest_runs(con: duckdb.DuckDBPyConnection, limit: int) -> list[tuple[Any, ...]]:
    """The last `limit` ingest runs, newest first, as RUN_COLUMNS."""
    return con.execute(f"select {', '.join(RUN_COLUMNS)} from ingest_runs "
                       "order by started_at desc limit ?", [limit]).fetchall()


def extracted_fit_summaries(con: duckdb.DuckDBPyConnection
                            ) -> dict[tuple[str, str, str], tuple[int, float, float]]:
    """(n, slope, r2) of each fit over extracted points, by (benchmark, metric, measure)."""
    rows = con.execute("select benchmark, metric, compute_measure, n, slope, r2 "
                       "from trend_fits where source = 'extracted'").fetchall()
    return {(b, m, c): (n, slope, r2) for b, m, c, n, slope, r2 in rows}


def papers_to_reextract(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int, str | None]]:
    """(arxiv_id, version, the extractor version of its facts) of every readable paper."""
    return con.execute(
        "select p.arxiv_id, p.version, e.extractor_version from papers p "
        "left join extractions e using (arxiv_id) where p.status in ('ok', 'no_text') "
        "order by p.arxiv_id").fetchall()


def stale_corrections(con: duckdb.DuckDBPyConnection
                      ) -> tuple[list[str], list[tuple[Any, ...]], int]:
    """(columns, rows) of the corrections that match no fact, and how many there are in all."""
    cur = con.execute("select line, arxiv_id, field, action, target, why from stale_corrections")
    rows = cur.fetchall()
    total = scalar(con, "select count(*) from corrections")
    return [d[0] for d in cur.description], rows, total


def stale_correction_count(con: duckdb.DuckDBPyConnection) -> int:
    return int(scalar(con, "select count(*) from stale_corrections"))


def last_change(con: duckdb.DuckDBPyConnection) -> datetime | None:
    """When the warehouse last changed: an ingest, an extraction, a paper loaded, a
    correction or a reference import, whichever is latest."""
    return scalar(con, """
        select max(t) from (
            select max(ended_at) as t from ingest_runs
            union all select max(extracted_at) from extractions
            union all select max(loaded_at) from papers
            union all select max(loaded_at) from corrections
            union all select max(imported_at) from reference_models
            union all select max(imported_at) from reference_notable_models)""")
