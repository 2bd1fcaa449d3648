"""Questions the command line asks of the warehouse, as SQL over the views."""

from __future__ import annotations

import duckdb

from warehouse.db import WarehouseError

AGREEMENT_FIELDS = ("hardware", "count", "training_time", "hardware_burden", "ops_forward_pass",
                    "parameters", "best_score", "flops_and_score")
# The trend metric of each benchmark: best_score and flops_and_score are counted on it (the
# reference also has top-5 accuracy, AP50 and F1 beside EM), and the rest are listed.
_TREND_METRIC = ("(metric is null or metric in (select trend_metric from benchmarks "
                 "where name = a.benchmark) or (a.benchmark = 'ImageNet' "
                 "and metric = 'top-1 accuracy'))")


def _require_reference(con: duckdb.DuckDBPyConnection, source: str) -> None:
    views = {r[0] for r in con.execute(
        "select view_name from duckdb_views() where not internal").fetchall()}
    if "reference_agreement" not in views:
        raise WarehouseError("this warehouse predates reference_agreement: run "
                             f"'flopwatch import-reference {source} DIR' to upgrade it")
    models = con.execute("select count(*) from reference_models where source = ?",
                         [source]).fetchone()
    if not models or not models[0]:
        raise WarehouseError(f"no {source} rows in the warehouse: run "
                             f"'flopwatch import-reference {source} DIR' first")


def agreement_summary(con: duckdb.DuckDBPyConnection,
                      source: str) -> tuple[list[str], list[tuple]]:
    """Per field: reference values, how many flopwatch has, how many agree, and the same
    counted by paper (a paper agrees where one of its reference rows does)."""
    _require_reference(con, source)
    cur = con.execute(f"""
        with rows as (
            select * from reference_agreement a where source = ? and {_TREND_METRIC}
        ),
        papers as (
            select field, arxiv_id, bool_or(agrees) as agrees from rows group by all
        )
        select r.field, count(*) as reference_values,
               count(r.extracted_value) as flopwatch_has, count(*) filter (where r.agrees)
                   as agree,
               round(100 * count(*) filter (where r.agrees) / count(*)) as agree_pct,
               (select count(*) from papers p where p.field = r.field) as papers,
               (select count(*) from papers p where p.field = r.field and p.agrees)
                   as papers_agree
        from rows r
        group by r.field
        order by list_position({list(AGREEMENT_FIELDS)}, r.field)
    """, [source])
    return [d[0] for d in cur.description], cur.fetchall()


def disagreements(con: duckdb.DuckDBPyConnection, source: str,
                  field: str | None = None) -> tuple[list[str], list[tuple]]:
    """The reference values flopwatch does not agree with, and the quote it read its own
    value from."""
    _require_reference(con, source)
    cur = con.execute(f"""
        select arxiv_id, reference_model, field, metric, reference_value,
               extracted_value as flopwatch_value, quote
        from reference_agreement a
        where source = ? and not agrees and {_TREND_METRIC}
          and (? is null or field = ?)
        order by list_position({list(AGREEMENT_FIELDS)}, field), arxiv_id, reference_row
    """, [source, field, field])
    return [d[0] for d in cur.description], cur.fetchall()
