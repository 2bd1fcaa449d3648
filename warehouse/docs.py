"""Descriptions of every table, view and column, taken from the comments of the `.sql` files
that create them and stored in DuckDB's catalog (COMMENT ON), so the schema docs, the
export's datapackage.json and the database itself say the same thing.

Tables: the comment lines above `create table`, and a trailing `-- ...` per column line.
Views: the comment lines above `-- columns:`, then `--   name: description` per column, or
`-- columns: those of TABLE` for a view that keeps a table's columns (described there).
"""

from __future__ import annotations

import re
from typing import Any

import duckdb

from flopwatch.warehouse.db import SCHEMA_PACKAGE, sql_files

# Columns that recur across tables, described once.
COMMON = {
    "arxiv_id": "arXiv identifier without version, e.g. '1706.03762' or 'hep-th/9901001'",
    "extractor_version": "version of the extraction rules that produced the row",
    "quote": "the sentence or table row the value comes from, whitespace collapsed",
    "page": "1-based PDF page of the quote",
}
_CREATE_TABLE = re.compile(r"create table if not exists (\w+)\s*\(", re.I)
_CREATE_VIEW = re.compile(r"create or replace view (\w+)", re.I)
_ADD_COLUMN = re.compile(r"alter table (\w+) add column if not exists (\w+)", re.I)
_COLUMN_LINE = re.compile(r"^\s*(\w+)\s+[^-]*?--\s*(.+?)\s*$")
_VIEW_COLUMN = re.compile(r"^--\s{2,}(\w+):\s*(.+?)\s*$")
_COLUMNS_OF = re.compile(r"^-- columns: those of (\w+)")
INHERIT = "<inherit>"


def _leading_comment(lines: list[str], index: int) -> str:
    out: list[str] = []
    i = index - 1
    while i >= 0 and lines[i].startswith("--"):
        out.insert(0, lines[i][2:].strip())
        i -= 1
    return " ".join(out)


def table_docs(sql: str) -> dict[str, tuple[str, dict[str, str]]]:
    lines = sql.splitlines()
    out: dict[str, tuple[str, dict[str, str]]] = {}
    for i, line in enumerate(lines):
        if added := _ADD_COLUMN.search(line):
            table, col = added.groups()
            desc, known = out.get(table, ("", {}))
            out[table] = (desc, {**known, col: _leading_comment(lines, i)})
            continue
        m = _CREATE_TABLE.search(line)
        if not m:
            continue
        cols: dict[str, str] = {}
        for body in lines[i + 1:]:
            if body.strip().startswith(");"):
                break
            if cm := _COLUMN_LINE.match(body):
                cols[cm.group(1)] = cm.group(2)
        out[m.group(1)] = (_leading_comment(lines, i), cols)
    return out


def view_docs(sql: str) -> dict[str, tuple[str, dict[str, str]]]:
    lines = sql.splitlines()
    m = next((_CREATE_VIEW.search(ln) for ln in lines if _CREATE_VIEW.search(ln)), None)
    if not m:
        return {}
    header, cols, in_columns = [], {}, False
    for line in lines:
        if not line.startswith("--"):
            break
        if line.strip() == "-- columns:":
            in_columns = True
        elif inherited := _COLUMNS_OF.match(line):
            cols[INHERIT] = inherited.group(1)
            in_columns = True       # columns of its own may follow

        elif in_columns and (cm := _VIEW_COLUMN.match(line)):
            cols[cm.group(1)] = cm.group(2)
        elif not in_columns:
            header.append(line[2:].strip())
    return {m.group(1): (" ".join(header), cols)}


_BUILT_IN = {
    "schema_migrations": ("Schema files applied to this warehouse, in order.", {
        "name": "the schema file", "applied_at": "when it was applied"}),
    "warehouse_meta": ("Bookkeeping of the warehouse itself.", {
        "key": "what is recorded ('fingerprint': hash of the schema, views and catalog)",
        "value": "its value"}),
}


def all_docs() -> dict[str, tuple[str, dict[str, str]]]:
    from flopwatch.warehouse.views import views

    docs: dict[str, tuple[str, dict[str, str]]] = dict(_BUILT_IN)
    tables = [(sql, table_docs) for _, sql in sql_files(SCHEMA_PACKAGE)]
    for sql, parse in [*tables, *((v.sql, view_docs) for v in views())]:
        for name, (desc, cols) in parse(sql).items():
            if (table := cols.pop(INHERIT, None)) is not None:
                cols = {**docs[table][1], **cols}
            old_desc, old_cols = docs.get(name, ("", {}))
            docs[name] = (desc or old_desc, {**old_cols, **cols})
    return docs


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def apply_comments(con: duckdb.DuckDBPyConnection) -> None:
    """Store every description in the catalog (tables, views and their columns)."""
    views = {r[0] for r in con.execute(
        "select view_name from duckdb_views() where not internal").fetchall()}
    for name, (text, cols) in all_docs().items():
        kind = "view" if name in views else "table"
        if text:
            con.execute(f"comment on {kind} {name} is {_quote(text)}")
        present = [r[0] for r in con.execute(
            "select column_name from duckdb_columns() where table_name = ?", [name]).fetchall()]
        for col in present:
            desc = cols.get(col) or COMMON.get(col)
            if desc:
                con.execute(f"comment on column {name}.{col} is {_quote(desc)}")


def described_objects(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Tables and views of the warehouse with their descriptions, columns and types."""
    objects = con.execute(
        "select table_name, 'table', comment from duckdb_tables() where not internal "
        "union all select view_name, 'view', comment from duckdb_views() where not internal "
        "order by 2, 1").fetchall()
    out = []
    for name, kind, comment in objects:
        cols = con.execute(
            "select column_name, data_type, comment from duckdb_columns() "
            "where table_name = ? order by column_index", [name]).fetchall()
        out.append({"name": name, "kind": kind, "description": comment or "",
                    "columns": [{"name": c, "type": t, "description": d or ""}
                                for c, t, d in cols]})
    return out


def schema_markdown(con: duckdb.DuckDBPyConnection) -> str:
    lines = ["# flopwatch warehouse schema", "",
             "Generated by `flopwatch docs` from the comments of the schema and view `.sql` "
             "files (the same text DuckDB holds as COMMENT ON).", ""]
    for obj in described_objects(con):
        lines += [f"## {obj['name']} ({obj['kind']})", "", obj["description"], "",
                  "| column | type | description |", "|---|---|---|"]
        lines += [f"| {c['name']} | {c['type']} | {c['description'].replace('|', '/')} |"
                  for c in obj["columns"]]
        lines.append("")
    return "\n".join(lines)
