"""Warehouse connections, migrations, upserts and the one-ingest-at-a-time lock."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from flopwatch.warehouse import load
from flopwatch.warehouse.db import WarehouseError, exclusive_ingest, reader, writer


def paper_row(arxiv_id: str = "1706.03762", version: int = 1, **kw) -> dict:
    row = {"arxiv_id": arxiv_id, "version": version, "title": "Attention", "authors": ["A", "B"],
           "categories": ["cs.CL"], "primary_category": "cs.CL",
           "published": datetime(2017, 6, 12, tzinfo=UTC), "status": "ok"}
    row.update(kw)
    return row


def test_migrations_apply_once(tmp_path: Path):
    db = tmp_path / "w.duckdb"
    with writer(db) as con:
        applied = con.execute("select name from schema_migrations").fetchall()
        assert applied and all(name.endswith(".sql") for (name,) in applied)
    with writer(db) as con:
        assert con.execute("select name from schema_migrations").fetchall() == applied


def test_upsert_replaces_by_id(tmp_path: Path):
    db = tmp_path / "w.duckdb"
    with writer(db) as con:
        load.upsert_paper(con, paper_row())
        load.upsert_paper(con, paper_row(version=2, title="Attention v2"))
        rows = con.execute("select arxiv_id, version, title, authors from papers").fetchall()
    assert rows == [("1706.03762", 2, "Attention v2", ["A", "B"])]


def test_upsert_refuses_unknown_columns(tmp_path: Path):
    with writer(tmp_path / "w.duckdb") as con, pytest.raises(ValueError, match="not columns"):
        load.upsert_paper(con, paper_row(gpu_count=8))


def test_reader_cannot_write_or_reach_files(tmp_path: Path):
    db = tmp_path / "w.duckdb"
    with writer(db) as con:
        load.upsert_paper(con, paper_row())
    outside = tmp_path / "out.csv"
    with reader(db) as con:
        for sql in ("delete from papers", "create table t (x int)",
                    f"copy papers to '{outside}'", f"attach '{tmp_path / 'x.duckdb'}' as x",
                    "install httpfs", "load httpfs", "set enable_external_access = true",
                    f"select * from read_csv('{db}')"):
            with pytest.raises(duckdb.Error):
                con.execute(sql)
        assert con.execute("select count(*) from papers").fetchone() == (1,)
    assert not outside.exists() and not (tmp_path / "x.duckdb").exists()


def test_reading_a_warehouse_of_an_older_version_brings_its_views_up_to_date(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture):
    from flopwatch.cli import main

    db = tmp_path / "w.duckdb"
    with writer(db) as con:         # as an older flopwatch left it: a view it did not have
        con.execute("drop view efficiency")
        con.execute("update warehouse_meta set value = 'older' where key = 'fingerprint'")
    monkeypatch.setenv("FLOPWATCH_DB", str(db))
    assert main(["report", str(tmp_path / "out")]) == 0         # was a CatalogException
    with reader(db) as con:
        assert con.execute("select count(*) from efficiency").fetchone() == (0,)
    # a DuckDB file of someone else's is read as it is, not given flopwatch's tables
    other = tmp_path / "other.duckdb"
    with duckdb.connect(str(other)) as con:
        con.execute("create table t as select 42 as answer")
    assert main(["sql", "select answer from t", "--db", str(other), "--format", "csv"]) == 0
    assert "42" in capsys.readouterr().out
    with duckdb.connect(str(other), read_only=True) as con:
        assert con.execute("select count(*) from information_schema.tables").fetchone() == (1,)


def test_reader_on_missing_file_says_so(tmp_path: Path):
    with pytest.raises(WarehouseError, match="no warehouse at"), reader(tmp_path / "m.duckdb"):
        pass


def test_reader_waits_then_reports_a_busy_writer(tmp_path: Path):
    import subprocess
    import sys
    import time

    db = tmp_path / "w.duckdb"
    with writer(db):
        pass
    holder = subprocess.Popen([sys.executable, "-c", (
        "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('held', flush=True);"
        "time.sleep(30)"), str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        with pytest.raises(WarehouseError, match="is busy"), reader(db, wait_seconds=0.5):
            pass
        assert time.monotonic() - started >= 0.5
    finally:
        holder.kill()
        holder.wait()


def test_second_ingest_is_refused(tmp_path: Path):
    import subprocess
    import sys

    db = tmp_path / "w.duckdb"
    other = [sys.executable, "-c", "import sys; from pathlib import Path; "
             "from flopwatch.warehouse.db import exclusive_ingest, WarehouseBusyError\n"
             f"try:\n    with exclusive_ingest(Path({str(db)!r})): print('took it')\n"
             "except WarehouseBusyError as err: print(err)"]
    root = Path(__file__).resolve().parents[1]
    with exclusive_ingest(db):
        refused = subprocess.run(other, capture_output=True, text=True, cwd=root)
        assert "another ingest" in refused.stdout, refused.stderr
        with exclusive_ingest(db):      # the same process again: reentrant
            pass
    # released when the first one ends
    assert subprocess.run(other, capture_output=True, text=True, cwd=root
                          ).stdout.strip() == "took it"


def test_covered_until_uses_completed_runs_of_the_same_categories(tmp_path: Path):
    t0, t1, t2 = (datetime(2024, 1, d, tzinfo=UTC) for d in (1, 5, 9))
    with writer(tmp_path / "w.duckdb") as con:
        assert load.covered_until(con, ["cs.LG"]) is None
        load.start_run(con, "a", None, t0, t1, ["cs.LG", "cs.CV"])
        load.finish_run(con, "a", "completed", {"found": 1})
        load.start_run(con, "b", None, t1, t2, ["cs.LG", "cs.CV"])
        load.finish_run(con, "b", "failed", {}, "boom")
        assert load.covered_until(con, ["cs.CV", "cs.LG"]) == t1
        assert load.covered_until(con, ["cs.LG"]) is None
        # A finished backfill chunk, even a later one, is not where the nights go on from.
        load.start_run(con, "c", None, t1, t2, ["cs.LG", "cs.CV"], kind="backfill")
        load.finish_run(con, "c", "completed", {})
        assert load.covered_until(con, ["cs.CV", "cs.LG"]) == t1
        assert load.completed_windows(con, "backfill", ["cs.CV", "cs.LG"]) == {(t1, t2)}
        assert load.completed_windows(con, "nightly", ["cs.CV", "cs.LG"]) == {(t0, t1)}


def test_duckdb_command_line_tool_opens_the_warehouse(tmp_path: Path):
    """Users query the file with the `duckdb` CLI from PyPI; its storage version must match."""
    import shutil
    import subprocess
    import sys

    cli = shutil.which("duckdb", path=str(Path(sys.executable).parent))
    if cli is None:
        pytest.skip("the duckdb command-line tool (pip package duckdb-cli) is not installed")
    db = tmp_path / "w.duckdb"
    with writer(db) as con:
        load.upsert_paper(con, paper_row())
    proc = subprocess.run([cli, "-readonly", "-csv", str(db), "-c",
                           "select arxiv_id, version from papers"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["arxiv_id,version", "1706.03762,1"]


def test_same_window_reuses_its_run_row_and_stale_runs_are_marked(tmp_path: Path):
    t0, t1 = datetime(2024, 1, 1, tzinfo=UTC), datetime(2024, 1, 2, tzinfo=UTC)
    with writer(tmp_path / "w.duckdb") as con:
        load.start_run(con, "a", None, t0, t1, ["cs.LG", "cs.CV"])      # dies while running
        assert load.close_interrupted_runs(con) == 1
        load.start_run(con, "b", None, t0, t1, ["cs.CV", "cs.LG"])
        load.finish_run(con, "b", "completed", {"found": 3, "new": 3})
        rows = con.execute("select run_id, status, attempts, found from ingest_runs").fetchall()
    assert rows == [("b", "completed", 2, 3)]


def test_a_writer_that_dies_before_a_checkpoint_leaves_a_warehouse_that_opens(tmp_path: Path):
    """The whole schema, views and a paper's facts (some held back by a check) live only in
    the write-ahead log when the process dies; the next writer must replay it."""
    import subprocess
    import sys

    db = tmp_path / "w.duckdb"
    script = f"""
