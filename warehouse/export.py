"""Export every table and view a user needs as Parquet or CSV, with a Frictionless Data
Package descriptor (datapackage.json) that says what each file holds.

Rows are written in a fixed order and the descriptor's `created` is the warehouse's last
change, so exporting an unchanged warehouse again gives byte-identical files.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC
from pathlib import Path
from typing import Any

import duckdb

from flopwatch.warehouse.db import WarehouseError, scalar
from flopwatch.warehouse.docs import described_objects
from flopwatch.warehouse.output import written_whole

INTERNAL = {"schema_migrations", "warehouse_meta"}
FORMATS = {"parquet": ("parquet", "application/vnd.apache.parquet"),
           "csv": ("csv", "text/csv")}


def _field_type(duck_type: str) -> str:
    t = duck_type.upper()
    if t.endswith("[]"):
        return "array"
    if t == "JSON":
        return "object"
    if t in {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UBIGINT", "UINTEGER"}:
        return "integer"
    if t in {"DOUBLE", "FLOAT", "REAL"} or t.startswith("DECIMAL"):
        return "number"
    if t == "BOOLEAN":
        return "boolean"
    if t.startswith("TIMESTAMP"):
        return "datetime"
    if t == "DATE":
        return "date"
    return "string"


def _select_for(obj: dict[str, Any], fmt: str) -> str:
    """The export query: CSV gets JSON for lists and ISO 8601 for times, Parquet native types."""
    cols = []
    for col in obj["columns"]:
        name = f'"{col["name"]}"'
        kind = _field_type(col["type"])
        if fmt == "csv" and kind in {"array", "object"}:
            cols.append(f"to_json({name}) as {name}")
        elif fmt == "csv" and kind == "datetime":
            cols.append(f"strftime(timezone('UTC', {name}), '%Y-%m-%dT%H:%M:%S.%fZ') as {name}")
        else:
            cols.append(name)
    return f'select {", ".join(cols)} from "{obj["name"]}" order by all'


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def last_change(con: duckdb.DuckDBPyConnection) -> str:
    row = con.execute("""
        select greatest(
            (select max(loaded_at) from papers), (select max(ended_at) from ingest_runs),
            (select max(extracted_at) from extractions),
            (select max(imported_at) from reference_models),
            (select max(imported_at) from reference_notable_models))
    """).fetchone()
    stamp = row[0] if row else None
    return stamp.astimezone(UTC).isoformat() if stamp else "1970-01-01T00:00:00+00:00"


def _curation(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """How many facts the curated_* views (what the trends read) hold as the rules found
    them, replaced or added by a correction, and how many a correction rejected."""
    fields = ("hardware", "training_time", "device_time", "compute", "parameters", "results")
    counts: dict[str, int] = {}
    for f in fields:
        for curation, n in con.execute(
                f"select curation, count(*) from curated_{f} group by 1").fetchall():
            counts[curation] = counts.get(curation, 0) + n
    rejected = scalar(con,
        "select count(*) from corrections where action = 'reject' and line not in "
        "(select line from stale_corrections)")
    return {"extracted": counts.get("extracted", 0), "replaced": counts.get("replaced", 0),
            "added": counts.get("added", 0), "rejected": rejected}


def _provenance(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Sources and licences of what the package holds: facts and quotes read from arXiv
    papers (each under the licence its authors chose on arXiv), and any reference dataset
    imported, whose licence then covers the package (GPL-3.0 for thompson2022, CC BY 4.0
    with credit to Epoch AI for epoch)."""
    from flopwatch.warehouse.reference import PROVENANCE, held_sources

    sources = [{"title": "arXiv papers (metadata from the arXiv API; facts and quotes "
                         "extracted from their PDFs)", "path": "https://arxiv.org"}]
    licenses = [{"name": "arXiv-per-paper",
                 "title": "Quotes from papers remain under the licence each paper has on "
                          "arXiv", "path": "https://info.arxiv.org/help/license/index.html"}]
    for name in held_sources(con):
        if info := PROVENANCE.get(name):
            sources.append(info["source"])
            licenses.append(info["license"])
    return {"sources": sources, "licenses": licenses}


def _exported(path: Path) -> bool:
    """What an export writes: a file per table and view, and datapackage.json."""
    return path.is_file() and (path.name == "datapackage.json" or
                               path.suffix.lstrip(".") in {ext for ext, _ in FORMATS.values()})


def export(con: duckdb.DuckDBPyConnection, folder: Path, fmt: str = "parquet") -> dict[str, Any]:
    """Write one file per table and view into `folder`, and datapackage.json; returns it.
    The folder is replaced whole when all is written (an earlier export in it goes)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use parquet or csv")
    with written_whole(folder, _exported) as work:
        return _write(con, work, fmt)


def _write(con: duckdb.DuckDBPyConnection, folder: Path, fmt: str) -> dict[str, Any]:
    ext, mediatype = FORMATS[fmt]
    # Parallel aggregation sums floating-point values in varying order; one thread makes
    # the fits bit-for-bit repeatable.
    con.execute("set threads = 1")
    version = con.execute("select max(extractor_version) from extractions").fetchone()
    resources = []
    for obj in described_objects(con):
        if obj["name"] in INTERNAL:
            continue
        path = folder / f"{obj['name']}.{ext}"
        options = "(format parquet, compression zstd)" if fmt == "parquet" else \
            "(format csv, header true)"
        try:
            con.execute(f"copy ({_select_for(obj, fmt)}) to '{path.as_posix()}' {options}")
        except duckdb.Error as err:
            raise WarehouseError(f"cannot export {obj['kind']} {obj['name']}: "
                                 f"{str(err).splitlines()[0]}; nothing was written") from None
        rows = scalar(con, f'select count(*) from "{obj["name"]}"')
        resources.append({
            "name": obj["name"].replace("_", "-"), "path": path.name, "format": ext,
            "mediatype": mediatype, "bytes": path.stat().st_size,
            "hash": f"sha256:{_sha256(path)}", "rows": rows, "kind": obj["kind"],
            "description": obj["description"],
            "schema": {"fields": [{"name": c["name"], "type": _field_type(c["type"]),
                                   "description": c["description"]} for c in obj["columns"]]},
        })
    package = {
        "profile": "tabular-data-package", "name": "flopwatch",
        "title": "flopwatch: compute and results of deep-learning papers",
        "created": last_change(con),
        "extractor_version": version[0] if version else None,
        **_provenance(con),
        "curation": _curation(con),
        "resources": resources,
    }
    descriptor = folder / "datapackage.json"
    descriptor.write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n",
                          encoding="utf-8")
    return package
