"""The backfill flow: chunks, a local process pool vs a Dask cluster, resuming after a kill,
and arXiv's request rate whatever the parallelism."""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from flopwatch.demo.local_arxiv import LocalArxiv
from flopwatch.flows.backfill import chunk_windows, run_backfill
from flopwatch.flows.settings import SettingsError
from tests.snapshots import warehouse_snapshot
from tests.task_runs import task_runs_by_name

FIRST, LAST = "2015-01-01", "2024-12-31"     # the sample papers span 2015-06 .. 2024-06
CHUNK_DAYS = 400                             # 10 chunks, some empty
IN_DEFAULT_CATEGORIES = 8


def test_chunks_cover_the_range_without_gaps_or_overlaps():
    windows = chunk_windows(date(2020, 1, 1), date(2020, 3, 10), 30)
    assert [(w.start.date(), w.end.date()) for w in windows] == [
        (date(2020, 1, 1), date(2020, 1, 30)), (date(2020, 1, 31), date(2020, 2, 29)),
        (date(2020, 3, 1), date(2020, 3, 10))]
    for before, after in itertools.pairwise(windows):
        assert after.start - before.end == timedelta(microseconds=1)
    assert len(chunk_windows(date(2020, 1, 1), date(2020, 1, 1), 7)) == 1
    with pytest.raises(SettingsError, match="chunk_days must be at least 1"):
        chunk_windows(date(2020, 1, 1), date(2020, 1, 2), 0)
    with pytest.raises(SettingsError, match="starts"):
        chunk_windows(date(2020, 1, 2), date(2020, 1, 1), 7)


def _runs(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("select window_from, status, attempts, kind from ingest_runs "
                           "order by window_from").fetchall()


@pytest.mark.slow
def test_dask_cluster_with_two_workers_gives_the_warehouse_of_a_local_run(
        prefect_harness, env: Path, arxiv_server: LocalArxiv, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch):
    from distributed import LocalCluster

    local_db = tmp_path / "local.duckdb"
    monkeypatch.setenv("FLOPWATCH_DB", str(local_db))
    local = run_backfill(FIRST, LAST, chunk_days=CHUNK_DAYS, workers=1)
    assert local["counts"]["new"] == IN_DEFAULT_CATEGORIES and local["chunks"] == 10

    dask_db = tmp_path / "dask.duckdb"
    monkeypatch.setenv("FLOPWATCH_DB", str(dask_db))
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=":0") as cluster:
        on_dask = run_backfill(FIRST, LAST, chunk_days=CHUNK_DAYS,
                               dask_address=cluster.scheduler_address)
    assert on_dask["counts"] == local["counts"]
    snapshot = warehouse_snapshot(dask_db)
    assert snapshot == warehouse_snapshot(local_db)
    assert len(snapshot["papers"]) == IN_DEFAULT_CATEGORIES and snapshot["results"]
    assert [r[1:] for r in _runs(dask_db)] == [("completed", 1, "backfill")] * 10


@pytest.mark.slow
def test_a_killed_backfill_resumes_without_redoing_chunks_or_duplicating_rows(
        prefect_harness, env: Path, arxiv_server: LocalArxiv, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch):
    import prefect.settings

    clean_db = tmp_path / "clean.duckdb"
    monkeypatch.setenv("FLOPWATCH_DB", str(clean_db))
    run_backfill(FIRST, LAST, chunk_days=CHUNK_DAYS, workers=2)

    db = env / "wh.duckdb"
    command = [str(Path(sys.executable).with_name("flopwatch")), "backfill", "--from", FIRST,
               "--to", LAST, "--chunk-days", str(CHUNK_DAYS), "--workers", "2"]
    child_env = {**os.environ, "FLOPWATCH_DB": str(db), "FLOPWATCH_ARXIV_DELAY": "0.5",
                 "PREFECT_API_URL": prefect.settings.PREFECT_API_URL.value()}
    arxiv_server.query_times.clear()
    proc = subprocess.Popen(command, env=child_env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        # Chunks run oldest first, each listed while the one before it still parses: the
        # 5th chunk's listing means three chunks are loaded and recorded.
        deadline = time.monotonic() + 180
        while len(arxiv_server.query_times) < 5 and time.monotonic() < deadline:
            assert proc.poll() is None, "the backfill ended before it could be killed"
            time.sleep(0.05)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)     # the flow and its worker processes
        proc.wait()
    killed = _runs(db)
    finished = [r for r in killed if r[1] == "completed"]
    assert 3 <= len(finished) < 10

    monkeypatch.setenv("FLOPWATCH_DB", str(db))
    arxiv_server.query_times.clear()
    resumed = run_backfill(FIRST, LAST, chunk_days=CHUNK_DAYS, workers=2)
    assert resumed["skipped"] == len(finished)
    assert len(arxiv_server.query_times) == 10 - len(finished)   # finished chunks not asked
    runs = _runs(db)
    assert len(runs) == 10 and all(r[1] == "completed" for r in runs)
    assert [r for r in runs if r[0] in {f[0] for f in finished}] == finished   # untouched
    assert warehouse_snapshot(db) == warehouse_snapshot(clean_db)