import os
from datetime import datetime, UTC
from pathlib import Path
from flopwatch.warehouse import load
from flopwatch.warehouse.db import writer
top1 = {{"benchmark": "ImageNet", "metric": "top-1 error", "split": None, "model": "m",
        "in_table": False, "quote": "q", "page": 1}}
with writer(Path({str(db)!r})) as con:
    load.upsert_paper(con, {{"arxiv_id": "2001.00001", "version": 1, "title": "t",
                            "published": datetime(2020, 1, 1, tzinfo=UTC), "status": "ok"}})
    load.replace_facts(con, "2001.00001", 1, {{
        "extractor_version": "x", "mentions": [], "results": [{{**top1, "value": 20.0}}],
        "held_back": [{{**top1, "field": "results", "value": 2.0,
                       "checks": ["score_outside_range"]}}]}})
    os._exit(0)     # as kill -9 would: no checkpoint, no close
"""
    subprocess.run([sys.executable, "-c", script], check=True)
    assert Path(str(db) + ".wal").exists()
    with writer(db) as con:
        assert con.execute("select value, checks from paper_results order by value"
                           ).fetchall() == [(2.0, ["score_outside_range"]), (20.0, [])]
        assert con.execute("select value from checked_results").fetchall() == [(20.0,)]


def _count_papers_in_another_process(db: Path, wait_seconds: float):
    """`select count(*) from papers` by a reader in a process of its own, started now."""
    import subprocess
    import sys

    return subprocess.Popen([sys.executable, "-c", (
        "import sys; from pathlib import Path; from flopwatch.warehouse.db import reader\n"
        f"with reader(Path(sys.argv[1]), wait_seconds={wait_seconds}) as con:\n"
        "    print(con.execute('select count(*) from papers').fetchone()[0])"), str(db)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_shared_writer_is_one_connection_that_lets_a_query_in_while_writes_go_on(
        tmp_path: Path):
    from flopwatch.warehouse.db import shared_writer

    db = tmp_path / "w.duckdb"
    with shared_writer(db, hold_seconds=0.5):
        with writer(db) as first, writer(db) as second:
            assert first is second
        query = _count_papers_in_another_process(db, wait_seconds=5)
        written = 0
        while query.poll() is None:         # writes back to back, as a busy backfill's
            with writer(db) as con:
                load.upsert_papers(con, [paper_row(f"2001.{10000 + written}")])
            written += 1
    out, err = query.communicate()
    assert query.returncode == 0, err
    assert 0 < int(out) < written           # it read between two of the writes
    with writer(db) as con:                 # and every write was kept
        assert load.known_versions(con, [f"2001.{10000 + i}" for i in range(written)]
                                   ).keys() == {f"2001.{10000 + i}" for i in range(written)}


def test_a_shared_writer_left_idle_lets_a_query_in_at_once(tmp_path: Path):
    import time

    from flopwatch.warehouse.db import shared_writer

    db = tmp_path / "w.duckdb"
    with shared_writer(db, hold_seconds=0.3, readers_turn=0.3):
        with writer(db) as con:
            load.upsert_papers(con, [paper_row()])
        time.sleep(0.6)                     # the flow waits for a parse
        query = _count_papers_in_another_process(db, wait_seconds=0)
        out, err = query.communicate()
    assert query.returncode == 0, err
    assert out.strip() == "1"


def test_a_failed_write_closes_the_shared_connection_and_the_next_one_opens_afresh(
        tmp_path: Path):
    from flopwatch.warehouse.db import shared_writer, transaction

    db = tmp_path / "w.duckdb"
    with shared_writer(db, hold_seconds=60):
        with writer(db) as con:
            load.upsert_papers(con, [paper_row()])
        with pytest.raises(duckdb.Error), writer(db) as failing, transaction(failing):
            load.upsert_papers(failing, [paper_row("2001.00001")])
            failing.execute("select no_such_column from papers")
        with writer(db) as con:
            assert con is not failing
            assert load.known_versions(con, ["1706.03762", "2001.00001"]).keys() == {
                "1706.03762"}


def test_facts_read_again_replace_those_stored_and_a_new_paper_beside_them_is_added(
        tmp_path: Path):
    def extraction(hours: float) -> dict:
        return {"extractor_version": "test", "mentions": [
                    {"field": "training_time", "page": 1, "start": 0, "end": 9,
                     "quote": f"{hours} hours", "rule": "duration"}],
                "training_time": [{"hours": hours, "hours_low": None, "subject": None,
                                   "quote": f"{hours} hours", "page": 1}]}

    db = tmp_path / "w.duckdb"
    with writer(db) as con:
        load.replace_facts_many(con, [("1706.03762", 1, extraction(12.0))])
        load.replace_facts_many(con, [("1706.03762", 2, extraction(84.0)),
                                      ("1810.04805", 1, extraction(96.0))])
        assert con.execute("select arxiv_id, hours from paper_training_time order by 1"
                           ).fetchall() == [("1706.03762", 84.0), ("1810.04805", 96.0)]
        assert con.execute("select arxiv_id, quote from mentions order by 1").fetchall() == [
            ("1706.03762", "84.0 hours"), ("1810.04805", "96.0 hours")]
        assert con.execute("select arxiv_id, version from extractions order by 1"
                           ).fetchall() == [("1706.03762", 2), ("1810.04805", 1)]
