"""The warehouse from a notebook: the views as pandas DataFrames and the report's figures.

    import flopwatch
    fits = flopwatch.trend_fits()
    fig = flopwatch.plot_trend("ImageNet", "ops_forward_pass")

Each function opens the configured warehouse read-only (FLOPWATCH_DB, else
./flopwatch.duckdb) unless given a connection, so a notebook never holds a lock that would
stop the nightly ingest. duckdb, pandas and matplotlib are imported on first use: every
process of the pipeline imports `flopwatch` (the parse fork server too, whose children's
memory budget a preloaded allocator would blur).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import duckdb
    import pandas as pd
    from matplotlib.figure import Figure

def connect(db: str | Path | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the warehouse (db, else FLOPWATCH_DB, else
    ./flopwatch.duckdb); close it when done, or the nightly ingest waits for it."""
    from flopwatch.flows.settings import Settings
    from flopwatch.warehouse.db import open_read_only

    return open_read_only(Path(db).expanduser() if db else Settings.from_env().db_path)


@contextmanager
def _using(con: duckdb.DuckDBPyConnection | None) -> Iterator[duckdb.DuckDBPyConnection]:
    if con is not None:
        yield con
        return
    own = connect()
    try:
        yield own
    finally:
        own.close()


def _frame(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> pd.DataFrame:
    return con.execute(sql, params).df()


def _benchmark(con: duckdb.DuckDBPyConnection, name: str | None) -> str | None:
    """The benchmark as the warehouse names it ("Imagenet" is ImageNet), else ValueError
    listing the names it knows."""
    if name is None:
        return None
    known = [r[0] for r in con.execute("select name from benchmarks order by name").fetchall()]
    found = [k for k in known if k.lower() == name.strip().lower()]
    if not found:
        raise ValueError(f"no benchmark {name!r}; the warehouse knows: {', '.join(known)}")
    return found[0]


def _measure(name: str | None) -> str | None:
    """The compute measure, else ValueError listing them."""
    from flopwatch.warehouse.report.figures import MEASURE_NAME

    if name is None or name in MEASURE_NAME:
        return name
    raise ValueError(f"no compute measure {name!r}; the measures: "
                     + ", ".join(f"{k} ({v})" for k, v in MEASURE_NAME.items()))


def trend_fits(benchmark: str | None = None,
               con: duckdb.DuckDBPyConnection | None = None) -> pd.DataFrame:
    """The view trend_fits: one least-squares fit per source, benchmark and measure."""
    with _using(con) as c:
        benchmark = _benchmark(c, benchmark)
        return _frame(c, "select * from trend_fits where ? is null or benchmark = ? "
                         "order by benchmark, compute_measure, source", [benchmark, benchmark])


def trend_points(benchmark: str | None = None, measure: str | None = None,
                 con: duckdb.DuckDBPyConnection | None = None) -> pd.DataFrame:
    """The view trend_points: one point per model and compute measure."""
    with _using(con) as c:
        benchmark, measure = _benchmark(c, benchmark), _measure(measure)
        return _frame(c, "select * from trend_points where (? is null or benchmark = ?) "
                         "and (? is null or compute_measure = ?) "
                         "order by benchmark, compute_measure, source, x",
                      [benchmark, benchmark, measure, measure])


def facts(arxiv_id: str, con: duckdb.DuckDBPyConnection | None = None) -> pd.DataFrame:
    """Every fact of one paper as the trends use it (checked and corrected: the curated_*
    views), one row each: its field, its values as a dict, and the quote and page it was
    read from. Raises flopwatch.warehouse.db.WarehouseError for a paper not in the
    warehouse."""
    import pandas as pd

    from flopwatch.extractors.record import FIELDS
    from flopwatch.warehouse.db import WarehouseError

    with _using(con) as c:
        if not c.execute("select 1 from papers where arxiv_id = ?", [arxiv_id]).fetchone():
            raise WarehouseError(f"no paper {arxiv_id!r} in the warehouse")
        found = []
        for field in FIELDS:
            cur = c.execute(f"select * exclude (arxiv_id, extractor_version) "
                            f"from curated_{field} where arxiv_id = ? order by page", [arxiv_id])
            cols = [d[0] for d in cur.description]
            for row in cur.fetchall():
                record = dict(zip(cols, row, strict=True))
                quote, page = record.pop("quote"), record.pop("page")
                found.append({"arxiv_id": arxiv_id, "field": field,
                              "value": json.loads(json.dumps(record, default=str)),
                              "quote": quote, "page": page})
    return pd.DataFrame(found, columns=["arxiv_id", "field", "value", "quote", "page"])


def plot_trend(benchmark: str, measure: str = "ops_forward_pass",
               con: duckdb.DuckDBPyConnection | None = None) -> Figure:
    """The report's chart of error against compute for one benchmark and measure, as a
    matplotlib Figure to restyle or save (fig.savefig("trend.pdf"))."""
    from flopwatch.warehouse.report.figures import trend_figure

    with _using(con) as c:
        return trend_figure(c, _benchmark(c, benchmark) or benchmark,
                            _measure(measure) or measure).figure