def test_arxiv_is_asked_at_most_once_per_delay_whatever_the_parallelism(
        prefect_harness, env: Path, arxiv_server: LocalArxiv,
        monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("FLOPWATCH_ARXIV_DELAY", "0.4")
    arxiv_server.query_times.clear()
    run_backfill("2017-01-01", "2019-12-31", chunk_days=120, workers=2)
    times = arxiv_server.query_times
    assert len(times) >= 9
    # The server sees arrivals, which jitter by a few ms on a loaded machine (0.386 s seen
    # once); without the spacing the gaps would be a few ms, not hundreds.
    assert min(b - a for a, b in itertools.pairwise(times)) >= 0.35


def test_a_local_mirror_of_pdfs_replaces_downloads(
        prefect_harness, env: Path, arxiv_server: LocalArxiv, sample,
        monkeypatch: pytest.MonkeyPatch):
    from flopwatch.flows.pdf_cache import cache_path

    mirror = env / "mirror"
    for entry in sample:
        path = cache_path(mirror, entry.arxiv_id, entry.version)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(entry.pdf)
    damaged = cache_path(mirror, "2003.90004", 1)
    damaged.write_bytes(damaged.read_bytes()[:2000])
    monkeypatch.setenv("FLOPWATCH_PDF_MIRROR", str(mirror))
    result = run_backfill(FIRST, LAST, chunk_days=CHUNK_DAYS, workers=1)
    assert not [r for r in arxiv_server.requests if r.startswith("/pdf/")]
    # the damaged copy is counted failed, the others new
    assert (result["counts"]["new"], result["counts"]["failed"]) == (
        IN_DEFAULT_CATEGORIES - 1, 1)
    # copying from the mirror is no task of its own: no download task runs at all; and
    # parses and loads are calls on the workers and in the flow, not task runs per batch
    with duckdb.connect(str(env / "wh.duckdb"), read_only=True) as con:
        flow_run = con.execute("select any_value(flow_run_id) from ingest_runs").fetchone()[0]
    runs = task_runs_by_name(flow_run, 1)
    assert runs and not {"download", "parse", "load"} & set(runs), runs
    assert [(f["arxiv_id"], f["step"]) for f in result["failures"]] == [("2003.90004",
                                                                         "download")]
    assert str(damaged) in result["failures"][0]["error"]
    assert "truncated PDF" in result["failures"][0]["error"]


def test_backfill_refuses_bad_input_clearly(env: Path, capsys: pytest.CaptureFixture,
                                            monkeypatch: pytest.MonkeyPatch):
    from flopwatch.cli import main

    assert main(["backfill", "--from", "2020-13-01", "--to", "2021-01-01"]) == 1
    assert "--from '2020-13-01' is not a date" in capsys.readouterr().err
    assert main(["backfill", "--from", "2021-01-01", "--to", "2020-01-01"]) == 1
    assert "starts (2021-01-01) after it ends" in capsys.readouterr().err
    with pytest.raises(SystemExit):      # a usage error, naming the option
        main(["backfill", "--from", "2020-01-01", "--to", "2020-02-01", "--chunk-days", "0"])
    assert "--chunk-days: must be at least 1, not 0" in capsys.readouterr().err
    monkeypatch.setenv("FLOPWATCH_PDF_MIRROR", str(env / "nowhere"))
    assert main(["backfill", "--from", "2020-01-01", "--to", "2020-02-01"]) == 1
    err = capsys.readouterr().err
    assert "FLOPWATCH_PDF_MIRROR" in err and "is not a folder" in err and "Traceback" not in err
    assert not (env / "wh.duckdb").exists()


def test_the_next_chunk_is_listed_while_the_last_still_parses_and_a_failure_keeps_both(
        prefect_harness, env: Path, arxiv_server, monkeypatch: pytest.MonkeyPatch):
    from prefect.exceptions import FailedRun

    from tests.faulty_arxiv import Fault

    # the third listing is refused (a 400 fails at once): the first two chunks are done
    arxiv_server.inject(Fault("query", "hang", times=2))
    arxiv_server.inject(Fault("query", 400))
    with pytest.raises(FailedRun, match="HTTP 400"):
        run_backfill(FIRST, LAST, chunk_days=CHUNK_DAYS, workers=1)
    with duckdb.connect(str(env / "wh.duckdb"), read_only=True) as con:
        runs = con.execute("select status, started_at, ended_at from ingest_runs "
                           "order by window_from").fetchall()
    assert [r[0] for r in runs] == ["completed", "completed", "failed"]
    # chunk 2 was listed before chunk 1 was recorded done, chunk 3 before chunk 2
    assert runs[1][1] < runs[0][2] and runs[2][1] < runs[1][2]
